/**
 * Fees: what the chosen packages cost, who pays which part, how much goes to
 * the staff pool, and each team member's share of it.
 *
 * Every split sums exactly to its whole: fixed shares are taken as the pack
 * gives them, and the rest of a price is shared by weight with the
 * largest-remainder method, as is the staff pool.
 *
 * @module
 */
import { PolicyError, type Issue } from "../core/errors.js";
import { deepFreeze } from "../core/frozen.js";
import type { Contract } from "../model/case.js";
import type { FeeDecision, TraceEntry } from "../model/decision.js";
import { allocate, allocateEqually, applyRate, Decimal, sum, toAmount, yuan } from "../core/money.js";
import { isSilent, type Package } from "../pack/schema.js";
import { codesParam, moneyParam, rateParam, traceEntry, type ParamsAtDate, type PolicyContext } from "./context.js";

/** One package's price and its split between payers. */
export interface PackageFee {
  readonly id: string;
  readonly total: Decimal;
  /** Amount per payer, in the order the pack declares the shares. */
  readonly payers: ReadonlyMap<string, Decimal>;
}

type Selection = NonNullable<Contract["packages"]>[number];

function packError(path: string, message: string, expected: string): never {
  throw new PolicyError([{ code: "invalid_pack", path, message, expected }]);
}

function priceOf(item: Package, selection: Selection | undefined, fixed: Decimal, params: ParamsAtDate): Decimal {
  const price = item.price;
  if ("param" in price) return moneyParam(params, price, `price of package ${item.id}`);
  if ("sumOfShares" in price) return fixed;
  return sum((selection?.items ?? []).map((line) => yuan(line.unitPrice).times(line.quantity)));
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
export function packageFee(item: Package, packageIndex: number, selection: Selection | undefined, params: ParamsAtDate): PackageFee {
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

/**
 * Shares a staff pool among team members in proportion to their assessment
 * scores by the largest-remainder method; equally when every score is zero or
 * none is given.
 *
 * @throws PolicyError when some members have a score and others do not.
 * @example
 * staffPay(yuan("28.00"), [{ memberId: "D1", role: "specialist", score: 95 }, …]);
 */
export function staffPay(pool: Decimal, team: NonNullable<Contract["team"]>): Map<string, Decimal> {
  const scored = team.filter((member) => member.score !== undefined).length;
  if (scored > 0 && scored < team.length) {
    const index = team.findIndex((member) => member.score === undefined);
    const issue: Issue = {
      code: "missing_field",
      path: `/contract/team/${index}/score`,
      message: "give an assessment score for every team member or for none",
      expected: "a score ≥ 0",
    };
    throw new PolicyError([issue]);
  }
  const weights = team.map((member) => new Decimal(member.score ?? 0));
  const parts = weights.every((weight) => weight.isZero()) ? allocateEqually(pool, team.length) : allocate(pool, weights);
  return new Map(team.map((member, index) => [member.memberId, parts[index] as Decimal]));
}

/** The fee section of a decision and its trace. */
export interface FeeResult {
  readonly fee: FeeDecision;
  readonly trace: TraceEntry[];
}

/** Amounts written out once per package and date. */
const writtenCache = new WeakMap<PackageFee, { total: string; payers: [string, string][] }>();
function written(fee: PackageFee): { total: string; payers: [string, string][] } {
  let text = writtenCache.get(fee);
  if (!text) {
    text = { total: toAmount(fee.total), payers: [...fee.payers].map(([payer, amount]) => [payer, toAmount(amount)]) };
    writtenCache.set(fee, text);
  }
  return text;
}

function record(map: ReadonlyMap<string, Decimal>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of map) out[key] = toAmount(value);
  return out;
}

const feeCache = new WeakMap<ParamsAtDate, Map<number, PackageFee>>();

/** A package's fee: computed once per pack and date unless it is priced by its items. */
function cachedPackageFee(item: Package, packageIndex: number, selection: Selection, params: ParamsAtDate): PackageFee {
  if ("itemSum" in item.price) return packageFee(item, packageIndex, selection, params);
  let byPackage = feeCache.get(params);
  if (!byPackage) {
    byPackage = new Map();
    feeCache.set(params, byPackage);
  }
  let fee = byPackage.get(packageIndex);
  if (!fee) {
    fee = packageFee(item, packageIndex, selection, params);
    byPackage.set(packageIndex, fee);
  }
  return fee;
}

/** A fee section without staff pay, and the staff pool it is shared from. */
interface FeeBase extends FeeResult {
  readonly pool: Decimal | undefined;
  /** Shared bases only: the section with staff pay, frozen, by team (see {@link teamKey}). */
  readonly byTeam?: Map<string, FeeResult>;
}

const sharedFees = new WeakMap<ParamsAtDate, Map<string, FeeBase>>();
const TEAMS_PER_BASE = 10_000;

/**
 * Decides the fee section; `undefined` when the case chooses no package, or
 * when the resident is not eligible: both documents pay per signed resident,
 * so a resident who may not sign has no fee, funding or staff pool (POLICY 4;
 * the decision carries a `not-eligible-no-fee` warning). An eligible
 * contract not yet in force still gets its fee: what signing will cost.
 * With `context.shared`, the section for a set of fixed-price packages is
 * computed once per date and reused (frozen), and so is the section with staff
 * pay for each team (its members and their scores).
 */
export function decideFee(context: PolicyContext): FeeResult | undefined {
  const selections = context.case.contract?.packages;
  if (!selections || selections.length === 0 || !context.facts.eligible) return undefined;
  const team = context.case.contract?.team;
  if (!context.shared || selections.some((selection) => selection.items !== undefined)) return withStaffPay(feeBase(context, selections), team);
  let byKey = sharedFees.get(context.params);
  if (!byKey) {
    byKey = new Map();
    sharedFees.set(context.params, byKey);
  }
  const key = `${context.detail ?? "full"}${selections.map((selection) => `\n${selection.id}`).join("")}`;
  let base = byKey.get(key);
  if (!base) {
    const built = feeBase(context, selections);
    deepFreeze(built.fee);
    deepFreeze(built.trace);
    base = { ...built, byTeam: new Map() };
    byKey.set(key, base);
  }
  return withStaffPay(base, team);
}

/** The staff-pay inputs of a team: each member's id and score, in order. */
function teamKey(team: NonNullable<Contract["team"]>): string {
  let key = "";
  for (const member of team) key += `${JSON.stringify(member.memberId)}:${member.score ?? ""};`;
  return key;
}

function withStaffPay(base: FeeBase, team: Contract["team"]): FeeResult {
  if (base.pool === undefined || !team || team.length === 0) return { fee: base.fee, trace: base.trace };
  const byTeam = base.byTeam;
  if (!byTeam) return { fee: { ...base.fee, staffPay: record(staffPay(base.pool, team)) }, trace: base.trace };
  const key = teamKey(team);
  let result = byTeam.get(key);
  if (!result) {
    result = { fee: deepFreeze({ ...base.fee, staffPay: record(staffPay(base.pool, team)) }), trace: base.trace };
    if (byTeam.size >= TEAMS_PER_BASE) byTeam.clear();
    byTeam.set(key, result);
  }
  return result;
}

function feeBase(context: PolicyContext, selections: readonly Selection[]): FeeBase {
  const data = context.pack.data;
  const trace: TraceEntry[] = [];
  const fees = selections.map((selection) => {
    const packageIndex = data.packages.findIndex((item) => item.id === selection.id);
    const item = data.packages[packageIndex] as Package;
    const fee = cachedPackageFee(item, packageIndex, selection, context.params);
    trace.push(
      traceEntry(context, "fee", item.id, true, item.cite, {
        value: written(fee).total,
        note: item.note ?? item.label,
        owner: item,
        params: [..."param" in item.price ? [item.price.param] : [], ...item.shares.flatMap((share) => (share.amount ? [share.amount.param] : []))],
      }),
    );
    return fee;
  });
  let decision: FeeDecision;
  if (fees.length === 1) {
    const only = written(fees[0] as PackageFee);
    decision = { total: only.total, payers: Object.fromEntries(only.payers), packages: [{ id: (fees[0] as PackageFee).id, total: only.total, payers: Object.fromEntries(only.payers) }] };
  } else {
    const payers = new Map<string, Decimal>();
    for (const fee of fees) for (const [payer, amount] of fee.payers) payers.set(payer, (payers.get(payer) ?? new Decimal(0)).plus(amount));
    decision = {
      total: toAmount(sum(fees.map((fee) => fee.total))),
      payers: record(payers),
      packages: fees.map((fee) => {
        const text = written(fee);
        return { id: fee.id, total: text.total, payers: Object.fromEntries(text.payers) };
      }),
    };
  }

  const poolRule = data.staffPool;
  if (isSilent(poolRule)) {
    trace.push(traceEntry(context, "staff-pool", "staff-pool", false, poolRule.silent.cite, { note: poolRule.silent.note }));
  } else {
    const counted = new Set(codesParam(context.params, poolRule.packages));
    const base = sum(fees.filter((fee) => counted.has(fee.id)).map((fee) => fee.total));
    const pool = applyRate(base, rateParam(context.params, poolRule.rate, "staff-pool share"));
    decision.staffPool = toAmount(pool);
    trace.push(traceEntry(context, "staff-pool", poolRule.id, true, poolRule.cite, { value: toAmount(pool), note: poolRule.note, owner: poolRule, params: [poolRule.rate.param, poolRule.packages.param] }));
    return { fee: decision, trace, pool };
  }
  return { fee: decision, trace, pool: undefined };
}
