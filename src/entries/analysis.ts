/**
 * `family-doctor-rules/analysis`: tools for pack authors and analysts — lint
 * findings, what an edit of a pack changes on a set of cases, coverage against
 * the pack's targets and budgets. Runs anywhere JavaScript runs.
 *
 * @example
 * import { lintPack, diffPacks } from "family-doctor-rules/analysis";
 *
 * @module family-doctor-rules/analysis
 */
export { lintPack, type LintFinding, type LintCode, type Severity } from "../pack/lint.js";
export {
  diffPacks,
  diffValues,
  type PackDiff,
  type DecisionChange,
  type FieldChange,
  type NumberedCase,
  type UnreadableLine,
} from "../analysis/diff.js";
export { jsonDifferences, type JsonDifference, type JsonDiffOptions } from "../analysis/json-diff.js";
export { budget, checkCoverage, impliedResidents, type Budget, type CoverageCounts, type TargetCheck } from "../analysis/coverage.js";
export { rateOf } from "../core/money.js";
