/**
 * The inpatient deductible (住院起付线) on a referral within one episode.
 *
 * @module
 */
import type { Decision, TraceEntry } from "../model/decision.js";
import { fenOf, fenText } from "../core/fen.js";
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
  const deductibleFen = fenOf(episode.deductible);
  const paidFen = fenOf(episode.deductiblePaidInEpisode ?? "0");
  // Whole fen where the amounts allow (a property test holds it to Decimal), else Decimal.
  const exact = deductibleFen === undefined || paidFen === undefined;
  const deductible = exact ? yuan(episode.deductible) : undefined;
  const paid = exact ? yuan(episode.deductiblePaidInEpisode ?? "0") : undefined;
  const deductibleText = exact ? toAmount(deductible as Decimal) : fenText(deductibleFen);
  const paidText = exact ? toAmount(paid as Decimal) : fenText(paidFen);
  const section = context.pack.data.inpatientDeductible;
  if (isSilent(section)) {
    return {
      inpatient: { deductible: deductibleText, paidInEpisode: paidText, deductiblePayable: deductibleText },
      trace: [context.tracer.entry("inpatient", "inpatient-deductible", false, section.silent.cite, { note: section.silent.note })],
    };
  }
  const trace: TraceEntry[] = [];
  for (const [index, rule] of section.rules.entries()) {
    const holds = context.outcomes.holds("inpatientDeductible", index);
    if (!holds) {
      trace.push(
        context.tracer.entry("inpatient", rule.id, false, rule.cite, { note: rule.label, params: conditionParams(rule.when), owner: rule }),
      );
      continue;
    }
    // method "above-paid-in-episode": only the part above what was already paid, never below zero.
    const payable = exact
      ? toAmount(Decimal.max(new Decimal(0), (deductible as Decimal).minus(paid as Decimal)))
      : fenText(Math.max(0, (deductibleFen as number) - (paidFen as number)));
    trace.push(
      context.tracer.entry("inpatient", rule.id, true, rule.cite, {
        value: payable,
        note: rule.note ?? rule.label,
        params: conditionParams(rule.when),
        owner: rule,
      }),
    );
    return { inpatient: { deductible: deductibleText, paidInEpisode: paidText, deductiblePayable: payable }, trace };
  }
  return { inpatient: { deductible: deductibleText, paidInEpisode: paidText, deductiblePayable: deductibleText }, trace };
}
