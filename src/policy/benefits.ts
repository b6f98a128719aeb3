/**
 * Benefits: what the pack says a resident is entitled to, for each benefit
 * rule that holds.
 *
 * @module
 */
import type { Decision, TraceEntry } from "../model/decision.js";
import { conditionParams, type AreaContext } from "./context.js";

/** The benefits section of a decision and its trace. */
export interface BenefitsResult {
  readonly benefits: Decision["benefits"];
  readonly trace: TraceEntry[];
}

/** Lists the benefits whose rules hold, in pack order. */
export function decideBenefits(context: AreaContext): BenefitsResult {
  const benefits: Decision["benefits"] = [];
  const trace = context.pack.data.benefits.map((rule, index) => {
    const holds = context.outcomes.holds("benefits", index);
    if (holds) benefits.push(context.tracer.benefit(rule));
    return context.tracer.entry("benefits", rule.id, holds, rule.cite, {
      note: rule.label,
      params: conditionParams(rule.when),
      owner: rule,
    });
  });
  return { benefits, trace };
}
