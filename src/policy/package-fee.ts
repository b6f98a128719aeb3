/**
 * What one package costs and who pays which part: the one place that reads a
 * package's price and shares. Decisions (`fees.ts`) and budgets
 * (`analysis/coverage.ts`) both take their figures from here.
 *
 * Every split sums exactly to its whole: fixed shares are taken as the pack
 * gives them, and the rest of the price is shared by weight with the
 * largest-remainder method.
 *
 * @module
 */
import { PolicyError } from "../core/errors.js";
import type { Contract } from "../model/case.js";
import { allocate, Decimal, sum, toAmount, yuan } from "../core/money.js";
import type { Package } from "../pack/schema.js";
import { moneyParam, type ParamsAtDate } from "./context.js";

/** One package's price and its split between payers. */
export interface PackageFee {
  readonly id: string;
  readonly total: Decimal;
  /** Amount per payer, in the order the pack declares the shares. */
  readonly payers: ReadonlyMap<string, Decimal>;
}

/** A package as a case chooses it (with its items, for a package priced by its items). */
export type PackageSelection = NonNullable<Contract["packages"]>[number];

function packError(path: string, message: string, expected: string): never {
  throw new PolicyError([{ code: "invalid_pack", path, message, expected }]);
}

function priceOf(item: Package, selection: PackageSelection | undefined, fixed: Decimal, params: ParamsAtDate): Decimal {
  const price = item.price;
  if ("param" in price) return moneyParam(params, price, `price of package ${item.id}`);
  if ("sumOfShares" in price) return fixed;
  return sum((selection?.items ?? []).map((line) => yuan(line.unitPrice).times(line.quantity)));
}

/** True when the package's price depends on what the case chooses (its items). */
export function pricedByItems(item: Package): boolean {
  return "itemSum" in item.price;
}

/** The parameters a package's fee reads: its price and its fixed shares. */
export function packageParams(item: Package): string[] {
  return [..."param" in item.price ? [item.price.param] : [], ...item.shares.flatMap((share) => (share.amount ? [share.amount.param] : []))];
}

/**
 * The fee of one package and its split between payers. A package whose
 * price does not depend on the resident (every price but `itemSum`) gives the
 * same result for every case, so callers may compute it once per pack and date.
 *
 * @param packageIndex - the package's index in the pack, for error paths
 * @throws PolicyError when the fixed shares exceed the price, or leave part of
 *   it with no payer.
 * @example
 * packageFee(pack.data.packages[0], 0, { id: "basic" }, params).payers; // Map of payer → amount, summing to the price
 */
export function packageFee(item: Package, packageIndex: number, selection: PackageSelection | undefined, params: ParamsAtDate): PackageFee {
  const payers = new Map<string, Decimal>();
  const add = (payer: string, amount: Decimal) => payers.set(payer, (payers.get(payer) ?? new Decimal(0)).plus(amount));
  const fixed = item.shares.map((share) => (share.amount ? moneyParam(params, share.amount, `share of ${share.payer} in package ${item.id}`) : undefined));
  const fixedTotal = sum(fixed.filter((amount): amount is Decimal => amount !== undefined));
  const total = priceOf(item, selection, fixedTotal, params);
  const rest = total.minus(fixedTotal);
  const at = `/packages/${packageIndex}/shares`;
  if (rest.isNegative()) {
    packError(at, `the fixed shares of package ${item.id} (${toAmount(fixedTotal)}) exceed its price (${toAmount(total)})`, "fixed shares that sum to at most the price");
  }
  const weighted = item.shares.filter((share) => share.weight !== undefined);
  const weights = weighted.map((share) => new Decimal(share.weight as string));
  let weightedParts: Decimal[] = [];
  if (!rest.isZero()) {
    if (weighted.length === 0 || weights.every((weight) => weight.isZero())) {
      packError(at, `the shares of package ${item.id} cover ${toAmount(fixedTotal)} of its price ${toAmount(total)}`, "shares that cover the whole price");
    }
    weightedParts = allocate(rest, weights);
  }
  let next = 0;
  item.shares.forEach((share, index) => {
    if (share.amount) add(share.payer, fixed[index] as Decimal);
    else add(share.payer, weightedParts[next++] ?? new Decimal(0));
  });
  return { id: item.id, total, payers };
}
