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
import { jsonDifferences } from "./json-diff.js";

/**
 * One case, with its line in the input; or a line that holds no case (not
 * JSON, not valid text, …), with the issues that refuse it, as `fdr batch`
 * reports them.
 */
export type NumberedCase = { readonly line: number; readonly input: unknown } | UnreadableLine;

/** A line of the cases that holds no case, and why. */
export interface UnreadableLine {
  readonly line: number;
  readonly errors: readonly Issue[];
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
  /** Lines that hold no case (each with its issues): neither pack saw them. Never dropped. */
  readonly unreadable: readonly UnreadableLine[];
  /** Cases both packs refuse with the same issues (not a case, or one neither pack can decide): no change, but never dropped. */
  readonly refused: readonly UnreadableLine[];
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

/**
 * Every value that differs between two JSON values, by JSON Pointer; the
 * pack's identity (`/pack`, `/packVersion`, `/packHash`) and the trace are
 * not compared. The walker is {@link jsonDifferences}, shared with `fdr test`.
 *
 * @example
 * diffValues({ fee: { total: "40.00" } }, { fee: { total: "42.00" } });
 * //=> [{ path: "/fee/total", before: "40.00", after: "42.00" }]
 */
export function diffValues(before: unknown, after: unknown): FieldChange[] {
  return jsonDifferences(before, after, { ignore: IGNORED }).map(({ path, left, right }) => ({ path, before: left, after: right }));
}

/** Whether a decision is of a signed resident: eligible, contract in force on the decision date. */
function signed(decision: Decision): boolean {
  return decision.eligibility.eligible && decision.contract?.inForce === true;
}

/** Adds a signed resident's fee to the payer totals, and returns the staff pool to add (zero for others). */
function addPayers(totals: Map<string, Decimal>, result: Outcome): Decimal {
  if (!("decision" in result) || !signed(result.decision)) return new Decimal(0);
  for (const [payer, amount] of Object.entries(result.decision.fee?.payers ?? {}))
    totals.set(payer, (totals.get(payer) ?? new Decimal(0)).plus(yuan(amount)));
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
  const differ = new PackDiffer(before, after);
  for (const numbered of cases) differ.add(numbered);
  return differ.result();
}

/**
 * {@link diffPacks} one case at a time, for cases that arrive as a stream
 * (`fdr diff` reads its cases file through the batch's reader).
 */
class PackDiffer {
  private readonly changed: DecisionChange[] = [];
  private readonly unreadable: UnreadableLine[] = [];
  private readonly refused: UnreadableLine[] = [];
  private readonly totalsBefore = new Map<string, Decimal>();
  private readonly totalsAfter = new Map<string, Decimal>();
  private count = 0;
  private poolBefore = new Decimal(0);
  private poolAfter = new Decimal(0);

  constructor(
    private readonly before: Pack,
    private readonly after: Pack,
  ) {}

  /** Evaluates one case under both packs (an unreadable line is kept as it is). */
  add(numbered: NumberedCase): void {
    if ("errors" in numbered) {
      this.unreadable.push({ line: numbered.line, errors: numbered.errors });
      return;
    }
    const { line, input } = numbered;
    this.count++;
    const old = outcome(this.before, input);
    const now = outcome(this.after, input);
    this.poolBefore = this.poolBefore.plus(addPayers(this.totalsBefore, old));
    this.poolAfter = this.poolAfter.plus(addPayers(this.totalsAfter, now));
    const fields = "decision" in old && "decision" in now ? diffValues(old.decision, now.decision) : diffValues(old, now);
    if (fields.length === 0) {
      if ("errors" in old) this.refused.push({ line, errors: old.errors });
      return;
    }
    const groups = (result: Outcome) => ("decision" in result ? result.decision.priorityGroups : []);
    const residentId = "decision" in now ? now.decision.residentId : "decision" in old ? old.decision.residentId : undefined;
    this.changed.push({
      line,
      residentId,
      groupsGained: groups(now).filter((group) => !groups(old).includes(group)),
      groupsLost: groups(old).filter((group) => !groups(now).includes(group)),
      fields: fields.filter((field) => field.path !== "/priorityGroups" && !field.path.startsWith("/priorityGroups/")),
    });
  }

  /** The comparison of every case added so far. */
  result(): PackDiff {
    // Every payer either pack's packages name (a total of 0.00 when no signed resident pays), then any other.
    const declared = [this.before, this.after].flatMap((pack) =>
      pack.data.packages.flatMap((item) => item.shares.map((share) => share.payer)),
    );
    const payers = [...new Set([...declared, ...this.totalsBefore.keys(), ...this.totalsAfter.keys()])];
    return {
      cases: this.count,
      changed: [...this.changed],
      payerTotals: { before: record(this.totalsBefore, payers), after: record(this.totalsAfter, payers) },
      staffPoolTotals: { before: toAmount(this.poolBefore), after: toAmount(this.poolAfter) },
      totalsOf: TOTALS_OF,
      unreadable: [...this.unreadable],
      refused: [...this.refused],
    };
  }
}
