/**
 * Money in yuan (CNY), exact to the fen (0.01).
 *
 * Inside the library an amount is a `Decimal` (decimal.js); at the edges it is
 * a string with two decimals (`"35.50"`). Rounding is half-up to the fen. A
 * whole is split by {@link allocate}, the largest-remainder method on whole
 * fen computed with integer (`bigint`) arithmetic: the parts always sum exactly
 * to the whole and no fen is lost or created.
 *
 * This module knows no rules: prices, shares and rates come from a rule pack.
 *
 * @module
 */
import DecimalJs from "decimal.js";

/** decimal.js configured for money: 40 significant digits, half-up rounding. */
export const Decimal = DecimalJs.clone({ precision: 40, rounding: DecimalJs.ROUND_HALF_UP, toExpNeg: -30, toExpPos: 40 });
/** An exact decimal number. */
export type Decimal = DecimalJs;

const AMOUNT_PATTERN = /^(0|[1-9]\d{0,14})(\.\d{1,2})?$/;
const DECIMAL_PATTERN = /^(0|[1-9]\d{0,14})(\.\d{1,12})?$/;

/**
 * True when `text` is a non-negative amount written with at most two decimals
 * (`"40"`, `"35.5"`, `"0.01"`).
 */
export function isAmountString(text: unknown): text is string {
  return typeof text === "string" && AMOUNT_PATTERN.test(text);
}

/** True when `text` is a non-negative decimal number written as a plain string (`"0.25"`). */
export function isDecimalString(text: unknown): text is string {
  return typeof text === "string" && DECIMAL_PATTERN.test(text);
}

/**
 * Reads an amount string into a `Decimal`.
 *
 * @throws RangeError when the text is not a non-negative amount with at most two decimals.
 * @example
 * toAmount(yuan("35.5").times(3)); //=> "106.50"
 */
export function yuan(text: string): Decimal {
  if (!isAmountString(text)) throw new RangeError(`Not an amount: ${JSON.stringify(text)}`);
  return new Decimal(text);
}

/** Reads a plain non-negative decimal string (a rate such as `"0.25"`) into a `Decimal`. */
export function decimal(text: string): Decimal {
  if (!isDecimalString(text)) throw new RangeError(`Not a decimal number: ${JSON.stringify(text)}`);
  return new Decimal(text);
}

/** Rounds to the fen, half-up. */
export function roundToFen(value: Decimal): Decimal {
  return value.toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
}

/**
 * Writes an amount with exactly two decimals, rounding half-up to the fen.
 *
 * @example
 * toAmount(new Decimal("7")); //=> "7.00"
 * toAmount(new Decimal("1.005")); //=> "1.01"
 */
export function toAmount(value: Decimal): string {
  return value.toFixed(2, Decimal.ROUND_HALF_UP);
}

/** Writes a rate with at least two decimals and no trailing noise (`"0.25"`, `"0.055"`). */
export function toRate(value: Decimal): string {
  return value.toFixed(Math.max(2, value.decimalPlaces()));
}

/** The exact sum of amounts (0 for none). */
export function sum(values: Iterable<Decimal>): Decimal {
  let total = new Decimal(0);
  for (const value of values) total = total.plus(value);
  return total;
}

/** `amount × rate`, rounded half-up to the fen. */
export function applyRate(amount: Decimal, rate: Decimal): Decimal {
  return roundToFen(amount.times(rate));
}

function toFen(value: Decimal): bigint {
  const fen = value.times(100);
  if (!fen.isInteger()) throw new RangeError(`Not a whole number of fen: ${value.toString()}`);
  return BigInt(fen.toFixed(0));
}

function scaleToIntegers(weights: readonly Decimal[]): bigint[] {
  const places = Math.max(0, ...weights.map((weight) => weight.decimalPlaces()));
  const scale = new Decimal(10).pow(places);
  return weights.map((weight) => BigInt(weight.times(scale).toFixed(0)));
}

/**
 * Splits `total` (a whole number of fen) in proportion to `weights` by the
 * largest-remainder method: each part first gets the fen it has in full, then
 * the fen left over go one each to the parts with the largest remainders, ties
 * to the earlier part. The parts always sum exactly to `total`, each is within
 * one fen of its exact proportion, and none is negative.
 *
 * @param total - a non-negative amount in whole fen
 * @param weights - non-negative weights, at least one of them above zero
 * @throws RangeError when `total` is negative or not whole fen, a weight is
 *   negative, or every weight is zero.
 * @example
 * allocate(yuan("28.00"), [95, 88, 90].map((s) => new Decimal(s))).map(toAmount);
 * //=> ["9.74", "9.03", "9.23"]
 */
export function allocate(total: Decimal, weights: readonly Decimal[]): Decimal[] {
  // lt(0), not isNegative(): Decimal keeps the sign of zero, and -0 is not below zero.
  if (total.lt(0)) throw new RangeError("Cannot allocate a negative amount");
  if (weights.some((weight) => weight.lt(0) || !weight.isFinite())) {
    throw new RangeError("Allocation weights must be finite and non-negative");
  }
  const totalFen = toFen(total);
  const scaled = scaleToIntegers(weights);
  const weightSum = scaled.reduce((acc, weight) => acc + weight, 0n);
  if (weightSum === 0n) throw new RangeError("At least one allocation weight must be above zero");

  const fen = scaled.map((weight) => (totalFen * weight) / weightSum);
  const remainders = scaled.map((weight) => (totalFen * weight) % weightSum);
  let leftover = totalFen - fen.reduce((acc, part) => acc + part, 0n);
  const order = remainders
    .map((remainder, index) => ({ remainder, index }))
    .sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));
  for (const { index } of order) {
    if (leftover === 0n) break;
    fen[index] = (fen[index] as bigint) + 1n;
    leftover -= 1n;
  }
  return fen.map((part) => new Decimal(part.toString()).dividedBy(100));
}

/**
 * Splits `total` into `count` equal parts by the largest-remainder method
 * (earlier parts take the odd fen).
 *
 * @example
 * allocateEqually(yuan("1.00"), 3).map(toAmount); //=> ["0.34", "0.33", "0.33"]
 */
export function allocateEqually(total: Decimal, count: number): Decimal[] {
  return allocate(
    total,
    Array.from({ length: count }, () => new Decimal(1)),
  );
}

/** A signing rate as a decimal string with four places (`"0.7094"`), or null for no base. */
export function rateOf(part: number, whole: number): string | null {
  return whole === 0 ? null : toRate(new Decimal(part).dividedBy(whole).toDecimalPlaces(4, Decimal.ROUND_HALF_UP));
}
