/**
 * `fdr diff` reads its cases as `fdr batch` does: a line that holds no case
 * is reported at its line with the batch's issues — never skipped, never
 * evaluated as a case — and the run exits 2 after the diff of the others.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { diffPacks, type PackDiff } from "../../src/entries/analysis.js";
import { loadPack } from "../../src/index.js";
import { run } from "../../src/cli/run.js";

const dir = mkdtempSync(join(tmpdir(), "fdr-diff-read-"));
const cli = (...args: string[]) =>
  spawnSync(process.execPath, ["dist/cli.js", ...args], { encoding: "utf8", env: { ...process.env, LANG: "en_US.UTF-8", LC_ALL: "" } });

function fdr(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = run(argv, { out: (text) => out.push(text), err: (text) => err.push(text) });
  // The issue list is the last thing on stderr (after a warning about an edited copy of a bundled pack).
  return { code, out: out.join("\n"), err: err.at(-1) ?? "" };
}

const kase = (id: string, birthDate = "1950-03-02") =>
  JSON.stringify({
    asOf: "2023-06-01",
    resident: { id, birthDate, regionCode: "430602" },
    contract: { teamId: "T1", signDate: "2023-01-01", packages: [{ id: "basic" }] },
  });

/** Good cases around every kind of line the batch refuses before evaluating. */
function brokenFile(): string {
  const path = join(dir, "broken.ndjson");
  const parts = [
    Buffer.from(kase("A") + "\n"),
    Buffer.from("{not json\n"), // line 2
    Buffer.from("\n"), // line 3: empty
    Buffer.concat([Buffer.from('{"asOf":"2023-06-01","resident":{"id":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}}\n')]), // line 4: not UTF-8
    Buffer.from(kase("B", "1961-01-01") + "\r\n"),
    Buffer.from('{"asOf":"2023-06-01"'), // line 6: cut short, no final line break
  ];
  writeFileSync(path, Buffer.concat(parts));
  return path;
}

/** The yueyang pack with the elderly age lowered to 60: resident B (62) becomes elderly. */
function sixty(): string {
  const json = JSON.parse(readFileSync("rules/yueyang-2023.json", "utf8"));
  json.parameters["elderly.minAge"].values[0].value = 60;
  const path = join(dir, "sixty.json");
  writeFileSync(path, JSON.stringify(json));
  return path;
}

describe("fdr diff on a cases file with lines that hold no case", () => {
  const cases = brokenFile();
  const edited = sixty();

  it("reports every bad line with the issues fdr batch writes for it, and exits 2 after the diff of the others", () => {
    const result = fdr("diff", "yueyang-2023", edited, "--cases", cases, "--json", "--fail-on-change");
    expect(result.code).toBe(2);
    const diff = JSON.parse(result.out) as PackDiff;
    // Nothing lost: two cases evaluated, four lines refused, one per input line.
    expect(diff.cases).toBe(2);
    expect(diff.unreadable.map((entry) => entry.line)).toEqual([2, 3, 4, 6]);
    expect(diff.changed).toEqual([{ line: 5, residentId: "B", groupsGained: ["elderly"], groupsLost: [], fields: [] }]);

    // The same issues, line for line, as the batch's error records.
    const batch = cli("batch", "--pack", "yueyang-2023", cases);
    expect(batch.status).toBe(0);
    const errorRecords = batch.stdout
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line) as { line?: number; errors?: unknown[] })
      .filter((record) => record.errors);
    expect(diff.unreadable).toEqual(errorRecords.map(({ line, errors }) => ({ line, errors })));
    expect(diff.unreadable[0]!.errors[0]).toMatchObject({ code: "invalid_json" });
    expect(JSON.stringify(diff.unreadable[2])).toContain("not valid UTF-8");

    // stderr: a JSON issue list, each naming the file and the line.
    const issues = JSON.parse(result.err) as { code: string; message: string }[];
    expect(issues.map((issue) => issue.code)).toEqual(["invalid_json", "invalid_json", "invalid_value", "invalid_json"]);
    for (const [index, line] of [2, 3, 4, 6].entries()) expect(issues[index]!.message).toContain(`line ${line}`);
    for (const issue of issues) expect(issue.message).toContain(cases);
  });

  it("lists the bad lines in the human report, in the run's language, one language per line", () => {
    const en = fdr("--lang", "en", "diff", "yueyang-2023", "yueyang-2023", "--cases", cases);
    expect(en.code).toBe(2);
    expect(en.out).toContain("line 2: no case read: [invalid_json] line 2 is not valid JSON");
    expect(en.out).toContain("2 case(s), 0 changed, 4 line(s) unreadable");
    const zh = fdr("--lang", "zh", "diff", "yueyang-2023", "yueyang-2023", "--cases", cases);
    expect(zh.code).toBe(2);
    expect(zh.out).toContain("第 2 行：未能读取案例");
    expect(zh.out).toContain("4 行无法读取");
    for (const issue of JSON.parse(zh.err) as { message: string }[]) expect(issue.message).toMatch(/第 \d 行/);
  });

  it("exits 2 even without --fail-on-change, and as the built binary", () => {
    const result = cli("diff", "yueyang-2023", "yueyang-2023", "--cases", cases);
    expect(result.status).toBe(2);
    expect(result.stdout).toContain("4 line(s) unreadable");
    expect(result.stderr).toContain("line 2 is not valid JSON");
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it("reads a UTF-16 file (by its BOM) with lone-CR line ends, as the batch does", () => {
    const path = join(dir, "utf16.ndjson");
    writeFileSync(path, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${kase("A")}\r${kase("B", "1961-01-01")}\r`, "utf16le")]));
    const result = fdr("diff", "yueyang-2023", edited, "--cases", path, "--json");
    expect(result.code, result.err).toBe(0);
    const diff = JSON.parse(result.out) as PackDiff;
    expect(diff.cases).toBe(2);
    expect(diff.unreadable).toEqual([]);
    expect(diff.changed.map((change) => change.line)).toEqual([2]);
  });

  it("refuses a workbook given as cases, naming it", () => {
    const path = join(dir, "cases.xlsx");
    writeFileSync(path, Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0]));
    const result = fdr("diff", "yueyang-2023", "yueyang-2023", "--cases", path);
    expect(result.code).toBe(2);
    expect(result.err).toContain("Excel");
  });
});

describe("diffPacks", () => {
  it("keeps unreadable lines apart: counted neither as cases nor as changes, listed with their issues", () => {
    const pack = loadPack("yueyang-2023");
    const issue = { code: "invalid_json" as const, path: "", message: "line 2 is not valid JSON" };
    const diff = diffPacks(pack, pack, [
      { line: 1, input: JSON.parse(kase("A")) },
      { line: 2, errors: [issue] },
    ]);
    expect(diff.cases).toBe(1);
    expect(diff.changed).toEqual([]);
    expect(diff.unreadable).toEqual([{ line: 2, errors: [issue] }]);
  });

  it("lists cases both packs refuse (JSON that is not a case, an impossible date) with their issues, never as unchanged", () => {
    const pack = loadPack("yueyang-2023");
    const bad = [[1, 2], { foo: 1 }, 42, null, { ...JSON.parse(kase("D")), asOf: "2023-13-45" }];
    const diff: PackDiff = diffPacks(pack, loadPack("yongzhou-2017"), [
      { line: 1, input: JSON.parse(kase("A")) },
      ...bad.map((input, index) => ({ line: index + 2, input })),
    ]);
    expect(diff.refused.map((entry) => entry.line)).toEqual([2, 3, 4, 5, 6]);
    for (const entry of diff.refused) expect(entry.errors.length).toBeGreaterThan(0);
    expect(diff.changed.map((change) => change.line)).toEqual([1]);
  });
});

describe("fdr diff on cases both packs refuse", () => {
  it("lists each such line in the report and its issues on stderr, and exits 2, in both languages", () => {
    const path = join(dir, "refused.ndjson");
    writeFileSync(path, [kase("A"), "[1,2]", '{"foo":1}', "42", "null", kase("D").replace("2023-06-01", "2023-13-45")].join("\n") + "\n");
    const en = fdr("diff", "yueyang-2023", "yongzhou-2017", "--cases", path, "--lang", "en");
    expect(en.code).toBe(2);
    for (const line of [2, 3, 4, 5, 6]) expect(en.out).toContain(`line ${line}: refused under both packs`);
    expect(en.out).toContain("5 refused under both packs");
    expect(en.err).toContain("line 2");
    const zh = fdr("diff", "yueyang-2023", "yongzhou-2017", "--cases", path, "--lang", "zh");
    expect(zh.code).toBe(2);
    expect(zh.out).toContain("第 2 行：两个规则包均拒绝该案例");
    const json = fdr("diff", "yueyang-2023", "yongzhou-2017", "--cases", path, "--json");
    expect((JSON.parse(json.out) as PackDiff).refused.map((entry) => entry.line)).toEqual([2, 3, 4, 5, 6]);
  });
});
