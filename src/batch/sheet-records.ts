/**
 * The rows of a spreadsheet (an `.xlsx` sheet, as exceljs gives them) as
 * population records: the header row first, then one record per non-empty
 * row, each cell as text — dates as YYYY-MM-DD. `fdr batch` feeds it rows from
 * exceljs's streaming reader, `fdr studio` rows from exceljs's browser build:
 * both read a workbook alike. No exceljs and no Node built-in here.
 *
 * Dates: a cell Excel stores as a date, a number in a date column (an Excel
 * serial day) and a text date all read as the same calendar date, with no
 * time-zone shift (Excel dates carry no zone: they are read as UTC days).
 *
 * @module
 */
import { csvColumns } from "./batch.js";
import type { CsvRecord } from "./population-text.js";

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
  if (typeof value === "number")
    return dateColumn && Number.isFinite(value) && value > 0 && value < 2_958_466 ? excelSerialDate(value) : String(value);
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

/** The documented column names a header maps to; the raw names when the header is refused (the refusal comes later, in order). */
function csvColumnsOrRaw(header: readonly string[]): string[] {
  try {
    return csvColumns(header);
  } catch {
    return [...header];
  }
}

/**
 * Turns a sheet's rows, in order, into records: give each row's number and its
 * values (1-based, with holes, as exceljs gives `row.values`); get back its
 * record, or nothing for a row to skip (blank rows, blank rows before the header).
 */
export class SheetRecords {
  private width = 0;
  private dateColumns: boolean[] = [];

  /** The record of one row, or undefined when the row is skipped. */
  row(number: number, values: unknown): CsvRecord | undefined {
    const list = Array.isArray(values) ? (values as unknown[]) : [];
    if (this.width === 0) {
      const header = list.slice(1).map((value) => cellText(value, false).trim());
      while (header.length > 0 && header[header.length - 1] === "") header.pop();
      if (header.length === 0) return undefined;
      this.width = header.length;
      this.dateColumns = csvColumnsOrRaw(header).map((column) => DATE_COLUMNS.has(column));
      return { line: number, cells: header };
    }
    const width = Math.max(this.width, list.length - 1);
    const cells = Array.from({ length: width }, (_, index) => cellText(list[index + 1], this.dateColumns[index] ?? false).trim());
    if (cells.every((cell) => cell === "")) return undefined;
    return { line: number, cells };
  }

  /** Whether a header row has been seen. */
  get started(): boolean {
    return this.width > 0;
  }
}
