/**
 * The reference evaluator: the same condition trees run by json-rules-engine
 * itself. It is slow (an interpreter with a promise per run) and exists to
 * prove that the compiled evaluator means the same thing.
 *
 * @module
 */
import { Engine, Rule, type TopLevelCondition } from "json-rules-engine";
import type { Condition } from "./condition.js";
import { customOperators } from "./operators.js";

/** Runs a fixed list of conditions through json-rules-engine. */
export interface ReferenceRunner {
  /** Whether each condition holds for the facts (in the order the conditions were given). */
  run(facts: Readonly<Record<string, unknown>>): Promise<boolean[]>;
}

/**
 * Builds a json-rules-engine `Engine` holding one rule per condition, with the
 * library's operators added. Undefined facts are errors, as json-rules-engine
 * has them by default.
 *
 * @example
 * const runner = createReferenceRunner([{ all: [{ fact: "ageYears", operator: "greaterThanInclusive", value: 65 }] }]);
 * await runner.run({ ageYears: 70 }); //=> [true]
 */
export function createReferenceRunner(conditions: readonly Condition[]): ReferenceRunner {
  const engine = new Engine([], { allowUndefinedFacts: false });
  for (const operator of customOperators()) engine.addOperator(operator);
  conditions.forEach((condition, index) => {
    engine.addRule(
      new Rule({
        name: `rule${index}`,
        // A deep copy: json-rules-engine writes results into the condition objects it holds.
        conditions: structuredClone(condition) as TopLevelCondition,
        event: { type: `rule${index}` },
      }),
    );
  });
  return {
    async run(facts) {
      const outcomes = new Array<boolean>(conditions.length).fill(false);
      if (conditions.length === 0) return outcomes;
      const { results } = await engine.run({ ...facts });
      for (const result of results) outcomes[Number(result.name.slice(4))] = true;
      return outcomes;
    },
  };
}
