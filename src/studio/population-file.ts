/**
 * A population file opened in the studio, read as `fdr diff` and `fdr batch`
 * read one: NDJSON (one case per line), CSV (a header row, then one resident
 * per row, Chinese header names allowed) or an `.xlsx` workbook's first sheet.
 * Text is decoded strictly: UTF-8, or UTF-16 after its byte-order mark; a
 * file that is not UTF-8 but reads as GB18030 (as Chinese Windows saves CSV)
 * is read as GB18030, and the studio says so.
 *
 * @module
 */
import { PolicyError } from "../core/errors.js";
import { readsAsGb18030 } from "../batch/batch.js";
import {
  csvTextRecords,
  ndjsonCases,
  recordCases,
  type Population,
  type PopulationCase,
  type UnreadableRecord,
} from "../batch/population-text.js";

/** A population read, with how it was read. */
export interface ReadPopulation extends Population {
  readonly format: "ndjson" | "csv" | "xlsx";
  readonly encoding: string;
}

const ZIP = [0x50, 0x4b, 0x03, 0x04];

function isZip(bytes: Uint8Array): boolean {
  return ZIP.every((byte, index) => bytes[index] === byte);
}

/** Bytes as text, strictly; never a U+FFFD in place of a bad byte. */
export function decodePopulation(bytes: Uint8Array, name: string): { text: string; encoding: string } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    return { text: strict("utf-8", bytes.subarray(3), name), encoding: "UTF-8" };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: strict("utf-16le", bytes.subarray(2), name), encoding: "UTF-16LE" };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: strict("utf-16be", bytes.subarray(2), name), encoding: "UTF-16BE" };
  try {
    return { text: new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes), encoding: "UTF-8" };
  } catch {
    return { text: strict("gb18030", bytes, name), encoding: "GB18030" };
  }
}

function strict(encoding: string, bytes: Uint8Array, name: string): string {
  try {
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new PolicyError([
      {
        code: "invalid_value",
        path: "",
        message: `${name} is not valid ${encoding === "gb18030" ? "UTF-8 nor GB18030" : encoding.toUpperCase()} text`,
        expected: "UTF-8 (or GB18030) text",
      },
    ]);
  }
}

/** The format a file's name gives: .csv, .xlsx, else NDJSON. */
export function populationFormat(name: string): "ndjson" | "csv" | "xlsx" {
  const lower = name.toLowerCase();
  if (lower.endsWith(".csv")) return "csv";
  if (lower.endsWith(".xlsx")) return "xlsx";
  return "ndjson";
}

/**
 * The bytes of an NDJSON population as the line reader takes them, and the
 * encoding the studio names: UTF-16 (by its byte-order mark) re-encoded to
 * UTF-8; a file that is not UTF-8 but reads whole as GB18030 (as Chinese
 * Windows saves it) read as GB18030 (`fdr diff --encoding gb18030`); else
 * UTF-8, each line that is not valid UTF-8 reported at its line.
 */
function ndjsonBytesOf(bytes: Uint8Array, name: string): { lines: Uint8Array; encoding: string } {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    const { text, encoding } = decodePopulation(bytes, name);
    return { lines: new TextEncoder().encode(text), encoding };
  }
  if (isUtf8(bytes) || !readsAsGb18030(bytes)) return { lines: bytes, encoding: "UTF-8" };
  return { lines: bytes, encoding: "GB18030" };
}

function isUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * Reads a population file's bytes into cases.
 *
 * @throws PolicyError when the file cannot be read as its format
 */
export async function readPopulation(name: string, bytes: Uint8Array): Promise<ReadPopulation> {
  const format = populationFormat(name);
  if (format === "xlsx" || isZip(bytes)) {
    if (format !== "xlsx")
      throw new PolicyError([
        {
          code: "invalid_value",
          path: "",
          message: `${name} is an Excel workbook or another zip archive: name it .xlsx to read its first sheet`,
          expected: "NDJSON, CSV or .xlsx",
        },
      ]);
    const { xlsxRecords } = await import("./xlsx-read.js");
    return { ...recordCases(await xlsxRecords(bytes, name)), format, encoding: "xlsx" };
  }
  if (format === "csv") {
    const { text, encoding } = decodePopulation(bytes, name);
    return { ...recordCases(csvTextRecords(text)), format, encoding };
  }
  // Read as fdr diff reads it, line by line: a line that holds no case (not JSON, empty, not valid text) is listed
  // with the batch's issues, never evaluated, never dropped; one bad byte spoils its line, not the file.
  const { lines, encoding } = ndjsonBytesOf(bytes, name);
  const cases: PopulationCase[] = [];
  const unreadable: UnreadableRecord[] = [];
  for (const item of ndjsonCases(lines, encoding === "GB18030" ? "gb18030" : "utf-8")) {
    if ("errors" in item) unreadable.push({ line: item.line, issues: item.errors });
    else cases.push(item);
  }
  return { cases, unreadable, format, encoding };
}
