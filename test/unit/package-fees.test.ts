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

describe("budget on the bundled packs, as before", () => {
  it("Yueyang: 20 / 12 / 8 a resident, personalised spending paid by the resident", () => {
    expect(budget(loadPack("yueyang-2023"), 10, { personalized: "100.00" }).payers).toEqual({
      "public-health-subsidy": "200.00",
      "medical-insurance-fund": "120.00",
      resident: "180.00",
    });
  });
});
