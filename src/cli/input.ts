/**
 * The one NDJSON reader of the CLI, for `fdr batch` (a stream) and `fdr diff`
 * (a whole file): bytes cut into numbered lines by the batch's
 * {@link LineSplitter}, each line turned into a case — or into the typed
 * error that refuses it, at its line — by the batch's {@link readInput}.
 * Nothing is skipped and nothing is lost: a malformed, empty, over-long or
 * undecodable line is an error line, never a case, never dropped.
 *
 * @module
 */
import type { LineEncoding } from "../batch/batch.js";
import { ndjsonCases, type NumberedInput } from "../batch/population-text.js";
import { bomOf, decodeStream, decodeText, excelFileError, isZip, peek, readBytes } from "./decode.js";
import { current, say as localText } from "./messages.js";

/**
 * How the lines of an NDJSON file are decoded, from its first bytes: a zip
 * (an .xlsx workbook) is refused; a UTF-16 file (by its BOM) is decoded whole
 * first; else lines are UTF-8 (with a UTF-8 BOM) or the run's `--encoding`.
 *
 * @throws PolicyError for a zip archive
 */
function lineEncoding(head: Uint8Array, source: string): { readonly utf16: boolean; readonly encoding: LineEncoding } {
  if (isZip(head)) throw excelFileError(source);
  const bom = bomOf(head);
  if (bom && bom.encoding !== "utf-8") return { utf16: true, encoding: "utf-8" };
  return { utf16: false, encoding: bom ? "utf-8" : current().encoding };
}

/**
 * The bytes of an NDJSON stream as UTF-8 or the run's encoding, and that
 * encoding: UTF-16 (by its BOM) is re-encoded to UTF-8 first; a zip is
 * refused as Excel. `fdr batch --workers` hands these bytes to its workers
 * in blocks; one thread splits them with the batch's `readLineChunks`.
 *
 * @throws PolicyError for a zip archive
 */
export async function ndjsonBytes(
  chunks: AsyncIterable<Uint8Array>,
  source: string,
): Promise<{ readonly bytes: AsyncIterable<Uint8Array>; readonly encoding: LineEncoding }> {
  const { head, all } = await peek(chunks);
  const { utf16, encoding } = lineEncoding(head, source);
  if (!utf16) return { bytes: all, encoding };
  const encoder = new TextEncoder();
  async function* utf8(): AsyncGenerator<Uint8Array> {
    for await (const text of decodeStream(head, all, source)) yield encoder.encode(text);
  }
  return { bytes: utf8(), encoding };
}

/** One case of a cases file, or the issues that refuse its line. */
export type { NumberedInput };

/**
 * Every line of an NDJSON cases file (a path, or `-` for standard input) as
 * a case or as the issues that refuse it, in order, read as `fdr batch` reads
 * it (at most `--max-file-mb`).
 *
 * @throws PolicyError when the file cannot be read, is too big, or is a workbook.
 */
export function readNdjsonCases(path: string): NumberedInput[] {
  const source = path === "-" ? localText({ en: "standard input", zh: "标准输入" }) : path;
  const bytes = readBytes(path);
  const { utf16, encoding } = lineEncoding(bytes, source);
  return ndjsonCases(utf16 ? new TextEncoder().encode(decodeText(bytes, source)) : bytes, encoding);
}
