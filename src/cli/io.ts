/**
 * What every command shares: exit codes, where output goes, reading files and packs.
 *
 * @module
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { PolicyError } from "../core/errors.js";
import type { Lang } from "../core/messages.js";
import { bundledPackIds, loadPack, type Pack } from "../pack/load.js";
import { parseJsonText as parseStrictJsonText } from "../core/json-text.js";
import { terminalSafe } from "./terminal.js";
import { readDecoded } from "./decode.js";
import { cliError, current, type Text } from "./messages.js";

/** Exit codes shared by every command. */
export const EXIT = { ok: 0, problems: 1, invalid: 2 } as const;

/** Where the package's files are (dist/.. when built). */
export function packageRoot(): string {
  return fileURLToPath(new URL("..", import.meta.url));
}

/** A usage error: an `invalid_arguments` issue, in the run's language. */
export function usage(message: Text | string, found?: string): PolicyError {
  const text = typeof message === "string" ? { en: message, zh: message } : message;
  return cliError("invalid_arguments", text, found === undefined ? {} : { found });
}

/**
 * Reads a file (or standard input for `-`) as text, strictly: UTF-8 with or
 * without a BOM, UTF-16 with its BOM, or GB18030 with `--encoding gb18030`;
 * at most `--max-file-mb` (see `decode.ts`).
 */
export function readText(path: string): string {
  return readDecoded(path);
}

/**
 * Parses the JSON text of a pack or case file: a syntax error, a key given
 * twice or nesting too deep is a PolicyError located by line and column,
 * which never quotes the text (see json-text.ts).
 */
export function parseJsonText(text: string, source: string): unknown {
  return parseStrictJsonText(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, source === "-" ? "standard input" : source);
}

/**
 * A bundled pack by id, or a pack file by path. A pack file that keeps the id
 * of a bundled pack but differs from it (an edited copy) is loaded, and
 * `warn` is told so: its decisions carry its own hash.
 */
export function resolvePack(idOrPath: string, warn?: (text: string) => void): Pack {
  return resolvePackSource(idOrPath, warn).pack;
}

/** The warning for a pack file that keeps a bundled id but is not the bundled pack, in the run's language (`--lang`, else the locale). */
export function editedCopyWarning(file: string, pack: Pack, lang: Lang = current().lang): string | undefined {
  if (!bundledPackIds().includes(pack.id) || pack.hash === loadPack(pack.id).hash) return undefined;
  return lang === "zh"
    ? `警告：${file} 使用内置规则包的 id ${pack.id}，但内容与内置规则包不同；其决定带有自己的哈希 ${pack.hash}`
    : `warning: ${file} has the id ${pack.id} but differs from the bundled pack ${pack.id}; its decisions carry its own hash ${pack.hash}`;
}

/** A pack, and what a worker thread needs to load it again (its id, or its JSON). */
export function resolvePackSource(idOrPath: string, warn?: (text: string) => void): { pack: Pack; source: string | object } {
  if (bundledPackIds().includes(idOrPath)) return { pack: loadPack(idOrPath), source: idOrPath };
  if (existsSync(idOrPath)) {
    const json = parseJsonText(readText(idOrPath), idOrPath) as object;
    const pack = loadPack(json);
    const warning = editedCopyWarning(idOrPath, pack);
    if (warning !== undefined) warn?.(terminalSafe(warning));
    return { pack, source: json };
  }
  throw cliError(
    "unknown_pack",
    {
      en: `no bundled pack has the id ${JSON.stringify(idOrPath)} and no file has that path`,
      zh: `没有 id 为 ${JSON.stringify(idOrPath)} 的内置规则包，也没有这个路径的文件`,
    },
    {
      expected: {
        en: `one of ${bundledPackIds().join(", ")}, or the path of a pack file`,
        zh: `${bundledPackIds().join("、")} 之一，或规则包文件的路径`,
      },
      found: idOrPath,
    },
  );
}

/** Where the CLI writes. */
export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}

/** The language of human text: `--lang` (taken by the dispatcher for every command), else the locale. */
export function parseLang(value?: string): Lang {
  if (value === undefined) return current().lang;
  if (value !== "zh" && value !== "en") throw usage({ en: "--lang takes zh or en", zh: "--lang 只能是 zh 或 en" }, value);
  return value;
}

/** A value for a human line: JSON, or "(absent)" / "（无）". */
export function show(value: unknown): string {
  return value === undefined ? (current().lang === "zh" ? "（无）" : "(absent)") : JSON.stringify(value);
}

/** A whole-number option, or a usage error. */
export function wholeNumber(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value)))
    throw usage({ en: `--${name} takes a whole number`, zh: `--${name} 应为整数` }, value);
  return Number(value);
}
