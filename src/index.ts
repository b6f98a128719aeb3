/**
 * family-doctor-rules: Chinese family-doctor contract-service policy
 * (家庭医生签约服务) as cited JSON rule packs, evaluated through a typed API.
 *
 * The main entry holds what an application needs — load a pack, evaluate a
 * case, explain the decision, the schemas and types, the errors — and runs
 * anywhere JavaScript runs: Node, browsers (also under a Content-Security-Policy
 * without `'unsafe-eval'`), workers and edge runtimes. It imports no Node
 * built-in. Other tools live under subpaths:
 *
 * - `family-doctor-rules/engine`: the condition language, its compilers and
 *   the json-rules-engine reference, the fact catalog, pack hashing;
 * - `family-doctor-rules/json-schema`: JSON Schemas of packs, cases, decisions
 *   and batch records;
 * - `family-doctor-rules/analysis`: lint, pack diffs, coverage and budgets;
 * - `family-doctor-rules/batch` (Node): population runs, batch records, line
 *   encoding, CSV rows;
 * - `family-doctor-rules/node` (Node): case files and folders on disk.
 *
 * @example
 * import { loadPack, evaluate } from "family-doctor-rules";
 * const decision = evaluate(loadPack("yueyang-2023"), {
 *   asOf: "2023-06-01",
 *   resident: { id: "R1", birthDate: "1950-03-02", regionCode: "430602" },
 * });
 *
 * @module family-doctor-rules
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
} from "./policy/api.js";
export { compilePack, type CompiledPack, type EvaluateOptions, type PreparedCase } from "./policy/evaluator.js";
export type { CompileOptions } from "./engine/compile.js";
export { loadPack, validatePack, bundledPackIds, type Pack } from "./pack/load.js";
export { findPack } from "./pack/find.js";
export { PackSchema, type PackData, type Parameter, type PackRule, type Package } from "./pack/schema.js";
export { OverlaySchema, type OverlayData } from "./pack/overlay.js";
export { parseCase, type ParsedCase } from "./model/parse.js";
export {
  CaseSchema,
  ResidentSchema,
  ContractSchema,
  type Case,
  type CaseInput,
  type CaseArgument,
  type DeepReadonly,
  type Resident,
  type Contract,
} from "./model/case.js";
export {
  DecisionSchema,
  FeeDecisionSchema,
  TraceEntrySchema,
  CiteSchema,
  LocalTextSchema,
  type Decision,
  type FeeDecision,
  type TraceEntry,
  type Cite,
  type LocalText,
} from "./model/decision.js";
export {
  CONDITION_CODES,
  TEAM_ROLES,
  RECEIVING_LEVELS,
  REFERRAL_ITEM_CATEGORIES,
  VISIT_SETTINGS,
  INPATIENT_REFERRALS,
  type ConditionCode,
  type TeamRole,
} from "./model/facts.js";
export { explain, type ExplainOptions } from "./analysis/explain.js";
export { issueMessage, langFromEnvironment, ISSUE_TEXT_ZH, WARNING_TEXT_EN, type Lang } from "./core/messages.js";
export {
  PolicyError,
  formatIssues,
  isPolicyError,
  DECISION_WARNING_CODES,
  MAX_JSON_DEPTH,
  type DecisionWarningCode,
  type Issue,
  type IssueCode,
  type NonEmptyArray,
} from "./core/errors.js";
export type { ParameterValue } from "./pack/params.js";
export type { Term } from "./core/dates.js";
export type { BenefitRule, Interpretive, TraceDetail, Tracer, TraceExtra } from "./policy/tracer.js";
export type { EligibilityResult } from "./policy/eligibility.js";
export type { PriorityGroupsResult } from "./policy/priority-groups.js";
export type { ContractResult } from "./policy/contract.js";
export type { FeeResult } from "./policy/fees.js";
export type { PrescriptionResult } from "./policy/prescription.js";
export type { ReferralResult } from "./policy/referral.js";
