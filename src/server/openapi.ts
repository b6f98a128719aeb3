/**
 * The OpenAPI 3.1 document of `fdr serve`, generated from the zod schemas:
 * the library's (case, decision, batch record, pack, overlay) and the
 * server's own responses.
 *
 * @module
 */
import * as z from "zod";
import { CaseSchema } from "../model/case.js";
import { BatchRecordSchema, DecisionSchema } from "../model/decision.js";
import { overlayJsonSchema, packJsonSchema } from "../pack/json-schema.js";
import {
  BatchSummaryLineSchema,
  ErrorBodySchema,
  ExplainedDecisionSchema,
  HealthBodySchema,
  LintBodySchema,
  PackDetailSchema,
  PackSummarySchema,
  ParametersBodySchema,
  ValidateBodySchema,
} from "./schemas.js";

type Json = Record<string, unknown>;

/** A zod schema as draft 2020-12 JSON Schema (the dialect of OpenAPI 3.1). */
function jsonSchema(schema: z.ZodType, io: "input" | "output"): Json {
  return z.toJSONSchema(schema, { target: "draft-2020-12", io, unrepresentable: "any" }) as Json;
}

/**
 * Puts a standalone JSON Schema under `components/schemas/<name>`: its
 * `$defs` become components `<name>_<def>`, its references follow them.
 */
function hoist(components: Json, name: string, schema: Json): void {
  const { $schema: _schema, $id: _id, $defs, ...rest } = schema;
  void _schema;
  void _id;
  const rewrite = (value: Json): Json =>
    JSON.parse(
      JSON.stringify(value)
        .replace(/"#\/\$defs\/([^"]+)"/g, (_match, def: string) => JSON.stringify(`#/components/schemas/${name}_${def}`))
        .replace(/"\$ref":"#"/g, `"$ref":${JSON.stringify(`#/components/schemas/${name}`)}`),
    ) as Json;
  components[name] = rewrite(rest);
  for (const [def, body] of Object.entries(($defs ?? {}) as Record<string, Json>)) components[`${name}_${def}`] = rewrite(body);
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (name: string) => ({ "application/json": { schema: ref(name) } });
const errors = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((status) => [String(status), { $ref: `#/components/responses/Error${status}` }]));

const ERROR_TEXT: Record<number, string> = {
  400: "Malformed JSON, an invalid case or bad parameters (the issue list says which).",
  401: "A bearer token is required (--tokens) and none or a wrong one was given.",
  404: "No such route, or no served pack with that id.",
  405: "The route exists but not for this method (see Allow).",
  408: "The request body did not arrive in time.",
  413: "The body is larger than the limit (--max-body, or --max-batch-bytes for a batch).",
  503: "The server is at its bound of concurrent work, or stopping: retry after Retry-After seconds.",
};

/** The OpenAPI 3.1 document. */
export function openApiDocument(version: string): Json {
  const components: Json = {};
  hoist(components, "Case", jsonSchema(CaseSchema, "input"));
  hoist(components, "Decision", jsonSchema(DecisionSchema, "output"));
  hoist(components, "BatchRecord", jsonSchema(BatchRecordSchema, "output"));
  hoist(components, "Pack", packJsonSchema());
  hoist(components, "Overlay", overlayJsonSchema());
  const own: [string, z.ZodType][] = [
    ["ErrorBody", ErrorBodySchema],
    ["PackSummary", PackSummarySchema],
    ["PackDetail", PackDetailSchema],
    ["Parameters", ParametersBodySchema],
    ["ValidateResult", ValidateBodySchema],
    ["LintResult", LintBodySchema],
    ["BatchSummaryLine", BatchSummaryLineSchema],
    ["Health", HealthBodySchema],
    ["ExplainedDecision", ExplainedDecisionSchema(z.any())],
  ];
  for (const [name, schema] of own) hoist(components, name, jsonSchema(schema, "output"));
  (components.ExplainedDecision as { properties: Json }).properties.decision = ref("Decision");

  const packQuery = (required: boolean) => ({
    name: "pack",
    in: "query",
    required,
    description: required
      ? "The id of a served pack."
      : "The id of a served pack; without it, the pack in force for the case's region and date.",
    schema: { type: "string" },
  });
  const langQuery = {
    name: "lang",
    in: "query",
    required: false,
    description: "Language of issue messages (zh or en); else Accept-Language.",
    schema: { enum: ["zh", "en"] },
  };
  const packPath = { name: "id", in: "path", required: true, description: "A served pack's id.", schema: { type: "string" } };
  const packBody = { required: true, content: { "application/json": { schema: { oneOf: [ref("Pack"), ref("Overlay")] } } } };

  return {
    openapi: "3.1.0",
    info: {
      title: "family-doctor-rules decision service (fdr serve)",
      version,
      description:
        "Decisions on Chinese family-doctor contract-service cases (家庭医生签约服务) under cited rule packs. Every error body is the library's issue list. Decisions never depend on the language; issue messages and explanations follow ?lang= or Accept-Language.",
      license: { name: "MIT", identifier: "MIT" },
    },
    servers: [{ url: "http://127.0.0.1:8080" }],
    security: [{}, { bearer: [] }],
    paths: {
      "/v1/evaluate": {
        post: {
          operationId: "evaluate",
          summary: "One case → its decision.",
          parameters: [
            packQuery(false),
            {
              name: "trace",
              in: "query",
              required: false,
              description: "full (default): every rule with its quoted source; compact: rule and clause ids, as fdr batch writes.",
              schema: { enum: ["full", "compact"] },
            },
            {
              name: "explain",
              in: "query",
              required: false,
              description: "Adds the decision as text in zh, en or both; the decision itself never changes.",
              schema: { enum: ["zh", "en", "both"] },
            },
            langQuery,
          ],
          requestBody: { required: true, content: json("Case") },
          responses: {
            "200": {
              description: "The decision (with explain: the decision and its text). X-Pack-Hash names the pack version it was made under.",
              headers: { "X-Request-Id": { schema: { type: "string" } }, "X-Pack-Hash": { schema: { type: "string" } } },
              content: { "application/json": { schema: { oneOf: [ref("Decision"), ref("BatchRecord"), ref("ExplainedDecision")] } } },
            },
            ...errors(400, 401, 404, 405, 408, 413, 503),
          },
        },
      },
      "/v1/evaluate-batch": {
        post: {
          operationId: "evaluateBatch",
          summary: "NDJSON cases in, one NDJSON record per line out, in order, then a summary line.",
          parameters: [
            packQuery(true),
            {
              name: "trace",
              in: "query",
              required: false,
              description: "compact (default) or full, as fdr batch.",
              schema: { enum: ["compact", "full"] },
            },
          ],
          requestBody: {
            required: true,
            content: { "application/x-ndjson": { schema: { type: "string", description: "One case (JSON) per line." } } },
          },
          responses: {
            "200": {
              description:
                'One line per input line, in order: a record (BatchRecord, or Decision with trace=full), or {"line": n, "errors": [...]} for a line that could not be evaluated; then one BatchSummaryLine. A response without its summary line was cut.',
              content: { "application/x-ndjson": { schema: { type: "string" } } },
            },
            ...errors(400, 401, 404, 405, 413, 503),
          },
        },
      },
      "/v1/packs": {
        get: {
          operationId: "listPacks",
          summary: "The served packs.",
          responses: {
            "200": { description: "The packs.", content: { "application/json": { schema: { type: "array", items: ref("PackSummary") } } } },
            ...errors(401, 405),
          },
        },
      },
      "/v1/packs/{id}": {
        get: {
          operationId: "getPack",
          summary: "A pack's metadata, version, hash, period and documents.",
          parameters: [packPath],
          responses: { "200": { description: "The pack.", content: json("PackDetail") }, ...errors(401, 404, 405) },
        },
      },
      "/v1/packs/{id}/parameters": {
        get: {
          operationId: "getParameters",
          summary: "Each parameter's value on a date, with its citation.",
          parameters: [
            packPath,
            { name: "asOf", in: "query", required: false, description: "YYYY-MM-DD; today (UTC) when absent.", schema: { type: "string" } },
          ],
          responses: { "200": { description: "The parameters.", content: json("Parameters") }, ...errors(400, 401, 404, 405) },
        },
      },
      "/v1/validate": {
        post: {
          operationId: "validatePack",
          summary: "Checks a pack or overlay (nothing is loaded or served).",
          parameters: [langQuery],
          requestBody: packBody,
          responses: {
            "200": { description: "Valid or not, with every issue.", content: json("ValidateResult") },
            ...errors(400, 401, 405, 408, 413, 503),
          },
        },
      },
      "/v1/lint": {
        post: {
          operationId: "lintPack",
          summary: "Static checks of a pack or overlay.",
          parameters: [langQuery],
          requestBody: packBody,
          responses: { "200": { description: "The findings.", content: json("LintResult") }, ...errors(400, 401, 405, 408, 413, 503) },
        },
      },
      "/openapi.json": {
        get: {
          operationId: "openapi",
          summary: "This document.",
          responses: { "200": { description: "OpenAPI 3.1.", content: { "application/json": { schema: { type: "object" } } } } },
        },
      },
      "/healthz": {
        get: {
          operationId: "healthz",
          summary: "Alive.",
          security: [{}],
          responses: { "200": { description: "Alive.", content: json("Health") } },
        },
      },
      "/readyz": {
        get: {
          operationId: "readyz",
          summary: "Ready: packs loaded and not stopping.",
          security: [{}],
          responses: {
            "200": { description: "Ready.", content: json("Health") },
            "503": { description: "Not ready.", content: json("Health") },
          },
        },
      },
      "/metrics": {
        get: {
          operationId: "metrics",
          summary: "Prometheus metrics.",
          responses: {
            "200": { description: "Prometheus text format 0.0.4.", content: { "text/plain": { schema: { type: "string" } } } },
            ...errors(401),
          },
        },
      },
    },
    components: {
      schemas: components,
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", description: "A token from the --tokens file, when the server has one." },
      },
      responses: Object.fromEntries(
        Object.entries(ERROR_TEXT).map(([status, description]) => [`Error${status}`, { description, content: json("ErrorBody") }]),
      ),
    },
  };
}
