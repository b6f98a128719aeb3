import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Decimal, sum, yuan } from "../../src/core/money.js";
import { DecisionSchema, evaluate, evaluateReference, loadPack } from "../../src/index.js";
import { caseArbitrary } from "../support/arbitraries.js";

const packs = ["yueyang-2023", "yongzhou-2017"] as const;
const total = (amounts: Record<string, string>) => sum(Object.values(amounts).map((a) => yuan(a)));

describe.each(packs)("decisions under %s", (packId) => {
  const pack = loadPack(packId);
  const cases = caseArbitrary(packId);

  it("compiled and json-rules-engine evaluators give the same decision", async () => {
    await fc.assert(
      fc.asyncProperty(cases, async (kase) => {
        expect(await evaluateReference(pack, kase)).toEqual(evaluate(pack, kase));
      }),
      { numRuns: 150 },
    );
  });

  it("every decision fits the decision schema, and every split sums to its whole", () => {
    fc.assert(
      fc.property(cases, (kase) => {
        const decision = evaluate(pack, kase);
        expect(DecisionSchema.safeParse(decision).success).toBe(true);
        const fee = decision.fee;
        if (fee) {
          expect(total(fee.payers).equals(yuan(fee.total))).toBe(true);
          for (const item of fee.packages) expect(total(item.payers).equals(yuan(item.total))).toBe(true);
          if (fee.staffPay) expect(total(fee.staffPay).equals(yuan(fee.staffPool as string))).toBe(true);
        }
        const referral = decision.referral;
        if (referral) {
          for (const item of referral.items) {
            expect(yuan(item.discount).plus(yuan(item.payable)).equals(yuan(item.price))).toBe(true);
            expect(yuan(item.payable).isNegative()).toBe(false);
          }
          expect(sum(referral.items.map((item) => yuan(item.discount))).equals(yuan(referral.totalDiscount))).toBe(true);
        }
        const registration = decision.registrationFee;
        if (registration) {
          expect(registration.charged === null).toBe(registration.waived === null);
          if (registration.charged !== null && registration.waived !== null) {
            expect(yuan(registration.charged).isNegative()).toBe(false);
            expect(yuan(registration.charged).plus(yuan(registration.waived)).equals(yuan(registration.fee))).toBe(true);
          } else expect(decision.warnings.some((warning) => warning.code === "amount-not-set")).toBe(true);
        }
      }),
      { numRuns: 400 },
    );
  });
});

describe("money properties of the Yueyang pack", () => {
  const pack = loadPack("yueyang-2023");
  const base = { asOf: "2023-06-01", resident: { id: "P", birthDate: "1970-01-01", regionCode: "430602" } };
  const amountArb = fc.integer({ min: 0, max: 50_000_000 }).map((fen) => new Decimal(fen).dividedBy(100).toFixed(2));

  it("staff pay sums to the pool, each share non-negative and within one fen of its exact proportion", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 12 }), (scores) => {
        const team = scores.map((score, index) => ({ memberId: `M${index}`, role: "general-practitioner" as const, score }));
        const fee = evaluate(pack, { ...base, contract: { teamId: "T", signDate: "2023-01-01", packages: [{ id: "basic" }], team } }).fee!;
        const pool = yuan(fee.staffPool!);
        const pay = Object.values(fee.staffPay!).map((a) => yuan(a));
        expect(sum(pay).equals(pool)).toBe(true);
        const scoreSum = scores.reduce((a, b) => a + b, 0);
        pay.forEach((share, index) => {
          expect(share.isNegative()).toBe(false);
          const exact = scoreSum === 0 ? pool.dividedBy(scores.length) : pool.times(scores[index]!).dividedBy(scoreSum);
          expect(share.minus(exact).abs().lessThan("0.01")).toBe(true);
        });
      }),
      { numRuns: 300 },
    );
  });

  const referralCase = (items: { code: string; category: "imaging" | "biochemical" | "other"; price: string }[]) => ({
    ...base,
    // The discount is for signed residents (POLICY 6): a contract in force on the decision date.
    contract: { teamId: "T1", signDate: "2023-01-10" },
    referral: { byFamilyDoctor: true, disease: "hypertension" as const, emergency: false, receivingLevel: "county" as const, items },
  });
  const items = fc.array(
    fc.record({
      code: fc.string({ minLength: 1, maxLength: 3 }),
      category: fc.constantFrom("imaging", "biochemical", "other"),
      price: amountArb,
    }),
    { maxLength: 8 },
  );

  it("discount + payable = price, and the discount is at least rate × price − half a fen", () => {
    fc.assert(
      fc.property(items, (list) => {
        const referral = evaluate(pack, referralCase(list)).referral!;
        referral.items.forEach((item, index) => {
          expect(yuan(item.discount).plus(yuan(item.payable)).equals(yuan(item.price))).toBe(true);
          if (list[index]!.category !== "other")
            expect(yuan(item.discount).greaterThanOrEqualTo(yuan(item.price).times("0.05").minus("0.005"))).toBe(true);
        });
      }),
      { numRuns: 300 },
    );
  });

  it("referral results do not depend on item order", () => {
    fc.assert(
      fc.property(items, fc.func(fc.integer()), (list, key) => {
        const shuffled = [...list].sort((a, b) => key(a) - key(b));
        const byCode = (decisionItems: { code: string }[]) => [...decisionItems].map((item) => JSON.stringify(item)).sort();
        const a = evaluate(pack, referralCase(list)).referral!;
        const b = evaluate(pack, referralCase(shuffled)).referral!;
        expect(b.totalDiscount).toBe(a.totalDiscount);
        expect(byCode(b.items)).toEqual(byCode(a.items));
      }),
      { numRuns: 200 },
    );
  });

  it("personalised package results do not depend on item order, and equal the sum of unit price × quantity", () => {
    const lines = fc.array(
      fc.record({ code: fc.string({ minLength: 1, maxLength: 3 }), unitPrice: amountArb, quantity: fc.integer({ min: 1, max: 50 }) }),
      { maxLength: 8 },
    );
    fc.assert(
      fc.property(lines, (list) => {
        const fee = (order: typeof list) =>
          evaluate(pack, { ...base, contract: { teamId: "T", signDate: "2023-01-01", packages: [{ id: "personalized", items: order }] } })
            .fee!;
        const a = fee(list);
        const b = fee([...list].reverse());
        expect(b).toEqual(a);
        expect(yuan(a.total).equals(sum(list.map((line) => yuan(line.unitPrice).times(line.quantity))))).toBe(true);
        expect(a.payers).toEqual({ resident: a.total });
      }),
      { numRuns: 200 },
    );
  });
});
