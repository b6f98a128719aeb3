/**
 * What every policy module works from: the case, the pack, the parameter
 * values in force on the decision date, the derived facts, and the outcome of
 * each rule.
 *
 * @module
 */
import { factsRead, type Condition } from "../engine/condition.js";
import type { CalendarDate, Term } from "../core/dates.js";
import { fail, type Issue } from "../core/errors.js";
import { memoizeWeak } from "../core/memo.js";
import type { Case } from "../model/case.js";
import { PARAM_FACT_PREFIX, type Facts } from "../model/facts.js";
import { yuan, decimal, type Decimal } from "../core/money.js";
import type { Pack } from "../pack/load.js";
import { parameterValueAt, type ParameterValue } from "../pack/params.js";
import type { RuleGroup } from "../pack/rules.js";
import type { ParamRef } from "../pack/schema.js";
import type { Tracer } from "./tracer.js";

export type { TraceDetail } from "./tracer.js";

/** Parameter values in force on one date, by parameter id. */
export interface ParamsAtDate {
  /** The value of a parameter (null where the pack leaves it to a local rule). */
  value(id: string): ParameterValue;
  /** The values in slot order, as compiled conditions read them. */
  readonly slots: readonly ParameterValue[];
}

/**
 * The parameter values of a pack in force on a date. The evaluator keeps one
 * per date; budgets and other analyses take theirs from here too.
 *
 * @example
 * paramsOn(loadPack("yueyang-2023"), "2023-06-01").value("basicPackage.price"); //=> "40.00"
 */
export function paramsOn(pack: Pack, asOf: CalendarDate): ParamsAtDate {
  const parameters = pack.data.parameters;
  const ids = Object.keys(parameters);
  const slots = ids.map((id) => parameterValueAt(id, parameters[id] as (typeof parameters)[string], asOf));
  const byId = new Map<string, ParameterValue>(ids.map((id, index) => [id, slots[index] as ParameterValue]));
  // Handed to callers (PreparedCase.context.params): frozen, so no caller changes a later decision.
  return Object.freeze({
    slots: Object.freeze(slots),
    value: (id: string) => {
      if (!byId.has(id)) throw new RangeError(`Unknown parameter ${id}`);
      return byId.get(id) as ParameterValue;
    },
  });
}

/** Whether each rule holds, by group and index. */
export interface RuleOutcomes {
  /** True when the rule at `index` of `group` holds. */
  holds(group: RuleGroup, index: number): boolean;
  /** Every rule's outcome, in the evaluation order of the compiled pack's `rules`. */
  readonly all: readonly boolean[];
}

/**
 * The parts of a case the policy areas read: everything but the resident,
 * whom they know only through the rule outcomes (and the decision its id),
 * and the decision date, which they know only through the parameters in force
 * on it (`params`), the contract's term and the rule outcomes. Record
 * templates (`src/batch`) rely on this: their key holds every part of this
 * type, and the parameter values in force.
 */
export type AreaCase = Omit<Case, "resident" | "asOf">;

/** The derived facts the policy areas read directly; every other fact reaches them through the rule outcomes. */
export type AreaFacts = Pick<Facts, "eligible" | "contractInForce">;

/** What a policy area reads: no resident, no fact but eligibility and the contract's standing, and a tracer. */
export interface AreaContext {
  readonly pack: Pack;
  readonly case: AreaCase;
  readonly params: ParamsAtDate;
  readonly facts: AreaFacts;
  /** The term of the case's contract, from its signing day and the pack's term; `undefined` without a contract. */
  readonly contractTerm: Term | undefined;
  readonly outcomes: RuleOutcomes;
  /** Builds the trace entries and benefits. */
  readonly tracer: Tracer;
}

/** Everything the evaluator works from: the area context, with the whole case and every fact. */
export interface PolicyContext extends AreaContext {
  readonly case: Case;
  readonly facts: Facts;
}

const paramsByCondition = memoizeWeak((tree: object): readonly string[] =>
  factsRead(tree as Condition)
    .filter((name) => name.startsWith(PARAM_FACT_PREFIX))
    .map((name) => name.slice(PARAM_FACT_PREFIX.length)),
);

/** The parameter ids a condition tree reads (computed once per tree). */
export function conditionParams(condition: unknown): readonly string[] {
  return paramsByCondition(condition as object);
}

function unset(id: string, what: string): never {
  const issue: Issue = {
    code: "parameter_not_in_force",
    path: `/parameters/${id}/values`,
    message: `parameter ${id} has no value on this date (the document leaves it open): set it in an overlay pack to decide ${what}`,
    expected: `a ${what}`,
    found: "null",
  };
  return fail(issue);
}

/** A money parameter's value as a Decimal; fails when the pack leaves it unset. */
export function moneyParam(params: ParamsAtDate, ref: ParamRef, what: string): Decimal {
  const value = params.value(ref.param);
  if (typeof value !== "string") unset(ref.param, what);
  return yuan(value as string);
}

/** A rate parameter's value as a Decimal; fails when the pack leaves it unset. */
export function rateParam(params: ParamsAtDate, ref: ParamRef, what: string): Decimal {
  const value = params.value(ref.param);
  if (typeof value !== "string") unset(ref.param, what);
  return decimal(value as string);
}

/** An integer parameter's value; fails when the pack leaves it unset. */
export function integerParam(params: ParamsAtDate, ref: ParamRef, what: string): number {
  const value = params.value(ref.param);
  if (typeof value !== "number") unset(ref.param, what);
  return value as number;
}

/** A codes parameter's value. */
export function codesParam(params: ParamsAtDate, ref: ParamRef): readonly string[] {
  const value = params.value(ref.param);
  return Array.isArray(value) ? value : [];
}
