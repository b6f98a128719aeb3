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
import { CSV_PARSE_OPTIONS, csvRecordLine, unreadableCsvRecord, type CsvRecord } from "../batch/population-text.js";

export type { CsvRecord } from "../batch/population-text.js";

/**
 * Parses CSV text (line ends already LF, as `decodeStream` gives them) into
 * records, in order, blank lines skipped.
 */
export async function* csvRecords(text: AsyncIterable<string>): AsyncGenerator<CsvRecord> {
  // The options the studio's in-memory reader uses too (csvTextRecords): both read a file alike.
  const parser = parse({ ...CSV_PARSE_OPTIONS });
  const source = Readable.from(text);
  // A decoding error (a PolicyError naming the line) ends the records with that error.
  source.on("error", (error) => parser.destroy(error));
  source.pipe(parser);
  const skipped: CsvRecord[] = [];
  parser.on("skip", (failure: CsvError & { lines?: number }) => {
    const line = failure.lines ?? 0;
    skipped.push(unreadableCsvRecord(line, failure.message));
  });
  for await (const record of parser as AsyncIterable<{ record: string[]; info: { lines: number }; raw: string }>) {
    const line = csvRecordLine(record.info.lines, record.raw);
    while (skipped.length > 0 && (skipped[0] as CsvRecord).line < line) yield skipped.shift() as CsvRecord;
    yield { line, cells: record.record };
  }
  yield* skipped.sort((a, b) => a.line - b.line);
}
