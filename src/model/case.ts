/**
 * The case: one resident, and optionally their contract, a prescription, a
 * referral, an outpatient visit and an inpatient episode, on a decision date.
 *
 * Field names are a public contract. Only `asOf` and
 * `resident.{id, birthDate, regionCode}` are required. Amounts are strings with
 * at most two decimals; dates are `YYYY-MM-DD`.
 *
 * @module
 */
import * as z from "zod";
import { compareDates, isCalendarDate } from "../core/dates.js";
import { isAmountString } from "../core/money.js";
import {
  CONDITION_CODES,
  INPATIENT_REFERRALS,
  RECEIVING_LEVELS,
  REFERRAL_ITEM_CATEGORIES,
  SEXES,
  TEAM_ROLES,
  VISIT_SETTINGS,
} from "./facts.js";

/** The first and last dates a case or pack may name. */
export const DATE_RANGE = { first: "1900-01-01", last: "2999-12-31" } as const;

/** A `YYYY-MM-DD` calendar date that exists, from 1900-01-01 to 2999-12-31. */
export const CalendarDateSchema = z
  .string({ error: "expected a date written YYYY-MM-DD" })
  .refine((text) => isCalendarDate(text) && text >= DATE_RANGE.first && text <= DATE_RANGE.last, {
    error: (issue) =>
      isCalendarDate(issue.input)
        ? `${JSON.stringify(issue.input)} is outside the dates the library supports (${DATE_RANGE.first} to ${DATE_RANGE.last})`
        : `${JSON.stringify(issue.input)} is not a calendar date YYYY-MM-DD`,
    params: {
      code: "invalid_date",
      expected: `a date YYYY-MM-DD that exists on the calendar, from ${DATE_RANGE.first} to ${DATE_RANGE.last}`,
    },
  })
  .meta({
    description: "A calendar date YYYY-MM-DD (China Standard Time, no time of day).",
    format: "date",
    pattern: "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
  });

/** A non-negative amount in yuan written as a string with at most two decimals. */
export const AmountSchema = z
  .string({ error: 'expected an amount as a string such as "35.50"' })
  .refine(isAmountString, {
    error: (issue) => `${JSON.stringify(issue.input)} is not an amount with at most two decimals`,
    params: { code: "invalid_amount", expected: 'a non-negative amount with at most two decimals, such as "35.50"' },
  })
  .meta({
    description: 'An amount in yuan, a string with at most two decimals ("35.50").',
    pattern: "^(0|[1-9][0-9]{0,14})(\\.[0-9]{1,2})?$",
  });

const flag = (description: string) => z.boolean().optional().meta({ description });

/** A condition code from the closed vocabulary (POLICY 15). */
export const ConditionCodeSchema = z.enum(CONDITION_CODES).meta({ description: "A condition code (POLICY 15)." });

const PregnancySchema = z
  .discriminatedUnion("status", [
    z.strictObject({ status: z.literal("pregnant") }),
    z.strictObject({
      status: z.literal("postpartum"),
      deliveryDate: CalendarDateSchema.meta({ description: "The day of delivery (day 0)." }),
    }),
  ])
  .meta({ description: 'Pregnancy: { "status": "pregnant" } or { "status": "postpartum", "deliveryDate": … }.' });

const OtherContractSchema = z.strictObject({
  teamId: z.string().min(1).meta({ description: "The other team." }),
  signDate: CalendarDateSchema.meta({ description: "When the other contract was signed." }),
});

/** The resident. */
export const ResidentSchema = z.strictObject({
  id: z.string().min(1, "expected a non-empty resident id").meta({ description: "The resident's id in the calling system." }),
  birthDate: CalendarDateSchema.meta({ description: "Date of birth." }),
  regionCode: z
    .string({ error: 'expected a six-digit region code such as "430602"' })
    .regex(/^\d{6}$/, 'expected a six-digit region code (GB/T 2260) such as "430602"')
    .meta({ description: "Six-digit region code of residence (GB/T 2260)." }),
  sex: z.enum(SEXES).optional().meta({ description: "female or male." }),
  conditions: z.array(ConditionCodeSchema).optional().meta({ description: "Conditions from the closed vocabulary of POLICY 15." }),
  pregnancy: PregnancySchema.optional(),
  disability: z
    .strictObject({
      certified: flag("Holds a disability certificate."),
      dailyLivingDifficulty: flag("Has difficulty in daily living."),
    })
    .optional(),
  bedridden: flag("Long-term bedridden."),
  povertyRegistered: flag("Member of a registered poor household (建档立卡)."),
  povertyDueToIllness: flag("Poor because of illness (因病致贫)."),
  povertyAlleviated: flag("Member of a household lifted out of poverty (脱贫人口)."),
  familyPlanningSpecial: flag("Member of a family-planning special family."),
  otherContracts: z.array(OtherContractSchema).optional().meta({ description: "Contracts with other teams." }),
});

const PackageItemSchema = z.strictObject({
  code: z.string().min(1).meta({ description: "The service item's code." }),
  unitPrice: AmountSchema.meta({ description: "Current price of one unit." }),
  quantity: z
    .number({ error: "expected a whole number of units" })
    .int("expected a whole number of units")
    .min(1, "expected at least one unit")
    .max(1_000_000, "expected at most 1,000,000 units")
    .meta({ description: "Units chosen (a positive whole number)." }),
});

const PackageSelectionSchema = z.strictObject({
  id: z.string().min(1).meta({ description: "A package id of the pack (basic, personalized)." }),
  items: z.array(PackageItemSchema).optional().meta({ description: "Service items of a package priced by its items." }),
});

const TeamMemberSchema = z.strictObject({
  memberId: z.string().min(1).meta({ description: "The staff member's id." }),
  role: z.enum(TEAM_ROLES).meta({ description: "specialist, general-practitioner or health-manager." }),
  score: z
    .number({ error: "expected an assessment score (a number ≥ 0)" })
    .min(0, "expected an assessment score ≥ 0")
    .max(1e9, "expected an assessment score at most 1,000,000,000")
    .optional()
    .meta({ description: "Assessment score (≥ 0); staff pay is shared in proportion to it." }),
});

/** The resident's contract with this team. */
export const ContractSchema = z.strictObject({
  teamId: z.string().min(1).meta({ description: "The team." }),
  signDate: CalendarDateSchema.meta({ description: "The day the contract was signed (first day of the term)." }),
  packages: z.array(PackageSelectionSchema).optional().meta({ description: "The packages chosen." }),
  team: z.array(TeamMemberSchema).optional().meta({ description: "The team's members, with their roles and scores." }),
});

const PrescriptionSchema = z.strictObject({
  supplyDays: z
    .number({ error: "expected a whole number of days" })
    .int("expected a whole number of days")
    .min(1, "expected at least one day")
    .max(3650, "expected at most 3650 days")
    .meta({ description: "Days of supply asked for." }),
  forCondition: ConditionCodeSchema.optional().meta({ description: "The condition the prescription is for." }),
  emergency: flag("An emergency prescription."),
  downReferred: flag("The patient was referred down from a higher-level hospital."),
  beyondEssentialList: flag("Includes drugs beyond the essential-drug list."),
  followsHigherHospitalOrder: flag(
    "The prescription follows the referring higher-level hospital's order (YZ §5.2, 根据病情和二三级医院处方医嘱); absent: presumed for a down-referred patient, with an order-presumed warning.",
  ),
});

const ReferralItemSchema = z.strictObject({
  code: z.string().min(1).meta({ description: "The billed item's code." }),
  category: z.enum(REFERRAL_ITEM_CATEGORIES).meta({ description: "imaging, biochemical or other." }),
  price: AmountSchema.meta({ description: "The item's price." }),
});

const ReferralSchema = z.strictObject({
  byFamilyDoctor: flag("Referred by the resident's family doctor."),
  disease: ConditionCodeSchema.optional().meta({ description: "The disease referred for." }),
  emergency: flag("An emergency or rescue."),
  receivingLevel: z.enum(RECEIVING_LEVELS).optional().meta({ description: "Level of the receiving hospital." }),
  items: z.array(ReferralItemSchema).optional().meta({ description: "Items billed at the receiving hospital." }),
});

const VisitSchema = z.strictObject({
  setting: z.enum(VISIT_SETTINGS).meta({ description: "own-primary, referred-hospital or other." }),
  registrationFee: AmountSchema.meta({ description: "The ordinary registration fee." }),
});

const InpatientSchema = z.strictObject({
  referral: z.enum(INPATIENT_REFERRALS).meta({ description: "upward, downward or none." }),
  followedPrimaryFirst: flag("First contact at primary level, no level skipped."),
  deductible: AmountSchema.meta({ description: "The receiving hospital's deductible (起付线)." }),
  deductiblePaidInEpisode: AmountSchema.optional().meta({ description: "Deductible already paid in this episode." }),
});

/** An issue of consistency, before it becomes a zod issue. */
interface ConsistencyIssue {
  path: (string | number)[];
  message: string;
  code: string;
  expected: string;
  found: unknown;
}

/** What the checks report to: zod's refinement context. */
type IssueSink = { addIssue(issue: z.core.$ZodRawIssue): void };

function report(ctx: IssueSink, issue: ConsistencyIssue): void {
  ctx.addIssue({
    code: "custom",
    path: issue.path,
    message: issue.message,
    input: issue.found,
    params: { code: issue.code, expected: issue.expected },
  });
}

/**
 * Checks dates and members against each other. zod runs this even when a
 * field failed its own check, so each comparison first makes sure its values
 * are themselves valid: one bad field gives one issue, not two.
 */
function checkCaseConsistency(value: CaseShape, ctx: IssueSink): void {
  checkDates(value, ctx);
  checkUniqueness(value, ctx);
}

function checkDates(value: CaseShape, ctx: IssueSink): void {
  const { asOf, resident } = value;
  if (!isCalendarDate(asOf) || typeof resident !== "object" || resident === null || !isCalendarDate(resident.birthDate)) return;
  if (compareDates(resident.birthDate, asOf) > 0) {
    report(ctx, {
      path: ["resident", "birthDate"],
      code: "date_order",
      message: `birth date ${resident.birthDate} is after the decision date ${asOf}`,
      expected: `a date on or before ${asOf}`,
      found: resident.birthDate,
    });
  }
  const pregnancy = resident.pregnancy;
  if (pregnancy?.status === "postpartum" && isCalendarDate(pregnancy.deliveryDate)) {
    if (compareDates(pregnancy.deliveryDate, resident.birthDate) < 0) {
      report(ctx, {
        path: ["resident", "pregnancy", "deliveryDate"],
        code: "date_order",
        message: `delivery date ${pregnancy.deliveryDate} is before the birth date ${resident.birthDate}`,
        expected: `a date on or after ${resident.birthDate}`,
        found: pregnancy.deliveryDate,
      });
    }
    if (compareDates(pregnancy.deliveryDate, asOf) > 0) {
      report(ctx, {
        path: ["resident", "pregnancy", "deliveryDate"],
        code: "date_order",
        message: `delivery date ${pregnancy.deliveryDate} is after the decision date ${asOf}`,
        expected: `a date on or before ${asOf}`,
        found: pregnancy.deliveryDate,
      });
    }
  }
}

const keyOf = (entry: unknown, key: string): unknown =>
  typeof entry === "object" && entry !== null ? (entry as Record<string, unknown>)[key] : undefined;

/**
 * Each entry of `list` whose `key` repeats an earlier entry's, with the index
 * of the first: a quadratic scan for the short lists cases hold, a map beyond.
 */
function repeats(list: readonly unknown[], key: string): [index: number, first: number, value: string][] {
  if (list.length < 2) return [];
  const found: [number, number, string][] = [];
  if (list.length <= 16) {
    for (let index = 1; index < list.length; index++) {
      const value = keyOf(list[index], key);
      if (typeof value !== "string") continue;
      for (let before = 0; before < index; before++) {
        if (keyOf(list[before], key) === value) {
          found.push([index, before, value]);
          break;
        }
      }
    }
    return found;
  }
  const seen = new Map<string, number>();
  list.forEach((entry, index) => {
    const value = keyOf(entry, key);
    if (typeof value !== "string") return;
    const first = seen.get(value);
    if (first !== undefined) found.push([index, first, value]);
    else seen.set(value, index);
  });
  return found;
}

function checkUniqueness(value: CaseShape, ctx: IssueSink): void {
  const contract = value.contract;
  const team = Array.isArray(contract?.team) ? contract.team : [];
  for (const [index, first, memberId] of repeats(team, "memberId")) {
    report(ctx, {
      path: ["contract", "team", index, "memberId"],
      code: "duplicate_member",
      message: `team member ${JSON.stringify(memberId)} is listed twice (first at /contract/team/${first})`,
      expected: "each memberId once",
      found: memberId,
    });
  }
  const packages = Array.isArray(contract?.packages) ? contract.packages : [];
  for (const [index, first, id] of repeats(packages, "id")) {
    report(ctx, {
      path: ["contract", "packages", index, "id"],
      code: "invalid_value",
      message: `package ${JSON.stringify(id)} is chosen twice (first at /contract/packages/${first})`,
      expected: "each package once",
      found: id,
    });
  }
}

const CaseObjectSchema = z.strictObject({
  asOf: CalendarDateSchema.meta({ description: "The decision date." }),
  resident: ResidentSchema,
  contract: ContractSchema.optional(),
  prescription: PrescriptionSchema.optional(),
  referral: ReferralSchema.optional(),
  visit: VisitSchema.optional(),
  inpatient: InpatientSchema.optional(),
});

type CaseShape = z.infer<typeof CaseObjectSchema>;

/**
 * The zod schema of a case. It checks each field and the dates against each
 * other (no birth after the decision date, no delivery before birth, no team
 * member listed twice). Unknown fields are reported as `unrecognized_keys`;
 * {@link parseCase} turns them into warnings.
 *
 * @example
 * CaseSchema.parse({ asOf: "2023-06-01", resident: { id: "R1", birthDate: "1950-03-02", regionCode: "430602" } });
 */
export const CaseSchema = CaseObjectSchema.superRefine((value, ctx) => {
  checkCaseConsistency(value, ctx);
}).meta({ title: "Case", description: "One resident's situation on a decision date." });

/** A validated case. */
export type Case = z.infer<typeof CaseSchema>;
/**
 * A case as a caller writes it: what {@link evaluate} takes. A field name the
 * schema does not know, or a value of the wrong type, in a case literal fails
 * to compile. Input of unknown shape (parsed JSON from outside) goes through
 * `parseCase(unknown)` first; `evaluate` still validates every case at run time.
 */
export type CaseInput = DeepReadonly<z.input<typeof CaseSchema>>;

/** A type with every property and array read-only, all the way down (so `as const` literals are accepted). */
export type DeepReadonly<T> = T extends (infer Item)[]
  ? readonly DeepReadonly<Item>[]
  : T extends object
    ? { readonly [Key in keyof T]: DeepReadonly<T[Key]> }
    : T;

/**
 * The case parameter of `evaluate` and the single-area functions. A value
 * whose type names its fields — a case literal above all — must be a
 * {@link CaseInput}, so a misspelt field or a wrong value fails to compile. A
 * value whose type says nothing of its fields (`unknown`, `any`, a
 * `Record<string, unknown>`: parsed JSON from outside) is taken as it is; it is
 * validated at run time either way, as every case is. `parseCase(unknown)`
 * gives a typed case and the warnings first.
 *
 * @example
 * evaluate(pack, { asOf: "2023-06-01", resident: { id: "R1", birthDate: "1950-03-02", regionCode: "430602" } }); // checked
 * evaluate(pack, JSON.parse(text)); // `any`: checked at run time only
 */
export type CaseArgument<T> = unknown extends T ? T : string extends keyof T ? T : CaseInput;
/** The resident of a case. */
export type Resident = z.infer<typeof ResidentSchema>;
/** The contract of a case. */
export type Contract = z.infer<typeof ContractSchema>;
