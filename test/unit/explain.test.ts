/** Explanations a Chinese-speaking analyst can trust (issue 10). */
import { describe, expect, it } from "vitest";
import { evaluate, explain, type Pack } from "../../src/index.js";
import { contract, patch, yongzhou, yueyang, yyCase, yzCase } from "../support/cases.js";

/** Ids of the packs' vocabulary that must never appear in a Chinese line. */
const ENGLISH_IDS =
  /\b(elderly|chronic-disease|preschool-child|maternal|disabled|public-health-subsidy|medical-insurance-fund|resident|specialist|general-practitioner|health-manager|own-primary-fee-waived|referred-hospital-fee-reduced|ordinary-limit|emergency-limit|signed-chronic-long-prescription|one-team-at-a-time|region|home-services|basic|imaging|biochemical)\b/;

const zhLines = (pack: Pack, kase: unknown) => explain(evaluate(pack, kase), pack, { lang: "zh" }).split("\n");
const enLines = (pack: Pack, kase: unknown) => explain(evaluate(pack, kase), pack, { lang: "en" }).split("\n");

const team = {
  team: [
    { memberId: "S1", role: "specialist" },
    { memberId: "G1", role: "general-practitioner" },
  ],
};
const yzFull = yzCase(
  patch(contract("2023-01-10", team), {
    resident: { birthDate: "1950-01-01", conditions: ["hypertension"], bedridden: true },
    prescription: {
      supplyDays: 60,
      forCondition: "hypertension",
      downReferred: true,
      beyondEssentialList: true,
      followsHigherHospitalOrder: false,
    },
    visit: { setting: "referred-hospital", registrationFee: "12.00" },
    inpatient: { referral: "upward", followedPrimaryFirst: true, deductible: "1200.00", deductiblePaidInEpisode: "200.00" },
  }),
);
const yyFull = yyCase(
  patch(contract("2023-01-10"), {
    resident: { birthDate: "1950-01-01", conditions: ["hypertension"] },
    referral: {
      byFamilyDoctor: true,
      disease: "hypertension",
      emergency: false,
      receivingLevel: "county",
      items: [
        { code: "CT", category: "imaging", price: "300.00" },
        { code: "X", category: "other", price: "20.00" },
      ],
    },
  }),
);

describe("explain", () => {
  it("writes no English id inside a Chinese line", () => {
    for (const [pack, kase] of [
      [yongzhou(), yzFull],
      [yueyang(), yyFull],
      [yueyang(), yyCase({ resident: { regionCode: "431102" }, ...contract() })],
    ] as const) {
      for (const line of zhLines(pack, kase)) expect(line, line).not.toMatch(ENGLISH_IDS);
    }
  });

  it("gives both languages as separate lines by default, the Chinese first", () => {
    const lines = explain(evaluate(yongzhou(), yzFull), yongzhou()).split("\n");
    const zh = zhLines(yongzhou(), yzFull);
    const en = enLines(yongzhou(), yzFull);
    expect(lines).toEqual(zh.flatMap((line, index) => [line, en[index] as string]));
    expect(en.some((line) => line.includes("「"))).toBe(false);
  });

  it("calls Yongzhou's 10 + 10 funding, never a fee, and names its payers as the document does", () => {
    const zh = zhLines(yongzhou(), yzFull);
    expect(zh).toContain("签约服务补助");
    expect(zh.join("\n")).not.toContain("签约服务费");
    expect(zh).toContain("  合计 20.00 元 = 医保基金 10.00 元 + 基本公共卫生服务项目资金 10.00 元");
    expect(enLines(yongzhou(), yzFull)).toContain("Signing-service funding");
    expect(zhLines(yueyang(), yyFull)).toContain(
      "  合计 40.00 元 = 基本公共卫生补助经费 20.00 元 + 基本医疗保险基金 12.00 元 + 签约居民 8.00 元",
    );
  });

  it("gives the reason of every refusal and every zero", () => {
    const zh = zhLines(yongzhou(), yzFull).join("\n");
    expect(zh).toContain(
      "允许：否（申请 60 天超过上限 56 天（签约慢性病患者单次配药可延长至8周）；含基本药物目录外药品，且不符合下转病人例外）",
    );
    expect(zh).toContain("团队完整：否（缺少：健康管理人员）");
    expect(zh).toContain("应付起付线 1200.00 − 200.00 = 1000.00 元");
    expect(zh).toContain("挂号费 12.00 元：文件承诺减免但未给金额，由当地规定");
    const en = enLines(yongzhou(), yzFull).join("\n");
    expect(en).toContain("Deductible payable 1200.00 − 200.00 = 1000.00 yuan");
    expect(en).toContain("60 days asked exceed the 56-day limit");
    const referral = zhLines(yueyang(), yyFull).join("\n");
    expect(referral).toContain("优惠适用，比例 5%");
    expect(referral).toContain("X（其他）：20.00 − 0.00 = 20.00 元（其他，不在优惠项目之内）");
    const unsigned = zhLines(
      yueyang(),
      yyCase({ resident: { conditions: ["hypertension"] }, referral: (yyFull as { referral: unknown }).referral }),
    ).join("\n");
    expect(unsigned).toContain("优惠不适用：居民未签约");
  });

  it("says why a resident who is not eligible has no fee", () => {
    const zh = zhLines(yueyang(), yyCase({ resident: { regionCode: "431102" }, ...contract() })).join("\n");
    expect(zh).toContain("可以签约：否（未满足：居住在岳阳市）");
    expect(zh).toContain("不计费用、补助和薪酬池：居民不符合签约条件");
    expect(zh).toContain("警告 /contract/packages：不符合签约条件");
  });

  it("marks interpretations with their note, and the reading taken where a clause has two", () => {
    const zh = zhLines(yueyang(), yyFull).join("\n");
    expect(zh).toContain("（解释：");
    expect(zh).toContain("另一种理解为报销比例提高5个百分点，未采用");
    expect(enLines(yueyang(), yyFull).join("\n")).toContain("(interpretation: ");
  });

  it("finds the bundled pack's labels when no pack is given", () => {
    expect(explain(evaluate(yongzhou(), yzFull), undefined, { lang: "zh" })).toBe(zhLines(yongzhou(), yzFull).join("\n"));
  });
});
