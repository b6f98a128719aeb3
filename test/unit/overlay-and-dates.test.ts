import { readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { evaluate, findPack, loadPack, validatePack } from "../../src/index.js";
import { run } from "../../src/cli/run.js";
import { contract, editedPack, patch, priceChangePack, yyCase, yzCase } from "../support/cases.js";
import { issuesOf } from "../support/issues.js";

const overlayJson = () => JSON.parse(readFileSync("rules/examples/yongzhou-lingling-example.json", "utf8")) as Record<string, any>;
const referredVisit = (asOf: string) =>
  yzCase(patch(contract("2017-12-01"), { asOf, visit: { setting: "referred-hospital", registrationFee: "12.00" } }));

describe("the example overlay (rules/examples/)", () => {
  const overlay = loadPack(overlayJson());
  it("is a valid overlay of yongzhou-2017 for one county", () => {
    expect(validatePack(overlayJson())).toEqual([]);
    expect(overlay.data.extends).toBe("yongzhou-2017");
    expect(overlay.data.region.codePrefix).toBe("431102");
    expect(overlay.data.priorityGroups).toEqual(loadPack("yongzhou-2017").data.priorityGroups);
    expect(overlay.hash).not.toBe(loadPack("yongzhou-2017").hash);
  });
  it("fills in the reduction the Yongzhou text leaves open, from its date", () => {
    const before = evaluate(overlay, referredVisit("2017-12-31"));
    expect(before.registrationFee).toEqual({ fee: "12.00", charged: null, waived: null });
    expect(before.warnings.map((warning) => warning.code)).toEqual(["amount-not-set"]);
    const after = evaluate(overlay, referredVisit("2018-01-01"));
    expect(after.registrationFee).toEqual({ fee: "12.00", charged: "7.00", waived: "5.00" });
    expect(after.warnings).toEqual([]);
  });
  it("names in the trace the pack each value came from", () => {
    const decision = evaluate(overlay, referredVisit("2018-01-01"));
    expect(decision.pack).toBe("yongzhou-lingling-example");
    expect(decision.trace.find((entry) => entry.rule === "referred-hospital-fee-reduced")).toMatchObject({
      pack: "yongzhou-lingling-example",
      value: "5.00",
      cite: { doc: "永政办函〔2017〕71号", clause: "YZ §5.2" },
    });
    expect(decision.trace.find((entry) => entry.rule === "own-primary-fee-waived")?.pack).toBe("yongzhou-2017");
    expect(decision.trace.find((entry) => entry.rule === "elderly")?.pack).toBe("yongzhou-2017");
  });
  it("refuses an overlay of a pack that is not bundled", () => {
    expect(issuesOf(() => loadPack({ ...overlayJson(), extends: "yongzhou-2016" }))).toEqual([
      expect.objectContaining({ code: "unknown_pack", path: "/extends" }),
    ]);
  });
  it("refuses a typo in an overlay", () => {
    expect(issuesOf(() => loadPack({ ...overlayJson(), parameter: {} }))).toContainEqual(
      expect.objectContaining({ code: "unrecognized_keys", path: "/parameter" }),
    );
  });
  it("checks the resolved pack as any pack", () => {
    const json = overlayJson();
    json.parameters["registration.referredHospitalWaiver"].values[1].value = 5;
    expect(issuesOf(() => loadPack(json))).toContainEqual(
      expect.objectContaining({ code: "parameter_type", path: "/parameters/registration.referredHospitalWaiver/values/1/value" }),
    );
  });
  it("replaces a rule by id and appends a new one", () => {
    const base = loadPack("yueyang-2023").data;
    const elderly = {
      ...structuredClone(base.priorityGroups[0]!),
      label: { zh: "老年人（60周岁及以上）", en: "Elderly, 60 and over" },
      when: { all: [{ fact: "ageYears", operator: "greaterThanInclusive", value: 60 }] },
    };
    const pack = loadPack({
      id: "yy-sixty",
      extends: "yueyang-2023",
      version: "0.0.1",
      title: { zh: "测试", en: "Test" },
      priorityGroups: [elderly],
    });
    const decision = evaluate(pack, yyCase({ resident: { birthDate: "1962-01-01" } }));
    expect(decision.priorityGroups).toEqual(["elderly"]);
    expect(decision.trace.find((entry) => entry.rule === "elderly")?.pack).toBe("yy-sixty");
    expect(decision.trace.find((entry) => entry.rule === "maternal")?.pack).toBe("yueyang-2023");
    expect(pack.data.priorityGroups.map((rule) => rule.id)).toEqual(base.priorityGroups.map((rule) => rule.id));
  });
});

describe("dated parameter values", () => {
  const priceChange = priceChangePack();
  it("uses the value in force the day before a change", () => {
    expect(evaluate(priceChange, yyCase(patch(contract("2023-06-01"), { asOf: "2023-12-31" }))).fee).toMatchObject({
      total: "40.00",
      payers: { resident: "8.00" },
      staffPool: "28.00",
    });
  });
  it("uses the new value from the day of the change", () => {
    expect(evaluate(priceChange, yyCase(patch(contract("2023-06-01"), { asOf: "2024-01-01" }))).fee).toMatchObject({
      total: "42.00",
      payers: { resident: "10.00" },
      staffPool: "29.40",
    });
  });
  it("gives a typed error, not a default, on a date no value covers", () => {
    const ended = editedPack("yueyang-2023", (json) => {
      (json.parameters as Record<string, { values: { to?: string }[] }>)["elderly.minAge"]!.values[0]!.to = "2024-01-01";
    });
    expect(evaluate(ended, yyCase({ asOf: "2023-12-31" })).asOf).toBe("2023-12-31");
    expect(issuesOf(() => evaluate(ended, yyCase({ asOf: "2024-01-01" })))).toEqual([
      expect.objectContaining({ code: "parameter_not_in_force", path: "/parameters/elderly.minAge/values" }),
    ]);
  });
  it("ends a pack's period at its `to` date, exclusive", () => {
    const ended = editedPack("yueyang-2023", (json) => {
      (json.effective as { to?: string }).to = "2025-01-01";
    });
    expect(evaluate(ended, yyCase({ asOf: "2024-12-31" })).asOf).toBe("2024-12-31");
    expect(issuesOf(() => evaluate(ended, yyCase({ asOf: "2025-01-01" })))[0]).toMatchObject({ code: "out_of_period", path: "/asOf" });
  });
});

describe("findPack", () => {
  it("picks the bundled pack in force for the region and date", () => {
    expect(findPack("430602", "2023-06-01").id).toBe("yueyang-2023");
    expect(findPack("431102", "2018-06-01").id).toBe("yongzhou-2017");
  });
  it("prefers the most specific region", () => {
    const packs = [loadPack("yongzhou-2017"), loadPack(overlayJson())];
    expect(findPack("431102", "2018-06-01", packs).id).toBe("yongzhou-lingling-example");
    expect(findPack("431103", "2018-06-01", packs).id).toBe("yongzhou-2017");
  });
  it("gives a typed error for a region no pack covers, and for a date outside every period", () => {
    expect(issuesOf(() => findPack("110101", "2023-06-01"))).toEqual([
      expect.objectContaining({ code: "unknown_pack", path: "/resident/regionCode" }),
    ]);
    expect(issuesOf(() => findPack("430602", "2021-12-31"))).toEqual([expect.objectContaining({ code: "out_of_period", path: "/asOf" })]);
  });
  it("is what fdr evaluate uses without --pack", () => {
    const out: string[] = [];
    const err: string[] = [];
    const path = `${process.env.TMPDIR ?? "/tmp"}/fdr-findpack-${process.pid}.json`;
    writeFileSync(path, JSON.stringify(yzCase({ asOf: "2018-06-01" })));
    expect(run(["evaluate", path], { out: (t) => out.push(t), err: (t) => err.push(t) })).toBe(0);
    expect(JSON.parse(out.join("")).pack).toBe("yongzhou-2017");
  });
});
