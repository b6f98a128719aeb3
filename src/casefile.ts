/**
 * Analysts' case files: a sentence naming what the case shows, the case, and
 * the part of the decision it must produce. `fdr test` runs a folder of them.
 *
 * @module
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { parse as parseYaml } from "yaml";
import { evaluate } from "./api.js";
import { isPolicyError, PolicyError, type Issue } from "./errors.js";
import { bundledPackIds, loadPack, type Pack } from "./pack/load.js";
import { findPack } from "./pack/find.js";
import { parseCase } from "./model/parse.js";

/** A case file as written. */
export interface CaseFile {
  /** A sentence saying what the case shows. */
  readonly name: string;
  /** The pack id; by default the folder's name when it is a bundled pack, else the pack in force for the case. */
  readonly pack?: string;
  /** How each expected value follows from the policy (optional, for readers). */
  readonly derivation?: readonly string[];
  readonly case: unknown;
  /** The part of the decision the case must produce; or `{ "errors": [...] }` for a case that must be refused. */
  readonly expected: Record<string, unknown>;
}

/** One difference between what was expected and what was decided. */
export interface Mismatch {
  /** JSON Pointer into the decision. */
  readonly path: string;
  readonly expected: unknown;
  readonly actual: unknown;
}

/** The result of one case file. */
export interface CaseResult {
  readonly file: string;
  readonly name: string;
  readonly passed: boolean;
  readonly mismatches: readonly Mismatch[];
}

/**
 * The differences between `expected` and `actual`, where `expected` may leave
 * out object keys (a partial decision) but lists must match in length and order.
 *
 * @example
 * compareExpected({ fee: { total: "35.50" } }, { fee: { total: "36.50", payers: {} } });
 * //=> [{ path: "/fee/total", expected: "35.50", actual: "36.50" }]
 */
export function compareExpected(expected: unknown, actual: unknown, path = ""): Mismatch[] {
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) return [{ path, expected, actual }];
    return expected.flatMap((item, index) => compareExpected(item, actual[index], `${path}/${index}`));
  }
  if (expected !== null && typeof expected === "object") {
    if (actual === null || typeof actual !== "object" || Array.isArray(actual)) return [{ path, expected, actual }];
    return Object.entries(expected).flatMap(([key, value]) => compareExpected(value, (actual as Record<string, unknown>)[key], `${path}/${key.replace(/~/g, "~0").replace(/\//g, "~1")}`));
  }
  return Object.is(expected, actual) ? [] : [{ path, expected, actual }];
}

/** Options of {@link runCaseFile}. */
export interface RunCaseFileOptions {
  /** Reads a file as text (the CLI decodes strictly, with `--encoding`); by default UTF-8. */
  readonly read?: (file: string) => string;
}

function readCaseFile(file: string, read: (file: string) => string = (path) => readFileSync(path, "utf8")): CaseFile {
  const raw = read(file);
  // A byte-order mark (Notepad saves one) is dropped, as everywhere else.
  const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  const data = (/\.ya?ml$/i.test(file) ? parseYaml(text) : JSON.parse(text)) as CaseFile;
  if (!data || typeof data !== "object" || typeof data.name !== "string" || !("case" in data) || typeof data.expected !== "object") {
    throw new PolicyError([{ code: "invalid_value", path: "", message: `${file} is not a case file`, expected: "{ name, case, expected } (and optionally pack, derivation)" }]);
  }
  return data;
}

function packFor(file: string, caseFile: CaseFile, packs: ReadonlyMap<string, Pack>): Pack {
  const id = caseFile.pack ?? basename(dirname(file));
  const known = packs.get(id) ?? (bundledPackIds().includes(id) ? loadPack(id) : undefined);
  if (known) return known;
  if (caseFile.pack !== undefined) {
    throw new PolicyError([{ code: "unknown_pack", path: "/pack", message: `no pack ${JSON.stringify(caseFile.pack)}`, expected: bundledPackIds().join(", ") }]);
  }
  const { case: kase } = parseCase(caseFile.case);
  return findPack(kase.resident.regionCode, kase.asOf, [...packs.values(), ...bundledPackIds().map((bundled) => loadPack(bundled))]);
}

/**
 * Runs one case file: evaluates its case and compares the decision with what
 * it expects. A file expecting `{ "errors": [...] }` passes when the case is
 * refused with those issues.
 *
 * @param packs - packs by id beyond the bundled ones (e.g. an edited copy)
 */
export function runCaseFile(file: string, packs: ReadonlyMap<string, Pack> = new Map(), options: RunCaseFileOptions = {}): CaseResult {
  const caseFile = readCaseFile(file, options.read);
  let actual: unknown;
  try {
    actual = evaluate(packFor(file, caseFile, packs), caseFile.case);
  } catch (error) {
    if (!isPolicyError(error)) throw error;
    actual = { errors: error.issues.map((issue: Issue) => ({ ...issue })) };
  }
  const mismatches = compareExpected(caseFile.expected, actual);
  return { file, name: caseFile.name, passed: mismatches.length === 0, mismatches };
}

/** Every case file (`.json`, `.yaml`, `.yml`) under a folder, sorted. */
export function findCaseFiles(folder: string): string[] {
  return readdirSync(folder)
    .sort()
    .flatMap((name) => {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) return findCaseFiles(path);
      return /\.(json|ya?ml)$/i.test(name) ? [path] : [];
    });
}
