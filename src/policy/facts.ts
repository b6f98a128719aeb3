/**
 * Derives the facts of one case, once, in one fixed shape.
 *
 * The derivation is generic arithmetic on the input — an age, a day count, a
 * term — with every figure (the length of a term, say) taken from the pack.
 *
 * @module
 */
import { ageOn, daysBetween, isWithin, termOfYears, type CalendarDate, type Term } from "../core/dates.js";
import type { Case } from "../model/case.js";
import type { Facts } from "../model/facts.js";

/** Inputs from the pack that facts depend on. */
export interface FactSettings {
  /** The pack's region code prefix. */
  readonly regionCodePrefix: string;
  /** The contract term in years, in force on the decision date. */
  readonly termYears: number;
  /** The term of the case's contract (from its signing day and `termYears`); `undefined` without a contract. */
  readonly contractTerm: Term | undefined;
}

/**
 * Whether any of the resident's contracts with *another team* is in force on
 * the decision date (each running the pack's term from its signing day). A
 * listed contract with the same team as the evaluated contract is a renewal,
 * not a second team (POLICY 4), and never counts.
 */
export function otherContractInForce(kase: Case, termYears: number): boolean {
  const asOf: CalendarDate = kase.asOf;
  const ownTeam = kase.contract?.teamId;
  return (kase.resident.otherContracts ?? []).some(
    (other) => other.teamId !== ownTeam && isWithin(asOf, termOfYears(other.signDate, termYears)),
  );
}

/**
 * The facts of a case. `eligible` and `signed` start false: they are set once
 * the eligibility rules have been decided.
 */
export function deriveFacts(kase: Case, settings: FactSettings): Facts {
  const { resident, contract, prescription, referral, visit, inpatient } = kase;
  const pregnancy = resident.pregnancy;
  const contractInForce = settings.contractTerm !== undefined && isWithin(kase.asOf, settings.contractTerm);
  // One object literal with every fact of FACT_CATALOG, in its order: a fixed
  // shape for compiled conditions. Its type, Facts, is derived from the catalog,
  // so a fact missing here, or one the catalog does not list, fails to compile.
  return {
    regionCode: resident.regionCode,
    packRegionCodePrefix: settings.regionCodePrefix,
    ageYears: ageOn(resident.birthDate, kase.asOf),
    sex: resident.sex ?? null,
    conditions: resident.conditions ?? [],
    pregnancyStatus: pregnancy?.status ?? "none",
    daysSinceDelivery: pregnancy?.status === "postpartum" ? daysBetween(pregnancy.deliveryDate, kase.asOf) : null,
    disabilityCertified: resident.disability?.certified === true,
    disabilityDailyLivingDifficulty: resident.disability?.dailyLivingDifficulty === true,
    bedridden: resident.bedridden === true,
    povertyRegistered: resident.povertyRegistered === true,
    povertyDueToIllness: resident.povertyDueToIllness === true,
    povertyAlleviated: resident.povertyAlleviated === true,
    familyPlanningSpecial: resident.familyPlanningSpecial === true,
    otherContractInForce: otherContractInForce(kase, settings.termYears),
    contractGiven: contract !== undefined,
    contractInForce,
    eligible: false,
    signed: false,
    prescriptionForCondition: prescription?.forCondition ?? null,
    prescriptionSupplyDays: prescription?.supplyDays ?? null,
    prescriptionEmergency: prescription?.emergency === true,
    prescriptionDownReferred: prescription?.downReferred === true,
    prescriptionBeyondEssentialList: prescription?.beyondEssentialList === true,
    prescriptionFollowsHigherHospitalOrder: prescription?.followsHigherHospitalOrder ?? null,
    referralByFamilyDoctor: referral?.byFamilyDoctor === true,
    referralDisease: referral?.disease ?? null,
    referralEmergency: referral?.emergency === true,
    referralReceivingLevel: referral?.receivingLevel ?? null,
    visitSetting: visit?.setting ?? null,
    inpatientReferral: inpatient?.referral ?? null,
    inpatientFollowedPrimaryFirst: inpatient?.followedPrimaryFirst === true,
  };
}
