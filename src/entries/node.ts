/**
 * `family-doctor-rules/node` (Node): what reads the file system — case files
 * (JSON or YAML) with their expected decisions, found in a folder and run.
 *
 * @example
 * import { findCaseFiles, runCaseFile } from "family-doctor-rules/node";
 * for (const file of findCaseFiles("test/cases")) console.log(runCaseFile(file).mismatches);
 *
 * @module family-doctor-rules/node
 */
export {
  compareExpected,
  findCaseFiles,
  runCaseFile,
  MAX_YAML_ALIASES,
  type JsonTextParser,
  type RunCaseFileOptions,
  type CaseFile,
  type CaseResult,
  type Mismatch,
} from "../analysis/casefile.js";
