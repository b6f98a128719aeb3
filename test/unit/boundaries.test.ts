import { describe, expect, it } from "vitest";
import { evaluate, type Decision } from "../../src/index.js";
import { contract, editedPack, patch, yongzhou, yueyang, yyCase, yzCase } from "../support/cases.js";

const groupsYZ = (p: Record<string, unknown>) => evaluate(yongzhou(), yzCase(p)).priorityGroups;
const groupsYY = (p: Record<string, unknown>) => evaluate(yueyang(), yyCase(p)).priorityGroups;
const traceOf = (decision: Decision, rule: string) => decision.trace.find((entry) => entry.rule === rule);

describe("elderly: the 65th birthday", () => {
  for (const [name, groups] of [
    ["yongzhou-2017", groupsYZ],
    ["yueyang-2023", groupsYY],
  ] as const) {
    it(`${name}: is not elderly the day before the 65th birthday`, () => {
      expect(groups({ asOf: "2023-05-31", resident: { birthDate: "1958-06-01" } })).not.toContain("elderly");
    });
    it(`${name}: is elderly on the 65th birthday`, () => {
      expect(groups({ asOf: "2023-06-01", resident: { birthDate: "1958-06-01" } })).toContain("elderly");
    });
  }
  it("a 29 February birthday turns 65 on 1 March of a common year", () => {
    expect(groupsYZ({ asOf: "2021-02-28", resident: { birthDate: "1956-02-29" } })).not.toContain("elderly");
    expect(groupsYZ({ asOf: "2021-03-01", resident: { birthDate: "1956-02-29" } })).toContain("elderly");
    expect(groupsYY({ asOf: "2025-02-28", resident: { birthDate: "1960-02-29" } })).not.toContain("elderly");
    expect(groupsYY({ asOf: "2025-03-01", resident: { birthDate: "1960-02-29" } })).toContain("elderly");
  });
  it("a child born on 29 February turns 7 on 1 March of a common year", () => {
    expect(groupsYY({ asOf: "2023-02-28", resident: { birthDate: "2016-02-29" } })).toContain("preschool-child");
    expect(groupsYY({ asOf: "2023-03-01", resident: { birthDate: "2016-02-29" } })).not.toContain("preschool-child");
  });
});

describe("preschool child: age 6 and 7", () => {
  it("is a preschool child on the day before the 7th birthday", () => {
    expect(groupsYZ({ asOf: "2018-08-31", resident: { birthDate: "2011-09-01" } })).toContain("preschool-child");
    expect(groupsYY({ asOf: "2023-08-31", resident: { birthDate: "2016-09-01" } })).toContain("preschool-child");
  });
  it("is not a preschool child on the 7th birthday", () => {
    expect(groupsYZ({ asOf: "2018-09-01", resident: { birthDate: "2011-09-01" } })).not.toContain("preschool-child");
    expect(groupsYY({ asOf: "2023-09-01", resident: { birthDate: "2016-09-01" } })).not.toContain("preschool-child");
  });
});

describe("maternal: postpartum day 42 and 43", () => {
  const postpartum = (asOf: string) => ({
    asOf,
    resident: { birthDate: "1990-01-01", pregnancy: { status: "postpartum", deliveryDate: "2023-05-01" } },
  });
  it("is maternal on the delivery day (day 0) and on day 42", () => {
    expect(groupsYZ(postpartum("2023-05-01"))).toContain("maternal");
    expect(groupsYZ(postpartum("2023-06-12"))).toContain("maternal");
    expect(groupsYY(postpartum("2023-06-12"))).toContain("maternal");
  });
  it("is not maternal on day 43", () => {
    expect(groupsYZ(postpartum("2023-06-13"))).not.toContain("maternal");
    expect(groupsYY(postpartum("2023-06-13"))).not.toContain("maternal");
  });
  it("is maternal while pregnant", () => {
    expect(groupsYY({ resident: { pregnancy: { status: "pregnant" } } })).toContain("maternal");
  });
});

describe("groups that differ between the packs", () => {
  it("Yongzhou's disabled group needs difficulty in daily living; Yueyang's does not", () => {
    const certifiedOnly = { resident: { disability: { certified: true } } };
    expect(groupsYZ(certifiedOnly)).not.toContain("disabled");
    expect(groupsYY(certifiedOnly)).toContain("disabled");
    expect(groupsYZ({ resident: { disability: { certified: true, dailyLivingDifficulty: true } } })).toContain("disabled");
  });
  it("stroke is a chronic disease in Yongzhou only", () => {
    expect(groupsYZ({ resident: { conditions: ["stroke"] } })).toEqual(["chronic-disease"]);
    expect(groupsYY({ resident: { conditions: ["stroke"] } })).toEqual([]);
  });
  it("tuberculosis is a group of its own in Yueyang", () => {
    expect(groupsYY({ resident: { conditions: ["tuberculosis"] } })).toEqual(["tuberculosis"]);
    expect(groupsYZ({ resident: { conditions: ["tuberculosis"] } })).toEqual([]);
  });
  it("lists groups in pack order", () => {
    const resident = {
      resident: {
        birthDate: "1940-01-01",
        conditions: ["severe-mental-disorder", "diabetes"],
        bedridden: true,
        povertyRegistered: true,
        povertyDueToIllness: true,
      },
    };
    expect(groupsYZ(resident)).toEqual([
      "elderly",
      "chronic-disease",
      "severe-mental-disorder",
      "poverty-due-to-illness",
      "bedridden",
      "registered-poor",
    ]);
    expect(
      groupsYY({
        resident: {
          birthDate: "1940-01-01",
          conditions: ["severe-mental-disorder", "diabetes"],
          povertyAlleviated: true,
          familyPlanningSpecial: true,
        },
      }),
    ).toEqual(["elderly", "poverty-alleviated", "family-planning-special", "chronic-disease", "severe-mental-disorder"]);
  });
});

describe("eligibility", () => {
  it("is eligible with a region code under the pack's prefix", () => {
    expect(evaluate(yueyang(), yyCase({ resident: { regionCode: "430600" } })).eligibility.eligible).toBe(true);
    expect(evaluate(yongzhou(), yzCase({ resident: { regionCode: "431129" } })).eligibility.eligible).toBe(true);
  });
  it("is not eligible outside the prefix, and says which rule failed", () => {
    const decision = evaluate(yueyang(), yyCase({ resident: { regionCode: "431102" } }));
    expect(decision.eligibility.eligible).toBe(false);
    expect(decision.eligibility.reasons.map((reason) => [reason.rule, reason.outcome])).toEqual([
      ["region", false],
      ["one-team-at-a-time", true],
    ]);
    expect(evaluate(yongzhou(), yzCase({ resident: { regionCode: "443110" } })).eligibility.eligible).toBe(false);
  });
  it("is not eligible while a contract with another team is in force", () => {
    const other = { resident: { otherContracts: [{ teamId: "T9", signDate: "2022-06-01" }] } };
    expect(evaluate(yongzhou(), yzCase(patch(other, { asOf: "2023-05-31" }))).eligibility.eligible).toBe(false);
    expect(evaluate(yongzhou(), yzCase(patch(other, { asOf: "2023-06-01" }))).eligibility.eligible).toBe(true);
  });
  it("lets an analyst switch the one-team rule off in JSON", () => {
    const pack = editedPack("yongzhou-2017", (json) => {
      (json.parameters as Record<string, { values: { value: unknown }[] }>)["eligibility.oneTeamAtATime"]!.values[0]!.value = false;
    });
    const decision = evaluate(
      pack,
      yzCase({ asOf: "2023-05-31", resident: { otherContracts: [{ teamId: "T9", signDate: "2022-06-01" }] } }),
    );
    expect(decision.eligibility.eligible).toBe(true);
  });
});

describe("contract term", () => {
  it("is in force on its last day and not the day after", () => {
    const signed = contract("2023-03-01");
    const last = evaluate(yongzhou(), yzCase(patch(signed, { asOf: "2024-02-29" })));
    expect(last.contract).toMatchObject({ start: "2023-03-01", end: "2024-02-29", inForce: true });
    expect(evaluate(yongzhou(), yzCase(patch(signed, { asOf: "2024-03-01" }))).contract?.inForce).toBe(false);
  });
  it("signed on 29 February, ends on 28 February", () => {
    const decision = evaluate(yueyang(), yyCase(patch(contract("2024-02-29"), { asOf: "2025-02-28" })));
    expect(decision.contract).toMatchObject({ start: "2024-02-29", end: "2025-02-28", inForce: true });
    expect(evaluate(yueyang(), yyCase(patch(contract("2024-02-29"), { asOf: "2025-03-01" }))).contract?.inForce).toBe(false);
  });
  it("is not in force before it is signed", () => {
    expect(evaluate(yueyang(), yyCase(patch(contract("2023-06-02"), { asOf: "2023-06-01" }))).contract?.inForce).toBe(false);
  });
});

describe("team 1+1+1", () => {
  const team = (roles: string[]) => contract("2023-01-10", { team: roles.map((role, index) => ({ memberId: `M${index}`, role })) });
  it("is complete with one of each role", () => {
    expect(evaluate(yongzhou(), yzCase(team(["specialist", "general-practitioner", "health-manager"]))).contract?.team).toEqual({
      complete: true,
      missingRoles: [],
    });
  });
  it("names the missing role of an incomplete team", () => {
    expect(evaluate(yongzhou(), yzCase(team(["specialist", "general-practitioner", "general-practitioner"]))).contract?.team).toEqual({
      complete: false,
      missingRoles: ["health-manager"],
    });
    expect(evaluate(yongzhou(), yzCase(team([]))).contract?.team).toEqual({
      complete: false,
      missingRoles: ["specialist", "general-practitioner", "health-manager"],
    });
  });
  it("is not judged under Yueyang, which defines no team shape", () => {
    const decision = evaluate(yueyang(), yyCase(team(["specialist"])));
    expect(decision.contract?.team).toBeUndefined();
    expect(traceOf(decision, "team-shape")?.note?.en).toMatch(/no team shape/);
  });
});

describe("prescription: the 8-week limit (Yongzhou)", () => {
  const signedHypertension = (supplyDays: number, extra: Record<string, unknown> = {}) =>
    yzCase(
      patch(contract("2023-01-10"), {
        resident: { conditions: ["hypertension"] },
        prescription: { supplyDays, forCondition: "hypertension", ...extra },
      }),
    );
  it("allows 56 days to a signed chronic patient", () => {
    expect(evaluate(yongzhou(), signedHypertension(56)).prescription).toEqual({
      maxSupplyDays: 56,
      allowed: true,
      essentialListException: false,
      limit: "signed-chronic-long-prescription",
      requestedDays: 56,
      beyondEssentialList: false,
    });
  });
  it("refuses 57 days", () => {
    expect(evaluate(yongzhou(), signedHypertension(57)).prescription).toMatchObject({ maxSupplyDays: 56, allowed: false });
  });
  it("gives an unsigned resident the ordinary 7 days", () => {
    const decision = evaluate(
      yongzhou(),
      yzCase({ resident: { conditions: ["hypertension"] }, prescription: { supplyDays: 56, forCondition: "hypertension" } }),
    );
    expect(decision.prescription).toMatchObject({ maxSupplyDays: 7, allowed: false, limit: "ordinary-limit" });
  });
  it("gives the ordinary 7 days once the contract has expired", () => {
    const decision = evaluate(yongzhou(), patch(signedHypertension(56), { asOf: "2024-01-10" }));
    expect(decision.contract?.inForce).toBe(false);
    expect(decision.prescription).toMatchObject({ maxSupplyDays: 7, allowed: false });
  });
  it("gives an emergency prescription 3 days", () => {
    expect(evaluate(yongzhou(), signedHypertension(3, { emergency: true })).prescription).toMatchObject({
      maxSupplyDays: 3,
      allowed: true,
      limit: "emergency-limit",
    });
    expect(evaluate(yongzhou(), signedHypertension(4, { emergency: true })).prescription).toMatchObject({
      maxSupplyDays: 3,
      allowed: false,
    });
  });
  it("needs the prescription to be for a listed chronic disease the resident has", () => {
    const notListed = yzCase(
      patch(contract("2023-01-10"), {
        resident: { conditions: ["tuberculosis"] },
        prescription: { supplyDays: 56, forCondition: "tuberculosis" },
      }),
    );
    expect(evaluate(yongzhou(), notListed).prescription?.maxSupplyDays).toBe(7);
    const notHad = yzCase(
      patch(contract("2023-01-10"), {
        resident: { conditions: ["diabetes"] },
        prescription: { supplyDays: 56, forCondition: "hypertension" },
      }),
    );
    expect(evaluate(yongzhou(), notHad).prescription?.maxSupplyDays).toBe(7);
  });
  it("lets a down-referred patient go beyond the essential-drug list, and no one else", () => {
    expect(evaluate(yongzhou(), signedHypertension(28, { downReferred: true, beyondEssentialList: true })).prescription).toMatchObject({
      allowed: true,
      essentialListException: true,
    });
    expect(evaluate(yongzhou(), signedHypertension(28, { beyondEssentialList: true })).prescription).toMatchObject({
      allowed: false,
      essentialListException: false,
    });
  });
  it("applies only the ordinary limits under Yueyang", () => {
    const decision = evaluate(
      yueyang(),
      yyCase(
        patch(contract("2023-01-10"), {
          resident: { conditions: ["hypertension"] },
          prescription: { supplyDays: 56, forCondition: "hypertension", beyondEssentialList: true },
        }),
      ),
    );
    expect(decision.prescription).toEqual({
      maxSupplyDays: 7,
      allowed: false,
      essentialListException: false,
      limit: "ordinary-limit",
      requestedDays: 56,
      beyondEssentialList: true,
    });
    expect(traceOf(decision, "essential-list")?.note?.en).toMatch(/essential-drug list/);
  });
});

describe("referral discount (Yueyang)", () => {
  const referral = (extra: Record<string, unknown> = {}) =>
    yyCase({
      ...contract("2023-01-10"),
      referral: {
        byFamilyDoctor: true,
        disease: "hypertension",
        emergency: false,
        receivingLevel: "county",
        items: [
          { code: "CT-01", category: "imaging", price: "300.00" },
          { code: "LAB-1", category: "biochemical", price: "45.55" },
          { code: "REG", category: "other", price: "20.00" },
        ],
        ...extra,
      },
    });
  it("discounts imaging and biochemical items by 5 % when every condition holds", () => {
    expect(evaluate(yueyang(), referral()).referral).toEqual({
      discountApplies: true,
      discountRate: "0.05",
      items: [
        { code: "CT-01", category: "imaging", price: "300.00", discount: "15.00", payable: "285.00" },
        { code: "LAB-1", category: "biochemical", price: "45.55", discount: "2.28", payable: "43.27" },
        { code: "REG", category: "other", price: "20.00", discount: "0.00", payable: "20.00" },
      ],
      totalDiscount: "17.28",
    });
  });
  it.each([
    ["not referred by the family doctor", { byFamilyDoctor: false }],
    ["an emergency", { emergency: true }],
    ["a disease not on the specified list", { disease: "copd" }],
    ["a township hospital", { receivingLevel: "township" }],
    ["no disease given", { disease: undefined }],
  ])("gives no discount for %s", (_, extra) => {
    const decision = evaluate(yueyang(), referral(extra));
    expect(decision.referral).toMatchObject({ discountApplies: false, discountRate: "0.00", totalDiscount: "0.00" });
    expect(decision.referral?.items.every((item) => item.payable === item.price)).toBe(true);
  });
  it("applies at city secondary and tertiary hospitals", () => {
    expect(evaluate(yueyang(), referral({ receivingLevel: "city-secondary" })).referral?.discountApplies).toBe(true);
    expect(evaluate(yueyang(), referral({ receivingLevel: "city-tertiary" })).referral?.discountApplies).toBe(true);
  });
  it("gives no discount where the pilot is switched off", () => {
    const pack = editedPack("yueyang-2023", (json) => {
      (json.parameters as Record<string, { values: { value: unknown }[] }>)["referralDiscount.enabled"]!.values[0]!.value = false;
    });
    expect(evaluate(pack, referral()).referral?.discountApplies).toBe(false);
  });
  it("uses the pack's rate", () => {
    const pack = editedPack("yueyang-2023", (json) => {
      (json.parameters as Record<string, { values: { value: unknown }[] }>)["referralDiscount.rate"]!.values[0]!.value = "0.08";
    });
    expect(evaluate(pack, referral()).referral).toMatchObject({ discountRate: "0.08", totalDiscount: "27.64" });
  });
  it("is silent under Yongzhou: items payable at their price", () => {
    const decision = evaluate(yongzhou(), yzCase({ referral: referral().referral as object }));
    expect(decision.referral).toMatchObject({ discountApplies: false, totalDiscount: "0.00" });
    expect(traceOf(decision, "referral-discount")?.note?.en).toMatch(/no discount/);
  });
});

describe("registration fee (Yongzhou)", () => {
  const visit = (setting: string) => ({ visit: { setting, registrationFee: "10.00" } });
  it("is waived in full for a signed resident at the own primary institution", () => {
    expect(evaluate(yongzhou(), yzCase(patch(contract(), visit("own-primary")))).registrationFee).toEqual({
      fee: "10.00",
      charged: "0.00",
      waived: "10.00",
    });
  });
  it("is charged in full to an unsigned resident", () => {
    expect(evaluate(yongzhou(), yzCase(visit("own-primary"))).registrationFee).toEqual({ fee: "10.00", charged: "10.00", waived: "0.00" });
  });
  it("leaves charged and waived unset at a referred-to hospital, the reduction having no amount in the text (amount-not-set)", () => {
    const decision = evaluate(yongzhou(), yzCase(patch(contract(), visit("referred-hospital"))));
    expect(decision.registrationFee).toEqual({ fee: "10.00", charged: null, waived: null });
    expect(decision.warnings).toEqual([
      expect.objectContaining({ code: "amount-not-set", path: "/visit/registrationFee", message: expect.stringMatching(/YZ §5\.2/) }),
    ]);
    expect(traceOf(decision, "referred-hospital-fee-reduced")).toMatchObject({
      outcome: true,
      interpretation: true,
      note: { en: expect.stringMatching(/set locally/) },
    });
    expect(traceOf(decision, "referred-hospital-fee-reduced")?.value).toBeUndefined();
  });
  it("is charged in full elsewhere", () => {
    expect(evaluate(yongzhou(), yzCase(patch(contract(), visit("other")))).registrationFee).toEqual({
      fee: "10.00",
      charged: "10.00",
      waived: "0.00",
    });
  });
  it("is charged in full under Yueyang, whose documents are silent, and the trace says so", () => {
    const decision = evaluate(yueyang(), yyCase(patch(contract(), visit("own-primary"))));
    expect(decision.registrationFee).toEqual({ fee: "10.00", charged: "10.00", waived: "0.00" });
    expect(traceOf(decision, "registration-fee")).toMatchObject({ outcome: false, cite: { clause: "YY §2.2.3" } });
  });
});

describe("inpatient deductible (Yongzhou)", () => {
  const episode = (extra: Record<string, unknown>) => ({
    inpatient: { referral: "upward", followedPrimaryFirst: true, deductible: "800.00", deductiblePaidInEpisode: "300.00", ...extra },
  });
  it("charges only the difference on a referral that followed the levels", () => {
    expect(evaluate(yongzhou(), yzCase(patch(contract(), episode({})))).inpatient).toEqual({
      deductible: "800.00",
      paidInEpisode: "300.00",
      deductiblePayable: "500.00",
    });
    expect(evaluate(yongzhou(), yzCase(patch(contract(), episode({ referral: "downward" })))).inpatient).toEqual({
      deductible: "800.00",
      paidInEpisode: "300.00",
      deductiblePayable: "500.00",
    });
  });
  it("never goes below zero", () => {
    expect(evaluate(yongzhou(), yzCase(patch(contract(), episode({ deductible: "200.00" })))).inpatient).toEqual({
      deductible: "200.00",
      paidInEpisode: "300.00",
      deductiblePayable: "0.00",
    });
  });
  it("charges the whole deductible when a level was skipped", () => {
    expect(evaluate(yongzhou(), yzCase(patch(contract(), episode({ followedPrimaryFirst: false })))).inpatient).toEqual({
      deductible: "800.00",
      paidInEpisode: "300.00",
      deductiblePayable: "800.00",
    });
  });
  it("charges the whole deductible without a referral or a contract", () => {
    expect(evaluate(yongzhou(), yzCase(patch(contract(), episode({ referral: "none" })))).inpatient).toEqual({
      deductible: "800.00",
      paidInEpisode: "300.00",
      deductiblePayable: "800.00",
    });
    expect(evaluate(yongzhou(), yzCase(episode({}))).inpatient).toEqual({
      deductible: "800.00",
      paidInEpisode: "300.00",
      deductiblePayable: "800.00",
    });
  });
  it("charges the whole deductible under Yueyang, whose documents are silent", () => {
    expect(evaluate(yueyang(), yyCase(patch(contract(), episode({})))).inpatient).toEqual({
      deductible: "800.00",
      paidInEpisode: "300.00",
      deductiblePayable: "800.00",
    });
  });
});

describe("fees and staff pay", () => {
  const members = (scores: (number | undefined)[]) =>
    scores.map((score, index) => ({ memberId: `D${index + 1}`, role: "general-practitioner", ...(score === undefined ? {} : { score }) }));
  it("splits the Yueyang basic fee 20 + 12 + 8 and pools 70 %", () => {
    expect(evaluate(yueyang(), yyCase(contract())).fee).toEqual({
      total: "40.00",
      payers: { "public-health-subsidy": "20.00", "medical-insurance-fund": "12.00", resident: "8.00" },
      packages: [
        { id: "basic", total: "40.00", payers: { "public-health-subsidy": "20.00", "medical-insurance-fund": "12.00", resident: "8.00" } },
      ],
      staffPool: "28.00",
    });
  });
  it("shares the pool by score", () => {
    expect(evaluate(yueyang(), yyCase(contract("2023-01-10", { team: members([95, 88, 90]) }))).fee?.staffPay).toEqual({
      D1: "9.74",
      D2: "9.03",
      D3: "9.23",
    });
  });
  it("shares the pool equally when every score is zero", () => {
    expect(evaluate(yueyang(), yyCase(contract("2023-01-10", { team: members([0, 0, 0]) }))).fee?.staffPay).toEqual({
      D1: "9.34",
      D2: "9.33",
      D3: "9.33",
    });
  });
  it("takes a score of -0 (as JSON may write it) as 0", () => {
    expect(evaluate(yueyang(), yyCase(contract("2023-01-10", { team: members([-0, -0, -0]) }))).fee?.staffPay).toEqual({
      D1: "9.34",
      D2: "9.33",
      D3: "9.33",
    });
    expect(
      evaluate(
        yueyang(),
        JSON.parse(JSON.stringify(yyCase(contract("2023-01-10", { team: members([1, 0, 0]) }))).replace('"score":0', '"score":-0')),
      ).fee?.staffPay,
    ).toEqual({ D1: "28.00", D2: "0.00", D3: "0.00" });
  });
  it("shares the pool equally when no score is given", () => {
    expect(evaluate(yueyang(), yyCase(contract("2023-01-10", { team: members([undefined, undefined]) }))).fee?.staffPay).toEqual({
      D1: "14.00",
      D2: "14.00",
    });
  });
  it("refuses a team where only some members have a score", () => {
    expect(() => evaluate(yueyang(), yyCase(contract("2023-01-10", { team: members([10, undefined]) })))).toThrow(
      /every team member or for none/,
    );
  });
  it("prices a personalised package as the sum of its items, paid by the resident", () => {
    const fee = evaluate(
      yueyang(),
      yyCase(
        contract("2023-01-10", {
          packages: [
            {
              id: "personalized",
              items: [
                { code: "TCM-ACU", unitPrice: "35.50", quantity: 3 },
                { code: "CUP", unitPrice: "0.01", quantity: 7 },
              ],
            },
          ],
        }),
      ),
    ).fee;
    expect(fee).toMatchObject({ total: "106.57", payers: { resident: "106.57" }, staffPool: "0.00" });
  });
  it("counts personalised packages in the pool when the analyst says so", () => {
    const pack = editedPack("yueyang-2023", (json) => {
      (json.parameters as Record<string, { values: { value: unknown }[] }>)["staffPool.packages"]!.values[0]!.value = [
        "basic",
        "personalized",
      ];
    });
    const fee = evaluate(
      pack,
      yyCase(
        contract("2023-01-10", {
          packages: [{ id: "basic" }, { id: "personalized", items: [{ code: "X", unitPrice: "10.05", quantity: 1 }] }],
        }),
      ),
    ).fee;
    expect(fee).toMatchObject({ total: "50.05", staffPool: "35.04" });
  });
  it("reports Yongzhou's 10 + 10 subsidy with no resident share and no staff pool", () => {
    const decision = evaluate(yongzhou(), yzCase(contract("2023-01-10", { team: members([1, 2]) })));
    expect(decision.fee).toEqual({
      total: "20.00",
      payers: { "medical-insurance-fund": "10.00", "public-health-subsidy": "10.00" },
      packages: [{ id: "basic", total: "20.00", payers: { "medical-insurance-fund": "10.00", "public-health-subsidy": "10.00" } }],
    });
    expect(traceOf(decision, "staff-pool")).toMatchObject({ outcome: false, cite: { clause: "YZ §6.1.2" } });
  });
});

describe("benefits", () => {
  it("lists a signed resident's benefits with their citations", () => {
    const decision = evaluate(yongzhou(), yzCase(patch(contract(), { resident: { conditions: ["diabetes"] } })));
    expect(decision.benefits.map((benefit) => benefit.id)).toEqual([
      "free-basic-public-health",
      "annual-health-assessment",
      "registration-fee-waived",
      "referral-green-channel",
      "long-prescription",
      "deductible-not-charged-twice",
    ]);
    expect(decision.benefits.every((benefit) => benefit.cite.doc === "永政办函〔2017〕71号" && benefit.cite.quote)).toBe(true);
  });
  it("gives no benefits to an unsigned resident", () => {
    expect(evaluate(yongzhou(), yzCase()).benefits).toEqual([]);
  });
});

describe("sections appear when their input is given", () => {
  it("has only the always-present sections for a bare resident", () => {
    expect(Object.keys(evaluate(yueyang(), yyCase()))).toEqual([
      "pack",
      "packVersion",
      "packHash",
      "asOf",
      "residentId",
      "eligibility",
      "priorityGroups",
      "benefits",
      "warnings",
      "trace",
    ]);
  });
  it("gives every trace entry a citation with doc and clause", () => {
    const decision = evaluate(
      yongzhou(),
      yzCase(
        patch(contract(), {
          prescription: { supplyDays: 5 },
          visit: { setting: "other", registrationFee: "1.00" },
          referral: {},
          inpatient: { referral: "none", deductible: "1.00" },
        }),
      ),
    );
    expect(decision.trace.length).toBeGreaterThan(20);
    for (const entry of decision.trace) {
      expect(entry.cite.doc).toBeTruthy();
      expect(entry.cite.clause).toBeTruthy();
      expect(entry.pack).toBe("yongzhou-2017");
    }
  });
});
