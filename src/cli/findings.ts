/**
 * Problems found in a JSON file, located by line and column, and their text.
 *
 * @module
 */
import type { Issue } from "../core/errors.js";
import { issueMessage, type Lang } from "../core/messages.js";
import { readText } from "./io.js";
import { jsonPositions, positionOf } from "../core/json-positions.js";
import { readJsonText, type JsonTextProblem } from "../core/json-text.js";
import { terminalSafe } from "./terminal.js";

/** One problem in a file, located. */
export interface Finding {
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
  readonly code: string;
  readonly path: string;
  readonly message: string;
  readonly expected?: string;
  readonly found?: string;
  /** Lint only: error or warning. */
  readonly severity?: string;
}

/** An issue, or a lint finding with its severity, before it is located in its file. */
type Located = Pick<Issue, "path" | "message" | "expected" | "found"> & { readonly code: string; readonly severity?: string };

/**
 * Reads a JSON file and locates each of the issues `check` finds in it. Text
 * that is not JSON, nests too deep or gives a key twice is a finding too
 * (with `options.severity`, for lint), located by line and column and never
 * quoting the text.
 */
export function checkJsonFile(
  file: string,
  lang: Lang,
  check: (json: unknown) => readonly Located[],
  options: { readonly severity?: string } = {},
): Finding[] {
  const text = readText(file);
  const read = readJsonText(text, file);
  const located = (problem: JsonTextProblem): Finding => ({
    file,
    ...problem.position,
    code: problem.issue.code,
    path: problem.issue.path,
    message: issueMessage(problem.issue, lang),
    ...(problem.issue.expected !== undefined ? { expected: problem.issue.expected } : {}),
    ...(problem.issue.found !== undefined ? { found: problem.issue.found } : {}),
    ...(options.severity !== undefined ? { severity: options.severity } : {}),
  });
  const duplicates = read.duplicates.map(located);
  if (read.stop) return [...duplicates, located(read.stop)];
  const positions = jsonPositions(text);
  return [
    ...duplicates,
    ...check(read.value).map((issue) => {
      const finding: Finding = {
        file,
        ...positionOf(positions, issue.path, issue.code === "unrecognized_keys"),
        code: issue.code,
        path: issue.path,
        message: issueMessage(issue as Issue, lang),
      };
      return {
        ...finding,
        ...(issue.expected !== undefined ? { expected: issue.expected } : {}),
        ...(issue.found !== undefined ? { found: issue.found } : {}),
        ...(issue.severity !== undefined ? { severity: issue.severity } : {}),
      };
    }),
  ];
}

/** Writes findings as `file:line:column  path  message`, with what was expected and found. */
export function formatFinding(finding: Finding, lang: Lang): string {
  const where = `${finding.file}:${finding.line ?? 1}:${finding.column ?? 1}`;
  const words = lang === "zh" ? { expected: "应为", found: "实际" } : { expected: "expected", found: "found" };
  const detail = [
    finding.expected !== undefined ? `${words.expected}: ${finding.expected}` : "",
    finding.found !== undefined ? `${words.found}: ${finding.found}` : "",
  ]
    .filter(Boolean)
    .join("; ");
  return terminalSafe(`${where}  ${finding.path || "/"}  [${finding.code}] ${finding.message}${detail ? `\n    ${detail}` : ""}`);
}
