import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { jsonPositions, positionOf } from "../../src/core/json-positions.js";
import { run, type Finding } from "../../src/cli/run.js";

const dir = mkdtempSync(join(tmpdir(), "fdr-validate-"));

function fdr(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = run(argv, { out: (text) => out.push(text), err: (text) => err.push(text) });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

/** Writes an edited copy of a bundled pack and returns its path and text. */
function brokenCopy(name: string, edit: (json: Record<string, any>) => void) {
  const json = JSON.parse(readFileSync("rules/yueyang-2023.json", "utf8"));
  edit(json);
  const text = JSON.stringify(json, null, 2);
  const path = join(dir, name);
  writeFileSync(path, text);
  return { path, text };
}

/** 1-based line and column of the first occurrence of `needle` after `after`. */
function locate(text: string, needle: string, after = ""): { line: number; column: number } {
  const offset = text.indexOf(needle, after ? text.indexOf(after) : 0);
  const before = text.slice(0, offset).split("\n");
  return { line: before.length, column: (before[before.length - 1] as string).length + 1 };
}

describe("fdr validate", () => {
  it("passes the bundled packs and the example overlay (exit 0)", () => {
    const result = fdr(
      "validate",
      "--lang",
      "en",
      "rules/yongzhou-2017.json",
      "rules/yueyang-2023.json",
      "rules/examples/yongzhou-lingling-example.json",
    );
    expect(result.code).toBe(0);
    expect(result.out).toContain("rules/yueyang-2023.json: valid");
  });

  it("reports every problem in one run, each with its path, line and column (exit 1)", () => {
    const { path, text } = brokenCopy("broken.json", (json) => {
      json.parameters["basicPackage.residentShare"].valeus = json.parameters["basicPackage.residentShare"].values;
      delete json.parameters["basicPackage.residentShare"].values;
      json.priorityGroups[0].when.all[0].fact = "age";
      json.packages[0].cite.doc = "岳卫发〔2099〕1号";
    });
    const result = fdr("validate", "--json", "--lang", "en", path);
    expect(result.code).toBe(1);
    const findings = JSON.parse(result.out) as Finding[];
    const byPath = new Map(findings.map((finding) => [finding.path, finding]));
    expect(byPath.get("/parameters/basicPackage.residentShare/valeus")).toMatchObject({
      code: "unrecognized_keys",
      ...locate(text, '"valeus"'),
    });
    expect(byPath.get("/parameters/basicPackage.residentShare/values")).toMatchObject({
      code: "missing_field",
      ...locate(text, '"basicPackage.residentShare"', '"parameters"'),
    });
    expect(byPath.get("/priorityGroups/0/when/all/0/fact")).toMatchObject({
      code: "unknown_fact",
      found: '"age"',
      ...locate(text, '"age"'),
    });
    expect(byPath.get("/packages/0/cite/doc")).toMatchObject({
      expected: expect.stringContaining("岳卫发〔2022〕37号"),
      ...locate(text, '"岳卫发〔2099〕1号"'),
    });
    expect(findings).toHaveLength(4);
  });

  it("says what it found and expected in plain words, in Chinese with --lang zh", () => {
    const { path } = brokenCopy("money.json", (json) => {
      json.parameters["basicPackage.price"].values[0].value = 40;
    });
    const zh = fdr("validate", "--lang", "zh", path);
    expect(zh.code).toBe(1);
    expect(zh.out).toContain("参数值与类型不符");
    expect(zh.out).toContain("应为: an amount string with at most two decimals");
    expect(zh.out).toContain("实际: 40");
    expect(fdr("validate", "--lang", "en", path).out).toContain("found: 40");
  });

  it("locates malformed JSON", () => {
    const path = join(dir, "malformed.json");
    writeFileSync(path, '{\n  "id": "x",\n  "version": 1.0.0\n}');
    const result = fdr("validate", "--json", path);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.out)[0]).toMatchObject({ code: "invalid_json", line: 3 });
  });

  it("exits 2 on usage errors", () => {
    expect(fdr("validate").code).toBe(2);
    expect(fdr("validate", "--lang", "fr", "rules/yueyang-2023.json").code).toBe(2);
    expect(fdr("validate", join(dir, "missing.json")).code).toBe(2);
  });
});

describe("jsonPositions", () => {
  it("maps pointers to values and keys", () => {
    const positions = jsonPositions('{\n  "a": [1, {"b/c": true}],\n  "d": "x"\n}');
    expect(positions.get("/a")).toEqual({ line: 2, column: 8 });
    expect(positions.get("/a/1/b~1c")).toEqual({ line: 2, column: 20 });
    expect(positions.get("/d#key")).toEqual({ line: 3, column: 3 });
    expect(positionOf(positions, "/d/missing")).toEqual({ line: 3, column: 3 });
    expect(positionOf(positions, "/d")).toEqual({ line: 3, column: 8 });
    expect(positionOf(positions, "/d", true)).toEqual({ line: 3, column: 3 });
  });
});
