/**
 * Money on whole fen (src/core/fen.ts and the fen paths of fees, referral
 * discounts, registration fees, inpatient deductibles and the batch summary)
 * against decimal.js, the money type: the same amounts, to the fen, or no
 * answer (and the caller takes Decimal).
 */
import fc from "fast-check";
import { beforeEach, describe, expect, it } from "vitest";
import { MoneyTotal } from "../../src/batch/batch.js";
import { allocateFen, applyRateFen, fenOf, fenText } from "../../src/core/fen.js";
import { allocate, applyRate, Decimal, decimal, toAmount, yuan } from "../../src/core/money.js";
import { computeFee, evaluate, loadPack } from "../../src/index.js";
import { paramsOn } from "../../src/policy/context.js";
import { packageFee, packageFeeFen } from "../../src/policy/package-fee.js";
import type { Package } from "../../src/pack/schema.js";

/** Amount strings as cases write them: up to 15 digits of yuan (beyond the fen path's 13), zero to two decimals. */
const amountText = fc
  .tuple(
    fc.oneof(
      fc.integer({ min: 0, max: 100_000 }),
      fc.bigInt({ min: 0n, max: 999_999_999_999_999n }).map(Number).filter(Number.isSafeInteger),
    ),
    fc.constantFrom("", ".5", ".05", ".50", ".99", ".1"),
  )
  .map(([whole, fraction]) => `${whole}${fraction}`);
const rateText = fc
  .tuple(fc.integer({ min: 0, max: 2 }), fc.constantFrom("", ".5", ".05", ".333333333333", ".7", ".125", ".0001"))
  .map(([whole, fraction]) => `${whole}${fraction}`);

describe("fen against Decimal", () => {
  let answered = 0;
  beforeEach(() => {
    answered = 0;
  });

  it("reads and writes amounts as yuan and toAmount do (or leaves them to Decimal)", () => {
    fc.assert(
      fc.property(amountText, (text) => {
        const fen = fenOf(text);
        if (fen === undefined) expect(text.split(".")[0]!.length).toBeGreaterThan(13);
        else expect(fenText(fen)).toBe(toAmount(yuan(text)));
      }),
      { numRuns: 2000 },
    );
  });

  it("applies a rate as applyRate does, half-up to the fen", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000_000 }), rateText, (fen, rate) => {
        const fast = applyRateFen(fen, rate);
        const exact = applyRate(new Decimal(fen).dividedBy(100), decimal(rate));
        if (fast === undefined) return;
        answered++;
        expect(fenText(fast)).toBe(toAmount(exact));
      }),
      { numRuns: 2000 },
    );
    expect(answered).toBeGreaterThan(1000);
  });

  it("allocates as allocate does: the same parts, the odd fen to the same members", () => {
    const weight = fc.oneof(fc.integer({ min: 0, max: 1_000 }), fc.constantFrom(0.5, 95.5, 80.25, 1e9, 0.001));
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100_000_000 }),
        fc.array(weight, { minLength: 1, maxLength: 12 }).filter((list) => list.some((w) => w > 0)),
        (total, weights) => {
          const fast = allocateFen(total, weights);
          const exact = allocate(
            new Decimal(total).dividedBy(100),
            weights.map((w) => new Decimal(w)),
          );
          if (fast === undefined) return;
          answered++;
          expect(fast.map(fenText)).toEqual(exact.map(toAmount));
        },
      ),
      { numRuns: 2000 },
    );
    expect(answered).toBeGreaterThan(1000);
  });

  it("has no answer where a figure would leave the safe integers", () => {
    expect(allocateFen(Number.MAX_SAFE_INTEGER, [3, 2])).toBeUndefined();
    expect(applyRateFen(Number.MAX_SAFE_INTEGER, "0.7")).toBeUndefined();
    expect(fenOf("99999999999999.99")).toBeUndefined();
    expect(allocateFen(100, [0, 0])).toBeUndefined();
  });

  it("splits a package as packageFee does, for any shares, weights and items", () => {
    const pack = loadPack("yueyang-2023");
    const params = paramsOn(pack, "2023-06-01");
    const share = fc.oneof(
      fc.record({ payer: fc.constantFrom("a", "b", "c"), weight: fc.constantFrom("1", "3", "2", "0", "0.5", "7.25") }),
      fc.record({ payer: fc.constantFrom("a", "b", "c"), amount: fc.constant({ param: "basicPackage.publicHealthShare" }) }),
    );
    const item = fc.record({ code: fc.constant("X"), unitPrice: amountText, quantity: fc.integer({ min: 1, max: 100 }) });
    fc.assert(
      fc.property(
        fc.array(share, { minLength: 1, maxLength: 4 }),
        fc.constantFrom<Package["price"]>({ itemSum: true }, { sumOfShares: true }, { param: "basicPackage.price" }),
        fc.array(item, { maxLength: 4 }),
        (shares, price, items) => {
          const pkg = { id: "p", label: { zh: "包", en: "P" }, price, shares, cite: pack.data.packages[0]!.cite } as unknown as Package;
          const selection = { id: "p", items };
          const fast = packageFeeFen(pkg, selection, params);
          let exact: ReturnType<typeof packageFee> | undefined;
          try {
            exact = packageFee(pkg, 0, selection, params);
          } catch {
            // A pack in error: the fen path has no answer and leaves the error to packageFee.
            expect(fast).toBeUndefined();
            return;
          }
          if (fast === undefined) return;
          answered++;
          expect(fenText(fast.total)).toBe(toAmount(exact.total));
          expect([...fast.payers].map(([payer, fen]) => [payer, fenText(fen)])).toEqual(
            [...exact.payers].map(([payer, amount]) => [payer, toAmount(amount)]),
          );
        },
      ),
      { numRuns: 1500 },
    );
    expect(answered).toBeGreaterThan(300);
  });

  it("keeps a running total as adding Decimals does, also past the safe integers", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(amountText, fc.integer({ min: 1, max: 1_000_000 })), { maxLength: 30 }), (adds) => {
        const total = new MoneyTotal();
        let exact = new Decimal(0);
        for (const [amount, times] of adds) {
          total.add(amount, times);
          exact = exact.plus(yuan(amount).times(times));
        }
        expect(toAmount(total.value())).toBe(toAmount(exact));
      }),
      { numRuns: 1000 },
    );
  });
});

describe("decisions with amounts beyond the fen path (Decimal) and within it (fen) agree", () => {
  const pack = loadPack("yueyang-2023");
  const base = {
    asOf: "2023-06-01",
    resident: { id: "R", birthDate: "1950-03-02", regionCode: "430602", conditions: ["hypertension" as const] },
  };

  it("items priced in the trillions of yuan are summed exactly (the Decimal path)", () => {
    const fee = computeFee(pack, {
      ...base,
      contract: {
        teamId: "T",
        signDate: "2023-06-01",
        packages: [{ id: "basic" }, { id: "personalized", items: [{ code: "A", unitPrice: "999999999999999.99", quantity: 3 }] }],
      },
    })?.fee;
    expect(fee?.packages[1]?.total).toBe(toAmount(yuan("999999999999999.99").times(3)));
    expect(fee?.total).toBe(toAmount(yuan("999999999999999.99").times(3).plus(40)));
  });

  it("a referral's items and an inpatient deductible give the same amounts on both paths", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom("imaging", "biochemical", "other"), amountText), { minLength: 1, maxLength: 4 }),
        amountText,
        amountText,
        (items, deductible, paid) => {
          const decision = evaluate(pack, {
            ...base,
            contract: { teamId: "T", signDate: "2023-01-01" },
            referral: {
              byFamilyDoctor: true,
              disease: "hypertension",
              receivingLevel: "city-tertiary",
              items: items.map(([category, price], index) => ({ code: `X${index}`, category, price })),
            },
            inpatient: { referral: "upward", followedPrimaryFirst: true, deductible, deductiblePaidInEpisode: paid },
          });
          const referral = decision.referral!;
          const rate = decimal(referral.discountRate);
          let total = new Decimal(0);
          referral.items.forEach((item, index) => {
            const [category, price] = items[index]!;
            const discounted = referral.discountApplies && item.discount !== "0.00" ? applyRate(yuan(price), rate) : new Decimal(0);
            expect(item.price).toBe(toAmount(yuan(price)));
            expect(item.category).toBe(category);
            if (item.discount !== "0.00") expect(item.discount).toBe(toAmount(discounted));
            expect(item.payable).toBe(toAmount(yuan(price).minus(yuan(item.discount))));
            total = total.plus(yuan(item.discount));
          });
          expect(referral.totalDiscount).toBe(toAmount(total));
          const inpatient = decision.inpatient!;
          expect(inpatient.deductible).toBe(toAmount(yuan(deductible)));
          expect(inpatient.paidInEpisode).toBe(toAmount(yuan(paid)));
          expect([toAmount(yuan(deductible)), toAmount(Decimal.max(0, yuan(deductible).minus(yuan(paid))))]).toContain(
            inpatient.deductiblePayable,
          );
        },
      ),
      { numRuns: 300 },
    );
  });
});
