/**
 * The JSON Schema of a rule pack, generated from the zod schema, for editors.
 *
 * @module
 */
import * as z from "zod";
import { MAX_CONDITION_DEPTH, OPERATORS } from "../engine/condition.js";
import { OverlaySchema } from "./overlay.js";
import { ConditionTreeSchema, PackSchema } from "./schema.js";

/** The condition language as JSON Schema (the zod schema checks it in code). */
const CONDITION_DEFINITION = {
  description: `A json-rules-engine condition tree, at most ${MAX_CONDITION_DEPTH} levels deep: { "all": [...] }, { "any": [...] }, { "not": {...} } or a leaf { "fact", "operator", "value" }. Parameters are facts named "param:<id>".`,
  oneOf: [
    { type: "object", properties: { all: { type: "array", description: "Every child holds (true when empty).", items: { $ref: "#/$defs/ConditionTree" } } }, required: ["all"], additionalProperties: false },
    { type: "object", properties: { any: { type: "array", minItems: 1, description: "At least one child holds.", items: { $ref: "#/$defs/ConditionTree" } } }, required: ["any"], additionalProperties: false },
    { type: "object", properties: { not: { $ref: "#/$defs/ConditionTree" } }, required: ["not"], additionalProperties: false },
    {
      type: "object",
      properties: {
        fact: { type: "string", description: "A fact of the catalog (ageYears, conditions, signed, …) or param:<parameter id>." },
        operator: { enum: [...OPERATORS], description: "How the fact is compared with the value." },
        value: {
          description: "A JSON literal, or { \"fact\": name } to compare with another fact.",
          oneOf: [
            { type: ["string", "number", "boolean", "null"] },
            { type: "array", items: { type: ["string", "number"] } },
            { type: "object", properties: { fact: { type: "string", description: "The fact to compare with." } }, required: ["fact"], additionalProperties: false },
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

function jsonSchemaOf(zodSchema: z.ZodType, name: string): Record<string, unknown> {
  const schema = z.toJSONSchema(zodSchema, {
    target: "draft-2020-12",
    io: "input",
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
