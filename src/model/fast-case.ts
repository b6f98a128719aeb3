/**
 * A fast path for reading cases: a hand-written check that accepts a case
 * only when it is entirely valid, with no unknown field. Anything else — an
 * error, a warning, an unusual object — is left to the zod schema, which
 * gives the issues. The check never accepts what {@link CaseSchema} refuses,
 * and for what it accepts the schema gives an equal value: a differential
 * test holds it to that.
 *
 * @module
 */
import { compareDates, isCalendarDate } from "../core/dates.js";
import { isAmountString } from "../core/money.js";
import { DATE_RANGE, type Case, type CaseSchema } from "./case.js";
import { CONDITION_CODES, INPATIENT_REFERRALS, RECEIVING_LEVELS, REFERRAL_ITEM_CATEGORIES, SEXES, TEAM_ROLES, VISIT_SETTINGS } from "./facts.js";

type Plain = Record<string, unknown>;

const keys = (...names: string[]): ReadonlySet<string> => new Set(names);
const CASE_KEYS = keys("asOf", "resident", "contract", "prescription", "referral", "visit", "inpatient");
const RESIDENT_KEYS = keys(
  "id",
  "birthDate",
  "regionCode",
  "sex",
  "conditions",
  "pregnancy",
  "disability",
  "bedridden",
  "povertyRegistered",
  "povertyDueToIllness",
  "povertyAlleviated",
  "familyPlanningSpecial",
  "otherContracts",
);
const RESIDENT_FLAGS = ["bedridden", "povertyRegistered", "povertyDueToIllness", "povertyAlleviated", "familyPlanningSpecial"] as const;
const DISABILITY_KEYS = keys("certified", "dailyLivingDifficulty");
const PREGNANT_KEYS = keys("status");
const POSTPARTUM_KEYS = keys("status", "deliveryDate");
const OTHER_CONTRACT_KEYS = keys("teamId", "signDate");
const CONTRACT_KEYS = keys("teamId", "signDate", "packages", "team");
const SELECTION_KEYS = keys("id", "items");
const ITEM_KEYS = keys("code", "unitPrice", "quantity");
const MEMBER_KEYS = keys("memberId", "role", "score");
const PRESCRIPTION_KEYS = keys("supplyDays", "forCondition", "emergency", "downReferred", "beyondEssentialList", "followsHigherHospitalOrder");
const REFERRAL_KEYS = keys("byFamilyDoctor", "disease", "emergency", "receivingLevel", "items");
const REFERRAL_ITEM_KEYS = keys("code", "category", "price");
const VISIT_KEYS = keys("setting", "registrationFee");
const INPATIENT_KEYS = keys("referral", "followedPrimaryFirst", "deductible", "deductiblePaidInEpisode");

const member = <T extends string>(list: readonly T[]) => {
  const set = new Set<unknown>(list);
  return (value: unknown): boolean => set.has(value);
};
const isConditionCode = member(CONDITION_CODES);
const isSex = member(SEXES);
const isRole = member(TEAM_ROLES);
const isLevel = member(RECEIVING_LEVELS);
const isCategory = member(REFERRAL_ITEM_CATEGORIES);
const isSetting = member(VISIT_SETTINGS);
const isInpatientReferral = member(INPATIENT_REFERRALS);

/** An ordinary object, as JSON.parse builds it, whose keys are all in `allowed` and none of whose values is `undefined`. */
function isPlainWith(value: unknown, allowed: ReadonlySet<string>): value is Plain {
  if (typeof value !== "object" || value === null || Object.getPrototypeOf(value) !== Object.prototype) return false;
  for (const key in value) {
    if (!allowed.has(key) || (value as Plain)[key] === undefined) return false;
  }
  return true;
}

const isText = (value: unknown): boolean => typeof value === "string" && value.length >= 1;
const isDate = (value: unknown): boolean => isCalendarDate(value) && value >= DATE_RANGE.first && value <= DATE_RANGE.last;
const isFlag = (value: unknown): boolean => value === undefined || typeof value === "boolean";
const isWhole = (value: unknown, min: number, max: number): boolean => typeof value === "number" && Number.isSafeInteger(value) && value >= min && value <= max;
const optional = (value: unknown, check: (value: unknown) => boolean): boolean => value === undefined || check(value);

function isListOf(value: unknown, check: (item: unknown) => boolean): boolean {
  if (!Array.isArray(value)) return false;
  for (let index = 0; index < value.length; index++) if (!check(value[index])) return false;
  return true;
}

function isPregnancy(value: unknown): boolean {
  if (typeof value !== "object" || value === null) return false;
  const status = (value as Plain).status;
  if (status === "pregnant") return isPlainWith(value, PREGNANT_KEYS);
  return status === "postpartum" && isPlainWith(value, POSTPARTUM_KEYS) && isDate(value.deliveryDate);
}

function isResident(value: unknown): value is Plain {
  if (!isPlainWith(value, RESIDENT_KEYS)) return false;
  const regionCode = value.regionCode;
  if (!isText(value.id) || !isDate(value.birthDate) || typeof regionCode !== "string" || !/^\d{6}$/.test(regionCode)) return false;
  if (!optional(value.sex, isSex) || !optional(value.conditions, (list) => isListOf(list, isConditionCode))) return false;
  if (!optional(value.pregnancy, isPregnancy)) return false;
  if (!optional(value.disability, (disability) => isPlainWith(disability, DISABILITY_KEYS) && isFlag(disability.certified) && isFlag(disability.dailyLivingDifficulty))) return false;
  for (const flag of RESIDENT_FLAGS) if (!isFlag(value[flag])) return false;
  return optional(value.otherContracts, (list) => isListOf(list, (other) => isPlainWith(other, OTHER_CONTRACT_KEYS) && isText(other.teamId) && isDate(other.signDate)));
}

const isItem = (item: unknown): boolean => isPlainWith(item, ITEM_KEYS) && isText(item.code) && isAmountString(item.unitPrice) && isWhole(item.quantity, 1, 1_000_000);
const isSelection = (selection: unknown): boolean => isPlainWith(selection, SELECTION_KEYS) && isText(selection.id) && optional(selection.items, (items) => isListOf(items, isItem));
const isScore = (score: unknown): boolean => typeof score === "number" && Number.isFinite(score) && score >= 0 && score <= 1e9;
const isMember = (entry: unknown): boolean => isPlainWith(entry, MEMBER_KEYS) && isText(entry.memberId) && isRole(entry.role) && optional(entry.score, isScore);

function isContract(value: unknown): value is Plain {
  return (
    isPlainWith(value, CONTRACT_KEYS) &&
    isText(value.teamId) &&
    isDate(value.signDate) &&
    optional(value.packages, (list) => isListOf(list, isSelection) && isUniqueBy(list as Plain[], "id")) &&
    optional(value.team, (list) => isListOf(list, isMember) && isUniqueBy(list as Plain[], "memberId"))
  );
}

function isUniqueBy(list: readonly Plain[], key: string): boolean {
  if (list.length < 2) return true;
  const seen = new Set<unknown>();
  for (const entry of list) {
    if (seen.has(entry[key])) return false;
    seen.add(entry[key]);
  }
  return true;
}

const isPrescription = (value: unknown): boolean =>
  isPlainWith(value, PRESCRIPTION_KEYS) &&
  isWhole(value.supplyDays, 1, 3650) &&
  optional(value.forCondition, isConditionCode) &&
  isFlag(value.emergency) &&
  isFlag(value.downReferred) &&
  isFlag(value.beyondEssentialList) &&
  isFlag(value.followsHigherHospitalOrder);

const isReferralItem = (item: unknown): boolean => isPlainWith(item, REFERRAL_ITEM_KEYS) && isText(item.code) && isCategory(item.category) && isAmountString(item.price);

const isReferral = (value: unknown): boolean =>
  isPlainWith(value, REFERRAL_KEYS) &&
  isFlag(value.byFamilyDoctor) &&
  optional(value.disease, isConditionCode) &&
  isFlag(value.emergency) &&
  optional(value.receivingLevel, isLevel) &&
  optional(value.items, (items) => isListOf(items, isReferralItem));

const isVisit = (value: unknown): boolean => isPlainWith(value, VISIT_KEYS) && isSetting(value.setting) && isAmountString(value.registrationFee);

const isInpatient = (value: unknown): boolean =>
  isPlainWith(value, INPATIENT_KEYS) &&
  isInpatientReferral(value.referral) &&
  isFlag(value.followedPrimaryFirst) &&
  isAmountString(value.deductible) &&
  optional(value.deductiblePaidInEpisode, isAmountString);

function datesInOrder(asOf: string, resident: Plain): boolean {
  const birthDate = resident.birthDate as string;
  if (compareDates(birthDate, asOf) > 0) return false;
  const pregnancy = resident.pregnancy as Plain | undefined;
  if (pregnancy?.status !== "postpartum") return true;
  const delivery = pregnancy.deliveryDate as string;
  return compareDates(delivery, birthDate) >= 0 && compareDates(delivery, asOf) <= 0;
}

/**
 * The case itself when it is entirely valid — every field as
 * {@link CaseSchema} wants it, no unknown field, dates in order, no member or
 * package twice — else `undefined`, and the caller asks the schema why.
 *
 * @example
 * readValidCase({ asOf: "2023-06-01", resident: { id: "R1", birthDate: "1950-03-02", regionCode: "430602" } }); // the same object
 * readValidCase({ asOf: "2023-02-30", resident: { id: "R1", birthDate: "1950-03-02", regionCode: "430602" } }); //=> undefined
 */
export function readValidCase(input: unknown): Case | undefined {
  if (!isPlainWith(input, CASE_KEYS) || !isDate(input.asOf) || !isResident(input.resident)) return undefined;
  if (!optional(input.contract, isContract) || !optional(input.prescription, isPrescription) || !optional(input.referral, isReferral)) return undefined;
  if (!optional(input.visit, isVisit) || !optional(input.inpatient, isInpatient)) return undefined;
  return datesInOrder(input.asOf as string, input.resident) ? (input as unknown as Case) : undefined;
}
