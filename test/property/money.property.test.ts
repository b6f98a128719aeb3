import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { allocate, Decimal, sum } from "../../src/core/money.js";

describe("allocate", () => {
  const totals = fc.integer({ min: 0, max: 1_000_000_000 }).map((fen) => new Decimal(fen).dividedBy(100));
  const weights = fc
    .array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 20 })
    .filter((list) => list.some((w) => w > 0));

  it("parts sum exactly to the whole, none negative, each within one fen of its exact proportion", () => {
    fc.assert(
      fc.property(totals, weights, (total, list) => {
        const parts = allocate(
          total,
          list.map((w) => new Decimal(w)),
        );
        expect(sum(parts).equals(total)).toBe(true);
        const weightSum = list.reduce((a, b) => a + b, 0);
        parts.forEach((part, index) => {
          expect(part.isNegative()).toBe(false);
          expect(part.decimalPlaces()).toBeLessThanOrEqual(2);
          expect(part.minus(total.times(list[index]!).dividedBy(weightSum)).abs().lessThan("0.01")).toBe(true);
        });
      }),
      { numRuns: 1000 },
    );
  });

  it("gives equal weights parts that differ by at most one fen, larger ones first", () => {
    fc.assert(
      fc.property(totals, fc.integer({ min: 1, max: 30 }), (total, count) => {
        const parts = allocate(
          total,
          Array.from({ length: count }, () => new Decimal(1)),
        );
        const fen = parts.map((part) => part.times(100).toNumber());
        expect(Math.max(...fen) - Math.min(...fen)).toBeLessThanOrEqual(1);
        expect([...fen].sort((a, b) => b - a)).toEqual(fen);
      }),
      { numRuns: 500 },
    );
  });
});
