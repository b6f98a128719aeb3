/** The facts are listed once, in FACT_CATALOG: the derivation follows it key by key, value by value. */
import { describe, expect, expectTypeOf, it } from "vitest";
import { termOfYears } from "../../src/core/dates.js";
import { CaseSchema } from "../../src/index.js";
import { FACT_CATALOG, type FactName, type Facts } from "../../src/model/facts.js";
import { deriveFacts } from "../../src/policy/facts.js";

const minimal = CaseSchema.parse({ asOf: "2023-06-01", resident: { id: "R", birthDate: "1950-03-02", regionCode: "430602" } });
const full = CaseSchema.parse({
  asOf: "2023-06-01",
  resident: {
    id: "R",
    birthDate: "1990-02-28",
    regionCode: "430602",
    sex: "female",
    conditions: ["hypertension"],
    pregnancy: { status: "postpartum", deliveryDate: "2023-05-01" },
    disability: { certified: true, dailyLivingDifficulty: true },
    bedridden: true,
    povertyRegistered: true,
    povertyDueToIllness: true,
    povertyAlleviated: true,
    familyPlanningSpecial: true,
    otherContracts: [{ teamId: "T2", signDate: "2023-01-01" }],
  },
  contract: { teamId: "T", signDate: "2023-01-01" },
  prescription: {
    supplyDays: 56,
    forCondition: "hypertension",
    emergency: true,
    downReferred: true,
    beyondEssentialList: true,
    followsHigherHospitalOrder: true,
  },
  referral: { byFamilyDoctor: true, disease: "diabetes", emergency: true, receivingLevel: "city-tertiary" },
  visit: { setting: "own-primary", registrationFee: "10.00" },
  inpatient: { referral: "upward", followedPrimaryFirst: true, deductible: "500.00" },
});

function factsOf(kase: typeof minimal): Facts {
  return deriveFacts(kase, {
    regionCodePrefix: "4306",
    termYears: 1,
    contractTerm: kase.contract ? termOfYears(kase.contract.signDate, 1) : undefined,
  });
}

describe("the fact catalog", () => {
  it("lists every fact (31 and more) and the Facts type has exactly its keys", () => {
    expect(Object.keys(FACT_CATALOG).length).toBeGreaterThanOrEqual(31);
    expectTypeOf<keyof Facts>().toEqualTypeOf<FactName>();
    expectTypeOf<Facts["ageYears"]>().toEqualTypeOf<number>();
    expectTypeOf<Facts["sex"]>().toEqualTypeOf<string | null>();
    expectTypeOf<Facts["conditions"]>().toEqualTypeOf<readonly string[]>();
    expectTypeOf<Facts["prescriptionFollowsHigherHospitalOrder"]>().toEqualTypeOf<boolean | null>();
  });

  it.each([
    ["a minimal case", minimal],
    ["a case giving every section", full],
  ])("derives, for %s, every fact of the catalog in its order, each of the catalog's type and vocabulary", (_, kase) => {
    const facts = factsOf(kase);
    expect(Object.keys(facts)).toEqual(Object.keys(FACT_CATALOG));
    for (const [name, spec] of Object.entries(FACT_CATALOG) as [FactName, (typeof FACT_CATALOG)[FactName]][]) {
      const value = facts[name];
      if (value === null) {
        expect(spec.nullable, `${name} is null`).toBe(true);
        continue;
      }
      if (spec.type === "string[]") {
        expect(Array.isArray(value), name).toBe(true);
        for (const item of value as string[]) expect("values" in spec ? spec.values : [item], name).toContain(item);
      } else {
        expect(typeof value, name).toBe(spec.type);
        if ("values" in spec) expect(spec.values, name).toContain(value);
      }
    }
  });

  it("gives every nullable fact a value when its section is given", () => {
    const facts = factsOf(full);
    for (const [name, spec] of Object.entries(FACT_CATALOG) as [FactName, { nullable: boolean }][])
      if (spec.nullable) expect(facts[name], name).not.toBeNull();
  });
});
