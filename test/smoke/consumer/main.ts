// A strict TypeScript consumer of the packed package: compiled by the smoke
// test under NodeNext and Bundler, skipLibCheck false, with and without
// @types/node, then run. Prints one JSON line the test checks.
import {
  evaluate,
  explain,
  isPolicyError,
  loadPack,
  parseCase,
  compilePack,
  type CaseInput,
  type Decision,
  type FeeDecision,
  type Issue,
} from "family-doctor-rules";
import { compileConditions, hashOf } from "family-doctor-rules/engine";
import { lintPack } from "family-doctor-rules/analysis";
import { caseJsonSchema } from "family-doctor-rules/json-schema";

const pack = loadPack("yueyang-2023");
const kase: CaseInput = {
  asOf: "2023-06-01",
  resident: { id: "R1", birthDate: "1950-03-02", regionCode: "430602", conditions: ["hypertension"] },
  contract: { teamId: "T", signDate: "2023-06-01", packages: [{ id: "basic" }] },
};
const decision: Decision = evaluate(pack, kase);
const fee: FeeDecision | undefined = decision.fee;
const total: string | undefined = fee?.total;

// A misspelt field in a case literal does not compile.
// @ts-expect-error -- `birthdate` is not a field of a resident
const typo = () => evaluate(pack, { asOf: "2023-06-01", resident: { id: "R2", birthdate: "1950-03-02", regionCode: "430602" } });
void typo;

// Input of unknown shape goes through parseCase (and is validated again by evaluate).
const untrusted: unknown = JSON.parse(JSON.stringify(kase));
const parsed = parseCase(untrusted);
const again = evaluate(pack, parsed.case);

let issues: readonly Issue[] = [];
try {
  evaluate(pack, { ...kase, asOf: "2023-02-30" });
} catch (error) {
  if (isPolicyError(error)) issues = error.issues;
}

const closures = compilePack(pack, { codegen: false });
const { run } = compileConditions([{ fact: "ageYears", operator: "greaterThanInclusive", value: 65 }], {
  fact: (name) => (name === "ageYears" ? { type: "number", nullable: false } : undefined),
  paramSlot: () => undefined,
});

console.log(
  JSON.stringify({
    total,
    groups: decision.priorityGroups,
    same: JSON.stringify(again) === JSON.stringify(decision),
    closures: JSON.stringify(closures.evaluate(kase)) === JSON.stringify(decision),
    hash: pack.hash,
    hashOf: hashOf({ b: 1, a: "二" }),
    issue: issues[0]?.path,
    explained: explain(decision).length > 0,
    lint: Array.isArray(lintPack(pack.data)),
    schema: caseJsonSchema().$id,
    rule: run[0]?.({ ageYears: 70 }, []),
  }),
);
