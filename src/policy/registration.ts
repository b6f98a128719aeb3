/**
 * Outpatient registration fees: what a signed resident is charged and what is
 * waived.
 *
 * @module
 */
import type { Decision, TraceEntry } from "../model/decision.js";
import { applyRate, Decimal, toAmount, yuan } from "../money.js";
import { isSilent } from "../pack/schema.js";
import { conditionParams, rateParam, traceEntry, type PolicyContext } from "./context.js";

/** The registration-fee section of a decision and its trace. */
export interface RegistrationResult {
  readonly registrationFee: NonNullable<Decision["registrationFee"]>;
  readonly trace: TraceEntry[];
}

/** Decides the registration-fee section; `undefined` when the case gives no visit. */
export function decideRegistrationFee(context: PolicyContext): RegistrationResult | undefined {
  const visit = context.case.visit;
  if (!visit) return undefined;
  const fee = yuan(visit.registrationFee);
  const section = context.pack.data.registrationFee;
  const result = (waived: Decimal, trace: TraceEntry[]): RegistrationResult => ({
    registrationFee: { charged: toAmount(fee.minus(waived)), waived: toAmount(waived) },
    trace,
  });
  if (isSilent(section)) {
    return result(new Decimal(0), [traceEntry(context, "registration-fee", "registration-fee", false, section.silent.cite, { note: section.silent.note })]);
  }
  const trace: TraceEntry[] = [];
  for (const [index, rule] of section.rules.entries()) {
    const holds = context.outcomes.holds("registrationFee", index);
    if (!holds) {
      trace.push(traceEntry(context, "registration-fee", rule.id, false, rule.cite, { note: rule.label, params: conditionParams(rule.when) }));
      continue;
    }
    let waived: Decimal;
    let note = rule.note ?? rule.label;
    if ("rate" in rule.waiver) {
      waived = applyRate(fee, rateParam(context.params, rule.waiver.rate, "registration-fee waiver"));
    } else {
      const amount = context.params.value(rule.waiver.amount.param);
      waived = typeof amount === "string" ? Decimal.min(fee, yuan(amount)) : new Decimal(0);
      if (typeof amount !== "string") note = context.pack.data.parameters[rule.waiver.amount.param]?.note ?? note;
    }
    trace.push(
      traceEntry(context, "registration-fee", rule.id, true, rule.cite, {
        value: toAmount(waived),
        note,
        params: ["rate" in rule.waiver ? rule.waiver.rate.param : rule.waiver.amount.param, ...conditionParams(rule.when)],
      }),
    );
    return result(waived, trace);
  }
  return result(new Decimal(0), trace);
}
