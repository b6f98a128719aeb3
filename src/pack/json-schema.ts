/**
 * The JSON Schemas of a rule pack (for editors), a case, a decision and a
 * batch record (the contract for systems in other languages), generated from
 * the zod schemas.
 *
 * @module
 */
import * as z from "zod";
import { MAX_CONDITION_DEPTH, OPERATORS } from "../engine/condition.js";
import { CaseSchema } from "../model/case.js";
import { BatchRecordSchema, DecisionSchema } from "../model/decision.js";
import { OverlaySchema } from "./overlay.js";
import { ConditionTreeSchema, PackSchema } from "./schema.js";

/** The condition language as JSON Schema (the zod schema checks it in code). */
const CONDITION_DEFINITION = {
  description: `A json-rules-engine condition tree, at most ${MAX_CONDITION_DEPTH} levels deep: { "all": [...] }, { "any": [...] }, { "not": {...} } or a leaf { "fact", "operator", "value" }. Parameters are facts named "param:<id>".`,
  oneOf: [
    {
      type: "object",
      properties: { all: { type: "array", description: "Every child holds (true when empty).", items: { $ref: "#/$defs/ConditionTree" } } },
      required: ["all"],
      additionalProperties: false,
    },
    {
      type: "object",
      properties: {
        any: { type: "array", minItems: 1, description: "At least one child holds.", items: { $ref: "#/$defs/ConditionTree" } },
      },
      required: ["any"],
      additionalProperties: false,
    },
    { type: "object", properties: { not: { $ref: "#/$defs/ConditionTree" } }, required: ["not"], additionalProperties: false },
    {
      type: "object",
      properties: {
        fact: { type: "string", description: "A fact of the catalog (ageYears, conditions, signed, …) or param:<parameter id>." },
        operator: { enum: [...OPERATORS], description: "How the fact is compared with the value." },
        value: {
          description: 'A JSON literal, or { "fact": name } to compare with another fact.',
          oneOf: [
            { type: ["string", "number", "boolean", "null"] },
            { type: "array", items: { type: ["string", "number"] } },
            {
              type: "object",
              properties: { fact: { type: "string", description: "The fact to compare with." } },
              required: ["fact"],
              additionalProperties: false,
            },
          ],
        },
      },
      required: ["fact", "operator", "value"],
      additionalProperties: false,
    },
  ],
};

/**
 * The JSON Schema (draft 2020-12) of a rule pack, with a description on every
 * field. `rules/schema/pack.schema.json` is this, written out.
 *
 * @example
 * JSON.stringify(packJsonSchema(), null, 2);
 */
export function packJsonSchema(): Record<string, unknown> {
  return jsonSchemaOf(PackSchema, "pack");
}

/**
 * The JSON Schema of an overlay pack (`rules/schema/overlay.schema.json`).
 */
export function overlayJsonSchema(): Record<string, unknown> {
  return jsonSchemaOf(OverlaySchema, "overlay");
}

/**
 * The JSON Schema of a case, what `evaluate` takes and a client sends
 * (`rules/schema/case.schema.json`). Stricter than `evaluate` in one way: a
 * field it does not know is refused here, where `evaluate` reports it as an
 * `unknown_field` warning. Checks that span fields (a date order, a package
 * listed twice) are made by `evaluate` alone.
 *
 * @example
 * new Ajv2020().compile(caseJsonSchema())(caseJson); //=> true
 */
export function caseJsonSchema(): Record<string, unknown> {
  return jsonSchemaOf(CaseSchema, "case", "input");
}

/**
 * The JSON Schema of a decision, what `evaluate` returns and `fdr evaluate`
 * prints (`rules/schema/decision.schema.json`). Amounts are strings with two
 * decimals ("40.00").
 */
export function decisionJsonSchema(): Record<string, unknown> {
  return jsonSchemaOf(DecisionSchema, "decision", "output");
}

/**
 * The JSON Schema of a batch record, one line of `fdr batch` output
 * (`rules/schema/batch-record.schema.json`).
 */
export function batchRecordJsonSchema(): Record<string, unknown> {
  return jsonSchemaOf(BatchRecordSchema, "batch-record", "output");
}

function jsonSchemaOf(zodSchema: z.ZodType, name: string, io: "input" | "output" = "input"): Record<string, unknown> {
  const schema = z.toJSONSchema(zodSchema, {
    target: "draft-2020-12",
    io,
    unrepresentable: "any",
    override: (context) => {
      if (context.zodSchema === ConditionTreeSchema) {
        for (const key of Object.keys(context.jsonSchema)) delete (context.jsonSchema as Record<string, unknown>)[key];
        Object.assign(context.jsonSchema, CONDITION_DEFINITION);
      }
    },
  }) as Record<string, unknown>;
  return { ...schema, $id: `https://family-doctor-rules.dev/schema/${name}.schema.json` };
}

type JsonSchema = Record<string, unknown>;

function typeOf(schema: JsonSchema): string {
  if (typeof schema.$ref === "string") return schema.$ref.split("/").pop() as string;
  if (Array.isArray(schema.enum)) return schema.enum.map((value) => JSON.stringify(value)).join(" \\| ");
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  const variants = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (variants) return variants.map(typeOf).join(" or ");
  if (schema.type === "array") return `list of ${typeOf((schema.items as JsonSchema) ?? {})}`;
  if (schema.type === "object" && schema.additionalProperties && typeof schema.additionalProperties === "object") return "map";
  return Array.isArray(schema.type) ? schema.type.join(" \\| ") : String(schema.type ?? "any");
}

function rows(schema: JsonSchema, path: string, out: string[], depth: number): void {
  if (depth > 8) return;
  const variants = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (variants) variants.forEach((variant) => rows(variant, path, out, depth + 1));
  if (schema.type === "array" && schema.items) rows(schema.items as JsonSchema, `${path}[]`, out, depth + 1);
  if (schema.type === "object" && schema.additionalProperties && typeof schema.additionalProperties === "object") {
    rows(schema.additionalProperties as JsonSchema, `${path}.<id>`, out, depth + 1);
  }
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema.required as string[] | undefined) ?? []);
  for (const [key, child] of Object.entries(properties)) {
    const childPath = path ? `${path}.${key}` : key;
    const description = String(child.description ?? "")
      .replace(/\|/g, "\\|")
      .replace(/\n/g, " ");
    out.push(`| \`${childPath}\` | ${typeOf(child)} | ${required.has(key) ? "yes" : ""} | ${description} |`);
    rows(child, childPath, out, depth + 1);
  }
}

/**
 * The rule-pack format as Markdown, generated from the pack's JSON Schema:
 * `docs/rule-pack-format.md` is this, written out.
 */
export function packFormatMarkdown(): string {
  const schema = packJsonSchema();
  const table = ["| field | type | required | description |", "|---|---|---|---|"];
  rows(schema, "", table, 0);
  const unique = table.filter((row, index) => table.indexOf(row) === index);
  return [
    "# Rule-pack format",
    "",
    "Generated from `rules/schema/pack.schema.json` (itself generated from the zod pack schema) by `npm run schema`; a test fails when this file is out of date.",
    "",
    "`[]` marks the items of a list, `<id>` the entries of a map, and a field listed twice is a field of two alternative forms (a section or its `silent` statement). Condition trees (`ConditionTree`) are described in [concepts.md](concepts.md).",
    "",
    ...unique,
    "",
  ].join("\n");
}
