/**
 * The studio's live checks of a pack's text: JSON syntax, `validatePack` and
 * `lintPack`, each finding placed at its line and column, in the chosen
 * language. No DOM here, so Node tests run it too.
 *
 * @module
 */
import { jsonPositions, positionOf } from "../core/json-positions.js";
import { readJsonText } from "../core/json-text.js";
import { issueMessage, type Lang } from "../core/messages.js";
import { lintPack } from "../pack/lint.js";
import { loadPack, validatePack, type Pack } from "../pack/load.js";
import { BUNDLED_PACK_IDS } from "../pack/bundled.js";
import { lintMessage } from "./i18n.js";

/** One problem in the pack's text, located. */
export interface StudioFinding {
  readonly line: number;
  readonly column: number;
  readonly code: string;
  readonly severity: "error" | "warning";
  /** JSON Pointer into the pack ("" for the whole text). */
  readonly path: string;
  readonly message: string;
  readonly expected?: string;
  readonly found?: string;
}

/** The result of checking a pack's text. */
export interface PackCheck {
  /** The loaded pack when the text is a valid pack (lint warnings and errors do not stop it). */
  readonly pack?: Pack;
  /** Whether the text is an overlay (`extends`). */
  readonly overlay: boolean;
  readonly findings: readonly StudioFinding[];
  /** The parsed JSON, when the text is JSON. */
  readonly json?: unknown;
}

interface Located {
  readonly code: string;
  readonly path: string;
  readonly message: string;
  readonly severity: "error" | "warning";
  readonly expected?: string;
  readonly found?: string;
}

/**
 * Checks a pack's text as `fdr validate` and `fdr lint` do: a text that is not
 * JSON gives one `invalid_json` finding; an invalid pack its validation issues;
 * a valid pack its lint findings. Each finding has a line and a column.
 *
 * @example
 * checkPackText('{"id": 1}', "en").findings[0]?.line; //=> 1
 */
export function checkPackText(text: string, lang: Lang): PackCheck {
  // Read as `fdr validate` and `fdr lint` read a file: the same scanner, so the same line and column.
  const read = readJsonText(text, "pack");
  const textProblems = read.stop ? [...read.duplicates, read.stop] : read.duplicates;
  if (textProblems.length > 0) {
    return {
      overlay: false,
      findings: textProblems.map(({ issue, position }) => ({
        ...position,
        code: issue.code,
        severity: "error",
        path: issue.path,
        message: issueMessage(issue, lang),
      })),
    };
  }
  const json = read.value;
  const overlay =
    json !== null && typeof json === "object" && !Array.isArray(json) && Object.prototype.hasOwnProperty.call(json, "extends");
  const issues = validatePack(json);
  let located: Located[];
  let pack: Pack | undefined;
  if (issues.length > 0) {
    located = issues.map((issue) => ({ ...issue, message: issueMessage(issue, lang), severity: "error" as const }));
  } else {
    pack = loadPack(json as object);
    located = lintPack(pack.data).map((finding) => ({ ...finding, message: lintMessage(finding.code, finding.message, lang) }));
  }
  const positions = jsonPositions(text);
  const findings = located.map((found): StudioFinding => {
    const where = positionOf(positions, found.path, found.code === "unrecognized_keys") ?? { line: 1, column: 1 };
    return {
      line: where.line,
      column: where.column,
      code: found.code,
      severity: found.severity,
      path: found.path,
      message: found.message,
      ...(found.expected !== undefined ? { expected: found.expected } : {}),
      ...(found.found !== undefined ? { found: found.found } : {}),
    };
  });
  findings.sort((a, b) => a.line - b.line || a.column - b.column);
  return { ...(pack ? { pack } : {}), overlay, findings, json };
}

/**
 * A note when a pack from a file keeps the id of a bundled pack but differs
 * from it (an edited copy): its decisions carry its own hash.
 */
export function bundledIdNote(pack: Pack | undefined): string | undefined {
  if (!pack || !BUNDLED_PACK_IDS.includes(pack.id)) return undefined;
  const bundled = loadPack(pack.id);
  return bundled.hash === pack.hash ? undefined : bundled.hash;
}
