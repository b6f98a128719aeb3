import { describe, expect, it } from "vitest";
import { allocate, allocateEqually, applyRate, Decimal, isAmountString, toAmount, toRate, yuan } from "../../src/core/money.js";

const d = (value: string | number) => new Decimal(value);

describe("amounts", () => {
  it.each(["0", "0.5", "40", "40.00", "35.50", "123456789.01"])("accepts %j", (text) => expect(isAmountString(text)).toBe(true));
  it.each(["-1", "1.005", "01.00", "1e3", " 1", "1.", ".5", "NaN", ""])("refuses %j", (text) => expect(isAmountString(text)).toBe(false));
  it("writes two decimals, rounding half-up to the fen", () => {
    expect(toAmount(d("8"))).toBe("8.00");
    expect(toAmount(d("1.005"))).toBe("1.01");
    expect(toAmount(d("2.2775"))).toBe("2.28");
    expect(toAmount(d("0.004999"))).toBe("0.00");
  });
  it("rounds a rate's product half-up to the fen", () => {
    expect(toAmount(applyRate(yuan("45.55"), d("0.05")))).toBe("2.28");
    expect(toAmount(applyRate(yuan("0.10"), d("0.05")))).toBe("0.01");
    expect(toAmount(applyRate(yuan("0.09"), d("0.05")))).toBe("0.00");
  });
  it("writes rates with at least two decimals", () => {
    expect(toRate(d("0.05"))).toBe("0.05");
    expect(toRate(d("0.055"))).toBe("0.055");
    expect(toRate(d("1"))).toBe("1.00");
  });
  it("refuses to read a non-amount", () => {
    expect(() => yuan("1.234")).toThrow(RangeError);
  });
});

describe("allocate (largest remainder)", () => {
  it("shares a staff pool by score, the odd fen to the largest remainder", () => {
    expect(allocate(yuan("28.00"), [d(95), d(88), d(90)]).map(toAmount)).toEqual(["9.74", "9.03", "9.23"]);
  });
  it("breaks ties by declared order", () => {
    expect(allocateEqually(yuan("10.00"), 3).map(toAmount)).toEqual(["3.34", "3.33", "3.33"]);
    expect(allocateEqually(yuan("0.02"), 3).map(toAmount)).toEqual(["0.01", "0.01", "0.00"]);
  });
  it("gives everything to the only non-zero weight", () => {
    expect(allocate(yuan("28.00"), [d(0), d(5), d(0)]).map(toAmount)).toEqual(["0.00", "28.00", "0.00"]);
  });
  it("handles decimal weights exactly", () => {
    expect(allocate(yuan("1.00"), [d("0.1"), d("0.2")]).map(toAmount)).toEqual(["0.33", "0.67"]);
  });
  it("takes -0 (a zero with a sign, which Decimal keeps) as zero, not as negative", () => {
    expect(allocate(yuan("1.00"), [d(-0), d(1)]).map(toAmount)).toEqual(["0.00", "1.00"]);
    expect(allocate(d(-0), [d(1), d(1)]).map(toAmount)).toEqual(["0.00", "0.00"]);
    expect(() => allocate(yuan("1.00"), [d(-0), d(0)])).toThrow(/above zero/);
  });
  it("refuses all-zero, negative and non-fen inputs", () => {
    expect(() => allocate(yuan("1.00"), [d(0), d(0)])).toThrow(RangeError);
    expect(() => allocate(yuan("1.00"), [d(-1), d(2)])).toThrow(RangeError);
    expect(() => allocate(d("1.001"), [d(1)])).toThrow(RangeError);
    expect(() => allocate(d("-1"), [d(1)])).toThrow(RangeError);
  });
});
