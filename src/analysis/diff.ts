/**
 * What an edit to a pack changes: the decisions of a set of cases under the
 * old and the new pack, compared.
 *
 * @module
 */
import { evaluate } from "../policy/api.js";
import { isPolicyError, type Issue } from "../core/errors.js";
import type { Decision } from "../model/decision.js";
import { Decimal, toAmount, yuan } from "../core/money.js";
import type { Pack } from "../pack/load.js";
import { TOTALS_OF } from "../model/decision.js";

/** One case, with its line in the input. */
export interface NumberedCase {
  readonly line: number;
  readonly input: unknown;
}

/** A value that differs between the two decisions. */
export interface FieldChange {
  /** JSON Pointer into the decision. */
  readonly path: string;
  readonly before: unknown;
  readonly after: unknown;
}

/** How one case's decision changed. */
export interface DecisionChange {
  readonly line: number;
  readonly residentId: string | undefined;
  readonly groupsGained: readonly string[];
  readonly groupsLost: readonly string[];
  readonly fields: readonly FieldChange[];
}

/** The result of comparing two packs on a set of cases. */
export interface PackDiff {
  readonly cases: number;
  readonly changed: readonly DecisionChange[];
  /** Fee totals per payer over signed residents (eligible, contract in force on the decision date), before and after. */
  readonly payerTotals: { readonly before: Record<string, string>; readonly after: Record<string, string> };
  /** Staff-pool totals over signed residents, before and after. */
  readonly staffPoolTotals: { readonly before: string; readonly after: string };
  /** What the totals add up: signed residents only. */
  readonly totalsOf: typeof TOTALS_OF;
}

type Outcome = { decision: Decision } | { errors: Issue[] };

const IGNORED = new Set(["/pack", "/packVersion", "/packHash", "/trace"]);

function outcome(pack: Pack, input: unknown): Outcome {
  try {
    return { decision: evaluate(pack, input) };
  } catch (error) {
    if (isPolicyError(error)) return { errors: [...error.issues] };
    throw error;
  }
}

/** Every value that differs between two JSON values, by JSON Pointer. */
export function diffValues(before: unknown, after: unknown, path = ""): FieldChange[] {
  if (IGNORED.has(path)) return [];
  if (before !== null && after !== null && typeof before === "object" && typeof after === "object" && Array.isArray(before) === Array.isArray(after)) {
    if (Array.isArray(before) && Array.isArray(after) && before.length !== after.length) return [{ path, before, after }];
    const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
    return [...keys].flatMap((key) => diffValues((before as Record<string, unknown>)[key], (after as Record<string, unknown>)[key], `${path}/${key}`));
  }
  return Object.is(before, after) ? [] : [{ path, before, after }];
}

/** Whether a decision is of a signed resident: eligible, contract in force on the decision date. */
function signed(decision: Decision): boolean {
  return decision.eligibility.eligible && decision.contract?.inForce === true;
}

/** Adds a signed resident's fee to the payer totals, and returns the staff pool to add (zero for others). */
function addPayers(totals: Map<string, Decimal>, result: Outcome): Decimal {
  if (!("decision" in result) || !signed(result.decision)) return new Decimal(0);
  for (const [payer, amount] of Object.entries(result.decision.fee?.payers ?? {})) totals.set(payer, (totals.get(payer) ?? new Decimal(0)).plus(yuan(amount)));
  return yuan(result.decision.fee?.staffPool ?? "0");
}

function record(totals: Map<string, Decimal>, payers: readonly string[]): Record<string, string> {
  return Object.fromEntries(payers.map((payer) => [payer, toAmount(totals.get(payer) ?? new Decimal(0))]));
}

/**
 * Evaluates every case under both packs and lists the decisions that change:
 * priority groups gained or lost, every other value that moved, and fee and
 * staff-pool totals before and after — over signed residents only (eligible,
 * contract in force on the decision date): both documents pay per signed
 * resident.
 *
 * @example
 * const diff = diffPacks(loadPack("yueyang-2023"), loadPack(editedJson), cases);
 * diff.payerTotals.after.resident; // the resident's total under the edited pack
 */
export function diffPacks(before: Pack, after: Pack, cases: Iterable<NumberedCase>): PackDiff {
  const changed: DecisionChange[] = [];
  const totalsBefore = new Map<string, Decimal>();
  const totalsAfter = new Map<string, Decimal>();
  let count = 0;
  let poolBefore = new Decimal(0);
  let poolAfter = new Decimal(0);
  for (const { line, input } of cases) {
    count++;
    const old = outcome(before, input);
    const now = outcome(after, input);
    poolBefore = poolBefore.plus(addPayers(totalsBefore, old));
    poolAfter = poolAfter.plus(addPayers(totalsAfter, now));
    const fields = "decision" in old && "decision" in now ? diffValues(old.decision, now.decision) : diffValues(old, now);
    if (fields.length === 0) continue;
    const groups = (result: Outcome) => ("decision" in result ? result.decision.priorityGroups : []);
    const residentId = "decision" in now ? now.decision.residentId : "decision" in old ? old.decision.residentId : undefined;
    changed.push({
      line,
      residentId,
      groupsGained: groups(now).filter((group) => !groups(old).includes(group)),
      groupsLost: groups(old).filter((group) => !groups(now).includes(group)),
      fields: fields.filter((field) => field.path !== "/priorityGroups" && !field.path.startsWith("/priorityGroups/")),
    });
  }
  const payers = [...new Set([...totalsBefore.keys(), ...totalsAfter.keys()])];
  return {
    cases: count,
    changed,
    payerTotals: { before: record(totalsBefore, payers), after: record(totalsAfter, payers) },
    staffPoolTotals: { before: toAmount(poolBefore), after: toAmount(poolAfter) },
    totalsOf: TOTALS_OF,
  };
}
