/**
 * Reading a case: validation with typed issues, and unknown fields reported as
 * warnings rather than dropped in silence.
 *
 * @module
 */
import { PolicyError, tooDeep, type Issue } from "../core/errors.js";
import { CaseSchema, type Case } from "./case.js";
import { readValidCase } from "./fast-case.js";
import { fromZodIssues } from "./issues.js";

/** A validated case and the warnings found while reading it. */
export interface ParsedCase {
  /** The case, with unknown fields removed. */
  readonly case: Case;
  /** One `unknown_field` warning per field the schema does not know. */
  readonly warnings: readonly Issue[];
}

const NO_WARNINGS: readonly Issue[] = Object.freeze([]);

function withoutKeys(input: unknown, unknown: readonly { path: readonly PropertyKey[]; keys: readonly string[] }[]): unknown {
  const copy = structuredClone(input) as Record<string, unknown>;
  for (const { path, keys } of unknown) {
    let target: unknown = copy;
    for (const segment of path) target = (target as Record<PropertyKey, unknown>)[segment];
    if (target && typeof target === "object") for (const key of keys) delete (target as Record<string, unknown>)[key];
  }
  return copy;
}

/**
 * Validates a case. Every field is checked; each problem becomes an
 * {@link Issue} with a JSON Pointer path. A field the schema does not know is
 * not an error: it becomes an `unknown_field` warning and is left out.
 *
 * An entirely valid case with no unknown field is checked by a hand-written
 * fast path ({@link readValidCase}) and returned as given, not copied; any
 * other goes through {@link CaseSchema}, which gives the issues.
 *
 * @throws PolicyError with every issue found when the case is invalid; a
 *   single `too_deep` issue naming the path when it nests deeper than
 *   `MAX_JSON_DEPTH` (64) levels.
 * @example
 * const { case: valid, warnings } = parseCase({
 *   asOf: "2023-06-01",
 *   resident: { id: "R1", birthDate: "1950-03-02", regionCode: "430602", shoeSize: 38 },
 * });
 * warnings[0].path; //=> "/resident/shoeSize"
 */
export function parseCase(input: unknown): ParsedCase {
  const valid = readValidCase(input);
  if (valid !== undefined) return { case: valid, warnings: NO_WARNINGS };
  const deep = tooDeep(input);
  if (deep) throw new PolicyError([deep]);
  const first = CaseSchema.safeParse(input, { reportInput: true });
  if (first.success) return { case: first.data, warnings: [] };

  const unknown = first.error.issues.filter((issue) => issue.code === "unrecognized_keys");
  const errors = first.error.issues.filter((issue) => issue.code !== "unrecognized_keys");
  if (errors.length > 0) throw new PolicyError(fromZodIssues(errors) as [Issue, ...Issue[]]);

  const warnings: Issue[] = fromZodIssues(unknown).map((issue) => ({
    ...issue,
    code: "unknown_field",
    message: `${issue.message}: ignored`,
  }));
  const second = CaseSchema.safeParse(
    withoutKeys(
      input,
      unknown.map((issue) => ({ path: issue.path, keys: (issue as { keys: string[] }).keys })),
    ),
    { reportInput: true },
  );
  if (!second.success) throw new PolicyError(fromZodIssues(second.error.issues) as [Issue, ...Issue[]]);
  return { case: second.data, warnings };
}
