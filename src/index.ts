/**
 * family-doctor-rules: Chinese family-doctor contract-service policy
 * (家庭医生签约服务) as cited JSON rule packs, evaluated through a typed API.
 *
 * @example
 * import { loadPack, evaluate } from "family-doctor-rules";
 * const decision = evaluate(loadPack("yueyang-2023"), caseJson);
 *
 * @packageDocumentation
 */
export {
  evaluate,
  evaluateReference,
  checkEligibility,
  findPriorityGroups,
  contractTerm,
  computeFee,
  prescriptionLimit,
  referralDiscount,
} from "./api.js";
export { compilePack, type CompiledPack, type EvaluateOptions, type PreparedCase } from "./policy/evaluator.js";
export { loadPack, validatePack, bundledPackIds, type Pack } from "./pack/load.js";
export { findPack } from "./pack/find.js";
export { lintPack, type LintFinding, type LintCode, type Severity } from "./pack/lint.js";
export { OverlaySchema, type OverlayData } from "./pack/overlay.js";
export {
  PackSchema,
  ParameterSchema,
  RuleSchema,
  PackageSchema,
  type PackData,
  type Parameter,
  type PackRule,
  type Package,
} from "./pack/schema.js";
export type { RuleEntry, RuleGroup } from "./pack/rules.js";
export type { PolicyContext, ParamsAtDate, RuleOutcomes, TraceDetail } from "./policy/context.js";
export type {
  Condition,
  BooleanCondition,
  LeafCondition,
  AllCondition,
  AnyCondition,
  NotCondition,
  FactReference,
  ConditionLiteral,
  OperatorName,
} from "./engine/condition.js";
export { OPERATORS, checkCondition, MAX_CONDITION_DEPTH, type ConditionContext, type FactShape } from "./engine/condition.js";
export { compileConditions, type CompiledCondition, type CompiledConditions, type CompileContext } from "./engine/compile.js";
export { createReferenceRunner, type ReferenceRunner } from "./engine/reference.js";
export type { ParameterValue } from "./pack/params.js";
export { canonicalJson, hashOf } from "./pack/hash.js";
export { packJsonSchema, overlayJsonSchema, packFormatMarkdown } from "./pack/json-schema.js";
export { parseCase, type ParsedCase } from "./model/parse.js";
export { readValidCase } from "./model/fast-case.js";
export { CaseSchema, ResidentSchema, ContractSchema, type Case, type Resident, type Contract } from "./model/case.js";
export {
  DecisionSchema,
  FeeDecisionSchema,
  LocalTextSchema,
  TraceEntrySchema,
  CompactTraceEntrySchema,
  CompactReasonSchema,
  BatchRecordSchema,
  CiteSchema,
  type BatchRecord,
  type CompactTraceEntry,
  type CompactReason,
  type Decision,
  type FeeDecision,
  type TraceEntry,
  type Cite,
  type LocalText,
} from "./model/decision.js";
export {
  FACT_CATALOG,
  CONDITION_CODES,
  TEAM_ROLES,
  RECEIVING_LEVELS,
  REFERRAL_ITEM_CATEGORIES,
  VISIT_SETTINGS,
  INPATIENT_REFERRALS,
  type Facts,
  type FactName,
  type ConditionCode,
  type TeamRole,
} from "./model/facts.js";
export { explain, type ExplainOptions } from "./explain.js";
export type { Term } from "./dates.js";
export { toBatchRecord, batchRecordJson, compactEntry, compactReason, RecordWriter, LineEncoder, type CountedDecision } from "./record.js";
export {
  evaluateMany,
  readLines,
  readLineChunks,
  packLines,
  packRecordLines,
  unpackLines,
  processLine,
  encodeLine,
  csvRowToCase,
  csvHeader,
  csvColumns,
  CSV_HEADER_ALIASES,
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
} from "./batch.js";
export { budget, checkCoverage, impliedResidents, type Budget, type CoverageCounts, type TargetCheck } from "./coverage.js";
export { diffPacks, diffValues, type PackDiff, type DecisionChange, type FieldChange, type NumberedCase } from "./diff.js";
export { compareExpected, findCaseFiles, runCaseFile, MAX_YAML_ALIASES, type JsonTextParser, type CaseFile, type CaseResult, type Mismatch, type RunCaseFileOptions } from "./casefile.js";
export { issueMessage, langFromEnvironment, ISSUE_TEXT_ZH, WARNING_TEXT_EN, type Lang } from "./messages.js";
export { PolicyError, formatIssues, isPolicyError, DECISION_WARNING_CODES, MAX_JSON_DEPTH, tooDeep, type DecisionWarningCode, type Issue, type IssueCode, type NonEmptyArray } from "./errors.js";
export type { EligibilityResult } from "./policy/eligibility.js";
export type { PriorityGroupsResult } from "./policy/priority-groups.js";
export type { ContractResult } from "./policy/contract.js";
export type { FeeResult, PackageFee } from "./policy/fees.js";
export type { PrescriptionResult } from "./policy/prescription.js";
export type { ReferralResult } from "./policy/referral.js";
