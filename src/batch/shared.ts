/**
 * Shared parts: a tracer for population runs that gives every decision the
 * same frozen trace entry (and benefit) for a rule and outcome, so that their
 * JSON is written once. The policy layer knows nothing of it; it is passed in
 * as the evaluation's `tracer`. What this tracer shares is registered here,
 * and only what is registered is treated as shared ({@link isShared}): a
 * frozen object from elsewhere is just frozen.
 *
 * @module
 */
import { deepFreeze } from "../core/frozen.js";
import { memoizeWeak } from "../core/memo.js";
import type { Cite, TraceEntry, TraceSection } from "../model/decision.js";
import type { Pack } from "../pack/load.js";
import {
  entryOf,
  Stamps,
  type Benefit,
  type BenefitRule,
  type Stamp,
  type TraceDetail,
  type TraceExtra,
  type Tracer,
} from "../policy/tracer.js";

const shared = new WeakSet<object>();

/**
 * True for a part of a decision that a {@link SharingTracer} shares between
 * decisions: frozen all through, of the decision's pack, never changing, so
 * its text may be written once.
 */
export function isShared(part: object): boolean {
  return shared.has(part);
}

/** Marks a frozen value as shared (see {@link isShared}), and returns it. */
export function share<T extends object>(value: T): T {
  shared.add(deepFreeze(value));
  return value;
}

/**
 * A tracer whose entries without a value, and benefits, are built once per
 * rule and outcome, frozen and shared by every decision; entries with a value
 * are built afresh. Decisions made with it are read-only where they share.
 */
export class SharingTracer implements Tracer {
  // Private fields: decisions reach their tracer, and nothing reachable may change a later decision.
  readonly #stamps: Stamps;
  readonly #entries = new Map<Stamp, TraceEntry>();

  constructor(pack: Pack, detail: TraceDetail) {
    this.#stamps = new Stamps(pack, detail);
    Object.freeze(this);
  }

  get detail(): TraceDetail {
    return this.#stamps.detail;
  }

  entry(section: TraceSection, rule: string, outcome: boolean, cite: Cite, extra?: TraceExtra): TraceEntry {
    const stamp = this.#stamps.of(section, rule, outcome, cite, extra);
    if (extra?.value !== undefined) return entryOf(stamp, extra.value);
    let entry = this.#entries.get(stamp);
    if (entry === undefined) {
      entry = share(entryOf(stamp, undefined));
      this.#entries.set(stamp, entry);
    }
    return entry;
  }

  benefit(rule: BenefitRule): Benefit {
    const benefit = this.#stamps.benefit(rule);
    shared.add(benefit);
    return benefit;
  }
}

const tracers = memoizeWeak((pack: Pack) => ({ full: new SharingTracer(pack, "full"), compact: new SharingTracer(pack, "compact") }));

/** The sharing tracer of a pack at a detail (one per pack and detail). */
export function sharingTracer(pack: Pack, detail: TraceDetail): SharingTracer {
  return tracers(pack)[detail];
}
