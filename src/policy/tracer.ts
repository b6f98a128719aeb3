/**
 * The tracer: what turns "this rule held, with this value" into the trace
 * entries and benefits of a decision, in the spirit of OpenFisca's tracers —
 * the policy areas say what they computed and why, the tracer decides what a
 * record of it looks like.
 *
 * The part of an entry that does not depend on the case (the pack it comes
 * from, its citation, its note, whether it rests on an interpretation) is
 * worked out once per rule and outcome: a *stamp*. {@link FreshTracer}, the
 * evaluator's tracer, builds each decision's entries afresh from the stamps
 * (callers own their decisions and may change them). A population run may
 * bring a tracer of its own that reuses entries (`src/batch`); the policy
 * layer knows nothing of it.
 *
 * @module
 */
import { deepFreeze } from "../core/frozen.js";
import type { Cite, Decision, LocalText, TraceEntry, TraceSection } from "../model/decision.js";
import type { Pack } from "../pack/load.js";

/** How much of each citation a decision's trace carries. */
export type TraceDetail = "full" | "compact";

/** A part of a pack that may rest on an interpretation: a rule, a package, a section. */
export interface Interpretive {
  readonly interpretation?: boolean | undefined;
  readonly note?: LocalText | undefined;
}

/** A benefit as the decision lists it. */
export type Benefit = Decision["benefits"][number];

/** A benefit rule of the pack. */
export interface BenefitRule {
  readonly id: string;
  readonly label: LocalText;
  readonly cite: Cite;
}

/** What an area says about one trace entry, apart from the rule, section, outcome and cite. */
export interface TraceExtra {
  /** The value the rule produced. */
  readonly value?: string | undefined;
  /** What the rule did (the rule's note or label), or why the document is silent. */
  readonly note?: LocalText | undefined;
  /** The parameters the rule or its value used. */
  readonly params?: readonly string[];
  /**
   * The part of the pack the entry comes from: when it, or a parameter in
   * `params`, is an interpretation, the entry carries `interpretation: true`
   * and the interpretation's note in place of `note`.
   */
  readonly owner?: Interpretive;
}

/** Builds a decision's trace entries and benefits. */
export interface Tracer {
  /** The detail of the citations this tracer writes. */
  readonly detail: TraceDetail;
  /**
   * A trace entry. For one rule (one `cite` object of the pack) and outcome,
   * `extra.note`, `extra.params` and `extra.owner` must not vary between
   * calls: only `value` does.
   */
  entry(section: TraceSection, rule: string, outcome: boolean, cite: Cite, extra?: TraceExtra): TraceEntry;
  /** The benefit of a rule that holds. */
  benefit(rule: BenefitRule): Benefit;
}

/** The part of a trace entry that depends only on the pack, the rule and the outcome. */
export interface Stamp {
  readonly rule: string;
  readonly section: TraceSection;
  readonly outcome: boolean;
  readonly pack: string;
  /** The citation as the entry gives it (frozen). */
  readonly cite: Cite;
  /** The note the entry gives (frozen), if any. */
  readonly note: LocalText | undefined;
  readonly interpretation: boolean;
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

/**
 * The note of the interpretation a trace entry rests on (POLICY 19), or
 * `undefined` when it rests on none: the owner's own note when the owner (the
 * rule, package or section) is marked an interpretation, then the notes of
 * the parameters it used that are, each once, in order.
 */
export function interpretationOf(pack: Pack, owner: Interpretive, params: readonly string[] = []): LocalText | undefined {
  const notes: LocalText[] = [];
  const add = (note: LocalText | undefined) => {
    if (note && !notes.some((known) => known.zh === note.zh && known.en === note.en)) notes.push(note);
  };
  if (owner.interpretation === true) add(owner.note ?? { zh: "解释性规定（见规则包）", en: "An interpretation (see the pack)" });
  for (const id of params) {
    const parameter = Object.prototype.hasOwnProperty.call(pack.data.parameters, id) ? pack.data.parameters[id] : undefined;
    if (parameter?.interpretation === true)
      add(parameter.note ?? { zh: `参数 ${id} 为解释性规定`, en: `Parameter ${id} is an interpretation` });
  }
  return notes.length === 0 ? undefined : { zh: notes.map((note) => note.zh).join(" "), en: notes.map((note) => note.en).join(" ") };
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

/** The stamps of one rule (one cite object): by outcome, false then true. */
interface StampSlot {
  readonly section: TraceSection;
  readonly rule: string;
  readonly byOutcome: [Stamp | undefined, Stamp | undefined];
}

/**
 * The stamps of one pack at one detail, each worked out once. The pack is
 * frozen, so a stamp never changes; there are as many as the pack has rules
 * (twice), so the table needs no limit.
 */
export class Stamps {
  // Private fields: a decision or a prepared case reaches its tracer, and nothing reachable may change a later decision.
  readonly #slots = new Map<Cite, StampSlot>();
  readonly #benefits = new Map<BenefitRule, Benefit>();

  constructor(
    readonly pack: Pack,
    readonly detail: TraceDetail,
  ) {
    Object.freeze(this);
  }

  /** The stamp of a rule and outcome (see {@link Tracer.entry} for what may not vary). */
  of(section: TraceSection, rule: string, outcome: boolean, cite: Cite, extra: TraceExtra | undefined): Stamp {
    let slot = this.#slots.get(cite);
    if (slot === undefined) {
      slot = { section, rule, byOutcome: [undefined, undefined] };
      this.#slots.set(cite, slot);
    } else if (slot.section !== section || slot.rule !== rule) {
      // One cite object for two rules (an overlay may share one): not kept.
      return this.#build(section, rule, outcome, cite, extra);
    }
    const at = outcome ? 1 : 0;
    const kept = slot.byOutcome[at];
    if (kept !== undefined) return kept;
    const built = this.#build(section, rule, outcome, cite, extra);
    slot.byOutcome[at] = built;
    return built;
  }

  /** The benefit of a rule, frozen, worked out once. */
  benefit(rule: BenefitRule): Benefit {
    let benefit = this.#benefits.get(rule);
    if (benefit === undefined) {
      benefit = deepFreeze({ id: rule.id, label: { zh: rule.label.zh, en: rule.label.en }, cite: citeOf(rule.cite, this.detail) });
      this.#benefits.set(rule, benefit);
    }
    return benefit;
  }

  #build(section: TraceSection, rule: string, outcome: boolean, cite: Cite, extra: TraceExtra | undefined): Stamp {
    const params = extra?.params ?? [];
    const interpretation = extra?.owner ? interpretationOf(this.pack, extra.owner, params) : undefined;
    const note = interpretation ?? extra?.note;
    return deepFreeze({
      rule,
      section,
      outcome,
      pack: originOf(this.pack, section, rule, params),
      cite: citeOf(cite, this.detail),
      note: note !== undefined && this.detail !== "compact" ? { zh: note.zh, en: note.en } : undefined,
      interpretation: interpretation !== undefined,
    });
  }
}

/** A fresh copy of a cite (each object literal in one go: one shape per kind of cite). */
function copyCite(cite: Cite): Cite {
  if (cite.source === undefined && cite.note === undefined) {
    return cite.quote === undefined ? { doc: cite.doc, clause: cite.clause } : { doc: cite.doc, clause: cite.clause, quote: cite.quote };
  }
  const copy: Cite = { doc: cite.doc, clause: cite.clause };
  if (cite.quote !== undefined) copy.quote = cite.quote;
  if (cite.source !== undefined) copy.source = cite.source;
  if (cite.note !== undefined) copy.note = { zh: cite.note.zh, en: cite.note.en };
  return copy;
}

/** A fresh trace entry from a stamp: every object in it new, its fields in the documented order. */
export function entryOf(stamp: Stamp, value: string | undefined): TraceEntry {
  const cite = copyCite(stamp.cite);
  const note = stamp.note;
  // The common shapes as whole literals; the rest field by field.
  if (!stamp.interpretation) {
    if (value === undefined) {
      return note === undefined
        ? { rule: stamp.rule, section: stamp.section, outcome: stamp.outcome, pack: stamp.pack, cite }
        : { rule: stamp.rule, section: stamp.section, outcome: stamp.outcome, pack: stamp.pack, cite, note: { zh: note.zh, en: note.en } };
    }
    if (note !== undefined)
      return {
        rule: stamp.rule,
        section: stamp.section,
        outcome: stamp.outcome,
        pack: stamp.pack,
        cite,
        value,
        note: { zh: note.zh, en: note.en },
      };
  }
  const entry: TraceEntry = { rule: stamp.rule, section: stamp.section, outcome: stamp.outcome, pack: stamp.pack, cite };
  if (value !== undefined) entry.value = value;
  if (note !== undefined) entry.note = { zh: note.zh, en: note.en };
  if (stamp.interpretation) entry.interpretation = true;
  return entry;
}

/** A fresh benefit (its own objects) from a frozen one. */
function benefitOf(shared: Benefit): Benefit {
  return { id: shared.id, label: { zh: shared.label.zh, en: shared.label.en }, cite: copyCite(shared.cite) };
}

/**
 * The evaluator's tracer: fresh entries and benefits for every decision,
 * built from stamps worked out once per rule.
 *
 * @example
 * const tracer = new FreshTracer(loadPack("yueyang-2023"), "compact");
 * tracer.entry("eligibility", "region", true, rule.cite, { note: rule.label }); // { rule: "region", …, cite: { doc, clause } }
 */
export class FreshTracer implements Tracer {
  readonly #stamps: Stamps;

  constructor(pack: Pack, detail: TraceDetail) {
    this.#stamps = new Stamps(pack, detail);
    Object.freeze(this);
  }

  get detail(): TraceDetail {
    return this.#stamps.detail;
  }

  entry(section: TraceSection, rule: string, outcome: boolean, cite: Cite, extra?: TraceExtra): TraceEntry {
    return entryOf(this.#stamps.of(section, rule, outcome, cite, extra), extra?.value);
  }

  benefit(rule: BenefitRule): Benefit {
    return benefitOf(this.#stamps.benefit(rule));
  }
}
