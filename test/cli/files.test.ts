import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { run } from "../../src/cli/run.js";

/** Real files, as Chinese Windows offices have them, made by the test. */
const dir = mkdtempSync(join(tmpdir(), "fdr-files-"));
const file = (name: string, content: string | Uint8Array) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
const env = { ...process.env, LANG: "en_US.UTF-8", LC_ALL: "", LC_MESSAGES: "" };
const cli = (args: string[], extraEnv: Record<string, string> = {}) =>
  spawnSync(process.execPath, ["dist/cli.js", ...args], { encoding: "utf8", env: { ...env, ...extraEnv }, maxBuffer: 1 << 28 });
function fdr(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = run(argv, { out: (text) => out.push(text), err: (text) => err.push(text) }) as number;
  return { code, out: out.join("\n"), err: err.join("\n") };
}

const zhangSan = {
  asOf: "2023-06-01",
  resident: { id: "张三", birthDate: "1950-03-02", regionCode: "430602", conditions: ["hypertension"] },
};
const gb = (text: string) => iconv.encode(text, "gb18030");
const lines = (text: string) =>
  text
    .trimEnd()
    .split("\n")
    .map((line) => JSON.parse(line) as Record<string, any>);

describe("encodings, strictly", () => {
  const gbCase = file("gb-case.json", gb(JSON.stringify(zhangSan)));

  it("refuses a GB18030 case without --encoding, naming the line and suggesting --encoding gb18030 (no garbled id)", () => {
    const result = fdr("evaluate", "--lang", "en", "--pack", "yueyang-2023", gbCase);
    expect(result.code).toBe(2);
    expect(result.out).toBe("");
    expect(result.err).toContain("line 1 is not valid UTF-8");
    expect(result.err).toContain("--encoding gb18030");
    expect(result.err).not.toContain("\ufffd");
  });

  it("reads a GB18030 case with --encoding gb18030 (and gbk as its alias)", () => {
    for (const name of ["gb18030", "gbk"]) {
      const result = fdr("evaluate", "--encoding", name, "--pack", "yueyang-2023", gbCase);
      expect(result.code).toBe(0);
      expect(JSON.parse(result.out).residentId).toBe("张三");
    }
  });

  it("reads a GB18030 pack: validate says valid only with --encoding, and --explain quotes citations in clean Chinese", () => {
    const pack = file("gb-pack.json", gb(readFileSync("rules/yueyang-2023.json", "utf8")));
    const refused = fdr("validate", "--lang", "en", pack);
    expect(refused.code).toBe(2);
    expect(refused.err).toContain("--encoding gb18030");
    const valid = fdr("validate", "--lang", "en", "--encoding", "gb18030", pack);
    expect(valid.code).toBe(0);
    expect(valid.out).toContain(": valid");
    const explained = fdr(
      "evaluate",
      "--encoding",
      "gb18030",
      "--pack",
      pack,
      "--explain",
      file("case.json", JSON.stringify({ ...zhangSan, resident: { ...zhangSan.resident, id: "R1" } })),
    );
    expect(explained.code).toBe(0);
    expect(explained.out).toContain("国卫基层发〔2022〕10号");
    expect(explained.out).not.toContain("\ufffd");
  });

  it("reads JSON with a UTF-8 BOM in evaluate, validate and lint alike", () => {
    const bomCase = file("bom-case.json", "\ufeff" + JSON.stringify(zhangSan));
    expect(JSON.parse(fdr("evaluate", "--pack", "yueyang-2023", bomCase).out).residentId).toBe("张三");
    const bomPack = file("bom-pack.json", "\ufeff" + readFileSync("rules/yueyang-2023.json", "utf8"));
    expect(fdr("validate", "--lang", "en", bomPack)).toMatchObject({ code: 0 });
    expect(fdr("lint", "--lang", "en", bomPack)).toMatchObject({ code: 0 });
    expect(fdr("evaluate", "--pack", bomPack, bomCase).code).toBe(0);
  });

  it("reads case files for fdr test strictly too: a GB18030 case file passes with --encoding gb18030, a BOM is dropped", () => {
    const folder = mkdtempSync(join(dir, "cases-"));
    const caseFile = {
      name: "张三 是老年人和慢性病患者",
      pack: "yueyang-2023",
      case: zhangSan,
      expected: { residentId: "张三", priorityGroups: ["elderly", "chronic-disease"] },
    };
    writeFileSync(join(folder, "gb.json"), gb(JSON.stringify(caseFile)));
    // An unreadable case file fails by its name and the others still run (exit 1).
    expect(fdr("test", "--lang", "en", folder).code).toBe(1);
    const passed = fdr("test", "--lang", "en", "--encoding", "gb18030", folder);
    expect(passed.code).toBe(0);
    expect(passed.out).toContain("✓ 张三 是老年人和慢性病患者");
    const bom = mkdtempSync(join(dir, "cases-"));
    writeFileSync(join(bom, "bom.json"), "\ufeff" + JSON.stringify(caseFile));
    expect(fdr("test", bom).code).toBe(0);
  });

  it("reads UTF-16 with its BOM (Excel's Unicode text), LE and BE", () => {
    const text = JSON.stringify(zhangSan);
    const le = file("le.json", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]));
    const be = Buffer.from(text, "utf16le").swap16();
    const bePath = file("be.json", Buffer.concat([Buffer.from([0xfe, 0xff]), be]));
    expect(JSON.parse(fdr("evaluate", "--pack", "yueyang-2023", le).out).residentId).toBe("张三");
    expect(JSON.parse(fdr("evaluate", "--pack", "yueyang-2023", bePath).out).residentId).toBe("张三");
  });

  it("names the line of invalid UTF-8 further down, without a GB18030 hint when the bytes are not GB18030 either", () => {
    const bytes = Buffer.concat([Buffer.from('{\n"asOf": "2023-06-01",\n"x": "'), Buffer.from([0xff, 0xff, 0xff]), Buffer.from('"\n}')]);
    const result = fdr("evaluate", "--lang", "en", "--pack", "yueyang-2023", file("bad-utf8.json", bytes));
    expect(result.code).toBe(2);
    expect(result.err).toContain("line 3 is not valid UTF-8");
    expect(result.err).not.toContain("reads as GB18030");
  });

  it("says an .xlsx given where text is expected is an Excel file", async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet("Sheet1").addRow(["a"]);
    const path = join(dir, "book.xlsx");
    await workbook.xlsx.writeFile(path);
    for (const args of [
      ["evaluate", "--pack", "yueyang-2023", path],
      ["validate", path],
    ]) {
      const result = fdr("--lang", "en", ...args);
      expect(result.code).toBe(2);
      expect(result.err).toContain("is an Excel workbook (.xlsx)");
    }
    const renamed = file("book-as.ndjson", readFileSync(path));
    const batch = cli(["batch", "--pack", "yueyang-2023", renamed]);
    expect(batch.status).toBe(2);
    expect(batch.stderr).toContain("is an Excel workbook (.xlsx)");
    expect(batch.stdout).toBe("");
  });

  it("bounds pack and case files (--pack /dev/zero is refused), with --max-file-mb to raise the bound", () => {
    const zero = fdr("evaluate", "--lang", "en", "--max-file-mb", "1", "--pack", "/dev/zero", file("c2.json", JSON.stringify(zhangSan)));
    expect(zero.code).toBe(2);
    expect(zero.err).toContain("too_big");
    expect(zero.err).toContain("--max-file-mb");
    const big = file("big-case.json", JSON.stringify({ ...zhangSan, padding: "x".repeat(2 * 1024 * 1024) }));
    expect(fdr("evaluate", "--max-file-mb", "1", "--pack", "yueyang-2023", big).code).toBe(2);
    expect(fdr("evaluate", "--max-file-mb", "3", "--pack", "yueyang-2023", big).err).not.toContain("too_big");
  });
});

describe("fdr batch inputs", () => {
  it("reads a GB18030 CSV with Chinese headers under --encoding gb18030, and refuses it without, with the hint", () => {
    const csv =
      "居民编号,出生日期,行政区划代码,评估日期,慢性病\r\n张三,1950-03-02,430602,2023-06-01,hypertension\r\n李四,1990-01-01,430602,2023-06-01,\r\n";
    const path = file("gb.csv", gb(csv));
    const refused = cli(["batch", "--pack", "yueyang-2023", path]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain("line 1 is not valid UTF-8");
    expect(refused.stderr).toContain("--encoding gb18030");
    const read = cli(["batch", "--pack", "yueyang-2023", "--encoding", "gb18030", path]);
    expect(read.status).toBe(0);
    const records = lines(read.stdout);
    expect(records.map((record) => record.residentId)).toEqual(["张三", "李四"]);
    expect(records[0]!.priorityGroups).toEqual(["elderly", "chronic-disease"]);
    expect(read.stdout).not.toContain("\ufffd");
  });

  it("reads GB18030 NDJSON with --encoding gb18030; without it each line is an error record suggesting it, never garbled", () => {
    const path = file(
      "gb.ndjson",
      gb(`${JSON.stringify(zhangSan)}\n${JSON.stringify({ ...zhangSan, resident: { ...zhangSan.resident, id: "李四" } })}\n`),
    );
    const plain = cli(["batch", "--pack", "yueyang-2023", path]);
    const errors = lines(plain.stdout);
    expect(errors.map((record) => record.line)).toEqual([1, 2]);
    expect(errors[0]!.errors[0].message).toContain("--encoding gb18030");
    expect(plain.stdout).not.toContain("\ufffd");
    const read = cli(["batch", "--pack", "yueyang-2023", "--encoding", "gb18030", "--workers", "2", path]);
    expect(lines(read.stdout).map((record) => record.residentId)).toEqual(["张三", "李四"]);
  });

  it("reads quoted multi-line cells as one record, numbering errors by the line where the record starts", () => {
    const csv =
      'id,birthDate,regionCode,asOf,conditions\n"R1\nsecond line of the id",1950-03-02,430602,2023-06-01,"hypertension;\ndiabetes"\n\nR2,1950-02-30,430602,2023-06-01,\nR3,1950-01-01,430602,2023-06-01,hypertension\n';
    const result = cli(["batch", "--pack", "yueyang-2023", file("multi.csv", csv)]);
    expect(result.status).toBe(0);
    const records = lines(result.stdout);
    expect(records).toHaveLength(3);
    expect(records[0]!.residentId).toBe("R1\nsecond line of the id");
    expect(records[0]!.priorityGroups).toEqual(["elderly", "chronic-disease"]);
    expect(records[1]).toMatchObject({ line: 6 });
    expect(records[2]!.residentId).toBe("R3");
    // Records whose line numbers are not consecutive cross to worker threads unchanged.
    const workers = cli(["batch", "--pack", "yueyang-2023", "--workers", "2", join(dir, "multi.csv")]);
    expect(workers.status).toBe(0);
    expect(workers.stdout).toBe(result.stdout);
  });

  it("reports a CSV record whose quote never closes as an error record at its line, nothing lost before it", () => {
    const csv = 'id,birthDate,regionCode,asOf\nR1,1950-03-02,430602,2023-06-01\n"R2,1950-03-02,430602,2023-06-01\n';
    const result = cli(["batch", "--pack", "yueyang-2023", file("open-quote.csv", csv)]);
    const records = lines(result.stdout);
    expect(records[0]!.residentId).toBe("R1");
    expect(records[1]!.errors[0].message).toContain("cannot be read");
    expect(JSON.parse(result.stderr.trim().split("\n").pop() as string)).toMatchObject({ records: 2, errors: 1 });
  });

  it("splits NDJSON on CR-only line ends too", () => {
    const ndjson = [1, 2, 3].map((n) => JSON.stringify({ ...zhangSan, resident: { ...zhangSan.resident, id: `R${n}` } })).join("\r");
    const result = cli(["batch", "--pack", "yueyang-2023", file("cr.ndjson", ndjson)]);
    expect(lines(result.stdout).map((record) => record.residentId)).toEqual(["R1", "R2", "R3"]);
  });

  it("refuses a CSV header naming a column twice (also through an alias) or naming __proto__ / constructor", () => {
    for (const header of [
      "id,id,birthDate,regionCode,asOf",
      "居民编号,id,birthDate,regionCode,asOf",
      "id,birthDate,regionCode,asOf,__proto__",
      "id,birthDate,regionCode,asOf,constructor",
    ]) {
      const result = cli([
        "batch",
        "--lang",
        "en",
        "--pack",
        "yueyang-2023",
        file("dup.csv", `${header}\nR1,1950-03-02,430602,2023-06-01,x\n`),
      ]);
      expect(result.status, header).toBe(2);
      expect(result.stdout).toBe("");
      expect(result.stderr).toContain("/header/");
    }
  });

  it("gives the clear error for a Chinese value where a code is expected (values stay codes)", () => {
    const result = cli([
      "batch",
      "--pack",
      "yueyang-2023",
      file("value.csv", "居民编号,出生日期,行政区划代码,评估日期,性别\nR1,1950-03-02,430602,2023-06-01,男\n"),
    ]);
    const record = lines(result.stdout)[0]!;
    expect(record.errors[0]).toMatchObject({ path: "/resident/sex" });
    expect(JSON.stringify(record.errors[0])).toContain("男");
  });

  it("exits 1 with --fail-on-error when a record failed, 0 without (counts on stderr)", () => {
    const path = file("one-bad.ndjson", `${JSON.stringify(zhangSan)}\n{not json\n`);
    const plain = cli(["batch", "--pack", "yueyang-2023", path]);
    expect(plain.status).toBe(0);
    expect(plain.stderr).toContain('"errors":1');
    expect(cli(["batch", "--fail-on-error", "--pack", "yueyang-2023", path]).status).toBe(1);
    const clean = file("all-good.ndjson", `${JSON.stringify(zhangSan)}\n`);
    expect(cli(["batch", "--fail-on-error", "--pack", "yueyang-2023", clean]).status).toBe(0);
    expect(cli(["batch", "--fail-on-error", "--pack", "yueyang-2023", file("all-bad.ndjson", "x\ny\n")]).status).toBe(1);
  });
});

describe("Excel workbooks in and out", () => {
  it("reads an .xlsx written by the library, with Excel date cells read as calendar dates in any time zone, and --sheet", async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet("说明").addRow(["this sheet is not the data"]);
    const sheet = workbook.addWorksheet("居民");
    sheet.addRow(["居民编号", "出生日期", "行政区划代码", "评估日期", "慢性病", "团队编号", "签约日期", "服务包"]);
    sheet.addRow([
      "张三",
      new Date(Date.UTC(1950, 2, 2)),
      "430602",
      new Date(Date.UTC(2023, 5, 1)),
      "hypertension",
      "T1",
      new Date(Date.UTC(2023, 0, 1)),
      "basic",
    ]);
    sheet.addRow(["李四", 33239, 430602, "2023-06-01", null, null, null, null]); // 33239 is 1991-01-01 as an Excel serial day
    sheet.addRow(["王五", "1950-01-01", "430602", "2023-06-01", { richText: [{ text: "hyper" }, { text: "tension" }] }, null, null, null]);
    const path = join(dir, "cases.xlsx");
    await workbook.xlsx.writeFile(path);

    const missing = cli(["batch", "--pack", "yueyang-2023", path]);
    expect(missing.status).toBe(0); // the first sheet has no case columns: every row is an error record, nothing crashes
    for (const zone of ["Asia/Shanghai", "America/Sao_Paulo", "Pacific/Kiritimati"]) {
      const result = cli(["batch", "--pack", "yueyang-2023", "--sheet", "居民", path], { TZ: zone });
      expect(result.status, result.stderr).toBe(0);
      const records = lines(result.stdout);
      expect(records.map((record) => record.residentId)).toEqual(["张三", "李四", "王五"]);
      expect(records[0]!.contract).toMatchObject({ start: "2023-01-01", inForce: true });
      expect(records[0]!.priorityGroups).toEqual(["elderly", "chronic-disease"]);
      expect(records[1]!.priorityGroups).toEqual([]);
      expect(records[2]!.priorityGroups).toEqual(["elderly", "chronic-disease"]);
    }
    const noSheet = cli(["batch", "--lang", "en", "--pack", "yueyang-2023", "--sheet", "nope", path]);
    expect(noSheet.status).toBe(2);
    expect(noSheet.stderr).toContain('no sheet named \\"nope\\"');
  });

  it("writes decisions and the summary as .xlsx workbooks that Excel (exceljs) reads back", async () => {
    const input = file(
      "round.csv",
      "id,birthDate,regionCode,asOf,conditions,teamId,signDate,package\nR1,1950-03-02,430602,2023-06-01,hypertension,T1,2023-01-01,basic\nR2,1950-02-30,430602,2023-06-01,,,,\n",
    );
    const out = join(dir, "decisions.xlsx");
    const summaryPath = join(dir, "summary.xlsx");
    const result = cli(["batch", "--pack", "yueyang-2023", input, "--out", out, "--summary", summaryPath]);
    expect(result.status, result.stderr).toBe(0);
    const decisions = new ExcelJS.Workbook();
    await decisions.xlsx.readFile(out);
    const rows = decisions.getWorksheet("decisions")!.getSheetValues().filter(Boolean) as unknown[][];
    expect(rows[0]!.slice(1, 4)).toEqual(["record", "line", "residentId"]);
    expect(rows).toHaveLength(3);
    expect(rows[1]).toContain("R1");
    expect(rows[1]).toContain("40.00");
    expect(rows[1]).toContain("elderly;chronic-disease");
    expect(String(rows[2]![15])).toContain("invalid_date");
    const summary = new ExcelJS.Workbook();
    await summary.xlsx.readFile(summaryPath);
    const fields = Object.fromEntries(
      (summary.getWorksheet("summary")!.getSheetValues().filter(Boolean) as unknown[][]).map((row) => [row[1], row[2]]),
    );
    expect(fields).toMatchObject({ residents: 1, signed: 1, "payers.resident": "8.00", pack: "yueyang-2023" });
  });
});

describe("exceljs stays Node-only and lazy", () => {
  it("is out of the library's main entry and loaded by the CLI only for a workbook", () => {
    expect(readFileSync("dist/index.js", "utf8")).not.toContain("exceljs");
    expect(readFileSync("dist/index.cjs", "utf8")).not.toContain("exceljs");
    expect(readFileSync("dist/cli.js", "utf8")).not.toMatch(/from ["']exceljs["']/);
  });
});

describe("CLI conventions", () => {
  const commands = ["evaluate", "validate", "lint", "test", "diff", "batch", "budget", "coverage", "examples", "packs", "help"];
  it.each(commands)("fdr %s --help and -h print its usage with exit codes and exit 0, in both languages", (command) => {
    for (const flag of ["--help", "-h"]) {
      const en = fdr(command, flag, "--lang", "en");
      expect(en.code).toBe(0);
      expect(en.out).toContain(`fdr ${command}`);
      expect(en.out).toContain("Exit codes");
      const zh = fdr("--lang", "zh", command, flag);
      expect(zh.code).toBe(0);
      expect(zh.out).toContain(`fdr ${command}`);
      expect(zh.out).toContain("退出码");
    }
  });

  it("prints the version (fdr --version, also from the built binary)", () => {
    const version = JSON.parse(readFileSync("package.json", "utf8")).version as string;
    expect(fdr("--version")).toMatchObject({ code: 0, out: version });
    const built = cli(["--version"]);
    expect(built.status).toBe(0);
    expect(built.stdout.trim()).toBe(version);
  });

  it("suggests the command a typo meant, in both languages", () => {
    const en = fdr("--lang", "en", "evalute", "x.json");
    expect(en.code).toBe(2);
    expect(en.err).toContain('did you mean \\"evaluate\\"');
    const zh = fdr("--lang", "zh", "vaildate");
    expect(zh.code).toBe(2);
    expect(zh.err).toContain('是不是要输入 \\"validate\\"');
    expect(fdr("--lang", "en", "zzzzzz").err).not.toContain("did you mean");
  });

  it("fdr lint on a file that is not JSON exits 1 like validate, with severity error (never undefined)", () => {
    const broken = file("broken.json", "{ not json");
    const lint = fdr("lint", "--lang", "en", broken);
    expect(lint.code).toBe(1);
    expect(lint.out).toMatch(/^error {2}/);
    expect(lint.out).not.toContain("undefined");
    expect(JSON.parse(fdr("lint", "--json", broken).out)[0]).toMatchObject({ severity: "error", code: "invalid_json" });
    expect(fdr("validate", broken).code).toBe(1);
  });

  it("writes validate's findings in zh without English words in the same line", () => {
    const json = JSON.parse(readFileSync("rules/yueyang-2023.json", "utf8"));
    delete json.version;
    const result = fdr("validate", "--lang", "zh", file("no-version.json", JSON.stringify(json)));
    expect(result.code).toBe(1);
    expect(result.out).toContain("缺少必填字段");
    expect(result.out).not.toMatch(/required field/);
  });

  it("an English validate after a Chinese one in the same process stays English (zod's locale is reset)", () => {
    const json = JSON.parse(readFileSync("rules/yueyang-2023.json", "utf8"));
    json.version = 3;
    const path = file("typed.json", JSON.stringify(json));
    expect(fdr("validate", "--lang", "zh", path).out).toMatch(/[\u4e00-\u9fff]/);
    const en = fdr("validate", "--lang", "en", path);
    expect(en.code).toBe(1);
    expect(en.out).not.toMatch(/[\u4e00-\u9fff]/);
  });

  it("follows the locale when --lang is absent (LANG=zh_CN.UTF-8)", () => {
    const result = cli(["evaluate", "--pak", "x"], { LANG: "zh_CN.UTF-8" });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("未知选项 --pak");
    const en = cli(["evaluate", "--pak", "x"], { LANG: "en_US.UTF-8" });
    expect(en.stderr).toContain("unknown option --pak");
  });
});

describe("exit codes of every command, in both languages", () => {
  const kase = file("exit-case.json", JSON.stringify(zhangSan));
  const badCase = file("exit-bad.json", JSON.stringify({ ...zhangSan, asOf: "2023-02-30" }));
  const edited = JSON.parse(readFileSync("rules/yueyang-2023.json", "utf8"));
  edited.parameters["basicPackage.residentShare"].values[0].value = "10.00";
  const lintError = file("lint-error.json", JSON.stringify(edited));
  const notJson = file("not-json.json", "nope");
  const cases = file(
    "exit-cases.ndjson",
    JSON.stringify({ ...zhangSan, contract: { teamId: "T1", signDate: "2023-01-01", packages: [{ id: "basic" }] } }) + "\n",
  );
  const table: [string, string[], number][] = [
    ["evaluate ok", ["evaluate", "--pack", "yueyang-2023", kase], 0],
    ["evaluate invalid case", ["evaluate", "--pack", "yueyang-2023", badCase], 2],
    ["evaluate usage", ["evaluate"], 2],
    ["validate ok", ["validate", "rules/yueyang-2023.json"], 0],
    ["validate not JSON", ["validate", notJson], 1],
    ["validate missing file", ["validate", join(dir, "none.json")], 2],
    ["lint ok", ["lint", "rules/yueyang-2023.json"], 0],
    ["lint error", ["lint", lintError], 1],
    ["lint not JSON", ["lint", notJson], 1],
    ["lint usage", ["lint"], 2],
    ["test ok", ["test", "test/cases/yueyang-2023"], 0],
    ["test missing folder", ["test", join(dir, "nowhere")], 2],
    ["diff ok", ["diff", "yueyang-2023", "yueyang-2023", "--cases", cases, "--fail-on-change"], 0],
    ["diff changed", ["diff", "yueyang-2023", lintError, "--cases", cases, "--fail-on-change"], 1],
    ["diff usage", ["diff", "yueyang-2023"], 2],
    ["budget ok", ["budget", "--pack", "yueyang-2023", "--signed", "10"], 0],
    ["budget usage", ["budget", "--pack", "yueyang-2023"], 2],
    ["coverage ok", ["coverage", "--pack", "yueyang-2023", "--signed", "7", "--residents", "10"], 0],
    ["coverage usage", ["coverage", "--pack", "yueyang-2023", "--signed", "7"], 2],
    ["packs", ["packs"], 0],
    ["help", ["help"], 0],
    ["help unknown", ["help", "nope"], 2],
    ["unknown command", ["nope"], 2],
    ["bad --lang", ["packs", "--lang", "fr"], 2],
    ["bad --encoding", ["packs", "--encoding", "latin1"], 2],
  ];
  it.each(table)("%s → exit %s (en and zh), issues in one language", (_, args, code) => {
    for (const lang of ["en", "zh"]) {
      const result = fdr("--lang", lang, ...args);
      expect(result.code).toBe(code);
      if (code === 2 && !args.includes("fr")) {
        const issues = JSON.parse(result.err) as { message: string }[];
        for (const issue of issues) {
          if (lang === "zh") expect(issue.message, issue.message).toMatch(/[\u4e00-\u9fff]/);
          else expect(issue.message, issue.message).not.toMatch(/[\u4e00-\u9fff]{2}/);
        }
      }
    }
  });
  it("fdr batch: 0, 1 with --fail-on-error, 2 on usage, in both languages", () => {
    for (const lang of ["en", "zh"]) {
      expect(cli(["batch", "--lang", lang, "--pack", "yueyang-2023", cases]).status).toBe(0);
      expect(cli(["batch", "--lang", lang, "--fail-on-error", "--pack", "yueyang-2023", file("bad.ndjson", "x\n")]).status).toBe(1);
      const usage = cli(["batch", "--lang", lang, cases]);
      expect(usage.status).toBe(2);
      expect(JSON.parse(usage.stderr)[0].message).toMatch(lang === "zh" ? /需要 --pack/ : /needs --pack/);
    }
  });
});
