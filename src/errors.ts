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
  | "invalid_arguments"
  | "io_error"
  | "internal_error";

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
  return segments
    .map((segment) => "/" + String(segment).replace(/~/g, "~0").replace(/\//g, "~1"))
    .join("");
}

/** Shows a found value as short JSON text for an issue (at most 80 characters). */
export function showValue(value: unknown): string {
  let text: string;
  try {
    text = value === undefined ? "undefined" : JSON.stringify(value) ?? String(value);
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
