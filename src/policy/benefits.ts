/**
 * Benefits: what the pack says a resident is entitled to, for each benefit
 * rule that holds.
 *
 * @module
 */
import type { Decision, TraceEntry } from "../model/decision.js";
import { citeOf, conditionParams, traceEntry, type PolicyContext } from "./context.js";

/** The benefits section of a decision and its trace. */
export interface BenefitsResult {
  readonly benefits: Decision["benefits"];
  readonly trace: TraceEntry[];
}

/** Lists the benefits whose rules hold, in pack order. */
export function decideBenefits(context: PolicyContext): BenefitsResult {
  const benefits: Decision["benefits"] = [];
  const trace = context.pack.data.benefits.map((rule, index) => {
    const holds = context.outcomes.holds("benefits", index);
    if (holds) benefits.push({ id: rule.id, label: { zh: rule.label.zh, en: rule.label.en }, cite: citeOf(rule.cite, context.detail) });
    return traceEntry(context, "benefits", rule.id, holds, rule.cite, { note: rule.label, params: conditionParams(rule.when) });
  });
  return { benefits, trace };
}
