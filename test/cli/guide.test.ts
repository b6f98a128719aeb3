import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
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
    const argv = command.replace(/^npx fdr /, "").split(/\s+/).map((arg) => (arg.startsWith("examples/") || arg.startsWith("rules/") ? join(root, arg) : arg));
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
