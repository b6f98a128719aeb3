/**
 * The inpatient deductible (住院起付线) on a referral within one episode.
 *
 * @module
 */
import type { Decision, TraceEntry } from "../model/decision.js";
import { Decimal, toAmount, yuan } from "../core/money.js";
import { isSilent } from "../pack/schema.js";
import { conditionParams, type AreaContext } from "./context.js";

/** The inpatient section of a decision and its trace. */
export interface InpatientResult {
  readonly inpatient: NonNullable<Decision["inpatient"]>;
  readonly trace: TraceEntry[];
}

/** Decides the inpatient section; `undefined` when the case gives no inpatient episode. */
export function decideInpatient(context: AreaContext): InpatientResult | undefined {
  const episode = context.case.inpatient;
  if (!episode) return undefined;
  const deductible = yuan(episode.deductible);
  const paid = yuan(episode.deductiblePaidInEpisode ?? "0");
  const section = context.pack.data.inpatientDeductible;
  if (isSilent(section)) {
    return {
      inpatient: { deductible: toAmount(deductible), paidInEpisode: toAmount(paid), deductiblePayable: toAmount(deductible) },
      trace: [context.tracer.entry("inpatient", "inpatient-deductible", false, section.silent.cite, { note: section.silent.note })],
    };
  }
  const trace: TraceEntry[] = [];
  for (const [index, rule] of section.rules.entries()) {
    const holds = context.outcomes.holds("inpatientDeductible", index);
    if (!holds) {
      trace.push(context.tracer.entry("inpatient", rule.id, false, rule.cite, { note: rule.label, params: conditionParams(rule.when), owner: rule }));
      continue;
    }
    // method "above-paid-in-episode": only the part above what was already paid, never below zero.
    const payable = Decimal.max(new Decimal(0), deductible.minus(paid));
    trace.push(context.tracer.entry("inpatient", rule.id, true, rule.cite, { value: toAmount(payable), note: rule.note ?? rule.label, params: conditionParams(rule.when), owner: rule }));
    return { inpatient: { deductible: toAmount(deductible), paidInEpisode: toAmount(paid), deductiblePayable: toAmount(payable) }, trace };
  }
  return { inpatient: { deductible: toAmount(deductible), paidInEpisode: toAmount(paid), deductiblePayable: toAmount(deductible) }, trace };
}
