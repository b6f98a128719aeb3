/**
 * `family-doctor-rules/engine`: the condition language and how it runs — the
 * code generator, the closure compiler used where code generation is refused,
 * the json-rules-engine reference — with the fact catalog, the pack's parts
 * as zod schemas, and pack hashing. Runs anywhere JavaScript runs.
 *
 * @example
 * import { compileConditions, FACT_CATALOG } from "family-doctor-rules/engine";
 *
 * @module family-doctor-rules/engine
 */
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
} from "../engine/condition.js";
export { OPERATORS, checkCondition, MAX_CONDITION_DEPTH, type ConditionContext, type FactShape } from "../engine/condition.js";
export {
  compileConditions,
  codegenAllowed,
  type CompiledCondition,
  type CompiledConditions,
  type CompileContext,
  type CompileOptions,
} from "../engine/compile.js";
export { createReferenceRunner, type ReferenceRunner } from "../engine/reference.js";
export { FACT_CATALOG, type Facts, type FactName, type FactValue, type FactSpec, type FactType } from "../model/facts.js";
export { readValidCase } from "../model/fast-case.js";
export { ParameterSchema, RuleSchema, PackageSchema } from "../pack/schema.js";
export type { RuleEntry, RuleGroup } from "../pack/rules.js";
export { POLICY_AREAS, type AreaRuleGroup, type AreaRuleList, type PolicyArea, type AreaId } from "../model/areas.js";
export type { PolicyContext, ParamsAtDate, RuleOutcomes } from "../policy/context.js";
export { canonicalJson, hashOf } from "../pack/hash.js";
