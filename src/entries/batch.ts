/**
 * `family-doctor-rules/batch` (Node): evaluating populations — many cases at
 * once, compact batch records and their JSON, the summary, line encoding for
 * worker threads, and CSV rows. Uses Node's `Buffer` and `csv-parse`.
 *
 * @example
 * import { evaluateMany } from "family-doctor-rules/batch";
 *
 * @module family-doctor-rules/batch
 */
export {
  BatchRecordSchema,
  CompactTraceEntrySchema,
  CompactReasonSchema,
  type BatchRecord,
  type CompactTraceEntry,
  type CompactReason,
} from "../model/decision.js";
export { SharingTracer, sharingTracer, isShared } from "../batch/shared.js";
export { SpareBuffers } from "../core/bytes.js";
export { decisionKey } from "../batch/key.js";
export {
  toBatchRecord,
  batchRecordJson,
  compactEntry,
  compactReason,
  RecordWriter,
  LineEncoder,
  type CountedDecision,
} from "../batch/record.js";
export {
  evaluateMany,
  readLines,
  readLineChunks,
  packLines,
  unpackLines,
  processLine,
  encodeLine,
  encodeLines,
  csvRowToCase,
  csvHeader,
  csvColumns,
  CSV_HEADER_ALIASES,
  packRecordLines,
  type LineEncoding,
  type ReadLinesOptions,
  rateOf,
  Summary,
  MAX_LINE_BYTES,
  type BatchResult,
  type RawLine,
  type PackedLines,
  type RecordOptions,
  type SummaryData,
} from "../batch/batch.js";
