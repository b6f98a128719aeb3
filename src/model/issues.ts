/**
 * Turns zod's issues into the library's {@link Issue}s: a JSON Pointer path, a
 * plain message, what was expected and what was found.
 *
 * @module
 */
import type * as z from "zod";
import { showValue, toPointer, type Issue, type IssueCode } from "../core/errors.js";

type ZodIssue = z.core.$ZodIssue;

const KNOWN_CODES = new Set<IssueCode>([
  "invalid_type",
  "invalid_value",
  "invalid_format",
  "invalid_date",
  "invalid_amount",
  "too_small",
  "too_big",
  "unrecognized_keys",
  "unknown_field",
  "missing_field",
  "unknown_package",
  "duplicate_member",
  "date_order",
  "out_of_period",
  "unknown_parameter",
  "parameter_type",
  "unknown_fact",
  "invalid_pack",
]);

function expectedOf(issue: ZodIssue): string | undefined {
  switch (issue.code) {
    case "invalid_type":
      return issue.expected === "int" ? "a whole number" : `a value of type ${issue.expected}`;
    case "invalid_value":
      return `one of ${issue.values.map((value) => JSON.stringify(value)).join(", ")}`;
    case "too_small":
      return issue.origin === "array" || issue.origin === "string"
        ? `at least ${String(issue.minimum)} ${issue.origin === "array" ? "element(s)" : "character(s)"}`
        : `a number ${issue.inclusive === false ? ">" : "≥"} ${String(issue.minimum)}`;
    case "too_big":
      return issue.origin === "array" || issue.origin === "string"
        ? `at most ${String(issue.maximum)} ${issue.origin === "array" ? "element(s)" : "character(s)"}`
        : `a number ${issue.inclusive === false ? "<" : "≤"} ${String(issue.maximum)}`;
    case "invalid_format":
      return issue.format === "regex" ? `text matching ${issue.pattern ?? "the required pattern"}` : issue.format;
    case "unrecognized_keys":
      return "only the documented fields";
    case "invalid_union":
      return "one of the documented forms";
    default:
      return undefined;
  }
}

/**
 * Converts one zod issue into {@link Issue}s (an `unrecognized_keys` issue
 * naming several keys gives one issue per key, each pointing at its key).
 *
 * @param prefix - path segments to put before the issue's own path
 */
export function fromZodIssue(issue: ZodIssue, prefix: readonly PropertyKey[] = []): Issue[] {
  const segments = [...prefix, ...issue.path];
  if (issue.code === "unrecognized_keys") {
    return issue.keys.map((key) => ({
      code: "unrecognized_keys",
      path: toPointer([...segments, key]),
      message: `unknown field ${JSON.stringify(key)}`,
      expected: "only the documented fields",
    }));
  }
  const params = (issue.code === "custom" ? issue.params : undefined) as { code?: string; expected?: string } | undefined;
  // Parsed with `reportInput`, a value present in JSON is never `undefined`.
  const missing = issue.code === "invalid_type" && issue.input === undefined;
  let code: IssueCode = "invalid_value";
  if (params?.code && KNOWN_CODES.has(params.code as IssueCode)) code = params.code as IssueCode;
  else if (missing) code = "missing_field";
  else if (KNOWN_CODES.has(issue.code as IssueCode)) code = issue.code as IssueCode;

  const field = segments.length > 0 ? String(segments[segments.length - 1]) : "value";
  const message = missing ? `required field ${JSON.stringify(field)} is missing` : issue.message;
  const result: { -readonly [K in keyof Issue]: Issue[K] } = { code, path: toPointer(segments), message };
  const expected = params?.expected ?? expectedOf(issue);
  if (expected !== undefined) result.expected = expected;
  if ("input" in issue && issue.input !== undefined) result.found = showValue(issue.input);
  return [result];
}

/** Converts a list of zod issues into {@link Issue}s. */
export function fromZodIssues(issues: readonly ZodIssue[], prefix: readonly PropertyKey[] = []): Issue[] {
  return issues.flatMap((issue) => fromZodIssue(issue, prefix));
}
