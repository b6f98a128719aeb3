/**
 * Analysts' case files on disk: a sentence naming what the case shows, the
 * case, and the part of the decision it must produce. `fdr test` runs a folder
 * of them. Node-only (reads files); the checking itself is in case-check.ts,
 * which runs anywhere.
 *
 * @module
 */
import { readdirSync, readFileSync, realpathSync, statSync } from "node:fs";
import { join } from "node:path";
import { PolicyError } from "../core/errors.js";
import type { Pack } from "../pack/load.js";
import { checkCaseFile, parseCaseFile, type CaseResult, type JsonTextParser } from "./case-check.js";

export { compareExpected, MAX_YAML_ALIASES, type CaseFile, type CaseResult, type JsonTextParser, type Mismatch } from "./case-check.js";

/** The file's text, or an `io_error` naming the file (missing, a dangling symlink, a symlink loop, a folder …). */
function readCaseText(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new PolicyError([{ code: "io_error", path: "", message: `cannot read ${file}${code ? ` (${code})` : ""}` }]);
  }
}

/** Options of {@link runCaseFile}. */
export interface RunCaseFileOptions {
  /** Reads a file as text (the CLI decodes strictly, with `--encoding`); by default UTF-8. */
  readonly read?: (file: string) => string;
  /** Parses JSON text (the CLI's parser also refuses keys given twice); by default `JSON.parse`. */
  readonly parseJson?: JsonTextParser;
}

/**
 * Runs one case file: evaluates its case and compares the decision with what
 * it expects. A file expecting `{ "errors": [...] }` passes when the case is
 * refused with those issues.
 *
 * @param packs - packs by id beyond the bundled ones (e.g. an edited copy)
 * @param options - how the file is read (`read`; default UTF-8) and how its
 *   JSON text is parsed (`parseJson`; default `JSON.parse`, the CLI's also
 *   refuses keys given twice)
 * @throws PolicyError naming the file when it cannot be read or parsed (YAML
 *   with more than {@link MAX_YAML_ALIASES} aliases is refused), or is not a case file.
 */
export function runCaseFile(file: string, packs: ReadonlyMap<string, Pack> = new Map(), options: RunCaseFileOptions = {}): CaseResult {
  const raw = options.read ? options.read(file) : readCaseText(file);
  return checkCaseFile(file, parseCaseFile(raw, file, options.parseJson), packs);
}

/**
 * Every case file (`.json`, `.yaml`, `.yml`) under a folder, sorted. A name
 * that cannot be followed (a dangling symlink, a symlink loop) is listed when
 * it looks like a case file, so that running it reports it; a folder reached
 * twice (a symlink to a parent) is walked once.
 */
export function findCaseFiles(folder: string, seen: Set<string> = new Set()): string[] {
  let real: string;
  try {
    real = realpathSync(folder);
  } catch {
    return [];
  }
  if (seen.has(real)) return [];
  seen.add(real);
  return readdirSync(folder)
    .sort()
    .flatMap((name) => {
      const path = join(folder, name);
      let directory = false;
      try {
        directory = statSync(path).isDirectory();
      } catch {
        directory = false;
      }
      if (directory) return findCaseFiles(path, seen);
      return /\.(json|ya?ml)$/i.test(name) ? [path] : [];
    });
}
