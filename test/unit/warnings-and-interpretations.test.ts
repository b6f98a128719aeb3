/**
 * Issue 10: the new warning codes, the interpretation flag on trace entries
 * (POLICY 19), secondary cites, and the decision agreeing with itself.
 */
import { describe, expect, it } from "vitest";
import { DECISION_WARNING_CODES, evaluate, ISSUE_TEXT_ZH } from "../../src/index.js";
import { toBatchRecord } from "../../src/batch/record.js";
import { contract, patch, yongzhou, yueyang, yyCase, yzCase } from "../support/cases.js";

const codes = (decision: { warnings: readonly { code: string }[] }) => decision.warnings.map((warning) => warning.code);

describe("new warnings", () => {
  it("have stable codes with Chinese texts", () => {
    expect([...DECISION_WARNING_CODES]).toEqual([
      "not-eligible-no-fee",
      "overlapping-contract",
      "amount-not-set",
      "order-presumed",
      "referral-disease-not-recorded",
      "pregnancy-sex-mismatch",
    ]);
    for (const code of DECISION_WARNING_CODES) expect(ISSUE_TEXT_ZH[code]).toMatch(/[\u4e00-\u9fff]/);
  });

  it("overlapping-contract names another team's contract, and the resident is not eligible", () => {
    const decision = evaluate(
      yongzhou(),
      yzCase(patch(contract("2023-01-10"), { resident: { otherContracts: [{ teamId: "T9", signDate: "2022-09-01" }] } })),
    );
    expect(decision.eligibility.eligible).toBe(false);
    expect(decision.warnings[0]).toMatchObject({
      code: "overlapping-contract",
      path: "/resident/otherContracts/0",
      message: expect.stringContaining('"T9"'),
    });
  });

  it("a same-team renewal keeps the resident eligible, with a warning that says it is a renewal", () => {
    const decision = evaluate(
      yueyang(),
      yyCase(patch(contract("2023-05-20"), { resident: { otherContracts: [{ teamId: "T1", signDate: "2022-06-01" }] } })),
    );
    expect(decision.eligibility.eligible).toBe(true);
    expect(decision.fee?.total).toBe("40.00");
    expect(decision.warnings).toEqual([
      expect.objectContaining({ code: "overlapping-contract", message: expect.stringContaining("renewal") }),
    ]);
  });

  it("no warning for a contract that ended before this one began", () => {
    const decision = evaluate(
      yueyang(),
      yyCase(patch(contract("2023-05-20"), { resident: { otherContracts: [{ teamId: "T9", signDate: "2022-05-01" }] } })),
    );
    expect(codes(decision)).toEqual([]);
  });

  it("pregnancy-sex-mismatch for a pregnancy on a resident recorded as male", () => {
    const decision = evaluate(yongzhou(), yzCase({ resident: { sex: "male", pregnancy: { status: "pregnant" } } }));
    expect(decision.warnings).toEqual([expect.objectContaining({ code: "pregnancy-sex-mismatch", path: "/resident/pregnancy" })]);
    expect(codes(evaluate(yongzhou(), yzCase({ resident: { sex: "female", pregnancy: { status: "pregnant" } } })))).toEqual([]);
  });

  it("referral-disease-not-recorded when the referral's disease is not among the resident's conditions", () => {
    const referral = { referral: { byFamilyDoctor: true, disease: "diabetes", emergency: false, receivingLevel: "county", items: [] } };
    const decision = evaluate(yueyang(), yyCase(patch(contract(), referral, { resident: { conditions: ["hypertension"] } })));
    expect(decision.warnings).toEqual([expect.objectContaining({ code: "referral-disease-not-recorded", path: "/referral/disease" })]);
    expect(codes(evaluate(yueyang(), yyCase(patch(contract(), referral, { resident: { conditions: ["diabetes"] } }))))).toEqual([]);
  });

  it("order-presumed only where the pack has the down-referral exception and the case does not say", () => {
    const asked = (extra: Record<string, unknown>) => ({
      prescription: { supplyDays: 7, downReferred: true, beyondEssentialList: true, ...extra },
    });
    expect(codes(evaluate(yongzhou(), yzCase(asked({}))))).toEqual(["order-presumed"]);
    expect(codes(evaluate(yongzhou(), yzCase(asked({ followsHigherHospitalOrder: true }))))).toEqual([]);
    expect(evaluate(yongzhou(), yzCase(asked({ followsHigherHospitalOrder: true }))).prescription).toMatchObject({
      essentialListException: true,
      allowed: true,
    });
    expect(evaluate(yongzhou(), yzCase(asked({ followsHigherHospitalOrder: false }))).prescription).toMatchObject({
      essentialListException: false,
      allowed: false,
    });
    expect(codes(evaluate(yueyang(), yyCase(asked({}))))).toEqual([]);
  });
});

describe("interpretations reach the decision (POLICY 19)", () => {
  it("marks one-team-at-a-time an interpretation with its own note, citing the national document as secondary, not a seed sentence", () => {
    for (const pack of [yongzhou(), yueyang()]) {
      const decision = evaluate(pack, pack.id === "yongzhou-2017" ? yzCase() : yyCase());
      const entry = decision.eligibility.reasons.find((reason) => reason.rule === "one-team-at-a-time");
      expect(entry).toMatchObject({ interpretation: true, cite: { doc: "国卫基层发〔2018〕35号", source: "secondary" } });
      expect(entry?.cite.quote).toBeUndefined();
      expect(entry?.note?.en).toMatch(/Not in the seeds|not in the seeds/);
    }
  });

  it("marks a group whose value rests on an interpretation (elderly: 65, 以上 includes the number)", () => {
    const decision = evaluate(yongzhou(), yzCase({ resident: { birthDate: "1950-01-01" } }));
    const entry = decision.trace.find((item) => item.rule === "elderly");
    expect(entry).toMatchObject({ interpretation: true, note: { en: expect.stringMatching(/includes 65/) } });
  });

  it("leaves unmarked an entry that rests on the text alone", () => {
    const decision = evaluate(yongzhou(), yzCase(contract()));
    expect(decision.trace.find((item) => item.rule === "free-basic-public-health")?.interpretation).toBeUndefined();
  });

  it("carries the flag into compact batch records", () => {
    const record = toBatchRecord(evaluate(yueyang(), yyCase(contract()), { trace: "compact" }));
    expect(record.eligibility.reasons).toContainEqual({
      rule: "one-team-at-a-time",
      outcome: true,
      clause: "一个团队签约",
      interpretation: true,
    });
    expect(record.trace.find((entry) => entry.rule === "basic")?.interpretation).toBeUndefined();
  });

  it("lists the not-encoded parts the issue names", () => {
    expect(yongzhou().data.notEncoded.map((item) => item.cite.clause)).toEqual(expect.arrayContaining(["YZ §3.2", "YZ §3.3", "YZ §6.3.1"]));
    expect(yueyang().data.notEncoded.find((item) => item.topic === "national-long-prescription-rules")?.cite).toMatchObject({
      source: "secondary",
    });
  });
});

describe("a decision never contradicts itself", () => {
  it("the referral discount and the benefits list agree on who is signed", () => {
    const referral = {
      referral: {
        byFamilyDoctor: true,
        disease: "hypertension",
        emergency: false,
        receivingLevel: "county",
        items: [{ code: "CT", category: "imaging", price: "100.00" }],
      },
      resident: { conditions: ["hypertension"] },
    };
    for (const kase of [
      yyCase(referral),
      yyCase(patch(contract("2023-07-01"), referral)),
      yyCase(patch(contract(), referral, { resident: { regionCode: "431102" } })),
    ]) {
      const decision = evaluate(yueyang(), kase);
      expect(decision.referral?.discountApplies).toBe(false);
      expect(decision.benefits.some((benefit) => benefit.id === "referral-test-discount")).toBe(false);
    }
    const signed = evaluate(yueyang(), yyCase(patch(contract(), referral)));
    expect(signed.referral?.discountApplies).toBe(true);
    expect(signed.benefits.some((benefit) => benefit.id === "referral-test-discount")).toBe(true);
  });

  it("home services only with mobility difficulty (YZ §3.3, POLICY 17)", () => {
    const homeServices = (resident: Record<string, unknown>) =>
      evaluate(yongzhou(), yzCase(patch(contract(), { resident }))).benefits.some((benefit) => benefit.id === "home-services");
    expect(homeServices({})).toBe(false);
    expect(homeServices({ bedridden: true })).toBe(true);
    expect(homeServices({ disability: { certified: true, dailyLivingDifficulty: true } })).toBe(true);
    expect(homeServices({ disability: { certified: true } })).toBe(false);
  });
});
