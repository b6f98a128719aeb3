/**
 * The public evaluation API: whole decisions, and one function per policy area.
 *
 * @module
 */
import type { CaseArgument, CaseInput } from "../model/case.js";
import type { Decision } from "../model/decision.js";
import type { Pack } from "../pack/load.js";
import { decideContract, type ContractResult } from "./contract.js";
import { decideEligibility, type EligibilityResult } from "./eligibility.js";
import { compilePack, type EvaluateOptions } from "./evaluator.js";
import { decideFee, type FeeResult } from "./fees.js";
import { decidePrescription, type PrescriptionResult } from "./prescription.js";
import { decidePriorityGroups, type PriorityGroupsResult } from "./priority-groups.js";
import { decideReferral, type ReferralResult } from "./referral.js";

/**
 * Evaluates one case under a pack, synchronously, with the compiled evaluator.
 *
 * @param pack - a pack from {@link loadPack}
 * @param input - the case: a {@link CaseInput} literal (a misspelt field fails
 *   to compile), or `parseCase(json).case` for input of unknown shape; it is
 *   validated in full at run time all the same
 * @returns the decision, every part traced to the clause it comes from
 * @throws PolicyError when the case is invalid (each issue names its JSON
 *   path), its date is outside the pack's period, or it names an unknown package.
 * @example
 * const decision = evaluate(loadPack("yueyang-2023"), {
 *   asOf: "2023-06-01",
 *   resident: { id: "R1", birthDate: "1950-03-02", regionCode: "430602", conditions: ["hypertension"] },
 *   contract: { teamId: "T1", signDate: "2023-06-01", packages: [{ id: "basic" }] },
 * });
 * decision.priorityGroups; //=> ["elderly", "chronic-disease"]
 * decision.fee?.payers; // each payer's share of the basic package, as the pack's parameters give it (YY §2.2.1)
 */
export function evaluate<T>(pack: Pack, input: CaseArgument<T>, options: EvaluateOptions = {}): Decision {
  return compilePack(pack).evaluate(input, options);
}

/**
 * Evaluates one case with every rule run by json-rules-engine itself: the
 * reference the compiled evaluator is tested against. Same result as
 * {@link evaluate}, far slower.
 *
 * @example
 * const decision = await evaluateReference(loadPack("yongzhou-2017"), caseJson);
 */
export function evaluateReference<T>(pack: Pack, input: CaseArgument<T>, options: EvaluateOptions = {}): Promise<Decision> {
  try {
    return compilePack(pack).evaluateReference(input, options);
  } catch (error) {
    return Promise.reject(error);
  }
}

function contextOf(pack: Pack, input: unknown) {
  return compilePack(pack).contextFor(input).context;
}

/**
 * Eligibility alone: whether the resident may sign under the pack, with the
 * outcome of each eligibility rule.
 *
 * @example
 * checkEligibility(loadPack("yueyang-2023"), { asOf: "2023-06-01", resident: { id: "R1", birthDate: "1950-03-02", regionCode: "431102" } }).eligible;
 * //=> false (Yongzhou region code)
 */
export function checkEligibility<T>(pack: Pack, input: CaseArgument<T>): EligibilityResult {
  return decideEligibility(contextOf(pack, input));
}

/**
 * Priority groups alone, in pack order, with the trace of every group rule.
 *
 * @example
 * findPriorityGroups(loadPack("yongzhou-2017"), { asOf: "2023-06-01", resident: { id: "R1", birthDate: "2020-01-01", regionCode: "431102" } }).groups;
 * //=> ["preschool-child"]
 */
export function findPriorityGroups<T>(pack: Pack, input: CaseArgument<T>): PriorityGroupsResult {
  return decidePriorityGroups(contextOf(pack, input));
}

/**
 * The contract term alone: start, end, in force, and team completeness where
 * the pack gives a team shape. `undefined` when the case has no contract.
 *
 * @example
 * contractTerm(loadPack("yongzhou-2017"), { …, contract: { teamId: "T1", signDate: "2024-02-29" } })?.contract.end;
 * //=> "2025-02-28"
 */
export function contractTerm<T>(pack: Pack, input: CaseArgument<T>): ContractResult | undefined {
  return decideContract(contextOf(pack, input));
}

/**
 * The fee alone: total, payers, staff pool and staff pay. `undefined` when the
 * case chooses no package.
 *
 * @example
 * computeFee(loadPack("yueyang-2023"), { …, contract: { teamId: "T1", signDate: "2023-06-01", packages: [{ id: "basic" }] } })?.fee.staffPool;
 * //=> "28.00"
 */
export function computeFee<T>(pack: Pack, input: CaseArgument<T>): FeeResult | undefined {
  return decideFee(contextOf(pack, input));
}

/**
 * The prescription limit alone. `undefined` when the case has no prescription.
 *
 * @example
 * prescriptionLimit(loadPack("yongzhou-2017"), signedHypertensionCase)?.prescription.limit;
 * //=> "signed-chronic-long-prescription" (its days come from the pack's prescription.signedChronicDays)
 */
export function prescriptionLimit<T>(pack: Pack, input: CaseArgument<T>): PrescriptionResult | undefined {
  return decidePrescription(contextOf(pack, input));
}

/**
 * The referral discount alone. `undefined` when the case has no referral.
 *
 * @example
 * referralDiscount(loadPack("yueyang-2023"), referredCase)?.referral.totalDiscount; //=> "15.00"
 */
export function referralDiscount<T>(pack: Pack, input: CaseArgument<T>): ReferralResult | undefined {
  return decideReferral(contextOf(pack, input));
}
