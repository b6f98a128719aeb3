/**
 * The studio's population readers, case-file check and export agree with the
 * CLI's: the same records from the same CSV and .xlsx files (fdr batch's
 * streaming readers against the in-memory ones the browser uses), the same
 * case-file results as `fdr test`, and an export that keeps every change.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readNdjsonCases } from "../../src/cli/input.js";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { checkCaseFile, parseCaseFile } from "../../src/analysis/case-check.js";
import { findCaseFiles, runCaseFile } from "../../src/analysis/casefile.js";
import { diffPacks } from "../../src/analysis/diff.js";
import { csvTextRecords, ndjsonRecords, recordCases, type CsvRecord } from "../../src/batch/population-text.js";
import { csvRecords } from "../../src/cli/csv.js";
import { xlsxRecords as cliXlsxRecords } from "../../src/cli/xlsx.js";
import { loadPack } from "../../src/index.js";
import { changeRows, changesCsv, CHANGE_COLUMNS, csvCell } from "../../src/studio/export.js";
import { readPopulation } from "../../src/studio/population-file.js";
import { xlsxRecords as studioXlsxRecords } from "../../src/studio/xlsx-read.js";

/** A pack's text with one parameter's (first) value set. */
function edit(text: string, id: string, value: string): string {
  return text.replace(new RegExp(`("${id.replace(/\./g, "\\.")}": \\{[\\s\\S]*?"value": )"[^"]*"`), `$1"${value}"`);
}

async function cliCsv(text: string): Promise<CsvRecord[]> {
  const records: CsvRecord[] = [];
  async function* chunks() {
    // In pieces, as a stream gives it: a record may span two chunks.
    for (let at = 0; at < text.length; at += 7) yield text.slice(at, at + 7);
  }
  for await (const record of csvRecords(chunks())) records.push(record);
  return records;
}

const CSV_TEXTS = {
  plain: "asOf,id,birthDate,regionCode\n2023-06-01,R1,1950-03-02,430602\n2023-06-01,R2,1990-01-01,430602\n",
  blankLines: "\n\nasOf,id,birthDate,regionCode\n\n2023-06-01,R1,1950-03-02,430602\n\n\n2023-06-01,R2,1990-01-01,430602",
  quotedBreaks:
    'asOf,id,birthDate,regionCode,note\n2023-06-01,R1,1950-03-02,430602,"two\nlines"\n2023-06-01,"R,2",1990-01-01,430602,"say ""hi"""\n',
  unclosed: 'asOf,id,birthDate,regionCode\n2023-06-01,R1,1950-03-02,430602\n2023-06-01,"R2,1990-01-01,430602\n',
  strayQuote: 'asOf,id,birthDate,regionCode\n2023-06-01,R"1,1950-03-02,430602\n2023-06-01,R2,1990-01-01,430602\n',
  chineseHeader: "评估日期,居民编号,出生日期,行政区划代码,慢性病\n2023-06-01,R1,1950-03-02,430602,hypertension;diabetes\n",
  wrongWidth: "asOf,id,birthDate,regionCode\n2023-06-01,R1,1950-03-02\n2023-06-01,R2,1990-01-01,430602,extra\n",
};

describe("studio population readers agree with the CLI's", () => {
  it.each(Object.entries(CSV_TEXTS))("CSV %s: the same records as fdr batch's streaming reader, at the same lines", async (_name, text) => {
    expect(csvTextRecords(text)).toEqual(await cliCsv(text));
    // CRLF (a Windows export) reads as LF does.
    expect(csvTextRecords(text.replace(/\n/g, "\r\n"))).toEqual(csvTextRecords(text));
  });

  it("CSV rows become the cases fdr batch makes; a bad row is listed at its line, not lost", () => {
    const population = recordCases(csvTextRecords(CSV_TEXTS.chineseHeader));
    expect(population.cases).toEqual([
      {
        line: 2,
        input: {
          asOf: "2023-06-01",
          resident: { id: "R1", birthDate: "1950-03-02", regionCode: "430602", conditions: ["hypertension", "diabetes"] },
        },
      },
    ]);
    const wrong = recordCases(csvTextRecords(CSV_TEXTS.wrongWidth));
    expect(wrong.cases).toEqual([]);
    expect(wrong.unreadable.map((record) => record.line)).toEqual([2, 3]);
    const unclosed = recordCases(csvTextRecords(CSV_TEXTS.unclosed));
    expect(unclosed.cases.length + unclosed.unreadable.length).toBe(2);
    expect(unclosed.unreadable[0]?.line).toBe(3);
    expect(() => recordCases([])).toThrow(/no header row/);
  });

  it("NDJSON is read as fdr diff and fdr batch read it (a line that holds no case is listed with the batch's issues, never a case)", async () => {
    const text = '{"asOf":"2023-06-01"}\n\n{not json\n';
    const read = await readPopulation("cases.ndjson", new TextEncoder().encode(text));
    const dir = mkdtempSync(join(tmpdir(), "fdr-studio-ndjson-"));
    const file = join(dir, "cases.ndjson");
    writeFileSync(file, text);
    const cli = readNdjsonCases(file);
    expect(read.cases).toEqual(cli.filter((item) => "input" in item));
    expect(read.unreadable).toEqual(cli.flatMap((item) => ("errors" in item ? [{ line: item.line, issues: item.errors }] : [])));
    expect(read.cases.map((item) => item.line)).toEqual([1]);
    expect(read.unreadable.map((record) => record.line)).toEqual([2, 3]);
    expect(read.unreadable[1]?.issues[0]?.code).toBe("invalid_json");
    expect(ndjsonRecords(text)).toEqual(cli);
  });

  it("a GB18030 CSV with Chinese headers (as Chinese Windows saves it) reads as its UTF-8 copy, and says so", async () => {
    const text = `${CSV_TEXTS.chineseHeader}2023-06-01,张三,1960-05-05,430602,\n`;
    const gb = await readPopulation("居民.csv", new Uint8Array(iconv.encode(text, "gb18030")));
    const utf8 = await readPopulation("居民.csv", new TextEncoder().encode(`\uFEFF${text}`));
    expect(gb.encoding).toBe("GB18030");
    expect(utf8.encoding).toBe("UTF-8");
    expect(gb.cases).toEqual(utf8.cases);
    expect((gb.cases[1]!.input as { resident: { id: string } }).resident.id).toBe("张三");
  });

  it("an .xlsx sheet gives the same records in the studio (exceljs loaded whole) as in fdr batch (streamed): dates as Date, serial day and text alike", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("居民");
    sheet.addRow(["评估日期", "居民编号", "出生日期", "行政区划代码", "性别", "慢性病", "签约日期", "服务包", "团队编号"]);
    sheet.addRow([
      new Date(Date.UTC(2023, 5, 1)),
      "R1",
      new Date(Date.UTC(1950, 2, 2)),
      "430602",
      "male",
      "hypertension",
      "2023-05-01",
      "basic",
      "T1",
    ]);
    sheet.addRow([]);
    sheet.addRow(["2023-06-01", 12345, 18_264, 430602, "female", "", 45_047, "basic", "T2"]);
    sheet.addRow(["2023-06-01", { richText: [{ text: "R" }, { text: "3" }] }, "1990-01-01", "430602"]);
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    const streamed: CsvRecord[] = [];
    const { Readable } = await import("node:stream");
    for await (const record of cliXlsxRecords(Readable.from([Buffer.from(bytes)]), "people.xlsx")) streamed.push(record);
    const loaded = await studioXlsxRecords(bytes, "people.xlsx");
    expect(loaded).toEqual(streamed);
    expect(loaded.map((record) => record.line)).toEqual([1, 2, 4, 5]);
    const read = await readPopulation("people.xlsx", bytes);
    expect(read.format).toBe("xlsx");
    expect(read.cases.map((item) => (item.input as { resident: { birthDate: string } }).resident.birthDate)).toEqual([
      "1950-03-02",
      "1950-01-01",
      "1990-01-01",
    ]);
    await expect(readPopulation("people.xlsx", new TextEncoder().encode("not a workbook"))).rejects.toThrow(
      /cannot be read as an Excel workbook/,
    );
    await expect(readPopulation("people.csv", bytes)).rejects.toThrow(/Excel workbook/);
  });
});

describe("studio case files agree with fdr test", () => {
  const files = findCaseFiles("test/cases");

  it("every golden case file gives the same result from its text as fdr test gives from disk", () => {
    expect(files.length).toBeGreaterThan(15);
    for (const file of files) {
      const fromText = checkCaseFile(file, parseCaseFile(readFileSync(file, "utf8"), file));
      expect(fromText, file).toEqual(runCaseFile(file));
      expect(fromText.passed, file).toBe(true);
    }
  });

  it("under an edited pack the same files fail with the same mismatches, and a file opened without its folder runs under the pack named for it", () => {
    const text = readFileSync("rules/yueyang-2023.json", "utf8");
    const edited = loadPack(JSON.parse(edit(edit(text, "basicPackage.price", "42.00"), "basicPackage.residentShare", "10.00")) as object);
    const packs = new Map([[edited.id, edited]]);
    let failed = 0;
    for (const file of files.filter((path) => path.includes("yueyang-2023"))) {
      const name = file.split("/").pop() as string;
      const result = checkCaseFile(`yueyang-2023/${name}`, parseCaseFile(readFileSync(file, "utf8"), name), packs);
      const cli = runCaseFile(file, packs);
      expect(result.passed, file).toBe(cli.passed);
      expect(result.mismatches, file).toEqual(cli.mismatches);
      if (!result.passed) failed++;
    }
    expect(failed).toBeGreaterThan(0);
  });

  it("a file that is not a case file, or not YAML, is refused by name", () => {
    expect(() => parseCaseFile("{}", "x.json")).toThrow(/x\.json is not a case file/);
    expect(() => parseCaseFile("a: [", "x.yaml")).toThrow(/x\.yaml is not valid YAML/);
    expect(() => parseCaseFile("{", "x.json")).toThrow(/x\.json is not valid JSON/);
  });
});

describe("studio export of changed residents", () => {
  const before = loadPack("yueyang-2023");
  const after = loadPack(
    JSON.parse(
      edit(edit(readFileSync("rules/yueyang-2023.json", "utf8"), "basicPackage.price", "42.00"), "basicPackage.residentShare", "10.00"),
    ) as object,
  );
  const cases = [
    {
      line: 1,
      input: {
        asOf: "2023-06-01",
        resident: { id: "=HYPERLINK(1)", birthDate: "1950-03-02", regionCode: "430602" },
        contract: { teamId: "T1", signDate: "2023-06-01", packages: [{ id: "basic" }] },
      },
    },
    { line: 2, input: { asOf: "2023-06-01", resident: { id: "R,2", birthDate: "1990-03-02", regionCode: "430602" } } },
  ];
  const diff = diffPacks(before, after, cases);

  it("has one row per changed value, every change of the diff", () => {
    const rows = changeRows(diff);
    expect(rows.length).toBe(diff.changed.reduce((sum, change) => sum + Math.max(1, change.fields.length), 0));
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((row) => row.length === CHANGE_COLUMNS.length)).toBe(true);
    expect(rows.some((row) => row[4] === "/fee/payers/resident")).toBe(true);
  });

  it("CSV: a byte-order mark, quoted cells, and no formula a spreadsheet would run", () => {
    const csv = changesCsv(diff);
    expect(csv.startsWith("\uFEFFline,residentId,")).toBe(true);
    expect(csv).toContain("'=HYPERLINK(1)");
    expect(csvCell("-3.00")).toBe("-3.00");
    expect(csvCell("@x")).toBe("'@x");
    expect(csvCell('a"b')).toBe('"a""b"');
    expect(csvTextRecords(csv).length).toBe(changeRows(diff).length + 1);
  });
});

describe("population text without Node's Buffer (as in the studio's worker)", () => {
  /** Runs `body` with `globalThis.Buffer` removed, as in a browser. */
  async function withoutBuffer<T>(body: () => Promise<T> | T): Promise<T> {
    const saved = globalThis.Buffer;
    // @ts-expect-error -- a browser has no Buffer
    delete globalThis.Buffer;
    try {
      return await body();
    } finally {
      globalThis.Buffer = saved;
    }
  }

  it("reads a blank first line, blank lines in a file over 1 MiB, a lone CR and a bad byte as fdr diff does, line by line", async () => {
    const one = JSON.stringify({
      asOf: "2023-06-01",
      resident: { id: "r", birthDate: "1950-01-01", gender: "female", hukouRegionCode: "430602" },
    });
    const big = `${Array.from({ length: 12_000 }, (_, index) => (index % 1000 === 7 ? "" : one)).join("\n")}\n\n`;
    const texts = [`\n${one}\n`, big, `${one}\r${one}\r\n\r\n`];
    const dir = mkdtempSync(join(tmpdir(), "fdr-nobuffer-"));
    for (const [index, text] of texts.entries()) {
      const bytes = new TextEncoder().encode(text);
      const withBad = index === 2 ? Uint8Array.from([...bytes, 0xff, 0x0a]) : bytes;
      const file = join(dir, `p${index}.ndjson`);
      writeFileSync(file, withBad);
      const cli = readNdjsonCases(file);
      const read = await withoutBuffer(() => readPopulation(`p${index}.ndjson`, withBad));
      expect(read.cases).toEqual(cli.filter((item) => "input" in item));
      expect(read.unreadable).toEqual(cli.flatMap((item) => ("errors" in item ? [{ line: item.line, issues: item.errors }] : [])));
      expect(read.unreadable.length).toBeGreaterThan(0);
    }
  });
});
