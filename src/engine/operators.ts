/**
 * What each operator means, exactly as json-rules-engine 7.3 evaluates it,
 * plus the two operators the library adds (`startsWith`, `containsAny`).
 *
 * The compiled evaluator and the reference evaluator share these definitions,
 * so a tree cannot mean one thing to one and another thing to the other.
 *
 * @module
 */
import type { Operator } from "json-rules-engine";

/**
 * json-rules-engine's number check for the fact side of a numeric operator:
 * `Number.parseFloat(value).toString() !== "NaN"`.
 */
export function isNumberLike(value: unknown): boolean {
  return !Number.isNaN(Number.parseFloat(value as string));
}

function indexOf(list: unknown, item: unknown): number {
  return (list as { indexOf(item: unknown): number }).indexOf(item);
}

/** The helpers generated code calls; each mirrors one json-rules-engine operator. */
export const operatorHelpers = {
  num: isNumberLike,
  inList: (a: unknown, b: unknown): boolean => indexOf(b, a) > -1,
  notInList: (a: unknown, b: unknown): boolean => indexOf(b, a) === -1,
  contains: (a: unknown, b: unknown): boolean => Array.isArray(a) && a.indexOf(b) > -1,
  doesNotContain: (a: unknown, b: unknown): boolean => Array.isArray(a) && a.indexOf(b) === -1,
  startsWith: (a: unknown, b: unknown): boolean => typeof a === "string" && typeof b === "string" && a.startsWith(b),
  containsAny: (a: unknown, b: unknown): boolean => {
    if (!Array.isArray(a) || !Array.isArray(b)) return false;
    for (const item of a) if (b.indexOf(item) > -1) return true;
    return false;
  },
} as const;

/**
 * The library's own operators, as json-rules-engine `Operator`s, built with
 * its `Operator` class (json-rules-engine is loaded only when the reference
 * evaluator first runs, so that importing the library stays fast).
 */
export function customOperators(OperatorClass: typeof Operator): Operator[] {
  return [
    new OperatorClass(
      "startsWith",
      (a: unknown, b: unknown) => operatorHelpers.startsWith(a, b),
      (a: unknown) => typeof a === "string",
    ),
    new OperatorClass("containsAny", (a: unknown, b: unknown) => operatorHelpers.containsAny(a, b), Array.isArray),
  ];
}
