/**
 * Prescription limits: the longest supply one prescription may give, whether
 * the prescription asked for is within it, and whether it may go beyond the
 * essential-drug list.
 *
 * @module
 */
import { PolicyError } from "../core/errors.js";
import type { Decision, TraceEntry } from "../model/decision.js";
import { isSilent } from "../pack/schema.js";
import { conditionParams, integerParam, type AreaContext } from "./context.js";

/** The prescription section of a decision and its trace. */
export interface PrescriptionResult {
  readonly prescription: NonNullable<Decision["prescription"]>;
  readonly trace: TraceEntry[];
  /** True when the essential-list exception presumed that the higher hospital's order is followed (the case does not say). */
  readonly orderPresumed: boolean;
}

/** Decides the prescription section; `undefined` when the case gives no prescription. */
export function decidePrescription(context: AreaContext): PrescriptionResult | undefined {
  const asked = context.case.prescription;
  if (!asked) return undefined;
  const section = context.pack.data.prescription;
  const trace: TraceEntry[] = [];
  const index = section.limits.findIndex((_, at) => context.outcomes.holds("prescriptionLimits", at));
  const limit = section.limits[index];
  if (!limit) {
    throw new PolicyError([
      {
        code: "invalid_pack",
        path: "/prescription/limits",
        message: "no prescription limit holds for this case",
        expected: 'a last limit that always holds ({ "all": [] })',
      },
    ]);
  }
  const maxSupplyDays = integerParam(context.params, limit.maxSupplyDays, "prescription limit");
  section.limits.slice(0, index + 1).forEach((rule, at) =>
    trace.push(
      context.tracer.entry("prescription", rule.id, at === index, rule.cite, {
        value: at === index ? String(maxSupplyDays) : undefined,
        note: rule.note ?? rule.label,
        params: at === index ? [rule.maxSupplyDays.param, ...conditionParams(rule.when)] : conditionParams(rule.when),
        owner: rule,
      }),
    ),
  );

  const exceptionRule = section.essentialListException;
  let essentialListException = false;
  let listAllowed = true;
  if (isSilent(exceptionRule)) {
    trace.push(
      context.tracer.entry("prescription", "essential-list", false, exceptionRule.silent.cite, { note: exceptionRule.silent.note }),
    );
  } else {
    essentialListException = context.outcomes.holds("essentialListException", 0);
    listAllowed = asked.beyondEssentialList !== true || essentialListException;
    trace.push(
      context.tracer.entry("prescription", exceptionRule.id, essentialListException, exceptionRule.cite, {
        note: exceptionRule.note ?? exceptionRule.label,
        params: conditionParams(exceptionRule.when),
        owner: exceptionRule,
      }),
    );
  }
  if (section.notModelled) {
    trace.push(context.tracer.entry("prescription", "not-modelled", false, section.notModelled.cite, { note: section.notModelled.note }));
  }
  const allowed = asked.supplyDays <= maxSupplyDays && listAllowed;
  // The order of the higher hospital is presumed followed when the case does not say (POLICY 18).
  const orderPresumed = !isSilent(exceptionRule) && asked.downReferred === true && asked.followsHigherHospitalOrder === undefined;
  return {
    prescription: {
      maxSupplyDays,
      allowed,
      essentialListException,
      limit: limit.id,
      requestedDays: asked.supplyDays,
      beyondEssentialList: asked.beyondEssentialList === true,
    },
    trace,
    orderPresumed,
  };
}
