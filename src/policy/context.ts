/**
 * What every policy module works from: the case, the pack, the parameter
 * values in force on the decision date, the derived facts, and the outcome of
 * each rule.
 *
 * @module
 */
import { factsRead, type Condition } from "../engine/condition.js";
import type { Term } from "../dates.js";
import { fail, type Issue } from "../errors.js";
import { deepFreeze } from "../frozen.js";
import type { Case } from "../model/case.js";
import type { Cite, LocalText, TraceEntry, TraceSection } from "../model/decision.js";
import { PARAM_FACT_PREFIX, type Facts } from "../model/facts.js";
import { yuan, decimal, type Decimal } from "../money.js";
import type { Pack } from "../pack/load.js";
import type { ParameterValue } from "../pack/params.js";
import type { RuleGroup } from "../pack/rules.js";
import type { ParamRef } from "../pack/schema.js";

/** Parameter values in force on one date, by parameter id. */
export interface ParamsAtDate {
  /** The value of a parameter (null where the pack leaves it to a local rule). */
  value(id: string): ParameterValue;
  /** The values in slot order, as compiled conditions read them. */
  readonly slots: readonly ParameterValue[];
}

/** Whether each rule holds, by group and index. */
export interface RuleOutcomes {
  /** True when the rule at `index` of `group` holds. */
  holds(group: RuleGroup, index: number): boolean;
}

/** How much of each citation a decision's trace carries. */
export type TraceDetail = "full" | "compact";

/** Everything a policy module reads. */
export interface PolicyContext {
  readonly pack: Pack;
  readonly case: Case;
  readonly params: ParamsAtDate;
  readonly facts: Facts;
  /** The term of the case's contract, from its signing day and the pack's term; `undefined` without a contract. */
  readonly contractTerm: Term | undefined;
  readonly outcomes: RuleOutcomes;
  /** `full`: quotes and notes; `compact`: rule and clause ids only. Default full. */
  readonly detail?: TraceDetail;
  /**
   * Reuse one frozen trace entry (and benefit) per rule and outcome across
   * decisions instead of building fresh ones. Only entries without a value are
   * shared. Default false.
   */
  readonly shared?: boolean;
}

/** A cite as the decision reports it: the quote included unless the trace is compact. */
export function citeOf(cite: Cite, detail: TraceDetail = "full"): Cite {
  return detail === "compact" ? { doc: cite.doc, clause: cite.clause } : { doc: cite.doc, clause: cite.clause, quote: cite.quote };
}

const paramsByCondition = new WeakMap<object, readonly string[]>();

/** The parameter ids a condition tree reads (computed once per tree). */
export function conditionParams(condition: unknown): readonly string[] {
  const tree = condition as Condition;
  let params = paramsByCondition.get(tree);
  if (!params) {
    params = factsRead(tree)
      .filter((name) => name.startsWith(PARAM_FACT_PREFIX))
      .map((name) => name.slice(PARAM_FACT_PREFIX.length));
    paramsByCondition.set(tree, params);
  }
  return params;
}

/**
 * The pack a trace entry's rule or value came from: the evaluated pack when it
 * defines the rule or any parameter the entry used, else the pack that does.
 */
function originOf(pack: Pack, section: TraceSection, rule: string, params: readonly string[]): string {
  if (!pack.data.extends) return pack.id;
  const candidates = [pack.origin(`${section}/${rule}`), ...params.map((id) => pack.origin(`param:${id}`))];
  return candidates.find((origin) => origin === pack.id) ?? (candidates[0] as string);
}

/** The shared entries of one rule: by detail, then outcome (false, true). */
interface SharedSlot {
  readonly pack: Pack;
  readonly section: TraceSection;
  readonly rule: string;
  readonly entries: { full: (TraceEntry | undefined)[]; compact: (TraceEntry | undefined)[] };
}

// Keyed by the rule's cite object, which the frozen pack gives each rule once.
const sharedEntries = new WeakMap<Cite, SharedSlot>();

/** Extra parts of a trace entry: its value, its note, the parameters it used. */
export interface TraceExtra {
  readonly value?: string | undefined;
  readonly note?: LocalText | undefined;
  readonly params?: readonly string[];
}

/**
 * Builds a trace entry; `params` are the parameters the rule or its value
 * used. With `context.shared`, an entry without a value is built once per
 * pack, detail, rule and outcome, frozen, and reused.
 */
export function traceEntry(
  context: Pick<PolicyContext, "pack" | "detail" | "shared">,
  section: TraceSection,
  rule: string,
  outcome: boolean,
  cite: Cite,
  extra: TraceExtra = {},
): TraceEntry {
  if (!context.shared || extra.value !== undefined) return buildEntry(context, section, rule, outcome, cite, extra);
  let slot = sharedEntries.get(cite);
  if (!slot || slot.pack !== context.pack || slot.section !== section || slot.rule !== rule) {
    slot = { pack: context.pack, section, rule, entries: { full: [], compact: [] } };
    sharedEntries.set(cite, slot);
  }
  const entries = slot.entries[context.detail ?? "full"];
  const at = outcome ? 1 : 0;
  let entry = entries[at];
  if (!entry) {
    entry = deepFreeze(buildEntry(context, section, rule, outcome, cite, extra));
    entries[at] = entry;
  }
  return entry;
}

function buildEntry(
  context: Pick<PolicyContext, "pack" | "detail">,
  section: TraceSection,
  rule: string,
  outcome: boolean,
  cite: Cite,
  extra: TraceExtra,
): TraceEntry {
  const entry: TraceEntry = { rule, section, outcome, pack: originOf(context.pack, section, rule, extra.params ?? []), cite: citeOf(cite, context.detail) };
  if (extra.value !== undefined) entry.value = extra.value;
  if (extra.note !== undefined && context.detail !== "compact") entry.note = { zh: extra.note.zh, en: extra.note.en };
  return entry;
}

function unset(id: string, what: string): never {
  const issue: Issue = {
    code: "parameter_not_in_force",
    path: `/parameters/${id}/values`,
    message: `parameter ${id} has no value on this date (the document leaves it open): set it in an overlay pack to decide ${what}`,
    expected: `a ${what}`,
    found: "null",
  };
  return fail(issue);
}

/** A money parameter's value as a Decimal; fails when the pack leaves it unset. */
export function moneyParam(params: ParamsAtDate, ref: ParamRef, what: string): Decimal {
  const value = params.value(ref.param);
  if (typeof value !== "string") unset(ref.param, what);
  return yuan(value as string);
}

/** A rate parameter's value as a Decimal; fails when the pack leaves it unset. */
export function rateParam(params: ParamsAtDate, ref: ParamRef, what: string): Decimal {
  const value = params.value(ref.param);
  if (typeof value !== "string") unset(ref.param, what);
  return decimal(value as string);
}

/** An integer parameter's value; fails when the pack leaves it unset. */
export function integerParam(params: ParamsAtDate, ref: ParamRef, what: string): number {
  const value = params.value(ref.param);
  if (typeof value !== "number") unset(ref.param, what);
  return value as number;
}

/** A codes parameter's value. */
export function codesParam(params: ParamsAtDate, ref: ParamRef): readonly string[] {
  const value = params.value(ref.param);
  return Array.isArray(value) ? value : [];
}
