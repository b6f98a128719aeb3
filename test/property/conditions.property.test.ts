import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileConditions } from "../../src/engine/compile.js";
import { checkCondition, OPERATORS, type Condition } from "../../src/engine/condition.js";
import { createReferenceRunner } from "../../src/engine/reference.js";
import { CONDITION_CODES, FACT_CATALOG, isFactName } from "../../src/model/facts.js";

/**
 * Random condition trees over the fact catalog and every operator, evaluated
 * on random facts by the compiled evaluator and by json-rules-engine itself.
 */
const numberFacts = ["ageYears", "daysSinceDelivery", "prescriptionSupplyDays"] as const;
const stringFacts = ["sex", "pregnancyStatus", "referralDisease", "visitSetting", "regionCode", "packRegionCodePrefix"] as const;
const booleanFacts = ["signed", "eligible", "bedridden", "contractInForce", "referralEmergency"] as const;
const params = { "param:minAge": 65, "param:codes": ["hypertension", "diabetes"], "param:flag": true, "param:prefix": "4306" } as const;
const strings = fc.constantFrom(
  "female",
  "male",
  "pregnant",
  "postpartum",
  "none",
  "hypertension",
  "diabetes",
  "own-primary",
  "430602",
  "4306",
  "",
);

const leaf: fc.Arbitrary<Condition> = fc.oneof(
  fc.record({
    fact: fc.constantFrom(...numberFacts, "param:minAge"),
    operator: fc.constantFrom("lessThan", "lessThanInclusive", "greaterThan", "greaterThanInclusive", "equal", "notEqual"),
    value: fc.oneof(fc.integer({ min: -5, max: 100 }), fc.constant({ fact: "param:minAge" })),
  }),
  fc.record({
    fact: fc.constantFrom(...stringFacts),
    operator: fc.constantFrom("equal", "notEqual"),
    value: fc.oneof(strings, fc.constant(null)),
  }),
  fc.record({
    fact: fc.constantFrom(...stringFacts),
    operator: fc.constantFrom("in", "notIn"),
    value: fc.oneof(fc.array(strings, { maxLength: 10 }), fc.constant({ fact: "param:codes" }), fc.constant({ fact: "conditions" })),
  }),
  fc.record({
    fact: fc.constantFrom("regionCode", "packRegionCodePrefix"),
    operator: fc.constant("startsWith"),
    value: fc.oneof(strings, fc.constant({ fact: "packRegionCodePrefix" }), fc.constant({ fact: "param:prefix" })),
  }),
  fc.record({
    fact: fc.constant("conditions"),
    operator: fc.constantFrom("contains", "doesNotContain"),
    value: fc.constantFrom(...CONDITION_CODES),
  }),
  fc.record({
    fact: fc.constant("conditions"),
    operator: fc.constant("containsAny"),
    value: fc.oneof(fc.array(fc.constantFrom(...CONDITION_CODES), { maxLength: 4 }), fc.constant({ fact: "param:codes" })),
  }),
  fc.record({
    fact: fc.constantFrom(...booleanFacts, "param:flag"),
    operator: fc.constantFrom("equal", "notEqual"),
    value: fc.oneof(fc.boolean(), fc.constant({ fact: "param:flag" })),
  }),
) as fc.Arbitrary<Condition>;

const { tree } = fc.letrec<{ tree: Condition; node: Condition }>((tie) => ({
  node: fc.oneof({ depthSize: "small", withCrossShrink: true }, leaf, tie("tree")),
  tree: fc.oneof(
    fc.record({ all: fc.array(tie("node"), { maxLength: 4 }) }),
    fc.record({ any: fc.array(tie("node"), { minLength: 1, maxLength: 4 }) }),
    fc.record({ not: tie("node") }),
  ) as fc.Arbitrary<Condition>,
}));

const facts = fc.record({
  regionCode: fc.constantFrom("430602", "431102", "110101"),
  packRegionCodePrefix: fc.constantFrom("4306", "4311"),
  ageYears: fc.integer({ min: 0, max: 110 }),
  sex: fc.constantFrom("female", "male", null),
  conditions: fc.uniqueArray(fc.constantFrom(...CONDITION_CODES), { maxLength: 4 }),
  pregnancyStatus: fc.constantFrom("pregnant", "postpartum", "none"),
  daysSinceDelivery: fc.oneof(fc.integer({ min: 0, max: 60 }), fc.constant(null)),
  prescriptionSupplyDays: fc.oneof(fc.integer({ min: 1, max: 90 }), fc.constant(null)),
  referralDisease: fc.oneof(fc.constantFrom(...CONDITION_CODES), fc.constant(null)),
  visitSetting: fc.constantFrom("own-primary", "referred-hospital", "other", null),
  signed: fc.boolean(),
  eligible: fc.boolean(),
  bedridden: fc.boolean(),
  contractInForce: fc.boolean(),
  referralEmergency: fc.boolean(),
});

const describeFact = (name: string) =>
  (name in params
    ? {
        type: Array.isArray(params[name as keyof typeof params]) ? "string[]" : (typeof params[name as keyof typeof params] as "string"),
        nullable: false,
      }
    : isFactName(name)
      ? FACT_CATALOG[name]
      : undefined) as never;
const slots = Object.keys(params);

describe("compiled conditions mean what json-rules-engine means", () => {
  it("on random trees over every operator and random facts: closures == generated code == json-rules-engine", async () => {
    expect(OPERATORS.length).toBe(12);
    await fc.assert(
      fc.asyncProperty(
        fc.array(tree, { minLength: 1, maxLength: 8 }),
        fc.array(facts, { minLength: 1, maxLength: 5 }),
        async (trees, factSets) => {
          for (const [index, condition] of trees.entries())
            expect(checkCondition(condition, [index], { describeFact, maxDepth: 50 })).toEqual([]);
          const context = {
            fact: (name: string) => (isFactName(name) ? FACT_CATALOG[name] : undefined),
            paramSlot: (name: string) => (slots.includes(name) ? slots.indexOf(name) : undefined),
          };
          const compiled = compileConditions(trees, context);
          const closures = compileConditions(trees, context, { codegen: false });
          expect([compiled.mode, closures.mode]).toEqual(["generated", "closures"]);
          const reference = createReferenceRunner(trees);
          for (const factSet of factSets) {
            const values = slots.map((slot) => params[slot as keyof typeof params]);
            const expected = await reference.run({
              ...Object.fromEntries(Object.keys(FACT_CATALOG).map((name) => [name, null])),
              ...factSet,
              ...params,
            });
            const full = { ...Object.fromEntries(Object.keys(FACT_CATALOG).map((name) => [name, null])), ...factSet };
            expect(compiled.run.map((run) => run(full, values))).toEqual(expected);
            expect(closures.run.map((run) => run(full, values))).toEqual(expected);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("the closure compiler", () => {
  const context = {
    fact: (name: string) => (isFactName(name) ? FACT_CATALOG[name] : undefined),
    paramSlot: (name: string) => (name === "param:minAge" ? 0 : undefined),
  };

  it("refuses what the code generator refuses: unknown facts, operators and non-JSON literals", () => {
    const bad: unknown[] = [
      { fact: "nope", operator: "equal", value: 1 },
      { fact: "ageYears", operator: "matches", value: 1 },
      { fact: "ageYears", operator: "equal", value: Number.NaN },
      { fact: "ageYears", operator: "equal", value: { fact: "constructor" } },
      { every: [] },
    ];
    for (const condition of bad) {
      expect(() => compileConditions([condition as Condition], context, { codegen: false }), JSON.stringify(condition)).toThrow(TypeError);
      expect(() => compileConditions([condition as Condition], context), JSON.stringify(condition)).toThrow(TypeError);
    }
  });

  it("is used, with the same results, where the runtime refuses new Function", () => {
    const trees: Condition[] = [
      { all: [{ fact: "ageYears", operator: "greaterThanInclusive", value: { fact: "param:minAge" } }] },
      { any: [] },
      { not: { fact: "signed", operator: "equal", value: true } },
    ];
    const original = globalThis.Function;
    const refusing = new Proxy(original, {
      construct() {
        throw new EvalError("Code generation from strings disallowed for this context");
      },
    });
    let refused;
    try {
      globalThis.Function = refusing;
      refused = compileConditions(trees, context);
    } finally {
      globalThis.Function = original;
    }
    expect(refused.mode).toBe("closures");
    const facts = { ageYears: 70, signed: false };
    expect(refused.run.map((run) => run(facts, [65]))).toEqual([true, true, true]);
    expect(refused.run.map((run) => run({ ageYears: 64, signed: true }, [65]))).toEqual([false, true, false]);
  });
});
