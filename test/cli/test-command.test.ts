import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "../../src/cli/run.js";
import { compareExpected } from "../../src/entries/node.js";

function fdr(...argv: string[]) {
  const out: string[] = [];
  const code = run(argv, { out: (text) => out.push(text), err: (text) => out.push(text) });
  return { code, out: out.join("\n") };
}

describe("fdr test", () => {
  it("runs the bundled golden cases, JSON and YAML (exit 0)", () => {
    const result = fdr("test", "test/cases");
    expect(result.code).toBe(0);
    expect(result.out).toContain("✓ An unsigned resident's emergency prescription is limited to 3 days");
    expect(result.out).toMatch(/\n22 passed, 0 failed$/);
  });

  it("prints a readable diff for each failure and exits 1", () => {
    const dir = join(mkdtempSync(join(tmpdir(), "fdr-cases-")), "yueyang-2023");
    mkdirSync(dir);
    writeFileSync(
      join(dir, "share.yaml"),
      [
        "name: The resident pays 10 yuan of the basic package",
        "case:",
        '  asOf: "2023-06-01"',
        '  resident: { id: R, birthDate: "1980-01-01", regionCode: "430602" }',
        '  contract: { teamId: T, signDate: "2023-01-01", packages: [{ id: basic }] }',
        "expected:",
        '  fee: { payers: { resident: "10.00" } }',
        "  priorityGroups: [elderly]",
      ].join("\n"),
    );
    const result = fdr("test", dir);
    expect(result.code).toBe(1);
    expect(result.out).toContain("✗ The resident pays 10 yuan of the basic package");
    expect(result.out).toContain('/fee/payers/resident: expected "10.00", got "8.00"');
    expect(result.out).toContain('/priorityGroups: expected ["elderly"], got []');
    expect(result.out).toContain("0 passed, 1 failed");
  });

  it("runs analyst cases against an edited pack given with --pack", () => {
    const root = mkdtempSync(join(tmpdir(), "fdr-edited-"));
    const pack = JSON.parse(readFileSync("rules/yueyang-2023.json", "utf8"));
    pack.id = "yueyang-2023-draft";
    writeFileSync(join(root, "draft.json"), JSON.stringify(pack));
    writeFileSync(
      join(root, "case.json"),
      JSON.stringify({
        name: "x",
        pack: "yueyang-2023-draft",
        case: { asOf: "2023-06-01", resident: { id: "R", birthDate: "1950-01-01", regionCode: "430602" } },
        expected: { pack: "yueyang-2023-draft", priorityGroups: ["elderly"] },
      }),
    );
    expect(fdr("test", "--pack", join(root, "draft.json"), join(root, "case.json")).code).toBe(0);
  });

  it("exits 2 when there is nothing to run", () => {
    expect(fdr("test", "/no/such/folder").code).toBe(2);
  });
});

describe("compareExpected", () => {
  it("lets the expected decision leave keys out but not list items", () => {
    expect(compareExpected({ a: { b: 1 } }, { a: { b: 1, c: 2 }, d: 3 })).toEqual([]);
    expect(compareExpected({ l: [1] }, { l: [1, 2] })).toEqual([{ path: "/l", expected: [1], actual: [1, 2] }]);
    expect(compareExpected({ a: "x" }, {})).toEqual([{ path: "/a", expected: "x", actual: undefined }]);
  });
});
