/**
 * The policy areas, listed once. Each area is one part of a decision: the
 * field it fills, the trace sections its entries belong to, the sections of a
 * pack it reads, and the groups of rules it decides. The evaluator's assembly,
 * the order of a decision's fields and trace, the trace sections, the pack's
 * rule list and an overlay's origins are all derived from this table; adding
 * an area starts here.
 *
 * @module
 */

/** A list of rules in a pack that an area decides (its rules are compiled and decided in this order). */
export interface AreaRuleList {
  /** The group its rules belong to (how a policy module asks for their outcomes). */
  readonly group: string;
  /** Where the list sits in a pack: a list of rules, or (`single`) one rule. */
  readonly path: readonly string[];
  /** One rule rather than a list of rules. */
  readonly single?: true;
}

/** One policy area. */
export interface PolicyArea {
  /** The area's id (also the trace section of its main entries). */
  readonly id: string;
  /** The decision field the area fills. */
  readonly field: string;
  /** Whether the field is always present (else only when the case gives the area's input). */
  readonly always: boolean;
  /** The trace sections of the area's entries, in order. */
  readonly traceSections: readonly string[];
  /** The top-level sections of a pack the area reads, each with the trace section its origins are reported under. */
  readonly packSections: Readonly<Record<string, string>>;
  /** The rule lists the area decides, in evaluation order. */
  readonly rules: readonly AreaRuleList[];
  /** Other parts of a pack the area's trace entries name by id (a package, the staff-pool rule), with their trace section. */
  readonly named?: readonly (Omit<AreaRuleList, "group"> & { readonly section: string })[];
}

/**
 * The policy areas in decision order: a decision's fields and its trace run
 * in this order, and its rules are decided in this order (eligibility first,
 * since the others may read `eligible` and `signed`).
 */
export const POLICY_AREAS = [
  {
    id: "eligibility",
    field: "eligibility",
    always: true,
    traceSections: ["eligibility"],
    packSections: { eligibility: "eligibility" },
    rules: [{ group: "eligibility", path: ["eligibility"] }],
  },
  {
    id: "priority-groups",
    field: "priorityGroups",
    always: true,
    traceSections: ["priority-groups"],
    packSections: { priorityGroups: "priority-groups" },
    rules: [{ group: "priorityGroups", path: ["priorityGroups"] }],
  },
  { id: "contract", field: "contract", always: false, traceSections: ["contract"], packSections: { contract: "contract" }, rules: [] },
  {
    id: "fee",
    field: "fee",
    always: false,
    traceSections: ["fee", "staff-pool"],
    packSections: { packages: "fee", staffPool: "staff-pool" },
    rules: [],
    named: [
      { path: ["packages"], section: "fee" },
      { path: ["staffPool"], section: "staff-pool", single: true },
    ],
  },
  {
    id: "prescription",
    field: "prescription",
    always: false,
    traceSections: ["prescription"],
    packSections: { prescription: "prescription" },
    rules: [
      { group: "prescriptionLimits", path: ["prescription", "limits"] },
      { group: "essentialListException", path: ["prescription", "essentialListException"], single: true },
    ],
  },
  {
    id: "registration-fee",
    field: "registrationFee",
    always: false,
    traceSections: ["registration-fee"],
    packSections: { registrationFee: "registration-fee" },
    rules: [{ group: "registrationFee", path: ["registrationFee", "rules"] }],
  },
  {
    id: "inpatient",
    field: "inpatient",
    always: false,
    traceSections: ["inpatient"],
    packSections: { inpatientDeductible: "inpatient" },
    rules: [{ group: "inpatientDeductible", path: ["inpatientDeductible", "rules"] }],
  },
  {
    id: "referral",
    field: "referral",
    always: false,
    traceSections: ["referral"],
    packSections: { referralDiscount: "referral" },
    rules: [{ group: "referralDiscount", path: ["referralDiscount"], single: true }],
  },
  {
    id: "benefits",
    field: "benefits",
    always: true,
    traceSections: ["benefits"],
    packSections: { benefits: "benefits" },
    rules: [{ group: "benefits", path: ["benefits"] }],
  },
] as const satisfies readonly PolicyArea[];

/** The id of a policy area. */
export type AreaId = (typeof POLICY_AREAS)[number]["id"];
/** The decision field of a policy area. */
export type AreaField = (typeof POLICY_AREAS)[number]["field"];
/** The trace sections of every area, in decision order. */
export type AreaTraceSection = (typeof POLICY_AREAS)[number]["traceSections"][number];
/** A top-level section of a pack that some area reads. */
export type AreaPackSection = KeysOf<(typeof POLICY_AREAS)[number]["packSections"]>;
type KeysOf<T> = T extends unknown ? keyof T : never;
/** A group of rules some area decides. */
export type AreaRuleGroup = (typeof POLICY_AREAS)[number]["rules"][number]["group"];

/** The decision fields of the areas whose field is present only when the case gives its input, in decision order. */
export const OPTIONAL_AREA_FIELDS = POLICY_AREAS.filter((area) => !area.always).map((area) => area.field);

/**
 * The title of each trace section, in Chinese and English: written once, for
 * explanations (`explain`) and the studio's decision view. Typed by the table
 * above, so a new area's section cannot be left without a title.
 */
export const TRACE_SECTION_TITLES: Readonly<Record<AreaTraceSection, { readonly zh: string; readonly en: string }>> = {
  eligibility: { zh: "签约资格", en: "Eligibility" },
  "priority-groups": { zh: "重点人群", en: "Priority groups" },
  contract: { zh: "签约期限", en: "Contract" },
  fee: { zh: "签约服务费", en: "Signing-service fee" },
  "staff-pool": { zh: "人员薪酬", en: "Staff pay" },
  prescription: { zh: "处方用量", en: "Prescription" },
  "registration-fee": { zh: "挂号费", en: "Registration fee" },
  inpatient: { zh: "住院起付线", en: "Inpatient deductible" },
  referral: { zh: "转诊优惠", en: "Referral discount" },
  benefits: { zh: "签约待遇", en: "Benefits" },
};
