import { readFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { canonicalJson } from "../../src/entries/engine.js";
import { bundledPackIds, loadPack, PolicyError, validatePack } from "../../src/index.js";
import { issuesOf } from "../support/issues.js";

const packJson = (id: string) => JSON.parse(readFileSync(`rules/${id}.json`, "utf8")) as Record<string, any>;

const loadIssues = (json: unknown) => issuesOf(() => loadPack(json as object));

describe("bundled packs", () => {
  it("are the Yongzhou and Yueyang packs", () => {
    expect(bundledPackIds()).toEqual(["yongzhou-2017", "yueyang-2023"]);
  });
  it.each(["yongzhou-2017", "yueyang-2023"])("%s is valid as committed in rules/", (id) => {
    expect(validatePack(packJson(id))).toEqual([]);
    expect(loadPack(id).data.region.codePrefix).toMatch(/^43(06|11)$/);
  });
  it("names the Yueyang and Yongzhou package ids the issue asks for", () => {
    expect(loadPack("yueyang-2023").data.packages.map((p) => p.id)).toEqual(["basic", "personalized"]);
    expect(loadPack("yongzhou-2017").data.packages.map((p) => p.id)).toEqual(["basic"]);
  });
  it("refuses an unknown id", () => {
    expect(() => loadPack("changsha-2020")).toThrow(PolicyError);
    expect(loadIssues("changsha-2020")[0]).toMatchObject({ code: "unknown_pack", expected: expect.stringContaining("yueyang-2023") });
  });
});

describe("loading", () => {
  it("never changes its input and freezes what it returns", () => {
    const json = packJson("yueyang-2023");
    const before = JSON.stringify(json);
    const pack = loadPack(json);
    expect(JSON.stringify(json)).toBe(before);
    expect(Object.isFrozen(pack.data.parameters["basicPackage.price"]!.values[0])).toBe(true);
    expect(Object.isFrozen(json)).toBe(false);
  });
  it("hashes the canonical JSON of the pack without $schema", () => {
    const json = packJson("yongzhou-2017");
    const { $schema, ...content } = json;
    expect($schema).toBe("./schema/pack.schema.json");
    const expected = `sha256:${createHash("sha256").update(canonicalJson(content)).digest("hex")}`;
    expect(loadPack(json).hash).toBe(expected);
    expect(loadPack("yongzhou-2017").hash).toBe(expected);
  });
  it("gives a different hash after any edit, and the same hash whatever the key order", () => {
    const json = packJson("yueyang-2023");
    const reordered = Object.fromEntries(Object.entries(json).reverse());
    expect(loadPack(reordered).hash).toBe(loadPack(json).hash);
    json.parameters["basicPackage.residentShare"].label.en = "Paid by the resident";
    expect(loadPack(json).hash).not.toBe(loadPack("yueyang-2023").hash);
  });
});

describe("invalid packs are refused with the path of each problem", () => {
  const broken = (edit: (json: Record<string, any>) => void) => {
    const json = packJson("yueyang-2023");
    edit(json);
    return loadIssues(json);
  };
  it("an unknown key (a typo) is an error", () => {
    expect(broken((j) => (j.parameters["basicPackage.price"].valeus = []))).toContainEqual(
      expect.objectContaining({ code: "unrecognized_keys", path: "/parameters/basicPackage.price/valeus" }),
    );
  });
  it("a number where a money string is required", () => {
    expect(broken((j) => (j.parameters["basicPackage.price"].values[0].value = 40))).toContainEqual(
      expect.objectContaining({ code: "parameter_type", path: "/parameters/basicPackage.price/values/0/value" }),
    );
  });
  it("a rate above 1", () => {
    expect(broken((j) => (j.parameters["staffPool.minShare"].values[0].value = "1.5"))).toContainEqual(
      expect.objectContaining({ code: "parameter_type", path: "/parameters/staffPool.minShare/values/0/value" }),
    );
  });
  it("a reference to a parameter that does not exist", () => {
    expect(broken((j) => (j.packages[0].price.param = "basicPackage.prise"))).toContainEqual(
      expect.objectContaining({ code: "unknown_parameter", path: "/packages/0/price/param" }),
    );
  });
  it("a reference to a parameter of the wrong type", () => {
    expect(broken((j) => (j.staffPool.rate.param = "basicPackage.price"))).toContainEqual(
      expect.objectContaining({ code: "parameter_type", path: "/staffPool/rate/param" }),
    );
  });
  it("a condition naming a parameter that does not exist", () => {
    expect(broken((j) => (j.priorityGroups[0].when.all[0].value.fact = "param:elderly.minimumAge"))).toContainEqual(
      expect.objectContaining({ code: "unknown_fact", path: "/priorityGroups/0/when/all/0/value/fact" }),
    );
  });
  it("a condition naming an unknown fact or operator", () => {
    const issues = broken((j) => {
      j.priorityGroups[0].when.all[0].fact = "age";
      j.priorityGroups[1].when.any[0].operator = "regex";
    });
    expect(issues).toContainEqual(expect.objectContaining({ code: "unknown_fact", path: "/priorityGroups/0/when/all/0/fact" }));
    expect(issues).toContainEqual(expect.objectContaining({ path: "/priorityGroups/1/when/any/0/operator" }));
  });
  it("a condition comparing numbers with a string", () => {
    expect(broken((j) => (j.priorityGroups[0].when.all[0].value = "65"))).toContainEqual(
      expect.objectContaining({ path: "/priorityGroups/0/when/all/0/value" }),
    );
  });
  it("a condition code outside the vocabulary", () => {
    expect(broken((j) => (j.parameters["chronicDisease.conditions"].values[0].value = ["hypertension", "flu"]))).toContainEqual(
      expect.objectContaining({ code: "invalid_value", path: "/parameters/chronicDisease.conditions/values/0/value/1" }),
    );
  });
  it("a citation naming a document the pack does not list", () => {
    expect(broken((j) => (j.packages[0].cite.doc = "岳卫发〔2099〕1号"))).toContainEqual(
      expect.objectContaining({ path: "/packages/0/cite/doc" }),
    );
  });
  it("a rule without a quote", () => {
    expect(broken((j) => delete j.eligibility[0].cite.quote)).toContainEqual(
      expect.objectContaining({ path: "/eligibility/0/cite/quote" }),
    );
  });
  it("a quote-less cite that is not marked secondary, or marked secondary without a note", () => {
    expect(broken((j) => delete j.eligibility[1].cite.source)).toContainEqual(
      expect.objectContaining({ path: "/eligibility/1/cite/quote" }),
    );
    expect(broken((j) => delete j.eligibility[1].cite.note)).toContainEqual(expect.objectContaining({ path: "/eligibility/1/cite/note" }));
  });
  it("a cite of a document with no seed text that is not marked secondary", () => {
    expect(broken((j) => delete j.priorityGroups[0].cite.source)).toContainEqual(
      expect.objectContaining({ path: "/priorityGroups/0/cite/source" }),
    );
    expect(broken((j) => delete j.parameters["prescription.ordinaryDays"].cite.source)).toContainEqual(
      expect.objectContaining({ path: "/parameters/prescription.ordinaryDays/cite/source" }),
    );
  });
  it("a __proto__ key anywhere", () => {
    const issues = broken((j) => {
      j.parameters["elderly.minAge"] = JSON.parse('{"__proto__": {"polluted": true}}');
    });
    expect(issues).toContainEqual(expect.objectContaining({ path: "/parameters/elderly.minAge/__proto__" }));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
  it("a condition deeper than the limit", () => {
    let tree: Record<string, unknown> = { fact: "bedridden", operator: "equal", value: true };
    for (let i = 0; i < 20; i++) tree = { not: tree };
    expect(broken((j) => (j.priorityGroups[0].when = tree))).toContainEqual(
      expect.objectContaining({ message: expect.stringContaining("deeper than") }),
    );
  });
  it("a duplicate rule id", () => {
    expect(broken((j) => (j.priorityGroups[1].id = j.priorityGroups[0].id))).toContainEqual(
      expect.objectContaining({ path: "/priorityGroups/1/id" }),
    );
  });
  it("reports every problem in one run", () => {
    const issues = broken((j) => {
      j.id = "Bad Id";
      j.parameters["basicPackage.price"].values[0].value = 40;
      j.priorityGroups[0].when.all[0].fact = "age";
    });
    expect(issues.length).toBeGreaterThanOrEqual(1);
    expect(issues.map((issue) => issue.path)).toContain("/id");
  });
});

describe("fees a broken pack cannot compute", () => {
  it("fixed shares above the price give a typed error, not a wrong fee", async () => {
    const json = packJson("yueyang-2023");
    json.parameters["basicPackage.residentShare"].values[0].value = "10.00";
    const { evaluate } = await import("../../src/index.js");
    expect(() =>
      evaluate(loadPack(json), {
        asOf: "2023-06-01",
        resident: { id: "R", birthDate: "1950-01-01", regionCode: "430602" },
        contract: { teamId: "T", signDate: "2023-01-01", packages: [{ id: "basic" }] },
      }),
    ).toThrow(/exceed its price/);
  });
});
