/**
 * The changed residents of a diff as a table, for the analyst to take away:
 * CSV (UTF-8 with a byte-order mark, so Excel on a Chinese Windows reads it)
 * or `.xlsx` (exceljs's browser build, loaded when asked). One row per value
 * that changed: the case's line, the resident, the priority groups gained and
 * lost, the field (a JSON Pointer into the decision), before and after. A
 * resident whose only change is a priority group has one row, field empty.
 *
 * @module
 */
import type { PackDiff } from "../analysis/diff.js";

/** The columns of the export, in order. */
export const CHANGE_COLUMNS = ["line", "residentId", "groupsGained", "groupsLost", "field", "before", "after"] as const;

/** A value of a decision as a cell: text as it is, anything else as JSON, absent as empty. */
function cell(value: unknown): string {
  if (value === undefined) return "";
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** The rows of the export (without the header). */
export function changeRows(diff: PackDiff): string[][] {
  return diff.changed.flatMap((change) => {
    const head = [String(change.line), change.residentId ?? "", change.groupsGained.join(";"), change.groupsLost.join(";")];
    if (change.fields.length === 0) return [[...head, "", "", ""]];
    return change.fields.map((field) => [...head, field.path, cell(field.before), cell(field.after)]);
  });
}

/**
 * A cell as CSV: quoted when it holds a comma, quote or line break; a text a
 * spreadsheet would run as a formula (starting =, +, -, @, tab or CR, and not
 * a plain number) gets a leading apostrophe.
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) && !/^[+-]?\d+(\.\d+)?$/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The export as CSV text (CRLF line ends, a byte-order mark first). */
export function changesCsv(diff: PackDiff): string {
  const lines = [[...CHANGE_COLUMNS], ...changeRows(diff)].map((row) => row.map(csvCell).join(","));
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}

/** The export as an .xlsx workbook (one sheet, "changes"; every cell text, money never a float). */
export async function changesXlsx(diff: PackDiff): Promise<Uint8Array> {
  const { default: ExcelJS } = await import("exceljs");
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("changes");
  sheet.addRow([...CHANGE_COLUMNS]);
  for (const row of changeRows(diff)) sheet.addRow(row);
  sheet.getRow(1).font = { bold: true };
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
