/**
 * A fast acceptor derived from a zod schema, in the spirit of zod's own
 * compiled parser (`v4/core/compile.ts`): it walks the schema once and builds
 * a predicate that says `true` only for a value the schema takes entirely as
 * it is — every key known, every check passed, the schema's output equal to
 * the value. Key lists, enums and limits are read from the schema's
 * definition and its checks run as the schema runs them; nothing is written
 * twice. Anything the acceptor does not know (a transform, a default, a
 * non-plain object, an `undefined` value …) is never accepted: the caller
 * then parses with the schema, which gives the value or the issues.
 *
 * The acceptor is generated code where the runtime allows `new Function` (a
 * function for each object and list, leaf checks inline: about a third
 * faster on realistic cases than closures, whose every key costs a map
 * lookup and a call), and closures where it does not; both read the same
 * definitions.
 *
 * A generic differential test holds every acceptor to its schema.
 *
 * @module
 */
import type * as z from "zod";
import { generateFunction } from "../core/codegen.js";

/** Says whether the schema takes a value entirely as it is. */
export type Acceptor = (value: unknown) => boolean;

type Definition = z.core.$ZodTypeDef & Record<string, unknown>;
type Check = z.core.$ZodCheck<never>;
type Payload = { value: unknown; issues: unknown[] };

const never: Acceptor = () => false;

/** A check as zod runs it, on a payload of its own: `.superRefine` and any check not compiled below. */
function runCheck(check: Check): Acceptor {
  const when = (check._zod as { when?: (payload: Payload) => boolean }).when;
  // One payload, reused: checks run one at a time, and never keep it.
  const payload: Payload = { value: undefined, issues: [] };
  return (value) => {
    payload.value = value;
    if (payload.issues.length > 0) payload.issues = [];
    if (when && !when(payload)) return true;
    const result = check._zod.check(payload as never) as unknown;
    payload.value = undefined;
    return !(result instanceof Promise) && payload.issues.length === 0;
  };
}

/** The limits of a string, a number or a list, read from its checks; `rest` holds the checks run as zod runs them. */
interface Limits {
  minimum: number;
  maximum: number;
  /** Whether `minimum` and `maximum` are themselves allowed (a number's `gt`/`lt` are not). */
  lowInclusive: boolean;
  highInclusive: boolean;
  integer: boolean;
  patterns: RegExp[];
  /** `.refine(fn)` predicates, called as the schema calls them (a truthy result passes). */
  predicates: ((value: unknown) => unknown)[];
  rest: Acceptor[];
}

function limitsOf(def: Definition): Limits {
  const limits: Limits = {
    minimum: -Infinity,
    maximum: Infinity,
    lowInclusive: true,
    highInclusive: true,
    integer: false,
    patterns: [],
    predicates: [],
    rest: [],
  };
  for (const check of (def.checks ?? []) as Check[]) {
    const spec = check._zod.def as unknown as Record<string, unknown> & { check: string };
    if ((spec.check === "min_length" || spec.check === "greater_than") && typeof (spec.minimum ?? spec.value) === "number") {
      const bound = (spec.minimum ?? spec.value) as number;
      const inclusive = spec.check === "min_length" || spec.inclusive === true;
      if (bound > limits.minimum || (bound === limits.minimum && !inclusive)) [limits.minimum, limits.lowInclusive] = [bound, inclusive];
    } else if ((spec.check === "max_length" || spec.check === "less_than") && typeof (spec.maximum ?? spec.value) === "number") {
      const bound = (spec.maximum ?? spec.value) as number;
      const inclusive = spec.check === "max_length" || spec.inclusive === true;
      if (bound < limits.maximum || (bound === limits.maximum && !inclusive)) [limits.maximum, limits.highInclusive] = [bound, inclusive];
    } else if (spec.check === "number_format" && spec.format === "safeint") limits.integer = true;
    else if (
      spec.check === "string_format" &&
      spec.format === "regex" &&
      spec.pattern instanceof RegExp &&
      !spec.pattern.global &&
      !spec.pattern.sticky
    )
      limits.patterns.push(spec.pattern);
    else if (spec.check === "custom" && typeof spec.fn === "function" && spec.when === undefined)
      limits.predicates.push(spec.fn as (value: unknown) => unknown);
    else limits.rest.push(runCheck(check));
  }
  return limits;
}

/** Whether a value passes the predicates, patterns and other checks of its limits. */
function passesRest(limits: Limits, value: unknown): boolean {
  for (const pattern of limits.patterns) if (!pattern.test(value as string)) return false;
  for (const predicate of limits.predicates) {
    const result = predicate(value);
    if (result instanceof Promise || !result) return false;
  }
  for (const check of limits.rest) if (!check(value)) return false;
  return true;
}

const hasRest = (limits: Limits) => limits.patterns.length + limits.predicates.length + limits.rest.length > 0;

function inRange(limits: Limits, size: number): boolean {
  return (
    (limits.lowInclusive ? size >= limits.minimum : size > limits.minimum) &&
    (limits.highInclusive ? size <= limits.maximum : size < limits.maximum)
  );
}

function compileString(def: Definition): Acceptor {
  const limits = limitsOf(def);
  const { minimum, maximum } = limits;
  // The usual string: a length, and a pattern or a predicate, in one step.
  if (limits.rest.length === 0 && limits.patterns.length + limits.predicates.length <= 1) {
    const pattern = limits.patterns[0];
    const predicate = limits.predicates[0];
    if (pattern) return (value) => typeof value === "string" && value.length >= minimum && value.length <= maximum && pattern.test(value);
    if (predicate) {
      return (value) => {
        if (typeof value !== "string" || value.length < minimum || value.length > maximum) return false;
        const result = predicate(value);
        return !(result instanceof Promise) && Boolean(result);
      };
    }
    return (value) => typeof value === "string" && value.length >= minimum && value.length <= maximum;
  }
  return (value) => typeof value === "string" && value.length >= minimum && value.length <= maximum && passesRest(limits, value);
}

function compileNumber(def: Definition): Acceptor {
  const limits = limitsOf(def);
  const rest = hasRest(limits);
  if (limits.integer)
    return (value) => Number.isSafeInteger(value) && inRange(limits, value as number) && (!rest || passesRest(limits, value));
  return (value) => typeof value === "number" && Number.isFinite(value) && inRange(limits, value) && (!rest || passesRest(limits, value));
}

/** Any other kind of value: its base test, then every check (compiled where known, else run as zod runs it). */
function withChecks(base: Acceptor, def: Definition): Acceptor {
  const limits = limitsOf(def);
  const sized = Number.isFinite(limits.minimum) || Number.isFinite(limits.maximum);
  if (!sized && !limits.integer && !hasRest(limits)) return base;
  return (value) => base(value) && (!sized || inRange(limits, (value as { length: number }).length)) && passesRest(limits, value);
}

/** An ordinary object, as JSON.parse builds it. */
function isPlain(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

/** Bits of a word of the masks that record which optional keys an object's pass saw. */
const MASK_BITS = 31;

/** Where an optional key's bit is in the masks of an object's pass: its word, and the bit in it. */
interface MaskBit {
  readonly word: number;
  readonly bit: number;
}

function maskBit(index: number): MaskBit {
  return { word: Math.floor(index / MASK_BITS), bit: 2 ** (index % MASK_BITS) };
}

function compileObject(def: Definition): Acceptor | undefined {
  const shape = def.shape as Record<string, z.core.$ZodType>;
  const fields = new Map<string, { readonly accept: Acceptor; readonly mark: MaskBit | undefined }>();
  const optionals: (MaskBit & { readonly key: string })[] = [];
  let requiredCount = 0;
  for (const [key, schema] of Object.entries(shape)) {
    const required = schema._zod.optin !== "optional";
    if (required) requiredCount++;
    const mark = required ? undefined : maskBit(optionals.length);
    if (mark) optionals.push({ key, ...mark });
    // An optional key whose schema is unknown can still be absent.
    fields.set(key, { accept: compile(schema) ?? never, mark });
  }
  const words = Math.ceil(optionals.length / MASK_BITS);
  return (value) => {
    if (!isPlain(value)) return false;
    // One pass over the object's own keys: each known, defined and accepted; the required ones counted, the optional ones seen marked.
    let required = 0;
    let seen = 0;
    const seenWords = words > 1 ? new Array<number>(words).fill(0) : undefined;
    for (const key in value) {
      const field = fields.get(key);
      const item = value[key];
      if (field === undefined || item === undefined || !field.accept(item)) return false;
      if (field.mark === undefined) required++;
      else if (seenWords === undefined) seen |= field.mark.bit;
      else seenWords[field.mark.word] = (seenWords[field.mark.word] ?? 0) | field.mark.bit;
    }
    if (required !== requiredCount) return false;
    // An optional key the pass did not see is absent, or not enumerable (Object.defineProperty), which the
    // schema and the library would still read: it must be absent.
    for (const { key, word, bit } of optionals) {
      const mask = seenWords === undefined ? seen : (seenWords[word] ?? 0);
      if ((mask & bit) === 0 && value[key] !== undefined) return false;
    }
    return true;
  };
}

function compileArray(def: Definition): Acceptor | undefined {
  const element = compile(def.element as z.core.$ZodType);
  if (!element) return undefined;
  return (value) => {
    if (!Array.isArray(value)) return false;
    for (let index = 0; index < value.length; index++) if (!element(value[index])) return false;
    return true;
  };
}

function compileUnion(def: Definition): Acceptor | undefined {
  // Every option must be known: an unknown one might win and give another value.
  const options = (def.options as z.core.$ZodType[]).map(compile);
  if (options.some((option) => option === undefined)) return undefined;
  const known = options as Acceptor[];
  return (value) => known.some((option) => option(value));
}

function compileBase(def: Definition): Acceptor | undefined {
  if (def.coerce) return undefined;
  switch (def.type) {
    case "string":
      return compileString(def);
    case "number":
      return compileNumber(def);
    case "boolean":
      return (value) => typeof value === "boolean";
    case "enum": {
      const values = new Set<unknown>(Object.values(def.entries as Record<string, unknown>));
      return (value) => values.has(value);
    }
    case "literal": {
      const values = new Set<unknown>(def.values as unknown[]);
      return (value) => values.has(value);
    }
    case "object":
      return (def.catchall as z.core.$ZodType | undefined)?._zod.def.type === "never" || def.catchall === undefined
        ? compileObject(def)
        : undefined;
    case "array":
      return compileArray(def);
    case "union":
      return compileUnion(def);
    case "optional": {
      const inner = compile(def.innerType as z.core.$ZodType);
      return inner && ((value) => value === undefined || inner(value));
    }
    case "nullable": {
      const inner = compile(def.innerType as z.core.$ZodType);
      return inner && ((value) => value === null || inner(value));
    }
    default:
      return undefined;
  }
}

/** The acceptor of a schema, or `undefined` when the schema holds something the acceptor does not know. */
function compile(schema: z.core.$ZodType): Acceptor | undefined {
  const def = schema._zod.def as Definition;
  const base = compileBase(def);
  // Strings and numbers take their checks in one step; other kinds after their base test.
  return base && (def.type === "string" || def.type === "number" ? base : withChecks(base, def));
}

/** Options of {@link acceptorOf}. */
export interface AcceptorOptions {
  /**
   * `false`: closures only. By default the acceptor is generated code (one
   * function for each object and list of the schema, the checks of its
   * leaves written inline) where the runtime allows `new Function`, and
   * closures where it does not (a strict Content-Security-Policy). Both
   * accept the same values.
   */
  readonly codegen?: boolean;
}

/** A number as a JavaScript literal (an infinite bound too). */
function numberLiteral(value: number): string {
  if (value === Infinity) return "Infinity";
  if (value === -Infinity) return "-Infinity";
  return String(value);
}

/** The generated code's mark of the optional key at `index` (`m0 |= 1;`), or its test (`(m0 & 1)`). */
function maskOf(index: number, operator: "|=" | "&"): string {
  const { word, bit } = maskBit(index);
  return operator === "|=" ? `m${word} |= ${bit};` : `(m${word} & ${bit})`;
}

/** The literals `oneOf` writes inline; any other value is looked up in a `Set`. */
function isInlineLiteral(value: unknown): boolean {
  return typeof value === "string" || typeof value === "boolean" || value === null || (typeof value === "number" && Number.isFinite(value));
}

/**
 * The source of a generated acceptor: a function for each object and list of
 * the schema, the checks of its leaves written inline. What code cannot
 * hold — patterns, predicates, zod's own checks, large vocabularies — is
 * passed in `r` and called from the code. It accepts exactly what the
 * closures accept: the same definitions are read, in the same way.
 */
class AcceptorSource {
  readonly functions: string[] = [];
  readonly refs: unknown[] = [];

  private ref(value: unknown): string {
    this.refs.push(value);
    return `r[${this.refs.length - 1}]`;
  }

  /** An expression true when the variable `x` is accepted, or `undefined` for a schema the acceptor does not know. */
  test(schema: z.core.$ZodType, x: string): string | undefined {
    const def = schema._zod.def as Definition;
    if (def.coerce) return undefined;
    switch (def.type) {
      case "string":
        return this.sized(`typeof ${x} === "string"`, `${x}.length`, limitsOf(def), x);
      case "number": {
        const limits = limitsOf(def);
        const base = limits.integer ? `Number.isSafeInteger(${x})` : `typeof ${x} === "number" && Number.isFinite(${x})`;
        return this.sized(base, x, limits, x);
      }
      case "boolean":
        return this.withChecks(`typeof ${x} === "boolean"`, def, x);
      case "enum":
        return this.withChecks(this.oneOf(Object.values(def.entries as Record<string, unknown>), x), def, x);
      case "literal":
        return this.withChecks(this.oneOf(def.values as unknown[], x), def, x);
      case "object": {
        const catchall = def.catchall as z.core.$ZodType | undefined;
        if (catchall !== undefined && catchall._zod.def.type !== "never") return undefined;
        return this.withChecks(`${this.object(def)}(${x})`, def, x);
      }
      case "array": {
        const list = this.array(def);
        return list && this.withChecks(`${list}(${x})`, def, x);
      }
      case "union": {
        const options = (def.options as z.core.$ZodType[]).map((option) => this.test(option, x));
        if (options.some((option) => option === undefined)) return undefined;
        return this.withChecks(options.length === 0 ? "false" : `(${options.map((option) => `(${option})`).join(" || ")})`, def, x);
      }
      case "optional":
      case "nullable": {
        const inner = this.test(def.innerType as z.core.$ZodType, x);
        return inner && this.withChecks(`(${x} === ${def.type === "optional" ? "undefined" : "null"} || (${inner}))`, def, x);
      }
      default:
        return undefined;
    }
  }

  /** A string's or a number's test: its base test, its range, then its patterns, predicates and other checks. */
  private sized(base: string, size: string, limits: Limits, x: string): string {
    const parts = [base];
    if (limits.minimum !== -Infinity) parts.push(`${size} ${limits.lowInclusive ? ">=" : ">"} ${numberLiteral(limits.minimum)}`);
    if (limits.maximum !== Infinity) parts.push(`${size} ${limits.highInclusive ? "<=" : "<"} ${numberLiteral(limits.maximum)}`);
    for (const pattern of limits.patterns) parts.push(`${this.ref(pattern)}.test(${x})`);
    for (const predicate of limits.predicates) parts.push(`holds(${this.ref(predicate)}, ${x})`);
    for (const check of limits.rest) parts.push(`${this.ref(check)}(${x})`);
    return `(${parts.join(" && ")})`;
  }

  /** Any other kind of value: its base test, then its checks as the closures run them. */
  private withChecks(base: string, def: Definition, x: string): string {
    const limits = limitsOf(def);
    const sized = Number.isFinite(limits.minimum) || Number.isFinite(limits.maximum);
    if (!sized && !limits.integer && !hasRest(limits)) return base;
    const rest: Acceptor = (value) => (!sized || inRange(limits, (value as { length: number }).length)) && passesRest(limits, value);
    return `(${base} && ${this.ref(rest)}(${x}))`;
  }

  private oneOf(values: readonly unknown[], x: string): string {
    if (values.length === 0) return "false";
    if (values.length <= 8 && values.every(isInlineLiteral))
      return `(${values.map((value) => `${x} === ${typeof value === "number" ? numberLiteral(value) : JSON.stringify(value)}`).join(" || ")})`;
    return `${this.ref(new Set(values))}.has(${x})`;
  }

  private object(def: Definition): string {
    const name = `f${this.functions.length}`;
    this.functions.push("");
    const shape = def.shape as Record<string, z.core.$ZodType>;
    let requiredCount = 0;
    const cases: string[] = [];
    const optionalKeys: string[] = [];
    for (const [key, schema] of Object.entries(shape)) {
      const required = schema._zod.optin !== "optional";
      if (required) requiredCount++;
      // A key whose schema is unknown is never accepted (an optional one can still be absent).
      const test = this.test(schema, "x");
      const mark = required ? "n++;" : maskOf(optionalKeys.push(key) - 1, "|=");
      cases.push(
        test === undefined
          ? `      case ${JSON.stringify(key)}: return false;`
          : `      case ${JSON.stringify(key)}: if (!${test}) return false; ${mark} break;`,
      );
    }
    const words = Math.ceil(optionalKeys.length / MASK_BITS);
    this.functions[Number(name.slice(1))] = [
      `function ${name}(v) {`,
      '  if (typeof v !== "object" || v === null || getPrototypeOf(v) !== plain) return false;',
      `  let n = 0${Array.from({ length: words }, (_, word) => `, m${word} = 0`).join("")};`,
      "  for (const k in v) {",
      "    const x = v[k];",
      "    if (x === undefined) return false;",
      "    switch (k) {",
      ...cases,
      "      default: return false;",
      "    }",
      "  }",
      `  if (n !== ${requiredCount}) return false;`,
      // An optional key the pass did not see is absent or not enumerable (which the schema would still read): it must be absent.
      ...optionalKeys.map((key, index) => `  if (${maskOf(index, "&")} === 0 && v[${JSON.stringify(key)}] !== undefined) return false;`),
      "  return true;",
      "}",
    ].join("\n");
    return name;
  }

  private array(def: Definition): string | undefined {
    const name = `f${this.functions.length}`;
    this.functions.push("");
    const element = this.test(def.element as z.core.$ZodType, "x");
    if (element === undefined) return undefined;
    this.functions[Number(name.slice(1))] = [
      `function ${name}(v) {`,
      "  if (!Array.isArray(v)) return false;",
      "  for (let i = 0; i < v.length; i++) {",
      "    const x = v[i];",
      `    if (!${element}) return false;`,
      "  }",
      "  return true;",
      "}",
    ].join("\n");
    return name;
  }
}

/**
 * The source of the generated acceptor of a schema (its parameter is `r`,
 * the values the code calls), or `undefined` when the schema holds something
 * the acceptor does not know. For inspection and tests.
 */
export function acceptorSource(schema: z.core.$ZodType): { readonly source: string; readonly refs: readonly unknown[] } | undefined {
  const builder = new AcceptorSource();
  const test = builder.test(schema, "x");
  if (test === undefined) return undefined;
  const source = [
    '"use strict";',
    "const plain = Object.prototype;",
    "const getPrototypeOf = Object.getPrototypeOf;",
    "function holds(predicate, x) { const result = predicate(x); return !(result instanceof Promise) && Boolean(result); }",
    ...builder.functions.filter((text) => text !== ""),
    `return function accept(x) { return ${test}; };`,
  ].join("\n");
  return { source, refs: builder.refs };
}

/**
 * The fast acceptor of a zod schema: `true` only for a value the schema takes
 * entirely as it is (its output deep-equal to the value). A schema, or a part
 * of one, that the acceptor does not know accepts nothing there: the caller
 * falls back on the schema.
 *
 * @example
 * const accept = acceptorOf(z.strictObject({ days: z.number().int().min(1).max(3650) }));
 * accept({ days: 56 }); //=> true
 * accept({ days: 0 }); //=> false (the schema gives the issue)
 * accept({ days: 56, extra: 1 }); //=> false (the schema gives the issue)
 */
export function acceptorOf(schema: z.core.$ZodType, options: AcceptorOptions = {}): Acceptor {
  if (options.codegen !== false) {
    const generated = acceptorSource(schema);
    if (generated === undefined) return never;
    const factory = generateFunction<(refs: readonly unknown[]) => Acceptor>(["r"], generated.source);
    if (factory) return factory(generated.refs);
  }
  return compile(schema) ?? never;
}
