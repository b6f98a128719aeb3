/**
 * Fees: what the chosen packages cost (see `package-fee.ts`), who pays which
 * part, how much goes to the staff pool, and each team member's share of it.
 *
 * Every split sums exactly to its whole: the staff pool is shared by score
 * with the largest-remainder method, on whole fen.
 *
 * @module
 */
import { PolicyError, type Issue } from "../core/errors.js";
import { allocateFen, applyRateFen, fenOf, fenText } from "../core/fen.js";
import { memoizeWeak } from "../core/memo.js";
import type { Contract } from "../model/case.js";
import type { FeeDecision, LocalText, TraceEntry } from "../model/decision.js";
import { allocate, allocateEqually, applyRate, Decimal, sum, toAmount, yuan } from "../core/money.js";
import { isSilent, type Package } from "../pack/schema.js";
import { codesParam, rateParam, type AreaContext, type ParamsAtDate } from "./context.js";
import {
  packageFee,
  packageFeeFen,
  packageParams,
  pricedByItems,
  type PackageFee,
  type PackageFeeFen,
  type PackageSelection,
} from "./package-fee.js";
import type { Interpretive } from "./tracer.js";

export { packageFee, type PackageFee } from "./package-fee.js";

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
  const weights = teamWeights(team);
  const parts = weights.every((weight) => weight === 0)
    ? allocateEqually(pool, team.length)
    : allocate(
        pool,
        weights.map((weight) => new Decimal(weight)),
      );
  return new Map(team.map((member, index) => [member.memberId, parts[index] as Decimal]));
}

/** The members' scores as weights (0 for none). @throws PolicyError when some members have a score and others do not. */
function teamWeights(team: NonNullable<Contract["team"]>): number[] {
  let scored = 0;
  for (const member of team) if (member.score !== undefined) scored++;
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
  return team.map((member) => member.score ?? 0);
}

/** The staff pay section: {@link staffPay} on whole fen where the figures allow, written out. */
function staffPayRecord(pool: FeeBase["pool"] & object, team: NonNullable<Contract["team"]>): Record<string, string> {
  const weights = teamWeights(team);
  const out: Record<string, string> = {};
  if (pool.fen !== undefined) {
    const parts = allocateFen(pool.fen, weights.every((weight) => weight === 0) ? weights.map(() => 1) : weights);
    if (parts !== undefined) {
      team.forEach((member, index) => (out[member.memberId] = fenText(parts[index] as number)));
      return out;
    }
  }
  for (const [member, amount] of staffPay(yuan(pool.text), team)) out[member] = toAmount(amount);
  return out;
}

/** The fee section of a decision and its trace. */
export interface FeeResult {
  readonly fee: FeeDecision;
  readonly trace: TraceEntry[];
}

/** A trace entry of the fee, before the tracer writes it. */
interface FeeStep {
  readonly section: "fee" | "staff-pool";
  readonly rule: string;
  readonly outcome: boolean;
  readonly cite: Package["cite"];
  readonly value: string | undefined;
  readonly note: LocalText | undefined;
  readonly params: readonly string[] | undefined;
  readonly owner: Interpretive | undefined;
}

/**
 * A fee section without staff pay, as text, and the staff pool it is shared
 * from: the same for every case with the same fixed-price packages on one
 * date, so worked out once for them.
 */
interface FeeBase {
  readonly total: string;
  readonly payers: readonly (readonly [string, string])[];
  readonly packages: readonly { readonly id: string; readonly total: string; readonly payers: readonly (readonly [string, string])[] }[];
  readonly staffPool: string | undefined;
  /** The staff pool as text and, where the fen path holds it, as whole fen. */
  readonly pool: { readonly text: string; readonly fen: number | undefined } | undefined;
  readonly steps: readonly FeeStep[];
}

/** The trace step of a staff-pool rule the document is silent on (both fee paths write it). */
function silentPoolStep(poolRule: { readonly silent: { readonly cite: Package["cite"]; readonly note: LocalText } }): FeeStep {
  return {
    section: "staff-pool",
    rule: "staff-pool",
    outcome: false,
    cite: poolRule.silent.cite,
    value: undefined,
    note: poolRule.silent.note,
    owner: undefined,
    params: undefined,
  };
}

const entries = (map: ReadonlyMap<string, Decimal>): [string, string][] => [...map].map(([payer, amount]) => [payer, toAmount(amount)]);

/** The trace step of the staff-pool rule and the pool it gives. */
function poolStep(poolRule: Exclude<AreaContext["pack"]["data"]["staffPool"], { silent: unknown }>, staffPool: string): FeeStep {
  return {
    section: "staff-pool",
    rule: poolRule.id,
    outcome: true,
    cite: poolRule.cite,
    value: staffPool,
    note: poolRule.note,
    owner: poolRule,
    params: [poolRule.rate.param, poolRule.packages.param],
  };
}

/** The trace step of one chosen package and its total. */
function packageStep(item: Package, total: string): FeeStep {
  return {
    section: "fee",
    rule: item.id,
    outcome: true,
    cite: item.cite,
    value: total,
    note: item.note ?? item.label,
    owner: item,
    params: packageParams(item),
  };
}

function feeBase(context: AreaContext, selections: readonly PackageSelection[]): FeeBase {
  const data = context.pack.data;
  const steps: FeeStep[] = [];
  const fees: PackageFee[] = [];
  const packages: FeeBase["packages"][number][] = [];
  for (const selection of selections) {
    const packageIndex = data.packages.findIndex((item) => item.id === selection.id);
    const item = data.packages[packageIndex] as Package;
    const fee = packageFee(item, packageIndex, selection, context.params);
    const total = toAmount(fee.total);
    fees.push(fee);
    packages.push({ id: fee.id, total, payers: entries(fee.payers) });
    steps.push(packageStep(item, total));
  }
  let total: string;
  let payers: readonly (readonly [string, string])[];
  if (packages.length === 1) {
    total = (packages[0] as FeeBase["packages"][number]).total;
    payers = (packages[0] as FeeBase["packages"][number]).payers;
  } else {
    const byPayer = new Map<string, Decimal>();
    for (const fee of fees)
      for (const [payer, amount] of fee.payers) byPayer.set(payer, (byPayer.get(payer) ?? new Decimal(0)).plus(amount));
    total = toAmount(sum(fees.map((fee) => fee.total)));
    payers = entries(byPayer);
  }
  const poolRule = data.staffPool;
  if (isSilent(poolRule)) {
    steps.push(silentPoolStep(poolRule));
    return { total, payers, packages, staffPool: undefined, pool: undefined, steps };
  }
  const counted = codesParam(context.params, poolRule.packages);
  const amount = applyRate(
    sum(fees.filter((fee) => counted.includes(fee.id)).map((fee) => fee.total)),
    rateParam(context.params, poolRule.rate, "staff-pool share"),
  );
  const staffPool = toAmount(amount);
  steps.push(poolStep(poolRule, staffPool));
  return { total, payers, packages, staffPool, pool: { text: staffPool, fen: fenOf(staffPool) }, steps };
}

/**
 * {@link feeBase} on whole fen: the same base, or `undefined` where the fen
 * path cannot answer (the caller then takes {@link feeBase}). A property test
 * holds the two equal.
 */
function feeBaseFen(context: AreaContext, selections: readonly PackageSelection[]): FeeBase | undefined {
  const data = context.pack.data;
  const steps: FeeStep[] = [];
  const fees: PackageFeeFen[] = [];
  const packages: FeeBase["packages"][number][] = [];
  const payerFen = new Map<string, number>();
  let totalFen = 0;
  for (const selection of selections) {
    const packageIndex = data.packages.findIndex((item) => item.id === selection.id);
    const item = data.packages[packageIndex] as Package;
    const fee = pricedByItems(item) ? packageFeeFen(item, selection, context.params) : fixedFeeFen(context.params, item, packageIndex);
    if (fee === undefined) return undefined;
    const total = fenText(fee.total);
    const payers: [string, string][] = [];
    for (const [payer, fen] of fee.payers) {
      payers.push([payer, fenText(fen)]);
      payerFen.set(payer, (payerFen.get(payer) ?? 0) + fen);
    }
    totalFen += fee.total;
    fees.push(fee);
    packages.push({ id: fee.id, total, payers });
    steps.push(packageStep(item, total));
  }
  if (!Number.isSafeInteger(totalFen)) return undefined;
  const total = packages.length === 1 ? (packages[0] as FeeBase["packages"][number]).total : fenText(totalFen);
  const payers =
    packages.length === 1
      ? (packages[0] as FeeBase["packages"][number]).payers
      : [...payerFen].map(([payer, fen]) => [payer, fenText(fen)] as const);
  const poolRule = data.staffPool;
  if (isSilent(poolRule)) {
    steps.push(silentPoolStep(poolRule));
    return { total, payers, packages, staffPool: undefined, pool: undefined, steps };
  }
  const counted = codesParam(context.params, poolRule.packages);
  let baseFen = 0;
  for (const fee of fees) if (counted.includes(fee.id)) baseFen += fee.total;
  const rate = context.params.value(poolRule.rate.param);
  if (typeof rate !== "string") return undefined;
  const poolFen = applyRateFen(baseFen, rate);
  if (poolFen === undefined) return undefined;
  const staffPool = fenText(poolFen);
  steps.push(poolStep(poolRule, staffPool));
  return { total, payers, packages, staffPool, pool: { text: staffPool, fen: poolFen }, steps };
}

/** The fen fee of each fixed-price package, by date (the parameters in force) and package index. */
const fixedFees = memoizeWeak((_params: ParamsAtDate) => new Map<number, PackageFeeFen | undefined>());

function fixedFeeFen(params: ParamsAtDate, item: Package, packageIndex: number): PackageFeeFen | undefined {
  const byIndex = fixedFees(params);
  if (!byIndex.has(packageIndex)) byIndex.set(packageIndex, packageFeeFen(item, undefined, params));
  return byIndex.get(packageIndex);
}

/** Fee bases of fixed-price packages, by date (the parameters in force) and the package ids chosen. */
const fixedBases = memoizeWeak((_params: ParamsAtDate) => new Map<string, FeeBase>());

function selectionKey(selections: readonly PackageSelection[]): string {
  let key = "";
  for (const selection of selections) key += `${selection.id}\n`;
  return key;
}

const record = (pairs: readonly (readonly [string, string])[]): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const [payer, amount] of pairs) out[payer] = amount;
  return out;
};

/**
 * Decides the fee section; `undefined` when the case chooses no package, or
 * when the resident is not eligible: both documents pay per signed resident,
 * so a resident who may not sign has no fee, funding or staff pool (POLICY 4;
 * the decision carries a `not-eligible-no-fee` warning). An eligible
 * contract not yet in force still gets its fee: what signing will cost.
 */
export function decideFee(context: AreaContext): FeeResult | undefined {
  const contract = context.case.contract;
  const selections = contract?.packages;
  if (!selections || selections.length === 0 || !context.facts.eligible) return undefined;
  const base = baseOf(context, selections);
  const fee: FeeDecision = {
    total: base.total,
    payers: record(base.payers),
    packages: base.packages.map((item) => ({ id: item.id, total: item.total, payers: record(item.payers) })),
  };
  if (base.staffPool !== undefined) fee.staffPool = base.staffPool;
  const team = contract.team;
  if (base.pool !== undefined && team && team.length > 0) fee.staffPay = staffPayRecord(base.pool, team);
  const tracer = context.tracer;
  const trace = base.steps.map((step) => tracer.entry(step.section, step.rule, step.outcome, step.cite, step));
  return { fee, trace };
}

function baseOf(context: AreaContext, selections: readonly PackageSelection[]): FeeBase {
  const packages = context.pack.data.packages;
  for (const selection of selections) {
    const item = packages.find((candidate) => candidate.id === selection.id);
    if (item === undefined || pricedByItems(item)) return feeBaseFen(context, selections) ?? feeBase(context, selections);
  }
  const byKey = fixedBases(context.params);
  const key = selectionKey(selections);
  let base = byKey.get(key);
  if (base === undefined) {
    base = feeBaseFen(context, selections) ?? feeBase(context, selections);
    byKey.set(key, base);
  }
  return base;
}
