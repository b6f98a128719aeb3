/**
 * Signing coverage against a pack's targets, and the funding a number of
 * signed residents brings in.
 *
 * @module
 */
import { type CalendarDate } from "../core/dates.js";
import { PolicyError } from "../core/errors.js";
import { Decimal, applyRate, decimal, rateOf, toAmount, toRate } from "../core/money.js";
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
  const asOf = options.asOf ?? pack.data.effective.from;
  const params = paramsOn(pack, asOf);
  const payers = new Map<string, Decimal>();
  const add = (payer: string, amount: Decimal) => payers.set(payer, (payers.get(payer) ?? new Decimal(0)).plus(amount));
  let poolBase = new Decimal(0);
  const pool = pack.data.staffPool;
  const counted = isSilent(pool) ? [] : codesParam(params, pool.packages);
  // Each package's fee and its split come from the one package-fee module, as in every decision.
  pack.data.packages.forEach((item, index) => {
    if (pricedByItems(item)) {
      if (options.personalized === undefined) return;
      // The personalised spending, as one item of the package: split between its payers as a decision splits it.
      const fee = packageFee(
        item,
        index,
        { id: item.id, items: [{ code: item.id, unitPrice: options.personalized, quantity: 1 }] },
        params,
      );
      for (const [payer, amount] of fee.payers) add(payer, amount);
      if (counted.includes(item.id)) poolBase = poolBase.plus(fee.total);
      return;
    }
    const fee = packageFee(item, index, undefined, params);
    for (const [payer, amount] of fee.payers) add(payer, amount.times(signed));
    if (counted.includes(item.id)) poolBase = poolBase.plus(fee.total.times(signed));
  });
  const result: Budget = { signed, asOf, payers: Object.fromEntries([...payers].map(([payer, amount]) => [payer, toAmount(amount)])) };
  if (!isSilent(pool)) return { ...result, staffPool: toAmount(applyRate(poolBase, rateParam(params, pool.rate, "staff-pool share"))) };
  return result;
}
