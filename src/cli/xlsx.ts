/**
 * Excel workbooks (.xlsx) for `fdr batch`, streamed with exceljs: records in
 * (first sheet, or `--sheet NAME`; header row as for CSV), decisions and the
 * summary out. Node-only; the library's main entry never loads it.
 *
 * Dates: a cell Excel stores as a date, a number in a date column (an Excel
 * serial day) and a text date all read as the same calendar date, with no
 * time-zone shift (Excel dates carry no zone: they are read as UTC days).
 *
 * @module
 */
import { Writable } from "node:stream";
import ExcelJS from "exceljs";
import { csvColumns } from "../batch/batch.js";
import { PolicyError } from "../core/errors.js";
import type { CsvRecord } from "./csv.js";
import { cliError } from "./messages.js";

/** The columns whose values are dates (YYYY-MM-DD). */
const DATE_COLUMNS = new Set(["asOf", "birthDate", "deliveryDate", "signDate"]);

/** Milliseconds from the Unix epoch to Excel's day 0 (1899-12-30, the 1900 date system). */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;

const pad = (value: number, width = 2) => String(value).padStart(width, "0");

/** A Date as the calendar date it names in UTC (how exceljs gives Excel dates). */
export function utcDate(date: Date): string {
  return `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
}

/** An Excel serial day number as a calendar date (fractions of a day, a time, are dropped). */
export function excelSerialDate(serial: number): string {
  return utcDate(new Date(EXCEL_EPOCH_MS + Math.floor(serial) * DAY_MS));
}

/** A cell's value as text: dates as YYYY-MM-DD, rich text and formulas as what they show. */
export function cellText(value: unknown, dateColumn: boolean): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return utcDate(value);
  if (typeof value === "number") return dateColumn && Number.isFinite(value) && value > 0 && value < 2_958_466 ? excelSerialDate(value) : String(value);
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "string") return value;
  if (typeof value === "object") {
    const cell = value as { richText?: { text: string }[]; result?: unknown; text?: unknown; error?: string };
    if (Array.isArray(cell.richText)) return cell.richText.map((run) => run.text).join("");
    if ("result" in cell) return cellText(cell.result, dateColumn);
    if (typeof cell.text === "string") return cell.text;
    if (typeof cell.error === "string") return cell.error;
  }
  return String(value);
}

/** The cells of a row (exceljs gives them 1-based, with holes), `width` of them. */
function rowCells(values: unknown, width: number, dateColumns: readonly boolean[]): string[] {
  const list = Array.isArray(values) ? values : [];
  return Array.from({ length: width }, (_, index) => cellText(list[index + 1], dateColumns[index] ?? false).trim());
}

/**
 * The records of a workbook's sheet: the header row first (its cells as
 * written), then one record per non-empty row; `line` is the row number.
 *
 * @param sheet - a sheet's name; by default the first sheet
 * @throws PolicyError when the file is not a workbook or has no such sheet
 */
export async function* xlsxRecords(input: string | NodeJS.ReadableStream, source: string, sheet?: string): AsyncGenerator<CsvRecord> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input as string, { worksheets: "emit", sharedStrings: "cache", styles: "cache", hyperlinks: "ignore", entries: "ignore" });
  const names: string[] = [];
  let found = false;
  try {
    for await (const worksheet of reader) {
      const name = (worksheet as unknown as { name: string }).name;
      names.push(name);
      if (found || (sheet !== undefined && name !== sheet)) continue;
      found = true;
      let width = 0;
      let dateColumns: boolean[] = [];
      for await (const row of worksheet) {
        if (width === 0) {
          const header = Array.isArray(row.values) ? (row.values as unknown[]).slice(1).map((value) => cellText(value, false).trim()) : [];
          while (header.length > 0 && header[header.length - 1] === "") header.pop();
          if (header.length === 0) continue;
          width = header.length;
          dateColumns = csvColumnsOrRaw(header).map((column) => DATE_COLUMNS.has(column));
          yield { line: row.number, cells: header };
          continue;
        }
        const cells = rowCells(row.values, Math.max(width, Array.isArray(row.values) ? row.values.length - 1 : 0), dateColumns);
        if (cells.every((cell) => cell === "")) continue;
        yield { line: row.number, cells };
      }
    }
  } catch (error) {
    if (error instanceof PolicyError) throw error;
    throw cliError("invalid_value", { en: `${source} cannot be read as an Excel workbook (.xlsx): ${(error as Error).message}`, zh: `${source} 无法作为 Excel 工作簿（.xlsx）读取：${(error as Error).message}` }, { expected: { en: "an .xlsx workbook", zh: ".xlsx 工作簿" } });
  }
  if (!found) {
    throw cliError(
      "invalid_value",
      sheet === undefined ? { en: `${source} has no worksheet`, zh: `${source} 没有工作表` } : { en: `${source} has no sheet named ${JSON.stringify(sheet)}`, zh: `${source} 中没有名为 ${JSON.stringify(sheet)} 的工作表` },
      { expected: names.length > 0 ? names.join(", ") : "a worksheet", ...(sheet !== undefined ? { found: sheet } : {}) },
    );
  }
}

/** The documented column names a header maps to; the raw names when the header is refused (the refusal comes later, in order). */
function csvColumnsOrRaw(header: readonly string[]): string[] {
  try {
    return csvColumns(header);
  } catch {
    return [...header];
  }
}

/** The columns of the decisions sheet, in order. */
export const DECISION_COLUMNS = [
  "record",
  "line",
  "residentId",
  "asOf",
  "eligible",
  "priorityGroups",
  "contractStart",
  "contractEnd",
  "contractInForce",
  "feeTotal",
  "feePayers",
  "staffPool",
  "benefits",
  "warnings",
  "errors",
  "pack",
  "packHash",
] as const;

/** One output record (a batch line's JSON) as a row of the decisions sheet. Money stays text ("40.00"), never a float. */
export function decisionRow(record: Record<string, any>, index: number): (string | number | boolean)[] {
  const values: Record<(typeof DECISION_COLUMNS)[number], string | number | boolean> = {
    record: index,
    line: typeof record.line === "number" ? record.line : "",
    residentId: record.residentId ?? "",
    asOf: record.asOf ?? "",
    eligible: record.eligibility ? Boolean(record.eligibility.eligible) : "",
    priorityGroups: Array.isArray(record.priorityGroups) ? record.priorityGroups.join(";") : "",
    contractStart: record.contract?.start ?? "",
    contractEnd: record.contract?.end ?? "",
    contractInForce: record.contract ? Boolean(record.contract.inForce) : "",
    feeTotal: record.fee?.total ?? "",
    feePayers: record.fee?.payers ? Object.entries(record.fee.payers as Record<string, string>).map(([payer, amount]) => `${payer}=${amount}`).join(";") : "",
    staffPool: record.fee?.staffPool ?? "",
    benefits: Array.isArray(record.benefits) ? record.benefits.map((benefit: { id: string }) => benefit.id).join(";") : "",
    warnings: Array.isArray(record.warnings) && record.warnings.length > 0 ? JSON.stringify(record.warnings) : "",
    errors: Array.isArray(record.errors) ? JSON.stringify(record.errors) : "",
    pack: record.pack ?? "",
    packHash: record.packHash ?? "",
  };
  return DECISION_COLUMNS.map((column) => values[column]);
}

/**
 * A byte stream of batch output lines (NDJSON) written as the decisions sheet
 * of an .xlsx workbook, streamed to `target` row by row.
 */
export class XlsxDecisionsWritable extends Writable {
  private readonly workbook: ExcelJS.stream.xlsx.WorkbookWriter;
  private readonly sheet: ExcelJS.Worksheet;
  private rest = "";
  private records = 0;
  private readonly decoder = new TextDecoder();

  constructor(target: Writable) {
    super();
    this.workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: target, useSharedStrings: false, useStyles: false });
    this.sheet = this.workbook.addWorksheet("decisions");
    this.sheet.addRow([...DECISION_COLUMNS]).commit();
  }

  override _write(chunk: Uint8Array, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    try {
      const text = this.rest + this.decoder.decode(chunk, { stream: true });
      const lines = text.split("\n");
      this.rest = lines.pop() ?? "";
      for (const line of lines) if (line !== "") this.sheet.addRow(decisionRow(JSON.parse(line) as Record<string, any>, ++this.records)).commit();
      done();
    } catch (error) {
      done(error as Error);
    }
  }

  override _final(done: (error?: Error | null) => void): void {
    try {
      if (this.rest !== "") this.sheet.addRow(decisionRow(JSON.parse(this.rest) as Record<string, any>, ++this.records)).commit();
    } catch (error) {
      done(error as Error);
      return;
    }
    this.sheet.commit();
    this.workbook.commit().then(() => done(), (error: Error) => done(error));
  }
}

/** Flattens a summary into (field, value) rows: `groups.elderly.signed`, 12. */
function flatten(value: unknown, prefix: string, rows: [string, string | number | boolean][]): void {
  if (value !== null && typeof value === "object") {
    const entries = Array.isArray(value) ? value.map((item, index) => [String(index), item] as const) : Object.entries(value);
    if (entries.length === 0) rows.push([prefix, Array.isArray(value) ? "[]" : "{}"]);
    for (const [key, item] of entries) flatten(item, prefix ? `${prefix}.${key}` : key, rows);
    return;
  }
  rows.push([prefix, value === null || value === undefined ? "" : (value as string | number | boolean)]);
}

/** Writes a batch summary as an .xlsx workbook: one sheet, a field and its value per row. */
export async function writeSummaryXlsx(summary: unknown, target: Writable): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: target, useSharedStrings: false, useStyles: false });
  const sheet = workbook.addWorksheet("summary");
  sheet.addRow(["field", "value"]).commit();
  const rows: [string, string | number | boolean][] = [];
  flatten(summary, "", rows);
  for (const row of rows) sheet.addRow(row).commit();
  sheet.commit();
  await workbook.commit();
}
