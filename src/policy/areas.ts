/**
 * The policy areas' decisions, registered once against the table of areas
 * (`model/areas.ts`): the evaluator assembles a decision by running them in
 * the table's order. The type checker holds the registry complete: an area in
 * the table without a function here does not compile.
 *
 * @module
 */
import type { Issue } from "../core/errors.js";
import type { AreaId } from "../model/areas.js";
import type { TraceEntry } from "../model/decision.js";
import { isSilent } from "../pack/schema.js";
import { decideBenefits } from "./benefits.js";
import type { AreaContext } from "./context.js";
import { decideContract } from "./contract.js";
import { decideEligibility } from "./eligibility.js";
import { decideFee } from "./fees.js";
import { decideInpatient } from "./inpatient.js";
import { decidePrescription } from "./prescription.js";
import { decidePriorityGroups } from "./priority-groups.js";
import { decideReferral } from "./referral.js";
import { decideRegistrationFee } from "./registration.js";
import { amountNotSet, notEligibleNoFee, orderPresumed } from "./warnings.js";

/** What an area gives a decision: its field's value (absent: no field), its trace entries, and warnings about its section. */
export interface AreaDecision {
  readonly value: unknown;
  readonly trace: readonly TraceEntry[];
  readonly warnings?: readonly Issue[];
}

/** How each area decides its part of a decision. */
export const AREA_DECISIONS: { readonly [K in AreaId]: (context: AreaContext) => AreaDecision | undefined } = {
  eligibility: (context) => {
    const { eligible, reasons } = decideEligibility(context);
    return { value: { eligible, reasons }, trace: reasons };
  },
  "priority-groups": (context) => {
    const { groups, trace } = decidePriorityGroups(context);
    return { value: groups, trace };
  },
  contract: (context) => {
    const result = decideContract(context);
    return result && { value: result.contract, trace: result.trace };
  },
  fee: (context) => {
    const result = decideFee(context);
    if (result) return { value: result.fee, trace: result.trace };
    // No fee for a resident who is not eligible: say so when packages were chosen.
    if ((context.case.contract?.packages?.length ?? 0) === 0 || context.facts.eligible) return undefined;
    const failed = context.pack.data.eligibility.filter((_, index) => !context.outcomes.holds("eligibility", index)).map((rule) => rule.id);
    return { value: undefined, trace: [], warnings: [notEligibleNoFee(failed)] };
  },
  prescription: (context) => {
    const result = decidePrescription(context);
    if (!result) return undefined;
    const exception = context.pack.data.prescription.essentialListException;
    const warnings = result.orderPresumed && !isSilent(exception) ? [orderPresumed(exception)] : undefined;
    return { value: result.prescription, trace: result.trace, warnings };
  },
  "registration-fee": (context) => {
    const result = decideRegistrationFee(context);
    if (!result) return undefined;
    const unset = result.amountNotSet;
    return { value: result.registrationFee, trace: result.trace, warnings: unset && [amountNotSet(unset.rule, unset.param)] };
  },
  inpatient: (context) => {
    const result = decideInpatient(context);
    return result && { value: result.inpatient, trace: result.trace };
  },
  referral: (context) => {
    const result = decideReferral(context);
    return result && { value: result.referral, trace: result.trace };
  },
  benefits: (context) => {
    const { benefits, trace } = decideBenefits(context);
    return { value: benefits, trace };
  },
};

/**
 * The order of the warnings about sections in a decision (by code): as they
 * were before the areas were registered, so decisions keep their bytes.
 */
export const SECTION_WARNING_ORDER: readonly string[] = ["not-eligible-no-fee", "amount-not-set", "order-presumed"];
