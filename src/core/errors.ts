/**
 * Typed issues and the error that carries them.
 *
 * Every problem the library reports — a bad case, a broken rule pack, a date
 * outside a pack's period — is an {@link Issue}: a machine-readable `code`, a
 * JSON Pointer `path` into the input, a plain-language `message`, and where it
 * helps, what was `expected` and what was `found`.
 *
 * @module
 */

/** The machine-readable kinds of issue. */
export type IssueCode =
  | "invalid_type"
  | "invalid_value"
  | "invalid_format"
  | "invalid_date"
  | "invalid_amount"
  | "too_small"
  | "too_big"
  | "unrecognized_keys"
  | "unknown_field"
  | "missing_field"
  | "unknown_package"
  | "duplicate_member"
  | "date_order"
  | "out_of_period"
  | "unknown_pack"
  | "invalid_pack"
  | "unknown_parameter"
  | "parameter_type"
  | "parameter_not_in_force"
  | "unknown_fact"
  | "invalid_json"
  | "duplicate_key"
  | "too_deep"
  | "invalid_arguments"
  | "io_error"
  | "internal_error"
  // Warnings a decision carries (stable, documented in docs/concepts.md):
  | "not-eligible-no-fee"
  | "overlapping-contract"
  | "amount-not-set"
  | "order-presumed"
  | "referral-disease-not-recorded"
  | "pregnancy-sex-mismatch";

/** The warning codes a decision may carry besides `unknown_field`; stable. */
export const DECISION_WARNING_CODES = [
  "not-eligible-no-fee",
  "overlapping-contract",
  "amount-not-set",
  "order-presumed",
  "referral-disease-not-recorded",
  "pregnancy-sex-mismatch",
] as const satisfies readonly IssueCode[];
/** A warning code of a decision. */
export type DecisionWarningCode = (typeof DECISION_WARNING_CODES)[number];

/**
 * One problem found in an input.
 *
 * @example
 * const issue: Issue = {
 *   code: "invalid_date",
 *   path: "/resident/birthDate",
 *   message: "2023-02-30 is not a calendar date",
 *   expected: "a date YYYY-MM-DD",
 *   found: "2023-02-30",
 * };
 */
export interface Issue {
  /** What kind of problem this is. */
  readonly code: IssueCode;
  /** JSON Pointer (RFC 6901) to the offending value; `""` is the whole input. */
  readonly path: string;
  /** A sentence a person can act on. */
  readonly message: string;
  /** What a valid value looks like. */
  readonly expected?: string;
  /** The value that was found, shown as short JSON text. */
  readonly found?: string;
}

/**
 * The brand every {@link PolicyError} carries, registered globally with
 * `Symbol.for` so that every copy of the library shares it.
 */
export const POLICY_ERROR_BRAND: unique symbol = Symbol.for("family-doctor-rules.PolicyError");

/** A list that holds at least one element. */
export type NonEmptyArray<T> = readonly [T, ...T[]];

/**
 * The error thrown by every library function that rejects its input.
 * It always carries at least one {@link Issue}.
 *
 * @example
 * try {
 *   evaluate(loadPack("yueyang-2023"), { asOf: "2023-02-30" });
 * } catch (error) {
 *   if (error instanceof PolicyError) console.log(error.issues[0].path); // "/asOf"
 * }
 */
export class PolicyError extends Error {
  /** The problems found; never empty. */
  readonly issues: NonEmptyArray<Issue>;

  constructor(issues: NonEmptyArray<Issue>) {
    super(formatIssues(issues));
    this.name = "PolicyError";
    this.issues = issues;
    Object.defineProperty(this, POLICY_ERROR_BRAND, { value: true });
  }
}

/** Formats issues as one line each: `path: message`. */
export function formatIssues(issues: readonly Issue[]): string {
  return issues.map((issue) => `${issue.path || "/"}: ${issue.message}`).join("\n");
}

/**
 * Joins path segments into a JSON Pointer (RFC 6901), escaping `~` and `/`.
 *
 * @example
 * toPointer(["resident", "conditions", 0]); //=> "/resident/conditions/0"
 */
export function toPointer(segments: readonly PropertyKey[]): string {
  return segments.map((segment) => "/" + String(segment).replace(/~/g, "~0").replace(/\//g, "~1")).join("");
}

/** Shows a found value as short JSON text for an issue (at most 80 characters). */
export function showValue(value: unknown): string {
  let text: string;
  try {
    text = value === undefined ? "undefined" : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** Throws a {@link PolicyError} holding one issue. */
export function fail(issue: Issue): never {
  throw new PolicyError([issue]);
}

/**
 * True when `value` is a {@link PolicyError} — also one thrown by another copy
 * of the library (the ESM build seen from the CJS build, or two installed
 * versions), which `instanceof` does not recognise. Such errors carry the
 * brand `Symbol.for("family-doctor-rules.PolicyError")` and an `issues` array.
 *
 * @example
 * try { evaluate(pack, input); } catch (error) { if (isPolicyError(error)) report(error.issues); }
 */
export function isPolicyError(value: unknown): value is PolicyError {
  if (value instanceof PolicyError) return true;
  return (
    value instanceof Error &&
    (value as unknown as Record<symbol, unknown>)[POLICY_ERROR_BRAND] === true &&
    Array.isArray((value as { issues?: unknown }).issues)
  );
}

/**
 * How deep a case or a pack may nest: a value may sit at most this many keys
 * and indexes below the top (`/a/b/0` is depth 3). Valid cases stay under 10
 * and valid packs under 30; deeper input is refused with a `too_deep` issue
 * rather than exhausting the call stack of the checks that walk it.
 */
export const MAX_JSON_DEPTH = 64;

interface DepthFrame {
  readonly value: object;
  readonly depth: number;
  readonly parent: DepthFrame | undefined;
  readonly key: PropertyKey;
}

/**
 * The `too_deep` issue of a value nested deeper than `maxDepth`, naming the
 * path of the first value found beyond it; `undefined` when the value is
 * within the bound. Walks without recursion, so any depth is safe to check.
 *
 * @example
 * tooDeep({ a: { b: 1 } }, 1)?.path; //=> "/a/b"
 */
export function tooDeep(value: unknown, maxDepth: number = MAX_JSON_DEPTH): Issue | undefined {
  if (value === null || typeof value !== "object") return undefined;
  const stack: DepthFrame[] = [{ value, depth: 0, parent: undefined, key: "" }];
  for (let frame = stack.pop(); frame !== undefined; frame = stack.pop()) {
    const container = frame.value as Record<string, unknown>;
    const keys: PropertyKey[] = Array.isArray(container) ? container.map((_, index) => index) : Object.keys(container);
    for (const key of keys) {
      const child = container[key as string];
      if (child === null || typeof child !== "object") {
        if (frame.depth + 1 > maxDepth) return depthIssue({ value: frame.value, depth: frame.depth + 1, parent: frame, key }, maxDepth);
        continue;
      }
      const next: DepthFrame = { value: child, depth: frame.depth + 1, parent: frame, key };
      if (next.depth > maxDepth) return depthIssue(next, maxDepth);
      stack.push(next);
    }
  }
  return undefined;
}

function depthIssue(frame: DepthFrame, maxDepth: number): Issue {
  const segments: PropertyKey[] = [];
  for (let at: DepthFrame | undefined = frame; at?.parent !== undefined; at = at.parent) segments.push(at.key);
  return {
    code: "too_deep",
    path: toPointer(segments.reverse()),
    message: `the input nests deeper than ${maxDepth} levels`,
    expected: `at most ${maxDepth} levels of objects and lists`,
  };
}
