/**
 * An `.xlsx` population in the browser: exceljs's browser build loads the
 * workbook, and its first sheet's rows become records through the same
 * {@link SheetRecords} `fdr batch` uses. Loaded only when a workbook is opened.
 *
 * @module
 */
import ExcelJS from "exceljs";
import { PolicyError } from "../core/errors.js";
import type { CsvRecord } from "../batch/population-text.js";
import { SheetRecords } from "../batch/sheet-records.js";

/**
 * The records of a workbook's first sheet: the header row, then each non-empty row.
 *
 * @throws PolicyError when the bytes are not a workbook, or it has no worksheet
 */
export async function xlsxRecords(bytes: Uint8Array, name: string): Promise<CsvRecord[]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  } catch (error) {
    throw new PolicyError([
      {
        code: "invalid_value",
        path: "",
        message: `${name} cannot be read as an Excel workbook (.xlsx): ${(error as Error).message}`,
        expected: "an .xlsx workbook",
      },
    ]);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new PolicyError([{ code: "invalid_value", path: "", message: `${name} has no worksheet`, expected: "a worksheet" }]);
  const reader = new SheetRecords();
  const records: CsvRecord[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, number) => {
    const record = reader.row(number, row.values);
    if (record) records.push(record);
  });
  return records;
}
