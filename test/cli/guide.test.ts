import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run } from "../../src/cli/run.js";

/** The analyst guide's worked example, run step by step with its own commands. */
describe("docs/analyst-guide.md worked example", () => {
  const guide = readFileSync("docs/analyst-guide.md", "utf8");
  const root = resolve(".");
  const work = mkdtempSync(join(tmpdir(), "fdr-guide-"));
  const cwd = process.cwd();
  beforeAll(() => process.chdir(work));
  afterAll(() => process.chdir(cwd));

  /** Runs a command exactly as the guide writes it (after `npx `), checking that the guide has it. */
  function step(command: string) {
    expect(guide).toContain(command);
    const argv = command
      .replace(/^npx fdr /, "")
      .split(/\s+/)
      .map((arg) => (arg.startsWith("examples/") || arg.startsWith("rules/") ? join(root, arg) : arg));
    const out: string[] = [];
    const code = run(argv, { out: (text) => out.push(text), err: (text) => out.push(text) });
    return { code, out: out.join("\n") };
  }
  const edit = (change: (json: Record<string, any>) => void) => {
    const json = JSON.parse(readFileSync("my-yueyang.json", "utf8"));
    change(json);
    writeFileSync("my-yueyang.json", JSON.stringify(json, null, 2));
  };

  it("runs as written", () => {
    expect(guide).toContain("cp rules/yueyang-2023.json my-yueyang.json");
    copyFileSync(join(root, "rules/yueyang-2023.json"), "my-yueyang.json");
    edit((json) => (json.parameters["basicPackage.residentShare"].values[0].value = "10.00"));

    expect(step("npx fdr validate my-yueyang.json").code).toBe(0);

    const lint = step("npx fdr lint my-yueyang.json");
    expect(lint.code).toBe(1);
    expect(lint.out).toContain("/packages/0/shares");
    expect(lint.out).toContain("[shares-not-price] on 2022-03-03 the shares of package basic sum to 42.00, not its price 40.00");

    edit((json) => (json.parameters["basicPackage.price"].values[0].value = "42.00"));
    const clean = step("npx fdr lint my-yueyang.json");
    expect(clean.code).toBe(0);
    expect(clean.out).toContain("0 error(s)");

    const test = step("npx fdr test --pack my-yueyang.json examples/analyst/yueyang-2023");
    expect(test.code).toBe(0);
    expect(test.out).toContain("1 passed, 0 failed");

    const diff = step("npx fdr diff rules/yueyang-2023.json my-yueyang.json --cases examples/analyst/cases.ndjson");
    expect(diff.code).toBe(0);
    expect(diff.out).toContain('/fee/payers/resident "8.00" → "10.00"');
    expect(diff.out).not.toContain("packHash");
    expect(diff.out).toContain("resident  87.00 → 91.00");
    expect(diff.out).toContain("3 case(s), 2 changed");
    expect(guide).toContain("--fail-on-change");
  });
});

describe("fdr diff", () => {
  it("exits 1 with --fail-on-change when a decision changed, 0 when none did", () => {
    const root = resolve(".");
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (text: string) => out.push(text), err: (text: string) => err.push(text) };
    const cases = join(root, "examples/analyst/cases.ndjson");
    expect(run(["diff", "yueyang-2023", "yueyang-2023", "--cases", cases, "--fail-on-change"], io)).toBe(0);
    expect(out.join("\n")).toContain("3 case(s), 0 changed");
    const older = JSON.parse(readFileSync(join(root, "rules/yueyang-2023.json"), "utf8"));
    older.parameters["elderly.minAge"].values[0].value = 60;
    const path = join(mkdtempSync(join(tmpdir(), "fdr-diff-")), "sixty.json");
    writeFileSync(path, JSON.stringify(older));
    out.length = 0;
    // None of these residents is 60 to 64: nothing changes.
    expect(run(["diff", "yueyang-2023", path, "--cases", cases, "--json", "--fail-on-change"], io)).toBe(0);
    expect(JSON.parse(out.join("")).changed).toEqual([]);
    // An edited copy keeping the bundled id: a warning on stderr, not in the JSON on stdout.
    expect(err.join("\n")).toContain("sixty.json");
    out.length = 0;
    const young = join(mkdtempSync(join(tmpdir(), "fdr-diff-")), "young.ndjson");
    writeFileSync(young, '{"asOf":"2023-06-01","resident":{"id":"Y","birthDate":"1961-01-01","regionCode":"430602"}}\n');
    expect(run(["diff", "yueyang-2023", path, "--cases", young, "--json", "--fail-on-change"], io)).toBe(1);
    expect(JSON.parse(out.join("")).changed).toEqual([{ line: 1, residentId: "Y", groupsGained: ["elderly"], groupsLost: [], fields: [] }]);
  });
});

/** The guide's Excel round trip, run with its own commands through the built binary. */
describe("docs/analyst-guide.md Excel round trip", () => {
  const guide = readFileSync("docs/analyst-guide.md", "utf8");
  const root = resolve(".");
  const binary = join(root, "dist/cli.js");
  /** Runs a command as the guide writes it (after `npx `), in `cwd`, checking that the guide has it. */
  function step(command: string, cwd: string) {
    expect(guide).toContain(command);
    const argv = command
      .replace(/^npx fdr /, "")
      .split(/\s+/)
      .map((arg) => (arg.startsWith("examples/") ? join(root, arg) : arg));
    return spawnSync(process.execPath, [binary, ...argv], {
      cwd,
      encoding: "utf8",
      env: { ...process.env, LANG: "en_US.UTF-8", LC_ALL: "" },
    });
  }
  const rows = async (path: string, sheet: string) => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path);
    return (workbook.getWorksheet(sheet)!.getSheetValues().filter(Boolean) as unknown[][]).map((row) => row.slice(1));
  };

  it("GBK CSV in, .xlsx decisions and summary out", async () => {
    const work = mkdtempSync(join(tmpdir(), "fdr-guide-xlsx-"));
    const refused = step("npx fdr batch --pack yueyang-2023 examples/analyst/residents-gbk.csv", work);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain("--encoding gb18030");
    const result = step(
      "npx fdr batch --pack yueyang-2023 --encoding gb18030 examples/analyst/residents-gbk.csv --out decisions.xlsx --summary summary.xlsx",
      work,
    );
    expect(result.status, result.stderr).toBe(0);
    const decisions = await rows(join(work, "decisions.xlsx"), "decisions");
    expect(decisions[0]!.slice(0, 3)).toEqual(["record", "line", "residentId"]);
    expect(decisions.slice(1).map((row) => row[2] ?? "")).toEqual(["YY-001", "YY-002", "YY-003", ""]);
    expect(decisions[1]).toContain("elderly;chronic-disease");
    expect(decisions[4]![1]).toBe(5); // the refused record names its line
    expect(String(decisions[4]![14])).toContain("invalid_date");
    const summary = Object.fromEntries((await rows(join(work, "summary.xlsx"), "summary")).map(([field, value]) => [field, value]));
    expect(summary).toMatchObject({ residents: 3, signed: 3, "payers.resident": "24.00" });
  });

  it(".xlsx in (--sheet), with Excel date cells", async () => {
    const work = mkdtempSync(join(tmpdir(), "fdr-guide-xlsx-"));
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet("说明").addRow(["居民名单见下一页"]);
    const sheet = workbook.addWorksheet("居民");
    sheet.addRow(["居民编号", "出生日期", "行政区划代码", "评估日期", "慢性病", "团队编号", "签约日期", "服务包"]);
    sheet.addRow([
      "YY-001",
      new Date(Date.UTC(1950, 2, 2)),
      "430602",
      new Date(Date.UTC(2023, 5, 1)),
      "hypertension",
      "T1",
      new Date(Date.UTC(2023, 0, 1)),
      "basic",
    ]);
    await workbook.xlsx.writeFile(join(work, "residents.xlsx"));
    const result = step("npx fdr batch --pack yueyang-2023 residents.xlsx --sheet 居民 --out decisions.xlsx --summary summary.xlsx", work);
    expect(result.status, result.stderr).toBe(0);
    const decisions = await rows(join(work, "decisions.xlsx"), "decisions");
    expect(decisions[1]!.slice(2, 9)).toEqual(["YY-001", "2023-06-01", true, "elderly;chronic-disease", "2023-01-01", "2023-12-31", true]);
  });
});
