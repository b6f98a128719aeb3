/**
 * Signing coverage against a pack's targets, and the funding a number of
 * signed residents brings in.
 *
 * @module
 */
import { isCalendarDate, type CalendarDate } from "../core/dates.js";
import { PolicyError } from "../core/errors.js";
import { Decimal, applyRate, decimal, isAmountString, rateOf, toAmount, toRate } from "../core/money.js";
import { codesParam, paramsOn, rateParam } from "../policy/context.js";
import { packageFee, pricedByItems } from "../policy/package-fee.js";
import type { Pack } from "../pack/load.js";
import { parameterValueAt } from "../pack/params.js";
import { isSilent, type ParamRef } from "../pack/schema.js";

function paramAt(pack: Pack, ref: ParamRef, asOf: CalendarDate) {
  return parameterValueAt(ref.param, pack.data.parameters[ref.param] as never, asOf);
}

/** Counts to check against the targets. */
export interface CoverageCounts {
  readonly signed: number;
  readonly residents: number;
  readonly prioritySigned?: number;
  readonly priorityResidents?: number;
}

/** One target checked. */
export interface TargetCheck {
  readonly id: string;
  readonly population: "overall" | "priority";
  readonly by: CalendarDate;
  readonly required: string;
  readonly rate: string | null;
  readonly met: boolean | null;
  readonly clause: string;
}

/**
 * Signing rates from counts, checked against every coverage target of the
 * pack (`met` is null where the counts for that population are not given).
 *
 * @example
 * checkCoverage(loadPack("yongzhou-2017"), { signed: 330, residents: 1000 })[0].met; //=> true
 */
export function checkCoverage(pack: Pack, counts: CoverageCounts): TargetCheck[] {
  return (pack.data.coverageTargets ?? []).map((target) => {
    const [part, whole] =
      target.population === "overall" ? [counts.signed, counts.residents] : [counts.prioritySigned, counts.priorityResidents];
    const rate = part === undefined || whole === undefined ? null : rateOf(part, whole);
    const required = toRate(decimal(String(paramAt(pack, target.rate, target.by))));
    return {
      id: target.id,
      population: target.population,
      by: target.by,
      required,
      rate,
      met: rate === null ? null : new Decimal(rate).greaterThanOrEqualTo(required),
      clause: target.cite.clause,
    };
  });
}

/**
 * The resident base a signed count and a signing rate imply: signed ÷ rate,
 * rounded to a whole resident.
 *
 * @example
 * impliedResidents(3_743_100, "0.7094"); //=> 5276431
 */
export function impliedResidents(signed: number, rate: string): number {
  const value = decimal(rate);
  if (value.isZero())
    throw new PolicyError([
      { code: "invalid_value", path: "", message: "a signing rate of 0 implies no resident base", expected: "a rate above 0" },
    ]);
  return new Decimal(signed).dividedBy(value).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber();
}

/** Funding for a number of signed residents. */
export interface Budget {
  readonly signed: number;
  readonly asOf: CalendarDate;
  /** Amount per payer over all signed residents. */
  readonly payers: Readonly<Record<string, string>>;
  /** The least amount for staff pay, where the pack has a staff-pool rule. */
  readonly staffPool?: string;
}

/**
 * Funding per payer for `signed` residents of the pack's fixed-price
 * packages, plus an optional total of personalised-package spending (paid by
 * its package's payers), and the staff pool the pack requires at least.
 * Each signed resident's fee and staff pool are those of a decision (worked
 * out, and rounded to the fen, per resident), times `signed`; the
 * personalised total is split and its pool share rounded once.
 *
 * @throws PolicyError when `signed` is not a whole number ≥ 0, `asOf` not a
 *   calendar date, `personalized` not an amount, or when the package priced
 *   by its items has a fixed share (a share per buyer: a total of spending
 *   cannot say how many bought it).
 *
 * @example
 * budget(loadPack("yueyang-2023"), 3_743_100).payers["public-health-subsidy"]; //=> "74862000.00"
 */
export function budget(pack: Pack, signed: number, options: { asOf?: CalendarDate; personalized?: string } = {}): Budget {
  if (!Number.isSafeInteger(signed) || signed < 0) {
    throw new PolicyError([
      { code: "invalid_value", path: "", message: "the number of signed residents must be a whole number ≥ 0", found: String(signed) },
    ]);
  }
  if (options.asOf !== undefined && !isCalendarDate(options.asOf)) {
    throw new PolicyError([
      {
        code: "invalid_date",
        path: "/asOf",
        message: `${JSON.stringify(options.asOf)} is not a calendar date`,
        expected: "a date YYYY-MM-DD",
        found: String(options.asOf),
      },
    ]);
  }
  if (options.personalized !== undefined && !isAmountString(options.personalized)) {
    throw new PolicyError([
      {
        code: "invalid_amount",
        path: "/personalized",
        message: `${JSON.stringify(options.personalized)} is not an amount with at most two decimals`,
        expected: 'a non-negative amount with at most two decimals, such as "35.50"',
        found: String(options.personalized),
      },
    ]);
  }
  const asOf = options.asOf ?? pack.data.effective.from;
  const params = paramsOn(pack, asOf);
  const payers = new Map<string, Decimal>();
  const add = (payer: string, amount: Decimal) => payers.set(payer, (payers.get(payer) ?? new Decimal(0)).plus(amount));
  // The pool base of one signed resident (fixed-price packages) and of the personalised total: each rounded as a decision rounds it.
  let poolBase = new Decimal(0);
  let personalizedPoolBase = new Decimal(0);
  const pool = pack.data.staffPool;
  const counted = isSilent(pool) ? [] : codesParam(params, pool.packages);
  // Each package's fee and its split come from the one package-fee module, as in every decision.
  pack.data.packages.forEach((item, index) => {
    if (pricedByItems(item)) {
      if (options.personalized === undefined) return;
      const fixedShare = item.shares.find((share) => share.amount !== undefined);
      if (fixedShare) {
        throw new PolicyError([
          {
            code: "invalid_value",
            path: "/personalized",
            message: `package ${item.id} gives ${fixedShare.payer} a fixed share per resident who buys it: a total of personalised spending cannot say how many did`,
            expected: `no --personalized total for package ${item.id}, or a pack whose package ${item.id} is split by weights only`,
          },
        ]);
      }
      // The personalised spending, as one item of the package: split between its payers as a decision splits it.
      const fee = packageFee(
        item,
        index,
        { id: item.id, items: [{ code: item.id, unitPrice: options.personalized, quantity: 1 }] },
        params,
      );
      for (const [payer, amount] of fee.payers) add(payer, amount);
      if (counted.includes(item.id)) personalizedPoolBase = personalizedPoolBase.plus(fee.total);
      return;
    }
    const fee = packageFee(item, index, undefined, params);
    for (const [payer, amount] of fee.payers) add(payer, amount.times(signed));
    if (counted.includes(item.id)) poolBase = poolBase.plus(fee.total);
  });
  const result: Budget = { signed, asOf, payers: Object.fromEntries([...payers].map(([payer, amount]) => [payer, toAmount(amount)])) };
  if (isSilent(pool)) return result;
  const rate = rateParam(params, pool.rate, "staff-pool share");
  // A decision rounds each resident's pool to the fen: so does the budget, then multiplies.
  const staffPool = applyRate(poolBase, rate).times(signed).plus(applyRate(personalizedPoolBase, rate));
  return { ...result, staffPool: toAmount(staffPool) };
}
