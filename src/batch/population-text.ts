/**
 * A population's text (NDJSON or CSV) read into numbered cases, in memory and
 * synchronously: the reader `fdr diff` uses for NDJSON, and the one `fdr studio`
 * uses in the browser for NDJSON, CSV and the records of an `.xlsx` sheet. CSV
 * goes through csv-parse with the options `fdr batch`'s streaming reader uses
 * ({@link CSV_PARSE_OPTIONS}), rows become cases through {@link csvRowToCase}:
 * the CLI and the studio read a file alike. No Node built-in here (the studio's
 * bundle maps `csv-parse/sync` to csv-parse's browser build).
 *
 * @module
 */
import { parse as parseCsv, type CsvError } from "csv-parse/sync";
import {
  csvColumns,
  csvRowToCase,
  LineSplitter,
  MAX_LINE_BYTES,
  readInput,
  replaceLoneCr,
  type LineEncoding,
  type RawLine,
} from "./batch.js";
import { PolicyError, type Issue } from "../core/errors.js";

/** One case of a population, with the line where it starts (1-based). */
export interface PopulationCase {
  readonly line: number;
  readonly input: unknown;
}

/** One CSV (or sheet) record: its cells, or why it could not be read; `line` is where it starts. */
export type CsvRecord = { readonly line: number; readonly cells: string[] } | { readonly line: number; readonly error: Issue };

/** A record that could not become a case: its line and why. */
export interface UnreadableRecord {
  readonly line: number;
  readonly issues: readonly Issue[];
}

/** A population read: its cases, and the records that could not be read (never dropped silently). */
export interface Population {
  readonly cases: PopulationCase[];
  readonly unreadable: UnreadableRecord[];
}

/** One line of an NDJSON population: the case it holds, or the issues that refuse it (not JSON, empty, not valid text, too long …). */
export type NumberedInput =
  | { readonly line: number; readonly input: unknown }
  | { readonly line: number; readonly errors: readonly Issue[] };

/** The case a line holds, or the issues `fdr batch` writes for it: the one reading of an NDJSON line. */
export function caseOfLine(raw: RawLine): NumberedInput {
  const read = readInput(raw, { trace: "compact", format: "ndjson" });
  return typeof read === "string"
    ? { line: raw.line, errors: (JSON.parse(read) as { errors: Issue[] }).errors }
    : { line: raw.line, input: read.input };
}

/**
 * The lines of NDJSON bytes (UTF-8, or `encoding`), numbered from 1, each a
 * case or the issues that refuse it, read as `fdr batch` reads them: a
 * malformed, empty, undecodable or over-long line is never a case and never
 * dropped. `fdr diff` and the studio read a population with it.
 */
export function ndjsonCases(bytes: Uint8Array, encoding: LineEncoding = "utf-8"): NumberedInput[] {
  const splitter = new LineSplitter(encoding, 1);
  const lines = splitter.push(replaceLoneCr(bytes));
  const last = splitter.end();
  return (last ? [...lines, last] : lines).map(caseOfLine);
}

/** {@link ndjsonCases} of a text already decoded (the studio decodes a file first, to say how). */
export function ndjsonRecords(text: string): NumberedInput[] {
  return ndjsonCases(new TextEncoder().encode(text));
}

/**
 * csv-parse's options for population CSV, shared by `fdr batch`'s streaming
 * reader and {@link csvTextRecords}: line ends are LF (normalised before),
 * blank lines skipped, a record csv-parse cannot read is skipped and reported.
 */
export const CSV_PARSE_OPTIONS = {
  info: true,
  raw: true,
  relax_column_count: true,
  skip_empty_lines: true,
  skip_records_with_error: true,
  record_delimiter: "\n",
  max_record_size: MAX_LINE_BYTES,
} as const;

/** Line breaks in a record's raw text, not counting leading blank lines nor its own end. */
function innerBreaks(raw: string): number {
  const body = raw.replace(/^\n+/, "").replace(/\n$/, "");
  let count = 0;
  for (let at = body.indexOf("\n"); at >= 0; at = body.indexOf("\n", at + 1)) count++;
  return count;
}

/** The line where a parsed record starts: the parser's line count (where it ends) less the breaks inside it. */
export function csvRecordLine(linesSoFar: number, raw: string): number {
  return linesSoFar - innerBreaks(raw);
}

/** The record for a CSV record csv-parse could not read, at `line`. */
export function unreadableCsvRecord(line: number, message: string): CsvRecord {
  return {
    line,
    error: {
      code: "invalid_value",
      path: "",
      message: `the CSV record at line ${line} cannot be read: ${message}`,
      expected: "CSV cells, quotes closed",
    },
  };
}

/**
 * CSV text as records, in order (header first), blank lines skipped. Line ends
 * may be CRLF, CR or LF. A record that cannot be read (a quote never closed, a
 * stray quote) is an error record at its line: nothing is lost.
 *
 * @example
 * csvTextRecords("id,asOf\nR1,2023-06-01\n"); //=> [{ line: 1, cells: ["id", "asOf"] }, { line: 2, cells: ["R1", "2023-06-01"] }]
 */
export function csvTextRecords(text: string): CsvRecord[] {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const skipped: CsvRecord[] = [];
  const parsed = parseCsv(body.replace(/\r\n?/g, "\n"), {
    ...CSV_PARSE_OPTIONS,
    on_skip: (failure: CsvError | undefined) => {
      const line = (failure as { lines?: number } | undefined)?.lines ?? 0;
      skipped.push(unreadableCsvRecord(line, failure?.message ?? "unreadable"));
      return undefined;
    },
  }) as unknown as { record: string[]; info: { lines: number }; raw: string }[];
  const records: CsvRecord[] = parsed.map((record) => ({ line: csvRecordLine(record.info.lines, record.raw), cells: record.record }));
  return [...records, ...skipped].sort((a, b) => a.line - b.line);
}

/**
 * Records (a header, then rows: CSV or a sheet) as cases: the header's names
 * mapped as `fdr batch` maps them ({@link csvColumns}), each row through
 * {@link csvRowToCase}. A row with the wrong number of cells, a bad cell or an
 * unreadable record is listed in `unreadable`, with its line.
 *
 * @throws PolicyError when there is no header, or the header names a column twice
 */
export function recordCases(records: Iterable<CsvRecord>): Population {
  const cases: PopulationCase[] = [];
  const unreadable: UnreadableRecord[] = [];
  let columns: string[] | undefined;
  for (const record of records) {
    if ("error" in record) {
      unreadable.push({ line: record.line, issues: [record.error] });
      continue;
    }
    if (!columns) {
      columns = csvColumns(record.cells);
      continue;
    }
    if (record.cells.length !== columns.length) {
      unreadable.push({
        line: record.line,
        issues: [
          {
            code: "invalid_value",
            path: "",
            message: `line ${record.line} has ${record.cells.length} cells, the header ${columns.length}`,
            expected: `${columns.length} cells`,
          },
        ],
      });
      continue;
    }
    const row = Object.fromEntries(columns.map((column, index) => [column, record.cells[index] as string]));
    const mapped = csvRowToCase(row);
    if (mapped.issues.length > 0) unreadable.push({ line: record.line, issues: mapped.issues });
    else cases.push({ line: record.line, input: mapped.input });
  }
  if (!columns)
    throw new PolicyError([
      {
        code: "invalid_value",
        path: "",
        message: "the file has no header row",
        expected: "a header row naming the columns (asOf, id, birthDate, regionCode …)",
      },
    ]);
  return { cases, unreadable };
}
