import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { compileConditions, createReferenceRunner, FACT_CATALOG, type Condition } from "../../src/entries/engine.js";
import { evaluate, evaluateReference, loadPack } from "../../src/index.js";
import { isFactName } from "../../src/model/facts.js";
import { issuesOf } from "../support/issues.js";

const packJson = () => JSON.parse(readFileSync("rules/yueyang-2023.json", "utf8")) as Record<string, any>;
const refused = (edit: (json: Record<string, any>) => void) => {
  const json = packJson();
  edit(json);
  return issuesOf(() => loadPack(json));
};
const context = { fact: (name: string) => (isFactName(name) ? FACT_CATALOG[name] : undefined), paramSlot: () => undefined };

describe("hostile packs: prototype keys", () => {
  it.each(["__proto__", "constructor", "prototype"])("refuses a %s key anywhere, and nothing is polluted", (key) => {
    // As an attack arrives: in JSON text, which JSON.parse turns into an own key.
    const hostile = `"${key}": {"polluted": true, "isAdmin": true}, `;
    const anchors = ['"$schema": ', '"unit": "years"', '"operator": "greaterThanInclusive"', '"kind": "primary"'];
    for (const anchor of anchors) {
      const text = readFileSync("rules/yueyang-2023.json", "utf8").replace(anchor, `${hostile}${anchor}`);
      const json = JSON.parse(text) as object;
      const issues = issuesOf(() => loadPack(json));
      expect(
        issues.some((issue) => issue.path.endsWith(`/${key}`) && issue.message.includes("prototype")),
        anchor,
      ).toBe(true);
      expect(issuesOf(() => evaluate(loadPack(json), {} as unknown))).toEqual(issues);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });
});

describe("hostile packs: the condition language", () => {
  it.each([
    [
      "a json-rules-engine path expression",
      { fact: "conditions", operator: "contains", value: "x", path: "$..[?(@.constructor)]" },
      "/path",
    ],
    ["fact params", { fact: "ageYears", operator: "equal", value: 1, params: { a: 1 } }, "/params"],
    ["a priority", { fact: "ageYears", operator: "equal", value: 1, priority: 5 }, "/priority"],
    ["a named condition reference", { condition: "elsewhere" }, ""],
    ["an operator decorator", { fact: "conditions", operator: "someFact:equal", value: "x" }, "/operator"],
    ["an unknown operator", { fact: "ageYears", operator: "regex", value: ".*" }, "/operator"],
    ["an infinite-looking number", { fact: "ageYears", operator: "lessThan", value: "1e999" }, "/value"],
  ])("refuses %s", (_, leaf, suffix) => {
    const issues = refused((json) => (json.priorityGroups[0].when = { all: [leaf] }));
    expect(issues.map((issue) => issue.path)).toContain(`/priorityGroups/0/when/all/0${suffix}`);
  });

  it("refuses a tree deeper than the limit", () => {
    let tree: Record<string, unknown> = { fact: "bedridden", operator: "equal", value: true };
    for (let depth = 0; depth < 40; depth++) tree = { not: tree };
    expect(refused((json) => (json.priorityGroups[0].when = tree)).some((issue) => issue.message.includes("deeper than 12"))).toBe(true);
  });

  it("refuses numbers where a decimal string is required, and rates outside [0, 1]", () => {
    expect(refused((json) => (json.parameters["basicPackage.price"].values[0].value = 40.0))[0]).toMatchObject({ code: "parameter_type" });
    expect(refused((json) => (json.parameters["referralDiscount.rate"].values[0].value = "1.01"))[0]).toMatchObject({
      code: "parameter_type",
    });
    expect(refused((json) => (json.parameters["referralDiscount.rate"].values[0].value = "-0.05"))[0]).toMatchObject({
      code: "parameter_type",
    });
  });
});

describe("hostile packs: breaking out of generated source", () => {
  const breakouts = [
    'x"; globalThis.pwned = 1; "',
    "x'; globalThis.pwned = 1; '",
    "`${globalThis.pwned = 1}`",
    "</script><script>globalThis.pwned=1</script>",
    "\u2028globalThis.pwned = 1\u2029",
    '\\"); globalThis.pwned = 1; //',
  ];

  it("refuses crafted fact names at load and at compile time", () => {
    for (const name of ["ageYears) || (globalThis.pwned = 1", "constructor", "__proto__", "toString", "ageYears.constructor"]) {
      expect(refused((json) => (json.priorityGroups[0].when = { all: [{ fact: name, operator: "equal", value: 1 }] }))[0]).toMatchObject({
        code: "unknown_fact",
      });
      expect(() => compileConditions([{ all: [{ fact: name, operator: "equal", value: 1 }] }], context)).toThrow(/^Unknown fact/);
    }
    expect((globalThis as Record<string, unknown>).pwned).toBeUndefined();
  });

  it("compiles crafted literals as plain data, with the same results as json-rules-engine", async () => {
    for (const literal of breakouts) {
      const trees: Condition[] = [
        { all: [{ fact: "regionCode", operator: "equal", value: literal }] },
        { all: [{ fact: "regionCode", operator: "startsWith", value: literal }] },
        { all: [{ fact: "regionCode", operator: "in", value: [literal, "430602"] }] },
      ];
      const { run, source } = compileConditions(trees, context);
      expect(source).toContain(JSON.stringify(literal));
      const reference = createReferenceRunner(trees);
      for (const regionCode of [literal, "430602", `${literal}tail`]) {
        const facts = { ...Object.fromEntries(Object.keys(FACT_CATALOG).map((name) => [name, null])), regionCode };
        expect(run.map((rule) => rule(facts, []))).toEqual(await reference.run(facts));
      }
    }
    expect((globalThis as Record<string, unknown>).pwned).toBeUndefined();
  });

  it("evaluates a pack holding crafted literals without running them, in both evaluators", async () => {
    const json = packJson();
    json.eligibility[0].when = { any: breakouts.map((literal) => ({ fact: "regionCode", operator: "startsWith", value: literal })) };
    const pack = loadPack(json);
    const kase = { asOf: "2023-06-01", resident: { id: "R", birthDate: "1950-01-01", regionCode: "430602" } };
    expect(evaluate(pack, kase).eligibility.eligible).toBe(false);
    expect((await evaluateReference(pack, kase)).eligibility.eligible).toBe(false);
    expect((globalThis as Record<string, unknown>).pwned).toBeUndefined();
  });

  it("refuses values that are not plain JSON when a pack is built in code", () => {
    for (const value of [Number.POSITIVE_INFINITY, Number.NaN, () => 1, { toString: () => "x" }]) {
      expect(() => compileConditions([{ all: [{ fact: "ageYears", operator: "equal", value: value as never }] }], context)).toThrow(
        TypeError,
      );
    }
  });
});

describe("loading is pure", () => {
  it("never changes the pack object it is given, even when it refuses it", () => {
    const json = packJson();
    json.parameters["basicPackage.price"].values[0].value = 40;
    const before = JSON.stringify(json);
    issuesOf(() => loadPack(json));
    expect(JSON.stringify(json)).toBe(before);
  });
});
