/**
 * One owner for package fees: decisions (computeFee, evaluate) and budgets
 * take a package's price and its split between payers from the same module,
 * so they cannot drift. The weighted-shares pack is the regression: a fixed
 * public-health share and the rest of the price by weight 3 : 2.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { budget } from "../../src/entries/analysis.js";
import { computeFee, evaluate, loadPack, validatePack } from "../../src/index.js";
import { lintPack } from "../../src/pack/lint.js";

/** Yueyang with the basic package paid 20 by the public-health subsidy and the rest (20) by weight 3 : 2. */
function weightedSharesPack() {
  const data = JSON.parse(readFileSync("rules/yueyang-2023.json", "utf8")) as { id: string; packages: { id: string; shares: unknown[] }[] };
  data.id = "yueyang-2023-weighted";
  const basic = data.packages.find((item) => item.id === "basic") as { shares: unknown[] };
  basic.shares = [
    { payer: "public-health-subsidy", amount: { param: "basicPackage.publicHealthShare" } },
    { payer: "medical-insurance-fund", weight: "3" },
    { payer: "resident", weight: "2" },
  ];
  return data;
}

const kase = {
  asOf: "2023-06-01",
  resident: { id: "W1", birthDate: "1950-03-02", regionCode: "430602" },
  contract: { teamId: "T1", signDate: "2023-06-01", packages: [{ id: "basic" }] },
};

describe("the weighted-shares pack (fixed 20, the rest by weight 3 : 2)", () => {
  const data = weightedSharesPack();

  it("is a pack validatePack and lintPack accept", () => {
    expect(validatePack(data)).toEqual([]);
    expect(lintPack(loadPack(data).data).filter((finding) => finding.severity === "error")).toEqual([]);
  });

  it("computeFee splits the basic package 20 / 12 / 8", () => {
    const fee = computeFee(loadPack(data), kase)?.fee;
    expect(fee?.total).toBe("40.00");
    expect(fee?.payers).toEqual({ "public-health-subsidy": "20.00", "medical-insurance-fund": "12.00", resident: "8.00" });
    expect(fee?.staffPool).toBe("28.00");
  });

  it("budget reports every payer of the split, and a staff pool on the whole price", () => {
    const pack = loadPack(data);
    const result = budget(pack, 1000);
    expect(result.payers).toEqual({ "public-health-subsidy": "20000.00", "medical-insurance-fund": "12000.00", resident: "8000.00" });
    expect(result.staffPool).toBe("28000.00");
  });

  it("budget's payers are the decisions' payers times the signed residents (the same module)", () => {
    const pack = loadPack(data);
    const decision = evaluate(pack, kase);
    const result = budget(pack, 7, { asOf: "2023-06-01" });
    for (const [payer, amount] of Object.entries(decision.fee?.payers ?? {}))
      expect(result.payers[payer]).toBe((Number(amount) * 7).toFixed(2));
    expect(Object.keys(result.payers).sort()).toEqual(Object.keys(decision.fee?.payers ?? {}).sort());
  });
});

describe("budget and the decisions round alike (review of issue 11)", () => {
  it("the staff pool is each resident's pool, rounded to the fen as a decision rounds it, times the signed residents", () => {
    const data = weightedSharesPack() as unknown as { parameters: Record<string, { values: { value: string }[] }> };
    for (const entry of data.parameters["basicPackage.price"]?.values ?? []) entry.value = "40.01";
    const pack = loadPack(data);
    const decision = evaluate(pack, kase);
    expect(decision.fee?.staffPool).toBe("28.01");
    const result = budget(pack, 1000, { asOf: "2023-06-01" });
    expect(result.staffPool).toBe("28010.00");
    for (const [payer, amount] of Object.entries(decision.fee?.payers ?? {}))
      expect(result.payers[payer]).toBe((Number(amount) * 1000).toFixed(2));
  });

  it("refuses a personalised total when the package priced by its items has a fixed share per buyer", () => {
    const data = JSON.parse(readFileSync("rules/yueyang-2023.json", "utf8")) as {
      packages: { id: string; shares: unknown[] }[];
      parameters: Record<string, unknown>;
    };
    const personalized = data.packages.find((item) => item.id === "personalized") as { shares: unknown[] };
    personalized.shares = [
      { payer: "public-health-subsidy", amount: { param: "basicPackage.publicHealthShare" } },
      { payer: "resident", weight: "1" },
    ];
    const pack = loadPack(data);
    expect(() => budget(pack, 10, { personalized: "200.00" })).toThrow(/fixed share per resident/);
    // Without a personalised total, the fixed-price packages are budgeted as before.
    expect(budget(pack, 10).payers["public-health-subsidy"]).toBe("200.00");
  });

  it("refuses a date that is not a calendar date and an amount that is not one, as typed issues", () => {
    const pack = loadPack("yueyang-2023");
    for (const asOf of ["foo", "2023-13-01", "2023-02-30"])
      expect(() => budget(pack, 1, { asOf })).toThrow(
        expect.objectContaining({ issues: [expect.objectContaining({ code: "invalid_date" })] }),
      );
    for (const personalized of ["xyz", "-5", "1.005"])
      expect(() => budget(pack, 1, { personalized })).toThrow(
        expect.objectContaining({ issues: [expect.objectContaining({ code: "invalid_amount" })] }),
      );
  });
});

describe("budget on the bundled packs, as before", () => {
  it("Yueyang: 20 / 12 / 8 a resident, personalised spending paid by the resident", () => {
    expect(budget(loadPack("yueyang-2023"), 10, { personalized: "100.00" }).payers).toEqual({
      "public-health-subsidy": "200.00",
      "medical-insurance-fund": "120.00",
      resident: "180.00",
    });
  });
});
