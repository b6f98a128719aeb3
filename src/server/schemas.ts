/**
 * The zod schemas of what `fdr serve` answers besides decisions: the
 * OpenAPI document is generated from these and the library's own schemas.
 *
 * @module
 */
import * as z from "zod";
import { IssueSchema, LocalTextSchema } from "../model/decision.js";

/** An error response: the library's issue list. */
export const ErrorBodySchema = z
  .strictObject({
    errors: z
      .array(IssueSchema)
      .min(1)
      .meta({ description: "The issues, each with a stable code, a JSON Pointer path and a message (in the request's language)." }),
  })
  .meta({ description: "What went wrong, as the library's issue list." });

/** A served pack, in a list. */
export const PackSummarySchema = z
  .strictObject({
    id: z.string().meta({ description: "The pack id." }),
    version: z.string().meta({ description: "The pack version." }),
    hash: z.string().meta({ description: "sha256 of the resolved pack's canonical JSON: what each decision names." }),
    title: LocalTextSchema,
    region: z.strictObject({ codePrefix: z.string(), name: LocalTextSchema }).meta({ description: "The region the pack covers." }),
    effective: z
      .strictObject({ from: z.string(), to: z.string().optional() })
      .meta({ description: "The pack's period: from (inclusive), to (exclusive)." }),
    extends: z.string().optional().meta({ description: "For an overlay: the bundled pack it changes." }),
    origin: z.string().meta({ description: '"bundled", or the file name in the packs folder.' }),
  })
  .meta({ description: "A pack the server serves." });

/** A served pack with its documents. */
export const PackDetailSchema = PackSummarySchema.extend({
  documents: z
    .array(
      z.strictObject({
        id: z.string(),
        title: LocalTextSchema,
        issuer: z.string().optional(),
        issued: z.string().optional(),
        source: z.string().optional(),
        kind: z.string(),
      }),
    )
    .meta({ description: "The documents the pack cites." }),
  parameters: z.number().int().meta({ description: "How many parameters the pack has." }),
  loadedAt: z.string().meta({ description: "When the server loaded the pack set this pack belongs to." }),
}).meta({ description: "A pack's metadata, version, hash, period and documents." });

/** One parameter's value on a date. */
export const ParameterValueSchema = z
  .strictObject({
    id: z.string(),
    label: LocalTextSchema,
    type: z.string(),
    unit: z.string(),
    inForce: z.boolean().meta({ description: "Whether a dated value covers the date." }),
    value: z
      .union([z.string(), z.number(), z.boolean(), z.array(z.string()), z.null()])
      .optional()
      .meta({ description: "The value in force on the date (absent when none is)." }),
    from: z.string().optional().meta({ description: "First day of the value in force." }),
    to: z.string().optional().meta({ description: "First day it no longer applies." }),
    cite: z
      .strictObject({ doc: z.string(), clause: z.string(), quote: z.string().optional() })
      .meta({ description: "The citation of the value (its own, or the parameter's)." }),
    origin: z.string().meta({ description: "The pack the value comes from (an overlay's base, where the overlay left it)." }),
  })
  .meta({ description: "A parameter's value on a date, with its citation." });

/** The parameters view of a pack. */
export const ParametersBodySchema = z
  .strictObject({
    pack: z.string(),
    packVersion: z.string(),
    packHash: z.string(),
    asOf: z.string(),
    parameters: z.array(ParameterValueSchema),
  })
  .meta({ description: "Each parameter's value on a date with its citation." });

/** The result of `POST /v1/validate`. */
export const ValidateBodySchema = z
  .strictObject({
    valid: z.boolean(),
    id: z.string().optional().meta({ description: "The pack id, when valid." }),
    hash: z.string().optional().meta({ description: "The hash its decisions would carry, when valid." }),
    issues: z.array(IssueSchema),
  })
  .meta({ description: "Whether a pack is valid, and every problem with its JSON path." });

/** The result of `POST /v1/lint`. */
export const LintBodySchema = z
  .strictObject({
    errors: z.number().int(),
    warnings: z.number().int(),
    findings: z.array(
      z.strictObject({
        code: z.string(),
        severity: z.enum(["error", "warning"]),
        path: z.string(),
        message: z.string(),
        expected: z.string().optional(),
        found: z.string().optional(),
      }),
    ),
  })
  .meta({ description: "Static checks of a pack: validation issues as errors, else lint findings." });

/** The last line of a batch response. */
export const BatchSummaryLineSchema = z
  .strictObject({
    summary: z.strictObject({
      complete: z.boolean().meta({
        description: "True when every input line was read and answered; false when the input was cut (limit, idle timeout, shutdown).",
      }),
      records: z.number().int().meta({ description: "Records written, one per input line." }),
      decisions: z.number().int(),
      errors: z.number().int(),
      pack: z.string(),
      packVersion: z.string(),
      packHash: z.string(),
      residents: z.number().int().optional(),
      eligible: z.number().int().optional(),
      signed: z.number().int().optional(),
      priority: z.strictObject({ residents: z.number().int(), signed: z.number().int() }).optional(),
      groups: z.record(z.string(), z.strictObject({ residents: z.number().int(), signed: z.number().int() })).optional(),
      payers: z.record(z.string(), z.string()).optional(),
      staffPool: z.string().optional(),
      totalsOf: z
        .strictObject({ residents: z.literal("signed"), note: z.strictObject({ zh: z.string(), en: z.string() }) })
        .optional()
        .meta({
          description:
            "What the payer and staff-pool totals add up: signed residents only (eligible, contract in force on the decision date).",
        }),
      issues: z.array(IssueSchema).optional().meta({ description: "Why the batch is incomplete." }),
    }),
  })
  .meta({ description: "The final line of a batch response: a client that does not see it got a cut response." });

/** `/healthz` and `/readyz`. */
export const HealthBodySchema = z
  .strictObject({
    status: z.enum(["ok", "starting", "stopping"]),
    packs: z.number().int().optional(),
    loadedAt: z.string().optional(),
    lastReload: z.strictObject({ ok: z.boolean(), at: z.string() }).optional(),
  })
  .meta({ description: "Liveness or readiness." });

/** The body of `/v1/evaluate` with `explain`. */
export const ExplainedDecisionSchema = (decision: z.ZodType) =>
  z
    .strictObject({
      decision,
      explanation: z
        .strictObject({ zh: z.string().optional(), en: z.string().optional() })
        .meta({ description: "The decision as text, in the languages asked." }),
    })
    .meta({ description: "A decision with its explanation." });
