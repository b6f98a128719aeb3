/**
 * Outpatient registration fees: what a signed resident is charged and what is
 * waived.
 *
 * @module
 */
import type { Cite, Decision, TraceEntry } from "../model/decision.js";
import { applyRate, decimal, Decimal, toAmount, yuan } from "../core/money.js";
import { isSilent } from "../pack/schema.js";
import { conditionParams, type AreaContext } from "./context.js";

/** The registration-fee section of a decision and its trace. */
export interface RegistrationResult {
  readonly registrationFee: NonNullable<Decision["registrationFee"]>;
  readonly trace: TraceEntry[];
  /** The rule that held and the parameter it leaves unset, when the amount is not set. */
  readonly amountNotSet?: { readonly rule: { readonly id: string; readonly cite: Cite }; readonly param: string };
}

/**
 * Decides the registration-fee section; `undefined` when the case gives no
 * visit. Where the rule that holds waives an amount or rate the document
 * leaves unset (null: "减免" with no figure, YZ §5.2, POLICY 10), `charged`
 * and `waived` are null and `amountNotSet` names the parameter: the library
 * never invents an amount. An overlay that sets the value gets computed
 * amounts.
 */
export function decideRegistrationFee(context: AreaContext): RegistrationResult | undefined {
  const visit = context.case.visit;
  if (!visit) return undefined;
  const fee = yuan(visit.registrationFee);
  const section = context.pack.data.registrationFee;
  const result = (waived: Decimal, trace: TraceEntry[]): RegistrationResult => ({
    registrationFee: { fee: toAmount(fee), charged: toAmount(fee.minus(waived)), waived: toAmount(waived) },
    trace,
  });
  if (isSilent(section)) {
    return result(new Decimal(0), [context.tracer.entry("registration-fee", "registration-fee", false, section.silent.cite, { note: section.silent.note })]);
  }
  const trace: TraceEntry[] = [];
  for (const [index, rule] of section.rules.entries()) {
    const holds = context.outcomes.holds("registrationFee", index);
    const param = "rate" in rule.waiver ? rule.waiver.rate.param : rule.waiver.amount.param;
    if (!holds) {
      trace.push(context.tracer.entry("registration-fee", rule.id, false, rule.cite, { note: rule.label, params: conditionParams(rule.when), owner: rule }));
      continue;
    }
    const setting = context.params.value(param);
    const params = [param, ...conditionParams(rule.when)];
    if (typeof setting !== "string") {
      trace.push(context.tracer.entry("registration-fee", rule.id, true, rule.cite, { note: rule.note ?? rule.label, params, owner: rule }));
      return { registrationFee: { fee: toAmount(fee), charged: null, waived: null }, trace, amountNotSet: { rule, param } };
    }
    const waived = "rate" in rule.waiver ? applyRate(fee, decimal(setting)) : Decimal.min(fee, yuan(setting));
    trace.push(context.tracer.entry("registration-fee", rule.id, true, rule.cite, { value: toAmount(waived), note: rule.note ?? rule.label, params, owner: rule }));
    return result(waived, trace);
  }
  return result(new Decimal(0), trace);
}
