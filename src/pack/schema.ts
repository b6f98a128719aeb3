/**
 * The rule-pack schema: what a pack JSON file may hold.
 *
 * A pack is data. It names its jurisdiction, period and source documents;
 * defines cited, dated parameters; and states every rule as a json-rules-engine
 * condition tree with its citation. Sections whose subject the pack's documents
 * do not address hold `{ "silent": { cite, note } }`, so the decision can say
 * that the document is silent rather than guess.
 *
 * The structure is checked here; references between parts (a rule naming a
 * parameter, a citation naming a document) are checked by `checkPack`.
 *
 * @module
 */
import * as z from "zod";
import { MAX_CONDITION_DEPTH, type BooleanCondition } from "../engine/condition.js";
import { CalendarDateSchema } from "../model/case.js";
import { LocalTextSchema } from "../model/decision.js";
import { TEAM_ROLES } from "../model/facts.js";

const kebabId = (what: string) =>
  z
    .string()
    .regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, `expected a ${what} id in kebab-case such as "home-visit"`)
    .max(64)
    .meta({ description: `A ${what} id in kebab-case.` });

/** A parameter id: dot-separated camelCase words, such as `basicPackage.residentShare`. */
export const PARAMETER_ID_PATTERN = /^[a-z][A-Za-z0-9]*(\.[a-z][A-Za-z0-9]*)*$/;

/**
 * A citation in a pack. The quote of the Chinese source sentence is required,
 * except for a secondary cite (`"source": "secondary"`): a document the pack
 * knows only from secondary sources, with no seed text to check a quote
 * against. A secondary cite needs a `note` saying where the reading comes
 * from; it may carry a quote only as the secondary source gives it, and that
 * quote is never claimed as checked word for word.
 */
export const PackCiteSchema = z
  .strictObject({
    doc: z.string().min(1).meta({ description: "The document number; must be one of the pack's documents." }),
    clause: z.string().min(1).meta({ description: "The clause id from POLICY.md, such as YZ §5.2." }),
    quote: z
      .string()
      .min(1)
      .optional()
      .meta({ description: 'The source sentence, quoted in Chinese. Required unless "source" is "secondary".' }),
    source: z.literal("secondary").optional().meta({
      description:
        'Set to "secondary" when the document has no seed text: the quote (if any) is not checked word for word, and a note is required.',
    }),
    note: LocalTextSchema.optional().meta({ description: "For a secondary cite (required there): where the reading comes from." }),
  })
  .superRefine((cite, ctx) => {
    if (cite.source !== "secondary" && cite.quote === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["quote"],
        message: 'a citation needs the quoted sentence, unless it is marked "source": "secondary" with a note',
      });
    }
    if (cite.source === "secondary" && cite.note === undefined) {
      ctx.addIssue({ code: "custom", path: ["note"], message: "a secondary citation needs a note saying where the reading comes from" });
    }
  })
  .meta({
    description:
      "Where a rule or parameter comes from, with the Chinese sentence quoted (or, for a secondary cite, a note on where the reading comes from).",
  });
/** A citation in a pack. */
export type PackCite = z.infer<typeof PackCiteSchema>;

const interpretationFields = {
  interpretation: z
    .boolean()
    .optional()
    .meta({ description: "True where POLICY.md made a reading of an open text; give the reading in `note`." }),
  note: LocalTextSchema.optional().meta({ description: "Why the value or rule reads the text this way." }),
};

/** A reference to a pack parameter. */
export const ParamRefSchema = z
  .strictObject({ param: z.string().regex(PARAMETER_ID_PATTERN).meta({ description: "A parameter id of this pack." }) })
  .meta({ description: 'A reference to a parameter: { "param": "basicPackage.price" }.' });
/** A reference to a pack parameter. */
export type ParamRef = z.infer<typeof ParamRefSchema>;

/** The kinds of parameter value. */
export const PARAMETER_TYPES = ["money", "rate", "integer", "boolean", "code", "codes"] as const;
/** A kind of parameter value. */
export type ParameterType = (typeof PARAMETER_TYPES)[number];

const DatedValueSchema = z
  .strictObject({
    from: CalendarDateSchema.meta({ description: "First day the value applies (inclusive)." }),
    to: CalendarDateSchema.optional().meta({ description: "First day the value no longer applies (exclusive); open-ended when absent." }),
    value: z
      .union([z.string(), z.number(), z.boolean(), z.array(z.string()), z.null()])
      .meta({ description: "The value; null where the document gives none and a local rule must set it." }),
    cite: PackCiteSchema.optional().meta({ description: "A citation for this value, where it differs from the parameter's." }),
  })
  .meta({ description: "A value in force from `from` (inclusive) to `to` (exclusive)." });

/** A parameter: a cited, dated value the rules read. */
export const ParameterSchema = z
  .strictObject({
    label: LocalTextSchema.meta({ description: "What the parameter is." }),
    type: z.enum(PARAMETER_TYPES).meta({
      description:
        "money: amount string (2 decimals); rate: decimal string in [0, 1]; integer; boolean; code: a string; codes: a list of strings.",
    }),
    unit: z.string().min(1).meta({ description: "Unit, such as CNY/person/year, days, years, ratio, code." }),
    values: z.array(DatedValueSchema).min(1).meta({ description: "Dated values; evaluation uses the one in force on the decision date." }),
    minimum: z.union([z.string(), z.number()]).optional().meta({
      description:
        "The least value the document allows (a decimal string for money and rates, a number for integers); fdr lint checks every dated value.",
    }),
    maximum: z
      .union([z.string(), z.number()])
      .optional()
      .meta({ description: "The greatest value the document allows; fdr lint checks every dated value." }),
    cite: PackCiteSchema,
    ...interpretationFields,
  })
  .meta({ description: "A parameter of the pack." });
/** A parameter. */
export type Parameter = z.infer<typeof ParameterSchema>;

/** A condition tree (validated in depth by `checkPack`). */
export const ConditionTreeSchema = z
  .custom<BooleanCondition>((value) => value !== null && typeof value === "object" && !Array.isArray(value), {
    error: 'expected a condition tree: { "all": [...] }, { "any": [...] } or { "not": {...} }',
  })
  .meta({
    id: "ConditionTree",
    description: `A json-rules-engine condition tree, at most ${MAX_CONDITION_DEPTH} levels deep. Leaves: { "fact", "operator", "value" }; parameters are facts named "param:<id>".`,
  });

/** A rule: an id, a label, a condition tree and its citation. */
export const RuleSchema = z
  .strictObject({
    id: kebabId("rule"),
    label: LocalTextSchema,
    when: ConditionTreeSchema,
    cite: PackCiteSchema,
    ...interpretationFields,
  })
  .meta({ description: "A rule: it holds when its condition tree holds." });
/** A rule. */
export type PackRule = z.infer<typeof RuleSchema>;

/** A statement that the pack's documents are silent on a subject. */
export const SilenceSchema = z
  .strictObject({
    silent: z
      .strictObject({
        cite: PackCiteSchema.meta({ description: "The clause nearest the subject, showing what the document does say." }),
        note: LocalTextSchema.meta({ description: "What the document leaves open and what the decision does instead." }),
      })
      .meta({ description: "The statement that the documents are silent." }),
  })
  .meta({ description: "The documents say nothing on this subject; the decision applies the ordinary amounts and says so." });
/** A statement of silence. */
export type Silence = z.infer<typeof SilenceSchema>;

/** True when a section is a statement of silence. */
export function isSilent(section: unknown): section is Silence {
  return typeof section === "object" && section !== null && Object.prototype.hasOwnProperty.call(section, "silent");
}

const PayerIdSchema = kebabId("payer");

const ShareSchema = z
  .strictObject({
    payer: PayerIdSchema.meta({ description: "Who pays: public-health-subsidy, medical-insurance-fund, resident, …" }),
    amount: ParamRefSchema.optional().meta({ description: "A fixed amount (a money parameter)." }),
    weight: z
      .string()
      .regex(/^\d+(\.\d+)?$/)
      .optional()
      .meta({ description: "A weight for sharing what the fixed amounts leave of the price, by largest remainder." }),
  })
  .refine((share) => (share.amount === undefined) !== (share.weight === undefined), {
    error: "a share has either an amount or a weight",
  })
  .meta({ description: "One payer's share of a package's price." });

/** How a package is priced. */
export const PriceSchema = z
  .union([
    ParamRefSchema,
    z.strictObject({ itemSum: z.literal(true).meta({ description: "Sum of unit price × quantity of the chosen items." }) }),
    z.strictObject({ sumOfShares: z.literal(true).meta({ description: "The sum of the fixed shares (a subsidy with no price)." }) }),
  ])
  .meta({ description: "A money parameter, { itemSum: true } or { sumOfShares: true }." });

/** A service package and who pays for it. */
export const PackageSchema = z
  .strictObject({
    id: kebabId("package"),
    label: LocalTextSchema,
    price: PriceSchema,
    shares: z.array(ShareSchema).min(1).meta({ description: "Fixed amounts first; the rest of the price by weight." }),
    cite: PackCiteSchema,
    ...interpretationFields,
  })
  .meta({ description: "A service package." });
/** A package. */
export type Package = z.infer<typeof PackageSchema>;

/** The staff-pool rule. */
export const StaffPoolSchema = z
  .strictObject({
    id: kebabId("rule"),
    label: LocalTextSchema,
    rate: ParamRefSchema.meta({ description: "The share of the fee that goes to staff pay (a rate parameter)." }),
    packages: ParamRefSchema.meta({ description: "The packages whose fee counts (a codes parameter)." }),
    distribution: z.literal("by-score").meta({
      description:
        "by-score: in proportion to assessment scores by largest remainder; equal shares when all scores are zero or none is given.",
    }),
    cite: PackCiteSchema,
    ...interpretationFields,
  })
  .meta({ description: "How much of the fee goes to the team, and how it is shared." });
const StaffPoolSectionSchema = z.union([StaffPoolSchema, SilenceSchema]).meta({ description: "The staff-pool rule, or silence." });

const TeamShapeSchema = z
  .strictObject({
    required: z
      .array(
        z.strictObject({
          role: z.enum(TEAM_ROLES).meta({ description: "specialist, general-practitioner or health-manager." }),
          min: ParamRefSchema.meta({ description: "The least number of members in this role (an integer parameter)." }),
        }),
      )
      .min(1)
      .meta({ description: "The least number of members of each role." }),
    cite: PackCiteSchema,
    ...interpretationFields,
  })
  .meta({ description: "The roles a complete team has." });

/** The contract section: its term and, where the documents give one, the team's shape. */
export const ContractSectionSchema = z
  .strictObject({
    term: z
      .strictObject({
        years: ParamRefSchema.meta({ description: "Length of the term in years (an integer parameter)." }),
        cite: PackCiteSchema,
        ...interpretationFields,
      })
      .meta({ description: "The contract term: from the signing day to the day before its anniversary." }),
    team: z.union([TeamShapeSchema, SilenceSchema]).meta({ description: "The team shape, or silence where the documents give none." }),
  })
  .meta({ description: "The contract: its term and the team's shape." });

const LimitSchema = RuleSchema.extend({
  maxSupplyDays: ParamRefSchema.meta({ description: "The limit in days (an integer parameter)." }),
});

/** The prescription section. */
export const PrescriptionSectionSchema = z
  .strictObject({
    limits: z.array(LimitSchema).min(1).meta({ description: "Supply limits; the first whose condition holds applies." }),
    essentialListException: z.union([RuleSchema, SilenceSchema]).meta({
      description: "When a prescription may go beyond the essential-drug list; silent where the documents do not say.",
    }),
    notModelled: z
      .strictObject({ cite: PackCiteSchema, note: LocalTextSchema })
      .optional()
      .meta({ description: "A part of the source rule the pack does not model, reported in the trace." }),
  })
  .meta({ description: "Prescription supply limits and the essential-drug-list exception." });

const WaiverSchema = z
  .union([
    z.strictObject({ rate: ParamRefSchema.meta({ description: "Share of the fee waived (a rate parameter)." }) }),
    z.strictObject({ amount: ParamRefSchema.meta({ description: "Amount waived (a money parameter; null = set locally)." }) }),
  ])
  .meta({ description: "What is waived: a rate of the fee, or an amount." });

/** The registration-fee section. */
export const RegistrationFeeSectionSchema = z
  .union([
    z.strictObject({
      rules: z
        .array(RuleSchema.extend({ waiver: WaiverSchema }))
        .min(1)
        .meta({ description: "Waivers; the first whose condition holds applies." }),
    }),
    SilenceSchema,
  ])
  .meta({ description: "Outpatient registration-fee waivers, or silence." });

/** The inpatient-deductible section. */
export const InpatientSectionSchema = z
  .union([
    z.strictObject({
      rules: z
        .array(
          RuleSchema.extend({
            method: z
              .literal("above-paid-in-episode")
              .meta({ description: "Pay only the part of the deductible above what was already paid in the episode, never below zero." }),
          }),
        )
        .min(1)
        .meta({ description: "Deductible rules; the first whose condition holds applies." }),
    }),
    SilenceSchema,
  ])
  .meta({ description: "The inpatient deductible (住院起付线) on referral, or silence." });

/** The referral-discount section. */
export const ReferralDiscountSectionSchema = z
  .union([
    RuleSchema.extend({
      rate: ParamRefSchema.meta({ description: "The discount rate (a rate parameter)." }),
      categories: ParamRefSchema.meta({ description: "The item categories discounted (a codes parameter)." }),
    }),
    SilenceSchema,
  ])
  .meta({ description: "The discount on a referred patient's items, or silence." });

/** A signing-coverage target. */
export const CoverageTargetSchema = z
  .strictObject({
    id: kebabId("target"),
    label: LocalTextSchema,
    population: z
      .enum(["overall", "priority"])
      .meta({ description: "overall: all residents; priority: residents in at least one priority group." }),
    rate: ParamRefSchema.meta({ description: "The least signing rate (a rate parameter)." }),
    by: CalendarDateSchema.meta({ description: "The date by which the rate is to be reached." }),
    cite: PackCiteSchema,
    ...interpretationFields,
  })
  .meta({ description: "A signing-coverage target of the documents." });

/** A source document of the pack. */
export const DocumentSchema = z.strictObject({
  id: z.string().min(1).meta({ description: "The document number, as citations name it." }),
  title: LocalTextSchema,
  issuer: z.string().min(1).optional().meta({ description: "Who issued it." }),
  issued: CalendarDateSchema.optional().meta({ description: "Issue date, where known." }),
  source: z.string().optional().meta({ description: "Where the text is (a seed file name or a note on secondary sources)." }),
  kind: z.enum(["primary", "national", "secondary", "example"]).meta({
    description:
      "primary: the pack's own document; national: a national rule the pack cites; secondary: known only from secondary sources; example: an illustration, not a real document.",
  }),
});

/** The whole pack. */
export const PackSchema = z
  .strictObject({
    $schema: z.string().optional().meta({ description: "Path of the JSON Schema, for editors." }),
    id: kebabId("pack"),
    extends: z.string().min(1).optional().meta({ description: "In an overlay: the id of the bundled pack it changes." }),
    version: z
      .string()
      .regex(/^\d+\.\d+\.\d+$/, "expected a version such as 1.0.0")
      .meta({ description: "The pack's version (semver)." }),
    title: LocalTextSchema,
    region: z
      .strictObject({
        codePrefix: z
          .string()
          .regex(/^\d{2,6}$/, "expected 2 to 6 digits of a GB/T 2260 region code")
          .meta({
            description: "Region codes starting with this prefix fall under the pack.",
          }),
        name: LocalTextSchema,
      })
      .meta({ description: "The jurisdiction: region codes under this prefix." }),
    effective: z
      .strictObject({
        from: CalendarDateSchema.meta({ description: "First day in force (inclusive)." }),
        to: CalendarDateSchema.optional().meta({ description: "First day no longer in force (exclusive); open-ended when absent." }),
        cite: PackCiteSchema,
        ...interpretationFields,
      })
      .meta({ description: "The period the pack is in force; a decision outside it is an error." }),
    documents: z.array(DocumentSchema).min(1).meta({ description: "The source documents; every citation names one." }),
    labels: z
      .strictObject({
        fee: LocalTextSchema.optional().meta({
          description: "The heading of the fee section as the documents name it (签约服务费 / fee, or 签约服务补助 / funding).",
        }),
        payers: z.record(z.string(), LocalTextSchema).optional().meta({ description: "Each payer id's name, as the documents name it." }),
        roles: z
          .record(z.string(), LocalTextSchema)
          .optional()
          .meta({ description: "Each team role's name (specialist, general-practitioner, health-manager)." }),
      })
      .optional()
      .meta({ description: "Names the explanation uses for payers, roles and the fee section, in Chinese and English." }),
    parameters: z
      .record(z.string().regex(PARAMETER_ID_PATTERN, "expected a parameter id such as basicPackage.price"), ParameterSchema)
      .meta({ description: "Cited, dated parameters by id; conditions read them as facts named param:<id>." }),
    eligibility: z.array(RuleSchema).min(1).meta({ description: "A resident is eligible when every rule holds." }),
    priorityGroups: z.array(RuleSchema).meta({ description: "Priority groups, in the order decisions list them." }),
    contract: ContractSectionSchema,
    packages: z.array(PackageSchema).min(1).meta({ description: "The service packages a contract may choose." }),
    staffPool: StaffPoolSectionSchema,
    prescription: PrescriptionSectionSchema,
    registrationFee: RegistrationFeeSectionSchema,
    inpatientDeductible: InpatientSectionSchema,
    referralDiscount: ReferralDiscountSectionSchema,
    benefits: z.array(RuleSchema).meta({ description: "What a resident for whom the rule holds is entitled to." }),
    coverageTargets: z
      .array(CoverageTargetSchema)
      .optional()
      .meta({ description: "Signing-coverage targets, where the documents set them (checked by fdr coverage and batch summaries)." }),
    notEncoded: z
      .array(
        z.strictObject({
          topic: z.string().min(1).meta({ description: "A short name for what is not encoded." }),
          cite: PackCiteSchema,
          note: LocalTextSchema.meta({ description: "Why it is not encoded." }),
        }),
      )
      .meta({ description: "Clauses the pack does not encode, and why." }),
  })
  .meta({ title: "family-doctor-rules pack", description: "A rule pack: one jurisdiction's family-doctor contract-service policy." });

/** A pack as written in JSON (validated). */
export type PackData = z.infer<typeof PackSchema>;
