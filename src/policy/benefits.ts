/**
 * Benefits: what the pack says a resident is entitled to, for each benefit
 * rule that holds.
 *
 * @module
 */
import { deepFreeze } from "../core/frozen.js";
import type { Decision, TraceEntry } from "../model/decision.js";
import { citeOf, conditionParams, traceEntry, type PolicyContext, type TraceDetail } from "./context.js";

/** The benefits section of a decision and its trace. */
export interface BenefitsResult {
  readonly benefits: Decision["benefits"];
  readonly trace: TraceEntry[];
}

type Benefit = Decision["benefits"][number];
type BenefitRule = PolicyContext["pack"]["data"]["benefits"][number];

const sharedBenefits = new WeakMap<BenefitRule, Partial<Record<TraceDetail, Benefit>>>();

function benefitOf(rule: BenefitRule, context: PolicyContext): Benefit {
  const detail = context.detail ?? "full";
  const build = (): Benefit => ({ id: rule.id, label: { zh: rule.label.zh, en: rule.label.en }, cite: citeOf(rule.cite, detail) });
  if (!context.shared) return build();
  let byDetail = sharedBenefits.get(rule);
  if (!byDetail) {
    byDetail = {};
    sharedBenefits.set(rule, byDetail);
  }
  let benefit = byDetail[detail];
  if (!benefit) {
    benefit = deepFreeze(build());
    byDetail[detail] = benefit;
  }
  return benefit;
}

/** Lists the benefits whose rules hold, in pack order. */
export function decideBenefits(context: PolicyContext): BenefitsResult {
  const benefits: Decision["benefits"] = [];
  const trace = context.pack.data.benefits.map((rule, index) => {
    const holds = context.outcomes.holds("benefits", index);
    if (holds) benefits.push(benefitOf(rule, context));
    return traceEntry(context, "benefits", rule.id, holds, rule.cite, { note: rule.label, params: conditionParams(rule.when), owner: rule });
  });
  return { benefits, trace };
}
