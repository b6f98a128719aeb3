/**
 * Money as whole fen in JavaScript numbers, for hot paths: exact while every
 * figure stays a safe integer, and each function says when it cannot answer
 * so that the caller falls back to `Decimal` (see `money.ts`). A property
 * test holds these equal to the `Decimal` functions they stand in for.
 *
 * @module
 */

const AMOUNT = /^(0|[1-9]\d{0,12})(?:\.(\d{1,2}))?$/;

/**
 * An amount string as whole fen, or `undefined` when it is not an amount or
 * too large for this path (more than 13 digits of yuan).
 *
 * @example
 * fenOf("35.5"); //=> 3550
 */
export function fenOf(text: string): number | undefined {
  const match = AMOUNT.exec(text);
  if (match === null) return undefined;
  const cents = match[2] === undefined ? 0 : match[2].length === 1 ? Number(match[2]) * 10 : Number(match[2]);
  return Number(match[1]) * 100 + cents;
}

/**
 * Whole fen written as an amount with two decimals (as `toAmount` writes it).
 *
 * @example
 * fenText(974); //=> "9.74"
 */
export function fenText(fen: number): string {
  const cents = fen % 100;
  return `${(fen - cents) / 100}.${cents < 10 ? "0" : ""}${cents}`;
}

/** A non-negative number written plainly (no exponent) as digits and an optional fraction: its digits as an integer and its decimal places. */
function scaled(weight: number): { digits: number; places: number } | undefined {
  if (Number.isSafeInteger(weight) && weight >= 0) return { digits: weight, places: 0 };
  if (!(weight >= 0) || !Number.isFinite(weight)) return undefined;
  const text = String(weight);
  const dot = text.indexOf(".");
  if (/[^\d.]/.test(text)) return undefined;
  return dot < 0
    ? { digits: weight, places: 0 }
    : { digits: Number(text.slice(0, dot) + text.slice(dot + 1)), places: text.length - dot - 1 };
}

/**
 * `allocate` (the largest-remainder method) on whole fen: parts in
 * proportion to `weights`, summing exactly to `total`, the odd fen to the
 * largest remainders and ties to the earlier part. `undefined` when a figure
 * would leave the safe integers (or a weight is not a plain non-negative
 * number), or when every weight is zero.
 *
 * @example
 * allocateFen(2800, [95, 88, 90]); //=> [974, 902, 924]
 */
export function allocateFen(total: number, weights: readonly number[]): number[] | undefined {
  if (!Number.isSafeInteger(total) || total < 0) return undefined;
  let places = 0;
  const parts: { digits: number; places: number }[] = [];
  for (const weight of weights) {
    const part = scaled(weight);
    if (part === undefined) return undefined;
    parts.push(part);
    if (part.places > places) places = part.places;
  }
  const integers: number[] = [];
  let sum = 0;
  for (const part of parts) {
    const integer = part.digits * 10 ** (places - part.places);
    if (!Number.isSafeInteger(integer)) return undefined;
    integers.push(integer);
    sum += integer;
  }
  if (sum === 0 || !Number.isSafeInteger(sum) || !Number.isSafeInteger(total * sum)) return undefined;
  const fen: number[] = [];
  const remainders: number[] = [];
  let left = total;
  for (const integer of integers) {
    const product = total * integer;
    const remainder = product % sum;
    const share = (product - remainder) / sum;
    fen.push(share);
    remainders.push(remainder);
    left -= share;
  }
  while (left > 0) {
    let best = -1;
    for (let index = 0; index < remainders.length; index++) {
      if ((remainders[index] as number) >= 0 && (best < 0 || (remainders[index] as number) > (remainders[best] as number))) best = index;
    }
    fen[best] = (fen[best] as number) + 1;
    remainders[best] = -1;
    left--;
  }
  return fen;
}

const RATE = /^(\d{1,15})(?:\.(\d{1,12}))?$/;

/**
 * `applyRate` on whole fen: `fen × rate` rounded half-up to the fen, for a
 * rate written as a plain decimal string (`"0.7"`). `undefined` when a figure
 * would leave the safe integers or the rate is not such a string.
 *
 * @example
 * applyRateFen(4000, "0.7"); //=> 2800
 */
export function applyRateFen(fen: number, rate: string): number | undefined {
  const match = RATE.exec(rate);
  if (match === null || !Number.isSafeInteger(fen) || fen < 0) return undefined;
  const places = match[2]?.length ?? 0;
  const digits = Number(match[1] + (match[2] ?? ""));
  const product = fen * digits;
  if (!Number.isSafeInteger(digits) || !Number.isSafeInteger(product)) return undefined;
  const divisor = 10 ** places;
  const remainder = product % divisor;
  const whole = (product - remainder) / divisor;
  return remainder * 2 >= divisor ? whole + 1 : whole;
}
