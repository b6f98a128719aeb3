/**
 * Warnings a decision carries about its case and its own sections: stable
 * codes (see `DECISION_WARNING_CODES`), an English message with the detail,
 * and a Chinese title per code in `ISSUE_TEXT_ZH`.
 *
 * Warnings about the case alone (an overlapping contract, a pregnancy on a
 * resident recorded as male, a referral for a disease not recorded) are found
 * when the case is read; warnings about a section (no fee for a resident who
 * is not eligible, an amount the document does not set, a presumed order)
 * when the section is decided.
 *
 * @module
 */
import { compareDates, termOfYears, type Term } from "../core/dates.js";
import type { Issue } from "../core/errors.js";
import type { Case } from "../model/case.js";
import type { Cite } from "../model/decision.js";

/** Whether two terms share at least one day. */
function overlaps(a: Term, b: Term): boolean {
  return compareDates(a.start, b.end) <= 0 && compareDates(b.start, a.end) <= 0;
}

/**
 * The warnings that depend on the case alone.
 *
 * - `overlapping-contract`: a listed contract whose term (the pack's term from
 *   its signing day) shares a day with the evaluated contract's term; the
 *   warning names it, and says whether it is the same team (a renewal, which
 *   never makes the resident ineligible) or another team (POLICY 4).
 * - `pregnancy-sex-mismatch`: a pregnancy or delivery recorded for a resident
 *   recorded as male.
 * - `referral-disease-not-recorded`: the referral's disease is not among the
 *   resident's conditions.
 *
 * @example
 * caseWarnings(kase, termOfYears("2023-01-10", 1), 1).map((warning) => warning.code); //=> ["overlapping-contract"]
 */
export function caseWarnings(kase: Case, contractTerm: Term | undefined, termYears: number): Issue[] {
  const warnings: Issue[] = [];
  const resident = kase.resident;
  if (contractTerm && kase.contract) {
    const ownTeam = kase.contract.teamId;
    (resident.otherContracts ?? []).forEach((other, index) => {
      const term = termOfYears(other.signDate, termYears);
      if (!overlaps(term, contractTerm)) return;
      const same = other.teamId === ownTeam;
      warnings.push({
        code: "overlapping-contract",
        path: `/resident/otherContracts/${index}`,
        message: same
          ? `the contract with team ${JSON.stringify(other.teamId)} signed ${other.signDate} (${term.start} to ${term.end}) overlaps the evaluated contract (${contractTerm.start} to ${contractTerm.end}); it is the same team, a renewal, and does not affect eligibility`
          : `the contract with team ${JSON.stringify(other.teamId)} signed ${other.signDate} (${term.start} to ${term.end}) overlaps the evaluated contract with team ${JSON.stringify(ownTeam)} (${contractTerm.start} to ${contractTerm.end})`,
        found: JSON.stringify({ teamId: other.teamId, signDate: other.signDate }),
      });
    });
  }
  if (resident.sex === "male" && resident.pregnancy !== undefined) {
    warnings.push({
      code: "pregnancy-sex-mismatch",
      path: "/resident/pregnancy",
      message: `a pregnancy (${resident.pregnancy.status}) is recorded for a resident recorded as male; check the record (the maternal group is decided from the pregnancy as given)`,
      found: JSON.stringify(resident.pregnancy.status),
    });
  }
  const disease = kase.referral?.disease;
  if (disease !== undefined && !(resident.conditions ?? []).includes(disease)) {
    warnings.push({
      code: "referral-disease-not-recorded",
      path: "/referral/disease",
      message: `the referral is for ${disease}, which is not among the resident's conditions (${(resident.conditions ?? []).join(", ") || "none"}); check the record`,
      expected: "a disease listed in resident.conditions",
      found: JSON.stringify(disease),
    });
  }
  return warnings;
}

/** `not-eligible-no-fee`: the case chose packages, but the resident is not eligible. */
export function notEligibleNoFee(failed: readonly string[]): Issue {
  return {
    code: "not-eligible-no-fee",
    path: "/contract/packages",
    message: `no fee, funding or staff pool: the resident is not eligible under this pack (${failed.join(", ")} did not hold); both documents pay per signed resident (POLICY 4)`,
  };
}

/** `amount-not-set`: the rule that holds waives an amount the document does not give. */
export function amountNotSet(rule: { readonly id: string; readonly cite: Cite }, param: string): Issue {
  return {
    code: "amount-not-set",
    path: "/visit/registrationFee",
    message: `${rule.id}: ${rule.cite.doc} ${rule.cite.clause} promises a reduction or waiver (减免) but gives no amount; it is set locally (set parameter ${param} in an overlay to compute it), so charged and waived are null`,
    expected: `parameter ${param} set by an overlay`,
    found: "null",
  };
}

/** `order-presumed`: a down-referred patient's prescription is presumed to follow the higher hospital's order. */
export function orderPresumed(rule: { readonly id: string; readonly cite: Cite }): Issue {
  return {
    code: "order-presumed",
    path: "/prescription/followsHigherHospitalOrder",
    message: `the case does not say whether the prescription follows the referring higher-level hospital's order (${rule.cite.doc} ${rule.cite.clause}: 根据病情和二三级医院处方医嘱); it is presumed to, for ${rule.id}`,
    expected: "true or false",
  };
}
