/**
 * The facts a rule pack's conditions may name.
 *
 * A condition in a pack compares a fact with a value or with another fact.
 * Facts are derived once per case from the input (age on the decision date,
 * days since delivery, whether the contract is in force, …) into one object of
 * a fixed shape, {@link Facts}. Pack parameters reach conditions as facts named
 * `param:<parameter id>`.
 *
 * @module
 */
import { deepFreeze } from "../core/frozen.js";

/** The JSON type of a fact's value. */
export type FactType = "string" | "number" | "boolean" | "string[]";

/** What the library knows about one fact. */
export interface FactSpec {
  /** The type of the value; `nullable` facts are `null` when the input is absent. */
  readonly type: FactType;
  /** Whether the value may be `null` (the input section was not given). */
  readonly nullable: boolean;
  /** The values a string fact (or each element of a list fact) can take, where closed. */
  readonly values?: readonly string[];
  /** What the fact means, in English. */
  readonly description: string;
}

/** The closed vocabulary of conditions a case may carry (POLICY 15). */
export const CONDITION_CODES = Object.freeze([
  "hypertension",
  "diabetes",
  "stroke",
  "coronary-heart-disease",
  "copd",
  "tuberculosis",
  "severe-mental-disorder",
  "late-stage-cancer",
] as const);
/** One code of the condition vocabulary. */
export type ConditionCode = (typeof CONDITION_CODES)[number];

/** Team roles (POLICY 16). */
export const TEAM_ROLES = Object.freeze(["specialist", "general-practitioner", "health-manager"] as const);
/** One team role. */
export type TeamRole = (typeof TEAM_ROLES)[number];

/** Levels of the hospital a family doctor refers to. */
export const RECEIVING_LEVELS = Object.freeze(["township", "county", "city-secondary", "city-tertiary"] as const);
/** Categories of a referred patient's billed item. */
export const REFERRAL_ITEM_CATEGORIES = Object.freeze(["imaging", "biochemical", "other"] as const);
/** Where an outpatient visit takes place. */
export const VISIT_SETTINGS = Object.freeze(["own-primary", "referred-hospital", "other"] as const);
/** Direction of an inpatient referral. */
export const INPATIENT_REFERRALS = Object.freeze(["upward", "downward", "none"] as const);
/** Pregnancy status as a fact (`none` when no pregnancy is given). */
export const PREGNANCY_STATUSES = Object.freeze(["pregnant", "postpartum", "none"] as const);
/** Sex as given in a case. */
export const SEXES = Object.freeze(["female", "male"] as const);

/**
 * Every fact a condition may name, with its type: the one list of the facts.
 * {@link Facts} is derived from it, and the facts of a case are built in its
 * order (a test holds the derivation to the catalog, key by key).
 */
export const FACT_CATALOG = deepFreeze({
  regionCode: { type: "string", nullable: false, description: "The resident's six-digit region code (GB/T 2260)." },
  packRegionCodePrefix: { type: "string", nullable: false, description: "The region code prefix of the pack being evaluated." },
  ageYears: { type: "number", nullable: false, description: "Age in completed years (周岁) on the decision date." },
  sex: { type: "string", nullable: true, values: SEXES, description: "Sex, when given." },
  conditions: {
    type: "string[]",
    nullable: false,
    values: CONDITION_CODES,
    description: "The resident's conditions (POLICY 15 vocabulary).",
  },
  pregnancyStatus: { type: "string", nullable: false, values: PREGNANCY_STATUSES, description: "pregnant, postpartum or none." },
  daysSinceDelivery: {
    type: "number",
    nullable: true,
    description: "Days from the delivery date to the decision date (delivery day = 0), when postpartum.",
  },
  disabilityCertified: { type: "boolean", nullable: false, description: "Holds a disability certificate." },
  disabilityDailyLivingDifficulty: {
    type: "boolean",
    nullable: false,
    description: "Has difficulty in daily living because of a disability.",
  },
  bedridden: { type: "boolean", nullable: false, description: "Long-term bedridden." },
  povertyRegistered: { type: "boolean", nullable: false, description: "Member of a registered poor household (建档立卡)." },
  povertyDueToIllness: { type: "boolean", nullable: false, description: "Poor because of illness (因病致贫)." },
  povertyAlleviated: { type: "boolean", nullable: false, description: "Member of a household lifted out of poverty (脱贫人口)." },
  familyPlanningSpecial: {
    type: "boolean",
    nullable: false,
    description: "Member of a family-planning special family (计划生育特殊家庭).",
  },
  otherContractInForce: {
    type: "boolean",
    nullable: false,
    description:
      "A contract with another team (a listed contract whose teamId differs from the evaluated contract's) is in force on the decision date.",
  },
  contractGiven: { type: "boolean", nullable: false, description: "The case gives a contract with this team." },
  contractInForce: { type: "boolean", nullable: false, description: "The contract with this team is in force on the decision date." },
  eligible: {
    type: "boolean",
    nullable: false,
    description: "Every eligibility rule of the pack holds (set after eligibility is decided).",
  },
  signed: { type: "boolean", nullable: false, description: "Eligible and the contract is in force on the decision date." },
  prescriptionForCondition: {
    type: "string",
    nullable: true,
    values: CONDITION_CODES,
    description: "The condition a prescription is for.",
  },
  prescriptionSupplyDays: { type: "number", nullable: true, description: "Days of supply the prescription asks for." },
  prescriptionEmergency: { type: "boolean", nullable: false, description: "The prescription is an emergency prescription." },
  prescriptionDownReferred: {
    type: "boolean",
    nullable: false,
    description: "The patient was referred down from a higher-level hospital.",
  },
  prescriptionBeyondEssentialList: {
    type: "boolean",
    nullable: false,
    description: "The prescription includes drugs beyond the essential-drug list.",
  },
  prescriptionFollowsHigherHospitalOrder: {
    type: "boolean",
    nullable: true,
    description:
      "The prescription follows the referring higher-level hospital's order; null when the case does not say (presumed, with a warning).",
  },
  referralByFamilyDoctor: { type: "boolean", nullable: false, description: "The referral was made by the resident's family doctor." },
  referralDisease: { type: "string", nullable: true, values: CONDITION_CODES, description: "The disease the referral is for." },
  referralEmergency: { type: "boolean", nullable: false, description: "The referral is an emergency or rescue." },
  referralReceivingLevel: { type: "string", nullable: true, values: RECEIVING_LEVELS, description: "Level of the receiving hospital." },
  visitSetting: { type: "string", nullable: true, values: VISIT_SETTINGS, description: "Where the outpatient visit takes place." },
  inpatientReferral: {
    type: "string",
    nullable: true,
    values: INPATIENT_REFERRALS,
    description: "Direction of the inpatient referral in this episode.",
  },
  inpatientFollowedPrimaryFirst: {
    type: "boolean",
    nullable: false,
    description: "The resident had first contact at primary level and skipped no level.",
  },
} as const satisfies Record<string, FactSpec>);

/** The name of a derived fact. */
export type FactName = keyof typeof FACT_CATALOG;

/** The prefix that makes a pack parameter a fact: `param:elderly.minAge`. */
export const PARAM_FACT_PREFIX = "param:";

/** True when `name` is a derived fact of the catalog. */
export function isFactName(name: string): name is FactName {
  return Object.prototype.hasOwnProperty.call(FACT_CATALOG, name);
}

/** The TypeScript type of a fact's value, from its entry in the catalog. */
export type FactValue<Spec extends FactSpec> =
  | (Spec["type"] extends "string"
      ? string
      : Spec["type"] extends "number"
        ? number
        : Spec["type"] extends "boolean"
          ? boolean
          : readonly string[])
  | (Spec["nullable"] extends true ? null : never);

/**
 * The facts of one case, derived once, in one fixed shape (every field is
 * always present, `null` where the input was not given), so that compiled
 * conditions read them at a fixed place. Derived from {@link FACT_CATALOG}:
 * a fact is added, renamed or retyped there, and the derivation that does not
 * follow fails to compile.
 */
export type Facts = { -readonly [Name in FactName]: FactValue<(typeof FACT_CATALOG)[Name]> };
