/**
 * Condition trees: the json-rules-engine condition language, the subset a rule
 * pack may use, and its validation.
 *
 * A tree's root is `{ "all": [...] }`, `{ "any": [...] }` or `{ "not": … }`;
 * a leaf is `{ "fact": name, "operator": op, "value": v }` where `v` is a JSON
 * literal or `{ "fact": name }`. Nothing else is accepted — no `path`,
 * `params`, `priority`, named condition references or operator decorators — so
 * every tree means the same thing to json-rules-engine and to the compiled
 * evaluator.
 *
 * The engine knows no policy: which facts exist and what type they have is
 * passed in by the caller.
 *
 * @module
 */
import { showValue, toPointer, type Issue } from "../core/errors.js";

/** The operators a condition may use: json-rules-engine's own plus `startsWith` and `containsAny`. */
export const OPERATORS = Object.freeze([
  "equal",
  "notEqual",
  "in",
  "notIn",
  "contains",
  "doesNotContain",
  "lessThan",
  "lessThanInclusive",
  "greaterThan",
  "greaterThanInclusive",
  "startsWith",
  "containsAny",
] as const);
/** An operator name. */
export type OperatorName = (typeof OPERATORS)[number];

/** A literal a condition compares with. */
export type ConditionLiteral = string | number | boolean | null | readonly (string | number)[];
/** A reference to another fact (json-rules-engine's `{ "fact": … }` value). */
export interface FactReference {
  readonly fact: string;
}
/** A leaf: fact, operator, value. */
export interface LeafCondition {
  readonly fact: string;
  readonly operator: OperatorName;
  readonly value: ConditionLiteral | FactReference;
}
/** All children hold (true when there are none). */
export interface AllCondition {
  readonly all: readonly Condition[];
}
/** At least one child holds (a pack must give at least one child). */
export interface AnyCondition {
  readonly any: readonly Condition[];
}
/** The child does not hold. */
export interface NotCondition {
  readonly not: Condition;
}
/** A boolean node: the only form a tree's root may take. */
export type BooleanCondition = AllCondition | AnyCondition | NotCondition;
/** A node of a condition tree. */
export type Condition = BooleanCondition | LeafCondition;

/** The kind of value a fact holds, as the engine needs to know it. */
export interface FactShape {
  readonly type: "string" | "number" | "boolean" | "string[]";
  readonly nullable: boolean;
  /** The closed set of values, where there is one. */
  readonly values?: readonly string[];
}

/** How the caller describes the facts conditions may name. */
export interface ConditionContext {
  /** The shape of a fact, or `undefined` when no fact has that name. */
  readonly describeFact: (name: string) => FactShape | undefined;
  /** The deepest nesting allowed (the root is depth 1). */
  readonly maxDepth: number;
}

/** The deepest condition tree a pack may hold. */
export const MAX_CONDITION_DEPTH = 12;
/** The longest literal list a condition may hold. */
export const MAX_LITERAL_LIST = 1000;

const NUMERIC = new Set<OperatorName>(["lessThan", "lessThanInclusive", "greaterThan", "greaterThanInclusive"]);
const LIST_VALUE = new Set<OperatorName>(["in", "notIn", "containsAny"]);
const LIST_FACT = new Set<OperatorName>(["contains", "doesNotContain", "containsAny"]);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

const has = (value: object, key: string) => Object.prototype.hasOwnProperty.call(value, key);

/** True when a node is a leaf. */
export function isLeaf(condition: Condition): condition is LeafCondition {
  return has(condition, "fact");
}

/** True when a leaf's value is a fact reference. */
export function isFactReference(value: LeafCondition["value"]): value is FactReference {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

class Checker {
  readonly issues: Issue[] = [];
  constructor(private readonly context: ConditionContext) {}

  private add(
    path: readonly PropertyKey[],
    message: string,
    expected: string,
    found?: unknown,
    code: Issue["code"] = "invalid_pack",
  ): void {
    const issue: Issue = { code, path: toPointer(path), message, expected };
    this.issues.push(found === undefined ? issue : { ...issue, found: showValue(found) });
  }

  root(value: unknown, path: readonly PropertyKey[]): void {
    if (!isPlainObject(value) || !(has(value, "all") || has(value, "any") || has(value, "not"))) {
      this.add(path, "a rule's condition must start with all, any or not", '{ "all": [...] }, { "any": [...] } or { "not": {...} }', value);
      return;
    }
    this.node(value, path, 1);
  }

  private node(value: unknown, path: readonly PropertyKey[], depth: number): void {
    if (depth > this.context.maxDepth) {
      this.add(path, `condition is nested deeper than ${this.context.maxDepth} levels`, `at most ${this.context.maxDepth} levels`);
      return;
    }
    if (!isPlainObject(value)) {
      this.add(path, "a condition must be an object", "a condition object", value);
      return;
    }
    const keys = Object.keys(value);
    for (const key of ["all", "any"] as const) {
      if (has(value, key)) {
        this.onlyKeys(value, [key], path);
        const children = value[key];
        if (!Array.isArray(children)) {
          this.add([...path, key], `"${key}" must be a list of conditions`, "a list of conditions", children);
          return;
        }
        if (key === "any" && children.length === 0) {
          this.add([...path, key], '"any" needs at least one condition', "at least one condition", children);
        }
        children.forEach((child, index) => this.node(child, [...path, key, index], depth + 1));
        return;
      }
    }
    if (has(value, "not")) {
      this.onlyKeys(value, ["not"], path);
      this.node(value.not, [...path, "not"], depth + 1);
      return;
    }
    if (keys.length === 0 || !has(value, "fact")) {
      this.add(path, "a condition must be all, any, not, or a fact comparison", '{ "fact", "operator", "value" }', value);
      return;
    }
    this.leaf(value, path);
  }

  private onlyKeys(value: Record<string, unknown>, allowed: readonly string[], path: readonly PropertyKey[]): void {
    for (const key of Object.keys(value)) {
      if (!allowed.includes(key)) {
        this.add(
          [...path, key],
          `unknown key ${JSON.stringify(key)} in a condition`,
          `only ${allowed.map((k) => JSON.stringify(k)).join(", ")}`,
          undefined,
          "unrecognized_keys",
        );
      }
    }
  }

  private factShape(name: unknown, path: readonly PropertyKey[]): FactShape | undefined {
    if (typeof name !== "string") {
      this.add(path, "a fact name must be a string", "a fact name", name);
      return undefined;
    }
    const shape = this.context.describeFact(name);
    if (!shape)
      this.add(path, `unknown fact ${JSON.stringify(name)}`, "a fact of the catalog or param:<defined parameter>", name, "unknown_fact");
    return shape;
  }

  private leaf(value: Record<string, unknown>, path: readonly PropertyKey[]): void {
    this.onlyKeys(value, ["fact", "operator", "value"], path);
    const left = this.factShape(value.fact, [...path, "fact"]);
    const operator = value.operator;
    if (typeof operator !== "string" || !(OPERATORS as readonly string[]).includes(operator)) {
      this.add([...path, "operator"], `unknown operator ${showValue(operator)}`, `one of ${OPERATORS.join(", ")}`, operator);
      return;
    }
    if (!has(value, "value")) {
      this.add(path, 'a fact comparison needs a "value"', '"value": a literal or { "fact": … }');
      return;
    }
    const right = this.value(value.value, [...path, "value"]);
    if (left === undefined || right === undefined) return;
    this.compatible(operator as OperatorName, left, right, path);
  }

  private value(value: unknown, path: readonly PropertyKey[]): FactShape | "literal" | undefined {
    if (isPlainObject(value)) {
      this.onlyKeys(value, ["fact"], path);
      return this.factShape(value.fact, [...path, "fact"]);
    }
    if (Array.isArray(value)) {
      if (value.length > MAX_LITERAL_LIST) {
        this.add(path, `a literal list may hold at most ${MAX_LITERAL_LIST} values`, `at most ${MAX_LITERAL_LIST} values`);
        return undefined;
      }
      const bad = value.findIndex((item) => typeof item !== "string" && !(typeof item === "number" && Number.isFinite(item)));
      if (bad >= 0) {
        this.add([...path, bad], "a literal list may hold only strings and finite numbers", "a string or a finite number", value[bad]);
        return undefined;
      }
      return "literal";
    }
    if (
      value === null ||
      typeof value === "string" ||
      typeof value === "boolean" ||
      (typeof value === "number" && Number.isFinite(value))
    ) {
      return "literal";
    }
    this.add(
      path,
      'a condition value must be a JSON literal or { "fact": … }',
      "a string, finite number, boolean, null, list, or fact reference",
      value,
    );
    return undefined;
  }

  private compatible(operator: OperatorName, left: FactShape, right: FactShape | "literal", path: readonly PropertyKey[]): void {
    if (LIST_FACT.has(operator) && left.type !== "string[]") {
      this.add([...path, "fact"], `operator ${operator} needs a fact holding a list`, "a fact holding a list");
    }
    if (NUMERIC.has(operator) && left.type !== "number") {
      this.add([...path, "fact"], `operator ${operator} compares numbers`, "a fact holding a number");
    }
    if (right === "literal") return; // literals are checked by checkLiterals
    if (LIST_VALUE.has(operator) && right.type !== "string[]") {
      this.add([...path, "value"], `operator ${operator} needs a list to compare with`, "a list, or a fact holding a list");
    }
    if (NUMERIC.has(operator) && right.type !== "number") {
      this.add([...path, "value"], `operator ${operator} compares numbers`, "a number, or a fact holding a number");
    }
    if (operator === "startsWith" && right.type !== "string") {
      this.add([...path, "value"], "operator startsWith needs a string prefix", "a fact holding a string");
    }
  }
}

function checkLiterals(condition: unknown, path: readonly PropertyKey[], issues: Issue[]): void {
  if (!isPlainObject(condition)) return;
  for (const key of ["all", "any"]) {
    const children = condition[key];
    if (Array.isArray(children)) children.forEach((child, index) => checkLiterals(child, [...path, key, index], issues));
  }
  if (has(condition, "not")) checkLiterals(condition.not, [...path, "not"], issues);
  if (!has(condition, "fact") || !has(condition, "operator")) return;
  const operator = condition.operator as OperatorName;
  const value = condition.value;
  if (isPlainObject(value)) return;
  const at = toPointer([...path, "value"]);
  if (LIST_VALUE.has(operator) && !Array.isArray(value)) {
    issues.push({
      code: "invalid_pack",
      path: at,
      message: `operator ${operator} needs a list to compare with`,
      expected: "a list of values",
      found: showValue(value),
    });
  }
  if (NUMERIC.has(operator) && typeof value !== "number") {
    issues.push({
      code: "invalid_pack",
      path: at,
      message: `operator ${operator} compares numbers`,
      expected: "a number",
      found: showValue(value),
    });
  }
  if (operator === "startsWith" && typeof value !== "string") {
    issues.push({
      code: "invalid_pack",
      path: at,
      message: "operator startsWith needs a string prefix",
      expected: "a string",
      found: showValue(value),
    });
  }
}

/**
 * Checks a condition tree: its form, its depth, its facts and its operators.
 * Returns the issues found (none when the tree is valid).
 *
 * @param value - the tree, as parsed from JSON
 * @param path - where the tree sits in its document
 * @example
 * checkCondition({ all: [{ fact: "ageYears", operator: "greaterThanInclusive", value: 65 }] }, ["rules", 0, "when"], {
 *   describeFact: (name) => (name === "ageYears" ? { type: "number", nullable: false } : undefined),
 *   maxDepth: 12,
 * }); //=> []
 */
export function checkCondition(value: unknown, path: readonly PropertyKey[], context: ConditionContext): Issue[] {
  const checker = new Checker(context);
  checker.root(value, path);
  if (checker.issues.length === 0) checkLiterals(value, path, checker.issues);
  return checker.issues;
}

/** Calls `visit` on every leaf of a tree, in document order. */
export function forEachLeaf(condition: Condition, visit: (leaf: LeafCondition) => void): void {
  if (isLeaf(condition)) visit(condition);
  else if (has(condition, "all")) (condition as AllCondition).all.forEach((child) => forEachLeaf(child, visit));
  else if (has(condition, "any")) (condition as AnyCondition).any.forEach((child) => forEachLeaf(child, visit));
  else forEachLeaf((condition as NotCondition).not, visit);
}

/** The names of every fact a tree reads, on either side of a comparison. */
export function factsRead(condition: Condition): string[] {
  const names = new Set<string>();
  forEachLeaf(condition, (leaf) => {
    names.add(leaf.fact);
    if (isFactReference(leaf.value)) names.add(leaf.value.fact);
  });
  return [...names];
}
