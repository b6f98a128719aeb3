/**
 * Eligibility: may this resident sign under this pack? Every eligibility rule
 * of the pack must hold (region, one team at a time, …).
 *
 * @module
 */
import type { TraceEntry } from "../model/decision.js";
import { conditionParams, type AreaContext } from "./context.js";

/** The eligibility section of a decision. */
export interface EligibilityResult {
  readonly eligible: boolean;
  /** One trace entry per eligibility rule, in pack order. */
  readonly reasons: TraceEntry[];
}

/** Decides eligibility from the outcomes of the pack's eligibility rules. */
export function decideEligibility(context: AreaContext): EligibilityResult {
  const reasons = context.pack.data.eligibility.map((rule, index) =>
    context.tracer.entry("eligibility", rule.id, context.outcomes.holds("eligibility", index), rule.cite, {
      note: rule.label,
      params: conditionParams(rule.when),
      owner: rule,
    }),
  );
  return { eligible: reasons.every((reason) => reason.outcome), reasons };
}
