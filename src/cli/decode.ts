/**
 * Bytes to text, strictly, for every file the CLI reads.
 *
 * - UTF-8 by default; a byte-order mark (BOM) is dropped, in every file alike.
 * - UTF-16 (LE or BE) when the file starts with its BOM (Excel's "Unicode text").
 * - GB18030 (GBK is a subset) with `--encoding gb18030`, through Node's
 *   built-in `TextDecoder("gb18030")`.
 * - Bytes that are not valid in the encoding are an error naming the line,
 *   suggesting `--encoding gb18030` when the bytes read as GB18030. Nothing is
 *   ever replaced by U+FFFD.
 * - A zip signature (`PK\x03\x04`) is an Excel workbook (or another archive),
 *   named as such.
 *
 * @module
 */
import { closeSync, openSync, readSync } from "node:fs";
import { PolicyError } from "../core/errors.js";
import { readsAsGb18030 } from "../batch/batch.js";
import { cliError, current, type Encoding } from "./messages.js";

/** The first bytes of a zip archive, such as an `.xlsx` workbook. */
const ZIP_SIGNATURE = [0x50, 0x4b, 0x03, 0x04] as const;

/** Whether bytes start with a zip signature (an `.xlsx` workbook is a zip archive). */
export function isZip(bytes: Uint8Array): boolean {
  return ZIP_SIGNATURE.every((byte, index) => bytes[index] === byte);
}

/** The encoding a byte-order mark announces, and its length; undefined without one. */
export function bomOf(bytes: Uint8Array): { encoding: "utf-8" | "utf-16le" | "utf-16be"; length: number } | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: "utf-8", length: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: "utf-16le", length: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: "utf-16be", length: 2 };
  return undefined;
}

/** Whether bytes read as GB18030 text (the batch layer's test). */
export { readsAsGb18030 };

/** The 1-based line holding the first bytes that do not decode in `encoding`. */
function firstBadLine(bytes: Uint8Array, encoding: string): number {
  const decoder = new TextDecoder(encoding, { fatal: true, ignoreBOM: true });
  let line = 1;
  let start = 0;
  for (;;) {
    const end = bytes.indexOf(10, start);
    try {
      decoder.decode(bytes.subarray(start, end < 0 ? bytes.length : end));
    } catch {
      return line;
    }
    if (end < 0) return line;
    line++;
    start = end + 1;
  }
}

/** The error for a zip archive read as text. */
export function excelFileError(source: string): PolicyError {
  return cliError(
    "invalid_value",
    {
      en: `${source} is an Excel workbook (.xlsx) or another zip archive, not text: fdr batch reads .xlsx files; for other commands save it as JSON or CSV`,
      zh: `${source} 是 Excel 工作簿（.xlsx）或其他 zip 压缩文件，不是文本：fdr batch 可以读取 .xlsx；其他命令请另存为 JSON 或 CSV`,
    },
    { expected: { en: "a text file", zh: "文本文件" } },
  );
}

/** The error for bytes that are not valid text in `encoding`, at `line`. */
export function encodingError(source: string, line: number, encoding: Encoding, gb18030: boolean): PolicyError {
  if (encoding === "gb18030") {
    return cliError(
      "invalid_value",
      { en: `${source}: line ${line} is not valid GB18030 text`, zh: `${source}：第 ${line} 行不是有效的 GB18030 文本` },
      { expected: { en: "GB18030 (GBK) text", zh: "GB18030（GBK）文本" } },
    );
  }
  const hint = gb18030
    ? {
        en: "; it reads as GB18030 (GBK, as Chinese Windows saves it): add --encoding gb18030",
        zh: "；按 GB18030（GBK，中文 Windows 的默认编码）可以读取：请加 --encoding gb18030",
      }
    : { en: "", zh: "" };
  return cliError(
    "invalid_value",
    { en: `${source}: line ${line} is not valid UTF-8${hint.en}`, zh: `${source}：第 ${line} 行不是有效的 UTF-8${hint.zh}` },
    { expected: { en: "UTF-8 text (or --encoding gb18030)", zh: "UTF-8 文本（或 --encoding gb18030）" } },
  );
}

/**
 * Decodes a file's bytes strictly (see the module's notes).
 *
 * @param source - the file's name, for messages
 * @param encoding - how bytes without a BOM are read
 * @throws PolicyError when the bytes are not valid text, or are a zip archive
 */
export function decodeText(bytes: Uint8Array, source: string, encoding: Encoding = current().encoding): string {
  if (isZip(bytes)) throw excelFileError(source);
  const bom = bomOf(bytes);
  if (bom && bom.encoding !== "utf-8") {
    try {
      return new TextDecoder(bom.encoding, { fatal: true, ignoreBOM: true }).decode(bytes.subarray(bom.length));
    } catch {
      throw cliError("invalid_value", {
        en: `${source} starts with a ${bom.encoding.toUpperCase()} byte-order mark but is not valid ${bom.encoding.toUpperCase()} text`,
        zh: `${source} 以 ${bom.encoding.toUpperCase()} 字节顺序标记开头，但内容不是有效的 ${bom.encoding.toUpperCase()} 文本`,
      });
    }
  }
  const body = bom ? bytes.subarray(bom.length) : bytes;
  const name = bom ? "utf-8" : encoding;
  try {
    return new TextDecoder(name, { fatal: true, ignoreBOM: true }).decode(body);
  } catch {
    const line = firstBadLine(body, name);
    throw encodingError(source, line, name, name === "utf-8" && readsAsGb18030(body));
  }
}

/**
 * Reads a whole file (or standard input for `-`) up to `maxBytes`, so that
 * `/dev/zero` or a runaway pipe is refused instead of read for ever.
 *
 * @throws PolicyError `io_error` when it cannot be read, `too_big` past the limit
 */
export function readBytes(path: string, maxBytes: number = current().maxFileBytes): Uint8Array {
  const name = path === "-" ? "standard input" : path;
  let fd: number;
  try {
    fd = path === "-" ? 0 : openSync(path, "r");
  } catch (error) {
    throw cliError("io_error", {
      en: `cannot read ${name}: ${(error as Error).message}`,
      zh: `无法读取 ${name}：${(error as Error).message}`,
    });
  }
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(1024 * 1024, maxBytes + 1 - total));
      let read: number;
      try {
        read = readSync(fd, chunk, 0, chunk.length, null);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "EAGAIN") continue;
        if ((error as NodeJS.ErrnoException).code === "EOF") break;
        throw cliError("io_error", {
          en: `cannot read ${name}: ${(error as Error).message}`,
          zh: `无法读取 ${name}：${(error as Error).message}`,
        });
      }
      if (read === 0) break;
      chunks.push(chunk.subarray(0, read));
      total += read;
      if (total > maxBytes) {
        const mb = Math.round((maxBytes / 1024 / 1024) * 100) / 100;
        throw cliError(
          "too_big",
          {
            en: `${name} is larger than ${mb} MB, the limit for a pack or case file; raise it with --max-file-mb <n>`,
            zh: `${name} 超过 ${mb} MB（规则包或案例文件的上限）；可用 --max-file-mb <n> 提高上限`,
          },
          { expected: { en: `at most ${maxBytes} bytes`, zh: `不超过 ${maxBytes} 字节` } },
        );
      }
    }
  } finally {
    if (path !== "-") closeSync(fd);
  }
  return Buffer.concat(chunks, total);
}

/** Reads and decodes a file (or standard input for `-`) strictly. */
export function readDecoded(path: string): string {
  return decodeText(readBytes(path), path === "-" ? "standard input" : path);
}

/** A byte stream's first chunk, and the whole stream (that chunk included). */
export async function peek(chunks: AsyncIterable<Uint8Array>): Promise<{ head: Uint8Array; all: AsyncIterable<Uint8Array> }> {
  const iterator = chunks[Symbol.asyncIterator]();
  let first = await iterator.next();
  while (!first.done && first.value.length === 0) first = await iterator.next();
  const head = first.done ? new Uint8Array(0) : first.value;
  async function* all(): AsyncGenerator<Uint8Array> {
    if (head.length > 0) yield head;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  }
  return { head, all: all() };
}

/**
 * Decodes a byte stream strictly into text chunks, with line ends made LF
 * (CRLF and a lone CR alike): UTF-8 (BOM dropped), UTF-16 with its BOM, or
 * GB18030 with `encoding: "gb18030"`.
 *
 * @throws PolicyError at the first bytes that are not valid text, naming the line
 */
export async function* decodeStream(
  head: Uint8Array,
  chunks: AsyncIterable<Uint8Array>,
  source: string,
  encoding: Encoding = current().encoding,
): AsyncGenerator<string> {
  if (isZip(head)) throw excelFileError(source);
  const bom = bomOf(head);
  const name = bom ? bom.encoding : encoding;
  const decoder = new TextDecoder(name, { fatal: true });
  let line = 1;
  let heldCr = false;
  const normalize = (text: string): string => {
    let out = heldCr ? "\r" + text : text;
    heldCr = out.endsWith("\r");
    if (heldCr) out = out.slice(0, -1);
    out = out.includes("\r") ? out.replace(/\r\n?/g, "\n") : out;
    for (let at = out.indexOf("\n"); at >= 0; at = out.indexOf("\n", at + 1)) line++;
    return out;
  };
  for await (const chunk of chunks) {
    let text: string;
    try {
      text = decoder.decode(chunk, { stream: true });
    } catch {
      const bad = line - 1 + (name.startsWith("utf-16") ? 1 : firstBadLine(chunk, name));
      const gb = name === "utf-8" && new TextDecoder("gb18030", { fatal: false }).decode(chunk, { stream: true }).indexOf("\ufffd") < 0;
      throw encodingError(source, bad, name === "gb18030" ? "gb18030" : "utf-8", gb);
    }
    if (text.length > 0) yield normalize(text);
  }
  let rest: string;
  try {
    rest = decoder.decode();
  } catch {
    throw encodingError(source, line, name === "gb18030" ? "gb18030" : "utf-8", false);
  }
  const last = normalize(rest) + (heldCr ? "\n" : "");
  if (last.length > 0) yield last;
}
