/**
 * Analysts' case files, checked from their text: the part of `fdr test` that
 * runs anywhere JavaScript runs — `fdr test` reads the files from disk (see
 * casefile.ts), `fdr studio` from files opened in the browser. A case file
 * gives a sentence naming what the case shows, the case, and the part of the
 * decision it must produce.
 *
 * @module
 */
import { parse as parseYaml } from "yaml";
import { evaluate } from "../policy/api.js";
import { isPolicyError, PolicyError, tooDeep, type Issue } from "../core/errors.js";
import { bundledPackIds, loadPack, type Pack } from "../pack/load.js";
import { findPack } from "../pack/find.js";
import { parseCase } from "../model/parse.js";
import { jsonDifferences } from "./json-diff.js";

/** A case file as written. */
export interface CaseFile {
  /** A sentence saying what the case shows. */
  readonly name: string;
  /** The pack id; by default the folder's name when it is a bundled pack, else the pack in force for the case. */
  readonly pack?: string;
  /** How each expected value follows from the policy (optional, for readers). */
  readonly derivation?: readonly string[];
  readonly case: unknown;
  /**
   * The part of the decision the case must produce; or `{ "errors": [...] }`
   * for a case that must be refused. A `null` where the decision has a
   * section (`"fee": null`) says the section must be absent.
   */
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
 * out object keys (a partial decision) but lists must match in length and order
 * (the walker `fdr diff` uses, {@link jsonDifferences}, with `partial`).
 * An expected `null` matches a `null` value or an absent one: `"fee": null`
 * asserts that the decision has no fee section.
 *
 * @example
 * compareExpected({ fee: { total: "35.50" } }, { fee: { total: "36.50", payers: {} } });
 * //=> [{ path: "/fee/total", expected: "35.50", actual: "36.50" }]
 */
export function compareExpected(expected: unknown, actual: unknown): Mismatch[] {
  return jsonDifferences(expected, actual, { partial: true }).map(({ path, left, right }) => ({ path, expected: left, actual: right }));
}

/**
 * How many YAML aliases a case file may use: enough for any case, far too few
 * for an alias bomb (a few lines that expand to millions of nodes).
 */
export const MAX_YAML_ALIASES = 100;

/** Reads JSON text of a case file; the CLI gives one that also refuses keys given twice. */
export type JsonTextParser = (text: string, file: string) => unknown;

const plainJson: JsonTextParser = (text, file) => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new PolicyError([{ code: "invalid_json", path: "", message: `${file} is not valid JSON`, expected: "a JSON document" }]);
  }
};

function parseCaseYaml(text: string, file: string): unknown {
  try {
    return parseYaml(text, { maxAliasCount: MAX_YAML_ALIASES });
  } catch (error) {
    if (error instanceof RangeError) {
      throw new PolicyError([
        { code: "too_deep", path: "", message: `${file} nests too deep to read`, expected: "a YAML case file of a few levels" },
      ]);
    }
    if (error instanceof ReferenceError) {
      throw new PolicyError([
        {
          code: "invalid_value",
          path: "",
          message: `${file} uses more than ${MAX_YAML_ALIASES} YAML aliases: refused`,
          expected: `at most ${MAX_YAML_ALIASES} aliases`,
        },
      ]);
    }
    const at = (error as { linePos?: [{ line: number; col: number }] }).linePos?.[0];
    const code = (error as { code?: string }).code;
    const where = at ? ` at line ${at.line}, column ${at.col}` : "";
    throw new PolicyError([
      {
        code: code === "DUPLICATE_KEY" ? "duplicate_key" : "invalid_value",
        path: "",
        message: `${file} is not valid YAML${code ? ` (${code})` : ""}${where}`,
        expected: "a YAML case file",
      },
    ]);
  }
}

/**
 * A case file from its text: YAML for a name ending .yaml or .yml, else JSON
 * (through `parseJson`; by default `JSON.parse`). A byte-order mark is dropped.
 *
 * @throws PolicyError naming the file when it cannot be parsed, nests too deep,
 *   or is not a case file ({ name, case, expected })
 */
export function parseCaseFile(raw: string, file: string, parseJson: JsonTextParser = plainJson): CaseFile {
  // A byte-order mark (Notepad saves one) is dropped, as everywhere else.
  const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  const data = (/\.ya?ml$/i.test(file) ? parseCaseYaml(text, file) : parseJson(text, file)) as CaseFile;
  // `expected` is compared recursively: bound the whole file's depth first.
  const deep = tooDeep(data);
  if (deep) throw new PolicyError([{ ...deep, message: `${file}: ${deep.message}` }]);
  if (!data || typeof data !== "object" || typeof data.name !== "string" || !("case" in data) || typeof data.expected !== "object") {
    throw new PolicyError([
      {
        code: "invalid_value",
        path: "",
        message: `${file} is not a case file`,
        expected: "{ name, case, expected } (and optionally pack, derivation)",
      },
    ]);
  }
  return data;
}

/** The name of the folder a file is in (`yueyang-2023` for `cases/yueyang-2023/01.json`), with / or \\ separators. */
function folderOf(file: string): string {
  const parts = file.split(/[\\/]/);
  return parts.length > 1 ? (parts[parts.length - 2] as string) : "";
}

function packFor(file: string, caseFile: CaseFile, packs: ReadonlyMap<string, Pack>): Pack {
  const id = caseFile.pack ?? folderOf(file);
  const known = packs.get(id) ?? (bundledPackIds().includes(id) ? loadPack(id) : undefined);
  if (known) return known;
  if (caseFile.pack !== undefined) {
    throw new PolicyError([
      { code: "unknown_pack", path: "/pack", message: `no pack ${JSON.stringify(caseFile.pack)}`, expected: bundledPackIds().join(", ") },
    ]);
  }
  const { case: kase } = parseCase(caseFile.case);
  return findPack(kase.resident.regionCode, kase.asOf, [...packs.values(), ...bundledPackIds().map((bundled) => loadPack(bundled))]);
}

/**
 * Checks a parsed case file: evaluates its case under its pack and compares
 * the decision with what it expects. A file expecting `{ "errors": [...] }`
 * passes when the case is refused with those issues.
 *
 * @param file - the file's name or path (its folder names the pack by default)
 * @param packs - packs by id beyond the bundled ones (e.g. an edited copy)
 */
export function checkCaseFile(file: string, caseFile: CaseFile, packs: ReadonlyMap<string, Pack> = new Map()): CaseResult {
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
