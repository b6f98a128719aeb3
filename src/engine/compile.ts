/**
 * The compiled evaluator: condition trees turned into JavaScript source once,
 * then run synchronously on facts of one fixed shape.
 *
 * The source is built so that a pack cannot inject code: a fact name reaches it
 * only after it is found in the caller's whitelist and matches
 * `^[A-Za-z][A-Za-z0-9]*$`; a parameter only as an integer slot; an operator
 * only through a fixed `switch`; a literal only through `JSON.stringify` after
 * its type is checked. Anything else throws before any source is built.
 *
 * @module
 */
import { PolicyError, tooDeep } from "../core/errors.js";
import { codegenMayBeReported, generateFunction } from "../core/codegen.js";
import { isFactReference, isLeaf, type Condition, type LeafCondition } from "./condition.js";
import { operatorHelpers } from "./operators.js";

/** A compiled condition: reads facts and parameter values, returns whether it holds. */
export type CompiledCondition = (facts: object, params: readonly unknown[]) => boolean;

/** What the compiler needs to know about names. */
export interface CompileContext {
  /** Whether a derived fact exists, and whether it may be `null` or is a number. */
  readonly fact: (name: string) => { readonly type: string; readonly nullable: boolean } | undefined;
  /** The slot of a parameter named by a `param:<id>` fact, or `undefined` when none. */
  readonly paramSlot: (factName: string) => number | undefined;
}

const IDENTIFIER = /^[A-Za-z][A-Za-z0-9]*$/;
const has = (value: object, key: string) => Object.prototype.hasOwnProperty.call(value, key);
const MAX_UNROLLED_LIST = 8;

class SourceBuilder {
  constructor(private readonly context: CompileContext) {}

  expression(condition: Condition): string {
    if (isLeaf(condition)) return this.leaf(condition);
    if (has(condition, "all")) return this.join((condition as { all: readonly Condition[] }).all, " && ");
    if (has(condition, "any")) return this.join((condition as { any: readonly Condition[] }).any, " || ");
    if (has(condition, "not")) return `!(${this.expression((condition as { not: Condition }).not)})`;
    throw new TypeError("Cannot compile a condition that is not all, any, not or a fact comparison");
  }

  private join(children: readonly Condition[], separator: string): string {
    // json-rules-engine: an empty "all" or "any" holds.
    if (children.length === 0) return "true";
    return `(${children.map((child) => this.expression(child)).join(separator)})`;
  }

  private operand(name: string): { code: string; type: string; nullable: boolean } {
    const slot = this.context.paramSlot(name);
    if (slot !== undefined) {
      if (!Number.isSafeInteger(slot) || slot < 0) throw new TypeError(`Bad parameter slot for ${JSON.stringify(name)}`);
      return { code: `p[${slot}]`, type: "unknown", nullable: true };
    }
    const shape = this.context.fact(name);
    if (!shape || !IDENTIFIER.test(name)) throw new TypeError(`Unknown fact ${JSON.stringify(name)}`);
    return { code: `f.${name}`, type: shape.type, nullable: shape.nullable };
  }

  private literal(value: unknown): string {
    if (value === null || typeof value === "boolean" || typeof value === "string") return JSON.stringify(value);
    if (typeof value === "number" && Number.isFinite(value)) return JSON.stringify(value);
    if (Array.isArray(value) && value.every((item) => typeof item === "string" || (typeof item === "number" && Number.isFinite(item)))) {
      return JSON.stringify(value);
    }
    throw new TypeError(`Cannot compile the literal ${String(value)}`);
  }

  private leaf(leaf: LeafCondition): string {
    const a = this.operand(leaf.fact);
    const literalValue = isFactReference(leaf.value) ? undefined : leaf.value;
    const b = isFactReference(leaf.value) ? this.operand(leaf.value.fact).code : this.literal(leaf.value);
    const numeric = (op: string) =>
      a.type === "number" && !a.nullable ? `(${a.code} ${op} ${b})` : `(h.num(${a.code}) && ${a.code} ${op} ${b})`;
    switch (leaf.operator) {
      case "equal":
        return `(${a.code} === ${b})`;
      case "notEqual":
        return `(${a.code} !== ${b})`;
      case "in":
        return this.unrolled(a.code, literalValue, " || ", "===") ?? `h.inList(${a.code}, ${b})`;
      case "notIn":
        return this.unrolled(a.code, literalValue, " && ", "!==") ?? `h.notInList(${a.code}, ${b})`;
      case "contains":
        return `h.contains(${a.code}, ${b})`;
      case "doesNotContain":
        return `h.doesNotContain(${a.code}, ${b})`;
      case "lessThan":
        return numeric("<");
      case "lessThanInclusive":
        return numeric("<=");
      case "greaterThan":
        return numeric(">");
      case "greaterThanInclusive":
        return numeric(">=");
      case "startsWith":
        return `h.startsWith(${a.code}, ${b})`;
      case "containsAny":
        return `h.containsAny(${a.code}, ${b})`;
      default:
        throw new TypeError(`Unknown operator ${JSON.stringify((leaf as { operator: unknown }).operator)}`);
    }
  }

  /** A short literal list compared item by item (same result as indexOf). */
  private unrolled(code: string, list: unknown, separator: string, comparison: string): string | undefined {
    if (!Array.isArray(list) || list.length === 0 || list.length > MAX_UNROLLED_LIST) return undefined;
    return `(${list.map((item) => `${code} ${comparison} ${this.literal(item)}`).join(separator)})`;
  }
}

type Operand = (f: Record<string, unknown>, p: readonly unknown[]) => unknown;

/**
 * The same compiler without code generation: each condition becomes a tree of
 * closures. Used where `new Function` is refused (a Content-Security-Policy
 * without `'unsafe-eval'`) or when asked; it checks names, operators and
 * literals exactly as {@link SourceBuilder} does, and gives the same results
 * (held equal by the differential property test).
 */
class ClosureBuilder {
  constructor(private readonly context: CompileContext) {}

  condition(condition: Condition): CompiledCondition {
    const run = this.node(condition);
    return (facts, params) => run(facts as Record<string, unknown>, params);
  }

  private node(condition: Condition): (f: Record<string, unknown>, p: readonly unknown[]) => boolean {
    if (isLeaf(condition)) return this.leaf(condition);
    if (has(condition, "all")) {
      const children = (condition as { all: readonly Condition[] }).all.map((child) => this.node(child));
      return (f, p) => {
        for (const child of children) if (!child(f, p)) return false;
        return true;
      };
    }
    if (has(condition, "any")) {
      const children = (condition as { any: readonly Condition[] }).any.map((child) => this.node(child));
      if (children.length === 0) return () => true;
      return (f, p) => {
        for (const child of children) if (child(f, p)) return true;
        return false;
      };
    }
    if (has(condition, "not")) {
      const child = this.node((condition as { not: Condition }).not);
      return (f, p) => !child(f, p);
    }
    throw new TypeError("Cannot compile a condition that is not all, any, not or a fact comparison");
  }

  private operand(name: string): Operand {
    const slot = this.context.paramSlot(name);
    if (slot !== undefined) {
      if (!Number.isSafeInteger(slot) || slot < 0) throw new TypeError(`Bad parameter slot for ${JSON.stringify(name)}`);
      return (_f, p) => p[slot];
    }
    const shape = this.context.fact(name);
    if (!shape || !IDENTIFIER.test(name)) throw new TypeError(`Unknown fact ${JSON.stringify(name)}`);
    return (f) => f[name];
  }

  private literal(value: unknown): unknown {
    if (value === null || typeof value === "boolean" || typeof value === "string") return value;
    if (typeof value === "number" && Number.isFinite(value)) return value;
    if (Array.isArray(value) && value.every((item) => typeof item === "string" || (typeof item === "number" && Number.isFinite(item)))) {
      return Object.freeze([...value]);
    }
    throw new TypeError(`Cannot compile the literal ${String(value)}`);
  }

  private leaf(leaf: LeafCondition): (f: Record<string, unknown>, p: readonly unknown[]) => boolean {
    const a = this.operand(leaf.fact);
    let b: Operand;
    if (isFactReference(leaf.value)) b = this.operand(leaf.value.fact);
    else {
      const value = this.literal(leaf.value);
      b = () => value;
    }
    const h = operatorHelpers;
    const compare = (test: (x: unknown, y: unknown) => boolean) => (f: Record<string, unknown>, p: readonly unknown[]) =>
      test(a(f, p), b(f, p));
    switch (leaf.operator) {
      case "equal":
        return compare((x, y) => x === y);
      case "notEqual":
        return compare((x, y) => x !== y);
      case "in":
        return compare(h.inList);
      case "notIn":
        return compare(h.notInList);
      case "contains":
        return compare(h.contains);
      case "doesNotContain":
        return compare(h.doesNotContain);
      case "lessThan":
        return compare((x, y) => h.num(x) && (x as number) < (y as number));
      case "lessThanInclusive":
        return compare((x, y) => h.num(x) && (x as number) <= (y as number));
      case "greaterThan":
        return compare((x, y) => h.num(x) && (x as number) > (y as number));
      case "greaterThanInclusive":
        return compare((x, y) => h.num(x) && (x as number) >= (y as number));
      case "startsWith":
        return compare(h.startsWith);
      case "containsAny":
        return compare(h.containsAny);
      default:
        throw new TypeError(`Unknown operator ${JSON.stringify((leaf as { operator: unknown }).operator)}`);
    }
  }
}

/** Compiled conditions together with the source they were built from. */
export interface CompiledConditions {
  /** One function per condition, in the order given. */
  readonly run: readonly CompiledCondition[];
  /** The generated source, for inspection (built in both modes, run only by `"generated"`). */
  readonly source: string;
  /**
   * How the conditions run: `"generated"` (one generated module, the fast
   * path) or `"closures"` (no code generation: asked for, or refused by the
   * runtime, such as a page whose Content-Security-Policy forbids `eval`).
   */
  readonly mode: "generated" | "closures";
}

/** How conditions are compiled. */
export interface CompileOptions {
  /**
   * `false` never generates code (conditions run as closures, for a strict
   * Content-Security-Policy); `true` tries `new Function` wherever the
   * runtime allows it. By default code is tried in Node and other runtimes
   * where a refusal reports nothing, and closures are used in a browser page
   * or worker, where a Content-Security-Policy would report every refused
   * attempt; closures are also used wherever the runtime refuses code
   * generation. Both give the same results.
   */
  readonly codegen?: boolean;
}

/** The generated factory, or `undefined` when the runtime refuses code generation. */
function generate(source: string): ((helpers: typeof operatorHelpers) => CompiledCondition[]) | undefined {
  return generateFunction<(helpers: typeof operatorHelpers) => CompiledCondition[]>(["h"], source);
}

/**
 * Whether this runtime allows code generation (`new Function`), found by
 * trying it once. `false` in a page whose Content-Security-Policy has no
 * `'unsafe-eval'` (which reports that attempt, as it reports any); conditions
 * then run as closures, with the same results.
 */
export function codegenAllowed(): boolean {
  return generate('"use strict"; return [];') !== undefined;
}

/**
 * Compiles condition trees into functions: one generated module where the
 * runtime allows code generation, closures where it does not, when
 * `options.codegen` is `false`, or by default in a browser page or worker
 * (see {@link CompileOptions.codegen}). Both give the same results.
 *
 * @throws TypeError when a tree names a fact or operator the context does not
 *   know, or holds a literal that is not plain JSON (validate packs first).
 * @example
 * const { run } = compileConditions(
 *   [{ all: [{ fact: "ageYears", operator: "greaterThanInclusive", value: { fact: "param:elderly.minAge" } }] }],
 *   { fact: (n) => (n === "ageYears" ? { type: "number", nullable: false } : undefined), paramSlot: (n) => (n === "param:elderly.minAge" ? 0 : undefined) },
 * );
 * run[0]({ ageYears: 70 }, [65]); //=> true
 */
export function compileConditions(
  conditions: readonly Condition[],
  context: CompileContext,
  options: CompileOptions = {},
): CompiledConditions {
  // Condition trees are compiled recursively: bound their depth first (a PolicyError, not a RangeError).
  const deep = tooDeep(conditions);
  if (deep) throw new PolicyError([deep]);
  const builder = new SourceBuilder(context);
  const bodies = conditions.map((condition, index) => `  function rule${index}(f, p) { return ${builder.expression(condition)}; }`);
  const source = `"use strict";\nreturn [\n${bodies.join(",\n")}\n];`;
  const factory = (options.codegen ?? !codegenMayBeReported()) ? generate(source) : undefined;
  if (factory) return { run: factory(operatorHelpers), source, mode: "generated" };
  const closures = new ClosureBuilder(context);
  return { run: conditions.map((condition) => closures.condition(condition)), source, mode: "closures" };
}
