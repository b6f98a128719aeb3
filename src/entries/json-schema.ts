/**
 * `family-doctor-rules/json-schema`: the JSON Schemas (draft 2020-12) of a
 * rule pack, an overlay, a case, a decision and a batch record, generated from
 * the zod schemas — the contract for systems in other languages. The same
 * schemas ship as files under `family-doctor-rules/rules/schema/`.
 *
 * @example
 * import { caseJsonSchema } from "family-doctor-rules/json-schema";
 *
 * @module family-doctor-rules/json-schema
 */
export {
  packJsonSchema,
  overlayJsonSchema,
  caseJsonSchema,
  decisionJsonSchema,
  batchRecordJsonSchema,
  packFormatMarkdown,
} from "../pack/json-schema.js";
