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
import { allocateFen, fenOf } from "../core/fen.js";
import { memoizeWeak } from "../core/memo.js";
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
export const packageParams = memoizeWeak((item: Package): readonly string[] => [
  ...("param" in item.price ? [item.price.param] : []),
  ...item.shares.flatMap((share) => (share.amount ? [share.amount.param] : [])),
]);

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
  const fixed = item.shares.map((share) =>
    share.amount ? moneyParam(params, share.amount, `share of ${share.payer} in package ${item.id}`) : undefined,
  );
  const fixedTotal = sum(fixed.filter((amount): amount is Decimal => amount !== undefined));
  const total = priceOf(item, selection, fixedTotal, params);
  const rest = total.minus(fixedTotal);
  const at = `/packages/${packageIndex}/shares`;
  if (rest.isNegative()) {
    packError(
      at,
      `the fixed shares of package ${item.id} (${toAmount(fixedTotal)}) exceed its price (${toAmount(total)})`,
      "fixed shares that sum to at most the price",
    );
  }
  const weighted = item.shares.filter((share) => share.weight !== undefined);
  const weights = weighted.map((share) => new Decimal(share.weight as string));
  let weightedParts: Decimal[] = [];
  if (!rest.isZero()) {
    if (weighted.length === 0 || weights.every((weight) => weight.isZero())) {
      packError(
        at,
        `the shares of package ${item.id} cover ${toAmount(fixedTotal)} of its price ${toAmount(total)}`,
        "shares that cover the whole price",
      );
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

/** {@link PackageFee} on whole fen. */
export interface PackageFeeFen {
  readonly id: string;
  readonly total: number;
  /** Fen per payer, in the order the pack declares the shares. */
  readonly payers: ReadonlyMap<string, number>;
}

const PLAIN_WEIGHT = /^\d{1,9}(\.\d{1,6})?$/;

/** A money parameter's value as whole fen, or `undefined` (unset, or beyond the fen path). */
function paramFen(params: ParamsAtDate, id: string): number | undefined {
  const value = params.value(id);
  return typeof value === "string" ? fenOf(value) : undefined;
}

/**
 * {@link packageFee} on whole fen: the same split, or `undefined` where the
 * fen path cannot answer (a figure beyond the safe integers) or the pack is
 * in error — the caller then takes {@link packageFee}, which gives the error.
 * A property test holds the two equal.
 */
export function packageFeeFen(item: Package, selection: PackageSelection | undefined, params: ParamsAtDate): PackageFeeFen | undefined {
  const fixed: (number | undefined)[] = [];
  let fixedTotal = 0;
  for (const share of item.shares) {
    if (!share.amount) {
      fixed.push(undefined);
      continue;
    }
    const amount = paramFen(params, share.amount.param);
    if (amount === undefined) return undefined;
    fixed.push(amount);
    fixedTotal += amount;
  }
  const price = item.price;
  let total: number | undefined;
  if ("param" in price) total = paramFen(params, price.param);
  else if ("sumOfShares" in price) total = fixedTotal;
  else {
    total = 0;
    for (const line of selection?.items ?? []) {
      const unit = fenOf(line.unitPrice);
      if (unit === undefined) return undefined;
      total += unit * line.quantity;
    }
  }
  if (total === undefined || !Number.isSafeInteger(total) || !Number.isSafeInteger(fixedTotal)) return undefined;
  const rest = total - fixedTotal;
  if (rest < 0) return undefined;
  let weightedParts: number[] = [];
  if (rest !== 0) {
    const texts = item.shares.filter((share) => share.weight !== undefined).map((share) => share.weight as string);
    // Weights a number holds exactly (the pack's are small: "1", "3", "2").
    if (!texts.every((text) => PLAIN_WEIGHT.test(text))) return undefined;
    const parts = texts.length === 0 ? undefined : allocateFen(rest, texts.map(Number));
    if (parts === undefined) return undefined;
    weightedParts = parts;
  }
  const payers = new Map<string, number>();
  let next = 0;
  item.shares.forEach((share, index) => {
    const amount = share.amount ? (fixed[index] as number) : (weightedParts[next++] ?? 0);
    payers.set(share.payer, (payers.get(share.payer) ?? 0) + amount);
  });
  return { id: item.id, total, payers };
}
