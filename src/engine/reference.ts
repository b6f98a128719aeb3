/**
 * The reference evaluator: the same condition trees run by json-rules-engine
 * itself. It is slow (an interpreter with a promise per run) and exists to
 * prove that the compiled evaluator means the same thing.
 *
 * @module
 */
import type { Engine, TopLevelCondition } from "json-rules-engine";
import type { Condition } from "./condition.js";
import { customOperators } from "./operators.js";

/** Runs a fixed list of conditions through json-rules-engine. */
export interface ReferenceRunner {
  /** Whether each condition holds for the facts (in the order the conditions were given). */
  run(facts: Readonly<Record<string, unknown>>): Promise<boolean[]>;
}

/**
 * A json-rules-engine `Engine` holding one rule per condition. json-rules-engine
 * is loaded here, on the first run, not when the library is imported.
 */
async function buildEngine(conditions: readonly TopLevelCondition[]): Promise<Engine> {
  const { Engine, Operator, Rule } = await import("json-rules-engine");
  const engine = new Engine([], { allowUndefinedFacts: false });
  for (const operator of customOperators(Operator)) engine.addOperator(operator);
  conditions.forEach((condition, index) => {
    engine.addRule(new Rule({ name: `rule${index}`, conditions: condition, event: { type: `rule${index}` } }));
  });
  return engine;
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
  // A deep copy now: json-rules-engine writes results into the condition objects it holds.
  const copies = conditions.map((condition) => structuredClone(condition) as TopLevelCondition);
  let engine: Promise<Engine> | undefined;
  return {
    async run(facts) {
      const outcomes = new Array<boolean>(conditions.length).fill(false);
      if (conditions.length === 0) return outcomes;
      engine ??= buildEngine(copies);
      const { results } = await (await engine).run({ ...facts });
      for (const result of results) outcomes[Number(result.name.slice(4))] = true;
      return outcomes;
    },
  };
}
