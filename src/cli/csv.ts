/**
 * CSV records from text, through csv-parse's streaming parser: quoted cells
 * may hold line breaks, and each record is numbered by the physical line
 * where it starts. A record the parser cannot read (a quote never closed, a
 * stray quote, a record longer than the line limit) is an error record at its
 * line, never a crash and never lost.
 *
 * @module
 */
import { Readable } from "node:stream";
import { parse, type CsvError } from "csv-parse";
import { MAX_LINE_BYTES } from "../batch/batch.js";
import type { Issue } from "../core/errors.js";

/** One CSV record: its cells, or why it could not be read; `line` is where it starts. */
export type CsvRecord = { readonly line: number; readonly cells: string[] } | { readonly line: number; readonly error: Issue };

/** Line breaks in a record's raw text, not counting leading blank lines nor its own end. */
function innerBreaks(raw: string): number {
  const body = raw.replace(/^\n+/, "").replace(/\n$/, "");
  let count = 0;
  for (let at = body.indexOf("\n"); at >= 0; at = body.indexOf("\n", at + 1)) count++;
  return count;
}

/**
 * Parses CSV text (line ends already LF, as `decodeStream` gives them) into
 * records, in order, blank lines skipped.
 */
export async function* csvRecords(text: AsyncIterable<string>): AsyncGenerator<CsvRecord> {
  const parser = parse({ info: true, raw: true, relax_column_count: true, skip_empty_lines: true, skip_records_with_error: true, record_delimiter: "\n", max_record_size: MAX_LINE_BYTES });
  const source = Readable.from(text);
  // A decoding error (a PolicyError naming the line) ends the records with that error.
  source.on("error", (error) => parser.destroy(error));
  source.pipe(parser);
  const skipped: CsvRecord[] = [];
  parser.on("skip", (failure: CsvError & { lines?: number }) => {
    const line = failure.lines ?? 0;
    skipped.push({ line, error: { code: "invalid_value", path: "", message: `the CSV record at line ${line} cannot be read: ${failure.message}`, expected: "CSV cells, quotes closed" } });
  });
  for await (const record of parser as AsyncIterable<{ record: string[]; info: { lines: number }; raw: string }>) {
    const line = record.info.lines - innerBreaks(record.raw);
    while (skipped.length > 0 && (skipped[0] as CsvRecord).line < line) yield skipped.shift() as CsvRecord;
    yield { line, cells: record.record };
  }
  yield* skipped.sort((a, b) => a.line - b.line);
}
