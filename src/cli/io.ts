/**
 * What every command shares: exit codes, where output goes, reading files and packs.
 *
 * @module
 */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { PolicyError, type Issue } from "../errors.js";
import { langFromEnvironment, type Lang } from "../messages.js";
import { bundledPackIds, loadPack, type Pack } from "../pack/load.js";

/** Exit codes shared by every command. */
export const EXIT = { ok: 0, problems: 1, invalid: 2 } as const;

/** Where the package's files are (dist/.. when built). */
export function packageRoot(): string {
  return fileURLToPath(new URL("..", import.meta.url));
}

/** A usage error: an `invalid_arguments` issue. */
export function usage(message: string, found?: string): PolicyError {
  const issue: Issue = found === undefined ? { code: "invalid_arguments", path: "", message } : { code: "invalid_arguments", path: "", message, found };
  return new PolicyError([issue]);
}

/** Reads a file (or standard input for `-`) as UTF-8; an `io_error` when it cannot. */
export function readText(path: string): string {
  try {
    return path === "-" ? readFileSync(0, "utf8") : readFileSync(path, "utf8");
  } catch (error) {
    throw new PolicyError([{ code: "io_error", path: "", message: `cannot read ${path === "-" ? "standard input" : path}: ${(error as Error).message}` }]);
  }
}

/** Parses JSON text, turning a syntax error into an `invalid_json` issue. */
export function parseJsonText(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new PolicyError([{ code: "invalid_json", path: "", message: `${source} is not valid JSON: ${(error as Error).message}`, expected: "a JSON document" }]);
  }
}

/** A bundled pack by id, or a pack file by path. */
export function resolvePack(idOrPath: string): Pack {
  return resolvePackSource(idOrPath).pack;
}

/** A pack, and what a worker thread needs to load it again (its id, or its JSON). */
export function resolvePackSource(idOrPath: string): { pack: Pack; source: string | object } {
  if (bundledPackIds().includes(idOrPath)) return { pack: loadPack(idOrPath), source: idOrPath };
  if (existsSync(idOrPath)) {
    const json = parseJsonText(readText(idOrPath), idOrPath) as object;
    return { pack: loadPack(json), source: json };
  }
  throw new PolicyError([
    {
      code: "unknown_pack",
      path: "",
      message: `no bundled pack has the id ${JSON.stringify(idOrPath)} and no file has that path`,
      expected: `one of ${bundledPackIds().join(", ")}, or the path of a pack file`,
      found: idOrPath,
    },
  ]);
}

/** Where the CLI writes. */
export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}

/** The language of human text: `--lang`, else the locale. */
export function parseLang(value: string | undefined): Lang {
  if (value === undefined) return langFromEnvironment(process.env);
  if (value !== "zh" && value !== "en") throw usage("--lang takes zh or en", value);
  return value;
}

/** A value for a human line: JSON, or "(absent)". */
export function show(value: unknown): string {
  return value === undefined ? "(absent)" : JSON.stringify(value);
}

/** A whole-number option, or a usage error. */
export function wholeNumber(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value))) throw usage(`--${name} takes a whole number`, value);
  return Number(value);
}
