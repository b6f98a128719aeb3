/**
 * Problems found in a JSON file, located by line and column, and their text.
 *
 * @module
 */
import {
  issueMessage,
  type Issue,
  type Lang,
} from "../index.js";
import { readText } from "./io.js";
import { jsonPositions, positionAt, positionOf } from "../json-positions.js";

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

/** Reads a JSON file and locates each of the issues `check` finds in it. */
export function checkJsonFile(file: string, lang: Lang, check: (json: unknown) => readonly Located[]): Finding[] {
  const text = readText(file);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const offset = Number(/position (\d+)/.exec(message)?.[1] ?? 0);
    const issue: Issue = { code: "invalid_json", path: "", message };
    return [{ file, ...positionAt(text, offset), code: issue.code, path: "", message: issueMessage(issue, lang) }];
  }
  const positions = jsonPositions(text);
  return check(json).map((issue) => {
    const finding: Finding = { file, ...positionOf(positions, issue.path, issue.code === "unrecognized_keys"), code: issue.code, path: issue.path, message: issueMessage(issue as Issue, lang) };
    return {
      ...finding,
      ...(issue.expected !== undefined ? { expected: issue.expected } : {}),
      ...(issue.found !== undefined ? { found: issue.found } : {}),
      ...(issue.severity !== undefined ? { severity: issue.severity } : {}),
    };
  });
}

/** Writes findings as `file:line:column  path  message`, with what was expected and found. */
export function formatFinding(finding: Finding, lang: Lang): string {
  const where = `${finding.file}:${finding.line ?? 1}:${finding.column ?? 1}`;
  const words = lang === "zh" ? { expected: "应为", found: "实际" } : { expected: "expected", found: "found" };
  const detail = [finding.expected !== undefined ? `${words.expected}: ${finding.expected}` : "", finding.found !== undefined ? `${words.found}: ${finding.found}` : ""].filter(Boolean).join("; ");
  return `${where}  ${finding.path || "/"}  [${finding.code}] ${finding.message}${detail ? `\n    ${detail}` : ""}`;
}
