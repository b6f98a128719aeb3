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
import { SheetRecords } from "../batch/sheet-records.js";
import { PolicyError } from "../core/errors.js";
import type { CsvRecord } from "./csv.js";
import { cliError } from "./messages.js";

// Cells as text and rows as records: the same code reads a workbook in the studio (batch/sheet-records.ts).
export { cellText, excelSerialDate, utcDate } from "../batch/sheet-records.js";

/**
 * The records of a workbook's sheet: the header row first (its cells as
 * written), then one record per non-empty row; `line` is the row number.
 *
 * @param sheet - a sheet's name; by default the first sheet
 * @throws PolicyError when the file is not a workbook or has no such sheet
 */
export async function* xlsxRecords(input: string | NodeJS.ReadableStream, source: string, sheet?: string): AsyncGenerator<CsvRecord> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input as string, {
    worksheets: "emit",
    sharedStrings: "cache",
    styles: "cache",
    hyperlinks: "ignore",
    entries: "ignore",
  });
  const names: string[] = [];
  let found = false;
  try {
    for await (const worksheet of reader) {
      const name = (worksheet as unknown as { name: string }).name;
      names.push(name);
      if (found || (sheet !== undefined && name !== sheet)) continue;
      found = true;
      const records = new SheetRecords();
      for await (const row of worksheet) {
        const record = records.row(row.number, row.values);
        if (record) yield record;
      }
    }
  } catch (error) {
    if (error instanceof PolicyError) throw error;
    throw cliError(
      "invalid_value",
      {
        en: `${source} cannot be read as an Excel workbook (.xlsx): ${(error as Error).message}`,
        zh: `${source} 无法作为 Excel 工作簿（.xlsx）读取：${(error as Error).message}`,
      },
      { expected: { en: "an .xlsx workbook", zh: ".xlsx 工作簿" } },
    );
  }
  if (!found) {
    throw cliError(
      "invalid_value",
      sheet === undefined
        ? { en: `${source} has no worksheet`, zh: `${source} 没有工作表` }
        : { en: `${source} has no sheet named ${JSON.stringify(sheet)}`, zh: `${source} 中没有名为 ${JSON.stringify(sheet)} 的工作表` },
      { expected: names.length > 0 ? names.join(", ") : "a worksheet", ...(sheet !== undefined ? { found: sheet } : {}) },
    );
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

/** The fields of a batch output line (a decision, a compact record or an error line) that the decisions sheet reads. */
export interface OutputLine {
  readonly line?: unknown;
  readonly residentId?: string;
  readonly asOf?: string;
  readonly eligibility?: { readonly eligible?: unknown };
  readonly priorityGroups?: unknown;
  readonly contract?: { readonly start?: string; readonly end?: string; readonly inForce?: unknown };
  readonly fee?: { readonly total?: string; readonly payers?: Record<string, string>; readonly staffPool?: string };
  readonly benefits?: unknown;
  readonly warnings?: unknown;
  readonly errors?: unknown;
  readonly pack?: string;
  readonly packHash?: string;
}

/** One output record (a batch line's JSON) as a row of the decisions sheet. Money stays text ("40.00"), never a float. */
export function decisionRow(record: OutputLine, index: number): (string | number | boolean)[] {
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
    feePayers: record.fee?.payers
      ? Object.entries(record.fee.payers)
          .map(([payer, amount]) => `${payer}=${amount}`)
          .join(";")
      : "",
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
      for (const line of lines) if (line !== "") this.sheet.addRow(decisionRow(JSON.parse(line) as OutputLine, ++this.records)).commit();
      done();
    } catch (error) {
      done(error as Error);
    }
  }

  override _final(done: (error?: Error | null) => void): void {
    try {
      if (this.rest !== "") this.sheet.addRow(decisionRow(JSON.parse(this.rest) as OutputLine, ++this.records)).commit();
    } catch (error) {
      done(error as Error);
      return;
    }
    this.sheet.commit();
    this.workbook.commit().then(
      () => done(),
      (error: Error) => done(error),
    );
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
