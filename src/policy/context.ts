/**
 * What every policy module works from: the case, the pack, the parameter
 * values in force on the decision date, the derived facts, and the outcome of
 * each rule.
 *
 * @module
 */
import { factsRead, type Condition } from "../engine/condition.js";
import type { Term } from "../core/dates.js";
import { fail, type Issue } from "../core/errors.js";
import { deepFreeze } from "../core/frozen.js";
import type { Case } from "../model/case.js";
import type { Cite, LocalText, TraceEntry, TraceSection } from "../model/decision.js";
import { PARAM_FACT_PREFIX, type Facts } from "../model/facts.js";
import { yuan, decimal, type Decimal } from "../core/money.js";
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

/**
 * A cite as the decision reports it: the quote (where the pack has one), and
 * for a secondary cite its `source` and note, unless the trace is compact.
 */
export function citeOf(cite: Cite, detail: TraceDetail = "full"): Cite {
  if (detail === "compact") return { doc: cite.doc, clause: cite.clause };
  const out: Cite = { doc: cite.doc, clause: cite.clause };
  if (cite.quote !== undefined) out.quote = cite.quote;
  if (cite.source !== undefined) out.source = cite.source;
  if (cite.note !== undefined) out.note = { zh: cite.note.zh, en: cite.note.en };
  return out;
}

/** A part of a pack that may rest on an interpretation: a rule, a package, a section. */
export interface Interpretive {
  readonly interpretation?: boolean | undefined;
  readonly note?: LocalText | undefined;
}

const interpretations = new WeakMap<object, Map<string, LocalText | null>>();

/**
 * The note of the interpretation a trace entry rests on (POLICY 19), or
 * `undefined` when it rests on none: the owner's own note when the owner (the
 * rule, package or section) is marked an interpretation, then the notes of
 * the parameters it used that are, each once, in order.
 */
export function interpretationOf(pack: Pack, owner: Interpretive, params: readonly string[] = []): LocalText | undefined {
  let byParams = interpretations.get(owner);
  if (!byParams) {
    byParams = new Map();
    interpretations.set(owner, byParams);
  }
  const key = `${pack.hash}|${params.join(",")}`;
  let found = byParams.get(key);
  if (found === undefined) {
    const notes: LocalText[] = [];
    const add = (note: LocalText | undefined) => {
      if (note && !notes.some((known) => known.zh === note.zh && known.en === note.en)) notes.push(note);
    };
    if (owner.interpretation === true) add(owner.note ?? { zh: "解释性规定（见规则包）", en: "An interpretation (see the pack)" });
    for (const id of params) {
      const parameter = Object.prototype.hasOwnProperty.call(pack.data.parameters, id) ? pack.data.parameters[id] : undefined;
      if (parameter?.interpretation === true) add(parameter.note ?? { zh: `参数 ${id} 为解释性规定`, en: `Parameter ${id} is an interpretation` });
    }
    found = notes.length === 0 ? null : deepFreeze({ zh: notes.map((note) => note.zh).join(" "), en: notes.map((note) => note.en).join(" ") });
    byParams.set(key, found);
  }
  return found ?? undefined;
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
  /**
   * The part of the pack the entry comes from: when it, or a parameter in
   * `params`, is an interpretation, the entry carries `interpretation: true`
   * and the interpretation's note in place of `note`.
   */
  readonly owner?: Interpretive;
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
  const interpretation = extra.owner ? interpretationOf(context.pack, extra.owner, extra.params ?? []) : undefined;
  const note = interpretation ?? extra.note;
  if (note !== undefined && context.detail !== "compact") entry.note = { zh: note.zh, en: note.en };
  if (interpretation !== undefined) entry.interpretation = true;
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
