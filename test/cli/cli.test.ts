import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "../../src/cli/run.js";

function fdr(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = run(argv, { out: (text) => out.push(text), err: (text) => err.push(text) });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

const dir = mkdtempSync(join(tmpdir(), "fdr-cli-"));
const write = (name: string, content: string) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
const goodCase = write(
  "case.json",
  JSON.stringify({
    asOf: "2023-06-01",
    resident: { id: "R1", birthDate: "1950-03-02", regionCode: "430602", conditions: ["hypertension"] },
  }),
);

describe("fdr evaluate", () => {
  it("prints the decision as JSON and exits 0", () => {
    const result = fdr("evaluate", "--pack", "yueyang-2023", goodCase);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.out)).toMatchObject({ pack: "yueyang-2023", priorityGroups: ["elderly", "chronic-disease"] });
  });
  it("takes a pack file by path", () => {
    const result = fdr(
      "evaluate",
      "--pack",
      "rules/yongzhou-2017.json",
      write("yz.json", JSON.stringify({ asOf: "2023-06-01", resident: { id: "R", birthDate: "2020-01-01", regionCode: "431102" } })),
    );
    expect(result.code).toBe(0);
    expect(JSON.parse(result.out).priorityGroups).toEqual(["preschool-child"]);
  });
  it("explains the decision in Chinese and English with citations", () => {
    const result = fdr("evaluate", "--pack", "yueyang-2023", "--explain", goodCase);
    expect(result.code).toBe(0);
    const lines = result.out.split("\n");
    expect(lines).toContain("重点人群");
    expect(lines).toContain("Priority groups");
    expect(result.out).toContain("✓ 老年人（65周岁及以上）〔国卫基层发〔2022〕10号 重点人群，二手资料，未逐字核对〕");
    expect(result.out).toContain("✓ Elderly, 65 and over [国卫基层发〔2022〕10号 重点人群, secondary source, not checked word for word]");
    const zh = fdr("evaluate", "--pack", "yueyang-2023", "--explain", "--lang", "zh", goodCase).out.split("\n");
    expect(zh).toContain("重点人群");
    expect(zh).not.toContain("Priority groups");
    for (const line of zh)
      expect(line, line).not.toMatch(
        /\b(elderly|chronic-disease|public-health-subsidy|medical-insurance-fund|resident|general-practitioner|health-manager|specialist)\b/,
      );
    const en = fdr("evaluate", "--pack", "yueyang-2023", "--explain", "--lang", "en", goodCase).out.split("\n");
    expect(en).toContain("Priority groups");
    expect(en).not.toContain("重点人群");
    expect(en.some((line) => line.includes("「"))).toBe(false);
    expect(fdr("evaluate", "--pack", "yueyang-2023", "--explain", "--lang", "fr", goodCase).code).toBe(2);
  });
  it.each([
    ["an invalid case", ["evaluate", "--pack", "yueyang-2023", "CASE_BAD"], "/resident/birthDate"],
    ["malformed JSON", ["evaluate", "--pack", "yueyang-2023", "CASE_JSON"], "invalid_json"],
    ["an unknown pack", ["evaluate", "--pack", "hunan-2030", "CASE_GOOD"], "unknown_pack"],
    ["a date outside the pack's period", ["evaluate", "--pack", "yueyang-2023", "CASE_OLD"], "out_of_period"],
    ["no --pack and a region no pack covers", ["evaluate", "CASE_BEIJING"], "unknown_pack"],
    ["an unknown option", ["evaluate", "--pak", "x", "CASE_GOOD"], "invalid_arguments"],
    ["a missing file", ["evaluate", "--pack", "yueyang-2023", "/no/such/file.json"], "io_error"],
    ["an unknown command", ["evaluat"], "invalid_arguments"],
  ])("exits 2 with a JSON list of issues on %s", (_, args, needle) => {
    const files: Record<string, string> = {
      CASE_BAD: write(
        "bad.json",
        JSON.stringify({ asOf: "2023-06-01", resident: { id: "R", birthDate: "1950-02-30", regionCode: "430602" } }),
      ),
      CASE_JSON: write("malformed.json", "{ not json"),
      CASE_OLD: write(
        "old.json",
        JSON.stringify({ asOf: "2020-01-01", resident: { id: "R", birthDate: "1950-01-01", regionCode: "430602" } }),
      ),
      CASE_GOOD: goodCase,
      CASE_BEIJING: write(
        "beijing.json",
        JSON.stringify({ asOf: "2023-06-01", resident: { id: "R", birthDate: "1950-01-01", regionCode: "110101" } }),
      ),
    };
    const result = fdr(...args.map((arg) => files[arg] ?? arg));
    expect(result.code).toBe(2);
    expect(result.out).toBe("");
    const issues = JSON.parse(result.err) as { code: string; path: string; message: string }[];
    expect(issues.length).toBeGreaterThan(0);
    expect(JSON.stringify(issues)).toContain(needle);
    expect(result.err).not.toMatch(/\n\s+at /);
  });
  it("lists the bundled packs", () => {
    expect(fdr("packs").out).toMatch(/^yongzhou-2017\t1\.0\.0\t4311/m);
  });
});

describe("the built fdr binary", () => {
  it("reads a case from standard input", () => {
    const result = spawnSync(process.execPath, ["dist/cli.js", "evaluate", "--pack", "yongzhou-2017", "-"], {
      input: JSON.stringify({ asOf: "2023-06-01", resident: { id: "R", birthDate: "1950-01-01", regionCode: "431102" } }),
      encoding: "utf8",
    });
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout).priorityGroups).toEqual(["elderly"]);
  });
  it("evaluates the bundled examples of every pack (npm start)", () => {
    const result = spawnSync(process.execPath, ["dist/cli.js", "examples"], { encoding: "utf8" });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("yongzhou-2017/01-signed-hypertension-eight-weeks.json");
    expect(result.stdout).toContain("yueyang-2023/01-elderly-hypertension-basic-and-personalised.json");
    expect(result.stdout).toContain("[永政办函〔2017〕71号 YZ §5.2]");
    expect(result.stdout).not.toMatch(/^(错误|error): /m);
  });
  it.each(["Asia/Shanghai", "Pacific/Kiritimati", "America/Sao_Paulo", "Pacific/Pago_Pago"])(
    "gives the same decision in time zone %s",
    (zone) => {
      const input = JSON.stringify({
        asOf: "2024-02-29",
        resident: { id: "R", birthDate: "1959-02-28", regionCode: "431102" },
        contract: { teamId: "T", signDate: "2023-03-01" },
      });
      const result = spawnSync(process.execPath, ["dist/cli.js", "evaluate", "--pack", "yongzhou-2017", "-"], {
        input,
        encoding: "utf8",
        env: { ...process.env, TZ: zone },
      });
      expect(result.status).toBe(0);
      const decision = JSON.parse(result.stdout);
      expect(decision.priorityGroups).toEqual(["elderly"]);
      expect(decision.contract).toMatchObject({ start: "2023-03-01", end: "2024-02-29", inForce: true });
    },
  );
});
