/**
 * Outpatient registration fees: what a signed resident is charged and what is
 * waived.
 *
 * @module
 */
import type { Cite, Decision, TraceEntry } from "../model/decision.js";
import { applyRateFen, fenOf, fenText } from "../core/fen.js";
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
  const money = amounts(visit.registrationFee);
  const section = context.pack.data.registrationFee;
  const result = (waived: Waived, trace: TraceEntry[]): RegistrationResult => ({
    registrationFee: { fee: money.fee, charged: money.charged(waived), waived: money.waived(waived) },
    trace,
  });
  if (isSilent(section)) {
    return result(NOTHING, [
      context.tracer.entry("registration-fee", "registration-fee", false, section.silent.cite, { note: section.silent.note }),
    ]);
  }
  const trace: TraceEntry[] = [];
  for (const [index, rule] of section.rules.entries()) {
    const holds = context.outcomes.holds("registrationFee", index);
    const param = "rate" in rule.waiver ? rule.waiver.rate.param : rule.waiver.amount.param;
    if (!holds) {
      trace.push(
        context.tracer.entry("registration-fee", rule.id, false, rule.cite, {
          note: rule.label,
          params: conditionParams(rule.when),
          owner: rule,
        }),
      );
      continue;
    }
    const setting = context.params.value(param);
    const params = [param, ...conditionParams(rule.when)];
    if (typeof setting !== "string") {
      trace.push(
        context.tracer.entry("registration-fee", rule.id, true, rule.cite, { note: rule.note ?? rule.label, params, owner: rule }),
      );
      return { registrationFee: { fee: money.fee, charged: null, waived: null }, trace, amountNotSet: { rule, param } };
    }
    const waived: Waived = "rate" in rule.waiver ? { rate: setting } : { amount: setting };
    trace.push(
      context.tracer.entry("registration-fee", rule.id, true, rule.cite, {
        value: money.waived(waived),
        note: rule.note ?? rule.label,
        params,
        owner: rule,
      }),
    );
    return result(waived, trace);
  }
  return result(NOTHING, trace);
}

/** What a rule waives: a rate of the fee, or an amount (at most the fee). */
type Waived = { readonly rate: string } | { readonly amount: string };

const NOTHING: Waived = { amount: "0" };

/**
 * The registration fee and what a waiver leaves of it, written out: on whole
 * fen where the figures allow, else with Decimal (a property test holds the
 * two equal).
 */
function amounts(feeText: string): { fee: string; waived(waiver: Waived): string; charged(waiver: Waived): string } {
  const feeFen = fenOf(feeText);
  const fen = (waiver: Waived): number | undefined => {
    if (feeFen === undefined) return undefined;
    if ("rate" in waiver) return applyRateFen(feeFen, waiver.rate);
    const amount = fenOf(waiver.amount);
    return amount === undefined ? undefined : Math.min(feeFen, amount);
  };
  const exact = (waiver: Waived): Decimal => {
    const fee = yuan(feeText);
    return "rate" in waiver ? applyRate(fee, decimal(waiver.rate)) : Decimal.min(fee, yuan(waiver.amount));
  };
  return {
    fee: feeFen === undefined ? toAmount(yuan(feeText)) : fenText(feeFen),
    waived: (waiver) => {
      const waived = fen(waiver);
      return waived === undefined ? toAmount(exact(waiver)) : fenText(waived);
    },
    charged: (waiver) => {
      const waived = fen(waiver);
      return waived === undefined ? toAmount(yuan(feeText).minus(exact(waiver))) : fenText((feeFen as number) - waived);
    },
  };
}
