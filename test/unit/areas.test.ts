/**
 * The table of policy areas (src/model/areas.ts) is the one list: the
 * decision's fields and trace, the trace sections, the pack's sections and
 * rule groups all follow it, and the policy areas read the case only as the
 * record templates' key assumes.
 */
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { evaluate, loadPack } from "../../src/index.js";
import { OPTIONAL_AREA_FIELDS, POLICY_AREAS } from "../../src/model/areas.js";
import { DecisionSchema, TRACE_SECTIONS } from "../../src/model/decision.js";
import { PackSchema } from "../../src/pack/schema.js";
import { ID_LISTS, namedParts, packRules, RULE_LISTS, valueAt } from "../../src/pack/rules.js";
import { lenientChecks } from "../../src/pack/check.js";
import { validatePack } from "../../src/pack/load.js";
import { AREA_DECISIONS } from "../../src/policy/areas.js";
import { FreshTracer } from "../../src/policy/tracer.js";
import { isShared, sharingTracer, share } from "../../src/batch/shared.js";

describe("the table of policy areas", () => {
  it("gives the decision's fields in the documented order, between the header and warnings/trace", () => {
    const fields = Object.keys(DecisionSchema.shape);
    expect(fields).toEqual([
      "pack",
      "packVersion",
      "packHash",
      "asOf",
      "residentId",
      ...POLICY_AREAS.map((area) => area.field),
      "warnings",
      "trace",
    ]);
    for (const area of POLICY_AREAS)
      expect(DecisionSchema.shape[area.field as keyof typeof DecisionSchema.shape].isOptional()).toBe(!area.always);
    expect(OPTIONAL_AREA_FIELDS).toEqual(["contract", "fee", "prescription", "registrationFee", "inpatient", "referral"]);
  });

  it("gives the trace sections, each owned by one area", () => {
    expect(TRACE_SECTIONS).toEqual([
      "eligibility",
      "priority-groups",
      "contract",
      "fee",
      "staff-pool",
      "prescription",
      "registration-fee",
      "inpatient",
      "referral",
      "benefits",
    ]);
    expect(new Set(TRACE_SECTIONS).size).toBe(TRACE_SECTIONS.length);
  });

  it("names every policy section of a pack once, and no section a pack does not have", () => {
    const packSections = POLICY_AREAS.flatMap((area) => Object.keys(area.packSections));
    expect(new Set(packSections).size).toBe(packSections.length);
    const schemaKeys = Object.keys(PackSchema.shape);
    for (const key of packSections) expect(schemaKeys).toContain(key);
    // The rest of a pack is about the pack, not an area.
    expect(schemaKeys.filter((key) => !packSections.includes(key)).sort()).toEqual(
      [
        "$schema",
        "coverageTargets",
        "documents",
        "effective",
        "extends",
        "id",
        "labels",
        "notEncoded",
        "parameters",
        "region",
        "title",
        "version",
      ].sort(),
    );
  });

  it("registers a decision for every area, and the evaluator runs the pack's rules area by area", () => {
    expect(Object.keys(AREA_DECISIONS)).toEqual(POLICY_AREAS.map((area) => area.id));
    for (const id of ["yueyang-2023", "yongzhou-2017"]) {
      const rules = packRules(loadPack(id).data);
      const groups = POLICY_AREAS.flatMap((area) => area.rules.map((list) => list.group));
      const order = rules.map((rule) => groups.indexOf(rule.group));
      expect(order).toEqual([...order].sort((a, b) => a - b));
      expect(rules[0]?.group).toBe("eligibility");
    }
  });

  it("names every rule and package of a pack with its trace section (what explanations label entries by)", () => {
    const data = loadPack("yueyang-2023").data;
    const parts = namedParts(data).map((part) => `${part.section}/${part.id}`);
    expect(parts).toContain("fee/basic");
    expect(parts).toContain("fee/personalized");
    expect(parts).toContain("staff-pool/staff-pool");
    for (const rule of data.eligibility) expect(parts).toContain(`eligibility/${rule.id}`);
    for (const rule of data.benefits) expect(parts).toContain(`benefits/${rule.id}`);
    expect(parts.length).toBe(packRules(data).length + data.packages.length + 1);
  });

  it("policy areas never read the resident (the record templates' key holds only what they read)", () => {
    const areaFiles = [
      "benefits",
      "contract",
      "eligibility",
      "fees",
      "inpatient",
      "package-fee",
      "prescription",
      "priority-groups",
      "referral",
      "registration",
      "areas",
    ];
    for (const name of areaFiles) {
      const source = readFileSync(`src/policy/${name}.ts`, "utf8");
      expect(source, name).not.toMatch(/\.resident\b/);
      expect(source, name).not.toMatch(/context\.facts\.(?!eligible\b|contractInForce\b)/);
    }
    expect(readdirSync("src/policy")).toContain("tracer.ts");
  });
});

describe("tracers", () => {
  const pack = loadPack("yueyang-2023");
  const kase = {
    asOf: "2023-06-01",
    resident: { id: "T1", birthDate: "1950-03-02", regionCode: "430602", conditions: ["hypertension" as const] },
    contract: { teamId: "T", signDate: "2023-01-01", packages: [{ id: "basic" }] },
  };

  it("the evaluator's tracer builds every decision afresh: nothing shared, nothing frozen", () => {
    const one = evaluate(pack, kase);
    const two = evaluate(pack, kase);
    expect(one).toEqual(two);
    expect(one.trace[0]).not.toBe(two.trace[0]);
    expect(one.trace[0]?.cite).not.toBe(two.trace[0]?.cite);
    expect(Object.isFrozen(one.trace[0])).toBe(false);
    expect(one.benefits.length).toBeGreaterThan(0);
    expect(one.benefits[0]).not.toBe(two.benefits[0]);
    expect(isShared(one.trace[0] as object)).toBe(false);
    const tracer = new FreshTracer(pack, "compact");
    expect(tracer.detail).toBe("compact");
  });

  it("the batch's sharing tracer shares entries without a value, and says so; a frozen object is not thereby shared", () => {
    const tracer = sharingTracer(pack, "full");
    const one = evaluate(pack, kase, { tracer });
    const two = evaluate(pack, kase, { tracer });
    expect(one).toEqual(evaluate(pack, kase));
    expect(one.trace[0]).toBe(two.trace[0]);
    expect(isShared(one.trace[0] as object)).toBe(true);
    expect(isShared(Object.freeze({ rule: "x" }))).toBe(false);
    expect(isShared(share({ rule: "x" }))).toBe(true);
    const withValue = one.trace.find((entry) => entry.value !== undefined);
    if (withValue) expect(isShared(withValue)).toBe(false);
  });
});

describe("the pack checks read their lists from the table", () => {
  const packs = ["yueyang-2023", "yongzhou-2017"].map(
    (id) => JSON.parse(readFileSync(`rules/${id}.json`, "utf8")) as Record<string, unknown>,
  );

  it("RULE_LISTS is every rule list of every area, once", () => {
    expect(RULE_LISTS.map((list) => list.group)).toEqual(POLICY_AREAS.flatMap((area) => area.rules.map((list) => list.group)));
    expect(new Set(RULE_LISTS.map((list) => list.path.join("/"))).size).toBe(RULE_LISTS.length);
  });

  it("an id given twice in any list with ids is reported at its path; a broken condition in any rule list is found by the lenient checks", () => {
    let tried = 0;
    for (const pack of packs) {
      for (const path of ID_LISTS) {
        const list = valueAt(pack, path);
        if (!Array.isArray(list) || list.length === 0) continue;
        const copy = structuredClone(pack);
        const target = valueAt(copy, path) as { id: string }[];
        target.push(structuredClone(target[0]!));
        const issues = validatePack(copy);
        expect(
          issues.some((issue) => issue.path === `/${path.join("/")}/${target.length - 1}/id` && issue.message.includes("used twice")),
          path.join("/"),
        ).toBe(true);
        tried++;
      }
      for (const { path, single } of RULE_LISTS) {
        const found = valueAt(pack, path);
        if (found === undefined || (!single && (!Array.isArray(found) || found.length === 0))) continue;
        const copy = structuredClone(pack);
        const rule = (single ? valueAt(copy, path) : (valueAt(copy, path) as unknown[])[0]) as { when?: unknown } | undefined;
        if (rule === undefined || rule.when === undefined) continue;
        rule.when = { all: [{ fact: "noSuchFact", operator: "equal", value: 1 }] };
        const where = single ? `/${path.join("/")}/when` : `/${path.join("/")}/0/when`;
        expect(
          lenientChecks(copy).some((issue) => issue.path.startsWith(where)),
          where,
        ).toBe(true);
        tried++;
      }
    }
    expect(tried).toBeGreaterThan(10);
  });
});
