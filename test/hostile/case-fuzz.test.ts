import { spawnSync } from "node:child_process";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DecisionSchema, evaluate, loadPack, PolicyError, type Decision } from "../../src/index.js";
import { sum, yuan } from "../../src/core/money.js";
import { caseArbitrary, mutate } from "../support/arbitraries.js";

const packs = [loadPack("yueyang-2023"), loadPack("yongzhou-2017")];

/** Every string value in a decision that looks like a number must be a finite, non-negative amount or rate. */
function checkNumbers(value: unknown, path = ""): void {
  if (typeof value === "number") expect(Number.isFinite(value), path).toBe(true);
  if (typeof value === "string") {
    expect(value, path).not.toMatch(/NaN|Infinity/);
    if (/^-?\d+\.\d+$/.test(value)) expect(value.startsWith("-"), `${path} is negative`).toBe(false);
  }
  if (value && typeof value === "object") for (const [key, child] of Object.entries(value)) checkNumbers(child, `${path}/${key}`);
}

function stripCodes(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripCodes);
  if (value && typeof value === "object")
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key]) => key !== "code")
        .map(([key, child]) => [key, stripCodes(child)]),
    );
  return value;
}

function checkDecision(decision: Decision): void {
  expect(DecisionSchema.safeParse(decision).success).toBe(true);
  // Money and rates live in these sections; ids and codes may be any string.
  for (const section of ["fee", "registrationFee", "inpatient", "referral", "prescription"] as const)
    checkNumbers(stripCodes(decision[section]), `/${section}`);
  const fee = decision.fee;
  if (fee) {
    expect(sum(Object.values(fee.payers).map((a) => yuan(a))).equals(yuan(fee.total))).toBe(true);
    if (fee.staffPay) expect(sum(Object.values(fee.staffPay).map((a) => yuan(a))).equals(yuan(fee.staffPool as string))).toBe(true);
  }
  for (const item of decision.referral?.items ?? [])
    expect(yuan(item.discount).plus(yuan(item.payable)).equals(yuan(item.price))).toBe(true);
}

/** The only outcomes allowed: a sound decision, or a PolicyError with at least one issue that names a path. */
function outcome(input: unknown): "decision" | "refused" {
  for (const pack of packs) {
    try {
      checkDecision(evaluate(pack, input));
    } catch (error) {
      if (!(error instanceof PolicyError)) throw error;
      expect(error.issues.length).toBeGreaterThan(0);
      for (const issue of error.issues) expect(typeof issue.path).toBe("string");
      return "refused";
    }
  }
  return "decision";
}

describe("fuzz: evaluate never crashes and never lies", () => {
  it("on arbitrary JSON values", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (input) => void outcome(input)),
      { numRuns: 1500 },
    );
  });

  it("on valid cases with one value replaced by anything", () => {
    const anything = fc.oneof(
      fc.jsonValue({ maxDepth: 3 }),
      fc.constantFrom(-1, 0, 1.5, 1e308, -0, "", "2023-02-29", "9999-12-31", "0.001", "-1.00", "99999999999999999999.99", [], {}, null),
    );
    const cases = fc.oneof(caseArbitrary("yueyang-2023"), caseArbitrary("yongzhou-2017"));
    let decisions = 0;
    let refusals = 0;
    fc.assert(
      fc.property(cases, fc.array(fc.nat(), { minLength: 1, maxLength: 5 }), anything, (kase, path, replacement) => {
        if (outcome(mutate(kase, path, replacement)) === "decision") decisions++;
        else refusals++;
      }),
      { numRuns: 1500 },
    );
    expect(decisions).toBeGreaterThan(0);
    expect(refusals).toBeGreaterThan(0);
  });

  it("with JavaScript values JSON cannot carry", () => {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, undefined, () => 1, Symbol("x"), 10n, new Date(0)]) {
      const input = {
        asOf: "2023-06-01",
        resident: { id: "R", birthDate: "1950-01-01", regionCode: "430602" },
        contract: {
          teamId: "T",
          signDate: "2023-01-01",
          packages: [{ id: "basic" }],
          team: [{ memberId: "M", role: "specialist", score: bad }],
        },
      };
      expect(outcome(input)).toBe(bad === undefined ? "decision" : "refused");
    }
  });

  it("through the CLI, on a handful of hostile inputs (exit 2 with JSON issues, never a stack trace)", () => {
    const inputs = [
      "",
      "null",
      "[]",
      '"text"',
      "{",
      '{"asOf":"2023-06-01","resident":{"id":"R","birthDate":"1950-01-01","regionCode":"430602","__proto__":{"x":1}}}',
      JSON.stringify({ asOf: "2023-06-01", resident: { id: "R", birthDate: "1950-01-01", regionCode: "4306021" } }),
      "\u0000\uffff",
    ];
    for (const input of inputs) {
      const result = spawnSync(process.execPath, ["dist/cli.js", "evaluate", "--pack", "yueyang-2023", "-"], { input, encoding: "utf8" });
      expect([0, 2]).toContain(result.status);
      expect(result.stderr).not.toMatch(/\n\s+at /);
      if (result.status === 2) expect(Array.isArray(JSON.parse(result.stderr))).toBe(true);
    }
  });
});
