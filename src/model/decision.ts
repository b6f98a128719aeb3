/**
 * The decision: what a rule pack says about one case, every part explained by
 * trace entries that cite the clause they come from.
 *
 * Field names are a public contract. A section appears when its input was
 * given (`contract`, `fee`, `prescription`, `registrationFee`, `inpatient`,
 * `referral`) — except `fee`, which is absent for a resident who is not
 * eligible (money only for the eligible, POLICY 4; warning
 * `not-eligible-no-fee`); `eligibility`, `priorityGroups`, `benefits`,
 * `warnings` and `trace` are always present.
 *
 * @module
 */
import * as z from "zod";
import { POLICY_AREAS, type AreaTraceSection } from "./areas.js";

const amount = z
  .string()
  .regex(/^\d+\.\d{2}$/)
  .meta({ description: 'An amount with two decimals ("35.50").' });

/** A citation: the document, the clause id of POLICY.md, and the Chinese sentence. */
export const CiteSchema = z
  .strictObject({
    doc: z.string().min(1).meta({ description: "Document number, e.g. 永政办函〔2017〕71号." }),
    clause: z.string().min(1).meta({ description: "Clause id, e.g. YZ §5.2." }),
    quote: z
      .string()
      .min(1)
      .optional()
      .meta({ description: "The source sentence, in Chinese (absent in compact traces, and for a secondary cite with no text to quote)." }),
    source: z.literal("secondary").optional().meta({
      description: 'Present ("secondary") when the document has no seed text in sources/: the quote, if any, is not checked word for word.',
    }),
    note: z
      .strictObject({ zh: z.string().min(1), en: z.string().min(1) })
      .optional()
      .meta({ description: "For a secondary cite: where the reading comes from." }),
  })
  .meta({ description: "Where a rule comes from." });
/** A citation. */
export type Cite = z.infer<typeof CiteSchema>;

/** Text in Chinese and English. */
export const LocalTextSchema = z
  .strictObject({
    zh: z.string().min(1).meta({ description: "Chinese." }),
    en: z.string().min(1).meta({ description: "English." }),
  })
  .meta({ description: "Text in Chinese and English." });
/** Text in Chinese and English. */
export type LocalText = z.infer<typeof LocalTextSchema>;

/** The sections a trace entry can belong to: those of the policy areas, in decision order. */
export const TRACE_SECTIONS = POLICY_AREAS.flatMap((area) => area.traceSections) as unknown as readonly [
  AreaTraceSection,
  ...AreaTraceSection[],
];
/** A section of the decision. */
export type TraceSection = (typeof TRACE_SECTIONS)[number];

/** One step of the explanation: a rule, whether it held, and its citation. */
export const TraceEntrySchema = z.strictObject({
  rule: z.string().min(1).meta({ description: "The rule's id in the pack." }),
  section: z.enum(TRACE_SECTIONS).meta({ description: "The part of the decision it explains." }),
  outcome: z.boolean().meta({ description: "Whether the rule held (applied) for this case." }),
  pack: z.string().min(1).meta({ description: "The pack the rule or value came from." }),
  cite: CiteSchema,
  value: z.string().optional().meta({ description: "The value the rule produced, where it produced one." }),
  note: LocalTextSchema.optional().meta({
    description: "What the rule did, or why the document is silent; for an interpretation, the pack's note on the reading taken.",
  }),
  interpretation: z.literal(true).optional().meta({
    description: "Present when the rule, the value or the citation rests on an interpretation (POLICY 19); `note` then gives it.",
  }),
});
/** One step of the explanation. */
export type TraceEntry = z.infer<typeof TraceEntrySchema>;

/** An issue (warnings use the same shape as errors). */
export const IssueSchema = z.strictObject({
  code: z.string(),
  path: z.string(),
  message: z.string(),
  expected: z.string().optional(),
  found: z.string().optional(),
});

const PayersSchema = z.record(z.string(), amount).meta({ description: "Amount per payer id." });

/** The fee section. */
export const FeeDecisionSchema = z.strictObject({
  total: amount.meta({ description: "The whole fee of the chosen packages." }),
  payers: PayersSchema,
  packages: z
    .array(z.strictObject({ id: z.string(), total: amount, payers: PayersSchema }))
    .meta({ description: "The fee of each chosen package." }),
  staffPool: amount
    .optional()
    .meta({ description: "The part of the fee that goes to staff pay (absent where the pack has no staff-pay rule)." }),
  staffPay: z.record(z.string(), amount).optional().meta({ description: "Each team member's share of the staff pool." }),
});

/** The decision for one case under one pack. */
export const DecisionSchema = z
  .strictObject({
    pack: z.string().meta({ description: "The pack id." }),
    packVersion: z.string().meta({ description: "The pack version." }),
    packHash: z
      .string()
      .regex(/^sha256:[0-9a-f]{64}$/)
      .meta({ description: "sha256 of the resolved pack's canonical JSON." }),
    asOf: z.string().meta({ description: "The decision date." }),
    residentId: z.string(),
    eligibility: z.strictObject({
      eligible: z.boolean(),
      reasons: z.array(TraceEntrySchema).meta({ description: "The eligibility rules and their outcomes." }),
    }),
    priorityGroups: z.array(z.string()).meta({ description: "Priority-group ids the resident is in, in pack order." }),
    contract: z
      .strictObject({
        start: z.string(),
        end: z.string(),
        inForce: z.boolean(),
        team: z.strictObject({ complete: z.boolean(), missingRoles: z.array(z.string()) }).optional(),
      })
      .optional(),
    fee: FeeDecisionSchema.optional(),
    prescription: z
      .strictObject({
        maxSupplyDays: z.number().int(),
        allowed: z.boolean(),
        essentialListException: z.boolean(),
        limit: z.string().meta({ description: "Id of the limit rule that applied." }),
        requestedDays: z.number().int().meta({ description: "The days of supply the prescription asks for." }),
        beyondEssentialList: z.boolean().meta({ description: "Whether the prescription includes drugs beyond the essential-drug list." }),
      })
      .optional(),
    registrationFee: z
      .strictObject({
        fee: amount.meta({ description: "The ordinary registration fee of the visit." }),
        charged: amount
          .nullable()
          .meta({ description: "What the resident pays; null when the document gives no amount (warning amount-not-set)." }),
        waived: amount.nullable().meta({ description: "What is waived; null when the document gives no amount (warning amount-not-set)." }),
      })
      .optional(),
    inpatient: z
      .strictObject({
        deductible: amount.meta({ description: "The receiving hospital's deductible." }),
        paidInEpisode: amount.meta({ description: "What was already paid towards a deductible in the episode." }),
        deductiblePayable: amount,
      })
      .optional(),
    referral: z
      .strictObject({
        discountApplies: z.boolean(),
        discountRate: z.string(),
        items: z.array(
          z.strictObject({
            code: z.string(),
            category: z.string().meta({ description: "The item's category: imaging, biochemical or other." }),
            price: amount,
            discount: amount,
            payable: amount,
          }),
        ),
        totalDiscount: amount,
      })
      .optional(),
    benefits: z.array(z.strictObject({ id: z.string(), label: LocalTextSchema, cite: CiteSchema })),
    warnings: z.array(IssueSchema),
    trace: z.array(TraceEntrySchema),
  })
  .meta({ title: "Decision", description: "What a rule pack decides for one case." });

/** The decision for one case under one pack. */
export type Decision = z.infer<typeof DecisionSchema>;
/** The fee section of a decision. */
export type FeeDecision = z.infer<typeof FeeDecisionSchema>;

/** A trace entry as a batch record writes it: the rule id and the clause id. */
export const CompactTraceEntrySchema = z
  .strictObject({
    rule: z.string().min(1).meta({ description: "The rule's id in the pack." }),
    clause: z.string().min(1).meta({ description: "The clause id of POLICY.md it cites." }),
    pack: z
      .string()
      .min(1)
      .optional()
      .meta({ description: "The pack the rule or value came from, when it is not the record's pack (an overlay's base)." }),
    interpretation: z
      .literal(true)
      .optional()
      .meta({ description: "Present when the rule, value or citation rests on an interpretation (the full trace gives the note)." }),
  })
  .meta({ description: "A rule that held, by rule id and clause id." });
/** A trace entry as a batch record writes it. */
export type CompactTraceEntry = z.infer<typeof CompactTraceEntrySchema>;

/** An eligibility reason as a batch record writes it: the rule, whether it held, the clause id. */
export const CompactReasonSchema = CompactTraceEntrySchema.extend({
  outcome: z.boolean().meta({ description: "Whether the rule held." }),
}).meta({ description: "An eligibility rule, whether it held, and its clause id." });
/** An eligibility reason as a batch record writes it. */
export type CompactReason = z.infer<typeof CompactReasonSchema>;

/**
 * One line of `fdr batch` output with the default compact trace: the
 * decision's fields, with citations cut to ids. `eligibility.reasons` keeps
 * every eligibility rule with its outcome; `trace` lists the rules that held,
 * in decision order (every other rule of the pack did not; the values they
 * produced are in the record's sections); benefits lose their labels.
 * `--trace full` writes the whole decision instead.
 */
export const BatchRecordSchema = DecisionSchema.extend({
  eligibility: z.strictObject({
    eligible: z.boolean(),
    reasons: z.array(CompactReasonSchema).meta({ description: "Every eligibility rule and its outcome." }),
  }),
  benefits: z
    .array(z.strictObject({ id: z.string(), clause: z.string() }))
    .meta({ description: "The benefits that apply, with the clause id of each." }),
  trace: z.array(CompactTraceEntrySchema).meta({ description: "The rules that held, in decision order." }),
}).meta({ title: "BatchRecord", description: "One decision as fdr batch writes it with the compact trace." });
/** One line of `fdr batch` output with the compact trace. */
export type BatchRecord = z.infer<typeof BatchRecordSchema>;

/** What the payer and staff-pool totals of a batch summary and of `fdr diff` add up (POLICY 4). */
export const TOTALS_OF = {
  residents: "signed",
  note: {
    zh: "付费方合计和薪酬池合计只计签约居民（符合签约条件且签约在决定日期有效）；覆盖率的分母不变，仍为居民人数，不只是签约居民。",
    en: "Payer and staff-pool totals add up signed residents only (eligible, contract in force on the decision date); coverage rates keep their denominators: residents, not only signed ones.",
  },
} as const;
