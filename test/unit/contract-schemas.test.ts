import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { batchRecordJsonSchema, caseJsonSchema, decisionJsonSchema } from "../../src/entries/json-schema.js";
import { toBatchRecord } from "../../src/entries/batch.js";
import { evaluate, loadPack, parseCase } from "../../src/index.js";

/**
 * The JSON Schemas other languages get (case, decision, batch record) are the
 * files shipped under rules/schema/, they are what the zod schemas generate,
 * and a standard validator (ajv, draft 2020-12) accepts every golden case and
 * its decision with them and refuses what evaluate refuses.
 */
const files = { case: "case.schema.json", decision: "decision.schema.json", batchRecord: "batch-record.schema.json" } as const;
const shipped = (file: string) => JSON.parse(readFileSync(join("rules/schema", file), "utf8")) as Record<string, unknown>;

const ajv = new Ajv2020({ allErrors: true, strict: false });
// RFC 3339 full-date, as a client's validator checks it (ajv leaves formats to plug-ins).
ajv.addFormat("date", (text: string) => {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === text;
});
const validateCase = ajv.compile(shipped(files.case));
const validateDecision = ajv.compile(shipped(files.decision));
const validateRecord = ajv.compile(shipped(files.batchRecord));

interface Golden {
  name: string;
  pack?: string;
  case: unknown;
  expected: Record<string, unknown>;
}
const golden = readdirSync("test/cases").flatMap((packId) =>
  readdirSync(join("test/cases", packId))
    .filter((name) => /\.(json|ya?ml)$/.test(name))
    .map((name) => {
      const text = readFileSync(join("test/cases", packId, name), "utf8");
      return { packId, file: `${packId}/${name}`, golden: (name.endsWith(".json") ? JSON.parse(text) : parseYaml(text)) as Golden };
    }),
);

describe("JSON Schemas of a case, a decision and a batch record", () => {
  it("are the files in rules/schema/, as the zod schemas generate them (run `npm run schema` after a schema change)", () => {
    expect(shipped(files.case)).toEqual(caseJsonSchema());
    expect(shipped(files.decision)).toEqual(decisionJsonSchema());
    expect(shipped(files.batchRecord)).toEqual(batchRecordJsonSchema());
    for (const [file, schema] of Object.entries({
      [files.case]: caseJsonSchema(),
      [files.decision]: decisionJsonSchema(),
      [files.batchRecord]: batchRecordJsonSchema(),
    })) {
      expect(schema.$schema, file).toBe("https://json-schema.org/draft/2020-12/schema");
      expect(schema.$id, file).toBe(`https://family-doctor-rules.dev/schema/${file}`);
    }
  });

  it("are shipped in the package", () => {
    const pkg = JSON.parse(readFileSync("package.json", "utf8")) as { files: string[]; exports: Record<string, unknown> };
    expect(pkg.files).toContain("rules");
    expect(pkg.exports["./rules/*"]).toBe("./rules/*");
  });

  it("has golden cases to check", () => expect(golden.length).toBeGreaterThanOrEqual(10));

  for (const { packId, file, golden: g } of golden) {
    it(`accept ${file}: its case and its decision (and batch record)`, () => {
      const refused = "errors" in g.expected;
      const parsed = (() => {
        try {
          return parseCase(g.case);
        } catch {
          return undefined;
        }
      })();
      // A case the library refuses structurally is refused by the schema too;
      // one it accepts (cross-field and period checks aside) the schema accepts.
      if (parsed === undefined) {
        expect(validateCase(g.case), file).toBe(false);
        return;
      }
      const withoutUnknown = parsed.warnings.length === 0;
      if (withoutUnknown) expect(validateCase(g.case), `${file}: ${ajv.errorsText(validateCase.errors)}`).toBe(true);
      if (refused) return;
      const pack = loadPack(g.pack ?? packId);
      const decision = evaluate(pack, g.case as unknown);
      const plain = JSON.parse(JSON.stringify(decision)) as unknown;
      expect(validateDecision(plain), `${file}: ${ajv.errorsText(validateDecision.errors)}`).toBe(true);
      const record = JSON.parse(JSON.stringify(toBatchRecord(decision))) as unknown;
      expect(validateRecord(record), `${file}: ${ajv.errorsText(validateRecord.errors)}`).toBe(true);
    });
  }

  it("refuse a field the library does not know, which evaluate reports as an unknown_field warning", () => {
    const kase = { asOf: "2023-06-01", resident: { id: "R1", birthDate: "1950-03-02", regionCode: "430602", birthdate: "1950-03-02" } };
    expect(validateCase(kase)).toBe(false);
    expect(evaluate(loadPack("yueyang-2023"), kase as unknown).warnings).toEqual([
      expect.objectContaining({ code: "unknown_field", path: "/resident/birthdate" }),
    ]);
  });

  it("refuse what evaluate refuses in a single field: a missing field, a wrong type, a bad date format, an unknown condition", () => {
    const base = { asOf: "2023-06-01", resident: { id: "R1", birthDate: "1950-03-02", regionCode: "430602" } };
    expect(validateCase(base)).toBe(true);
    const bad: unknown[] = [
      { ...base, resident: { id: "R1", birthdate: "1950-03-02", regionCode: "430602" } },
      { ...base, asOf: 20230601 },
      { ...base, asOf: "2023/06/01" },
      { ...base, asOf: "2023-02-30" },
      { ...base, resident: { ...base.resident, conditions: ["flu"] } },
      { resident: base.resident },
    ];
    for (const value of bad) {
      expect(validateCase(value), JSON.stringify(value)).toBe(false);
      expect(() => evaluate(loadPack("yueyang-2023"), value)).toThrow();
    }
  });

  it("refuse a decision whose amount is a number rather than a two-decimal string", () => {
    const kase = {
      ...{ asOf: "2023-06-01", resident: { id: "R1", birthDate: "1950-03-02", regionCode: "430602" } },
      contract: { teamId: "T", signDate: "2023-06-01", packages: [{ id: "basic" }] },
    };
    const decision = JSON.parse(JSON.stringify(evaluate(loadPack("yueyang-2023"), kase))) as { fee: { total: unknown } };
    expect(validateDecision(decision)).toBe(true);
    decision.fee.total = 40;
    expect(validateDecision(decision)).toBe(false);
  });
});
