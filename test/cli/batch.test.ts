import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { budget, checkCoverage, impliedResidents } from "../../src/entries/analysis.js";
import {
  BatchRecordSchema,
  evaluateMany,
  packLines,
  packRecordLines,
  readLines,
  toBatchRecord,
  unpackLines,
  type BatchRecord,
  type RawLine,
} from "../../src/entries/batch.js";
import { DecisionSchema, evaluate, loadPack, type Decision } from "../../src/index.js";

const dir = mkdtempSync(join(tmpdir(), "fdr-batch-"));
const cli = (...args: string[]) => spawnSync(process.execPath, ["dist/cli.js", ...args], { encoding: "utf8", maxBuffer: 1 << 30 });

const good = (id: string, extra: Record<string, unknown> = {}) => ({
  asOf: "2023-06-01",
  resident: { id, birthDate: "1950-03-02", regionCode: "430602", conditions: ["hypertension"] },
  contract: { teamId: "T1", signDate: "2023-01-01", packages: [{ id: "basic" }] },
  ...extra,
});

/** A file mixing good cases with every kind of broken line. */
function mixedFile(name: string, copies: number): string {
  const parts: Buffer[] = [];
  for (let i = 0; i < copies; i++) {
    parts.push(Buffer.from(JSON.stringify(good(`G${i}`)) + "\n"));
    if (i % 7 === 0) parts.push(Buffer.from("{not json\n"));
    if (i % 11 === 0) parts.push(Buffer.from("\n"));
    if (i % 13 === 0)
      parts.push(Buffer.concat([Buffer.from('{"asOf":"2023-06-01","resident":{"id":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}}\n')]));
    if (i % 17 === 0) parts.push(Buffer.from(JSON.stringify(good(`B${i}`, { asOf: "2023-02-30" })) + "\n"));
    if (i % 19 === 0)
      parts.push(
        Buffer.from(
          `{"__proto__":{"polluted":true},"asOf":"2023-06-01","resident":{"id":"P${i}","birthDate":"1950-01-01","regionCode":"430602","constructor":{"x":1}}}\n`,
        ),
      );
    if (i % 23 === 0) parts.push(Buffer.from("[".repeat(100000) + "]".repeat(100000) + "\n"));
    if (i % 29 === 0)
      parts.push(
        Buffer.from(
          `{"asOf":"2023-06-01","resident":{"id":"N${i}","birthDate":"1950-01-01","regionCode":"430602"},"prescription":{"supplyDays":1e308},"extra":{"deep":[1,2,{"x":null}]}}\n`,
        ),
      );
  }
  parts.push(Buffer.from('"' + "x".repeat(10 * 1024 * 1024) + '"\n'));
  parts.push(Buffer.from(JSON.stringify(good("last"))));
  const path = join(dir, name);
  writeFileSync(path, Buffer.concat(parts));
  return path;
}

describe("fdr batch", () => {
  const mixed = mixedFile("mixed.ndjson", 1500);
  const inputLines = readFileSync(mixed).toString("latin1").split("\n").length;
  const single = cli("batch", "--pack", "yueyang-2023", mixed);

  it("answers every record, in order, each error naming its line", () => {
    expect(single.status).toBe(0);
    const out = single.stdout.trimEnd().split("\n");
    expect(out).toHaveLength(inputLines);
    out.forEach((line, index) => {
      const record = JSON.parse(line) as { line?: number; residentId?: string; errors?: unknown[] };
      if (record.errors) expect(record.line).toBe(index + 1);
      else expect(record.residentId).toBeTruthy();
    });
    const errors = out.filter((line) => line.startsWith('{"line":'));
    expect(errors.some((line) => line.includes("is not valid JSON"))).toBe(true);
    expect(errors.some((line) => line.includes("is empty"))).toBe(true);
    expect(errors.some((line) => line.includes("not valid UTF-8"))).toBe(true);
    expect(errors.some((line) => line.includes("longer than"))).toBe(true);
    expect(errors.some((line) => line.includes("/asOf"))).toBe(true);
    expect(errors.some((line) => line.includes("/prescription/supplyDays"))).toBe(true);
    const hostile = out.filter((line) => line.includes('"residentId":"P'));
    expect(hostile.length).toBeGreaterThan(0);
    for (const line of hostile)
      expect(JSON.parse(line).warnings.map((warning: { path: string }) => warning.path)).toEqual(["/resident/constructor", "/__proto__"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(JSON.parse(single.stderr.trim().split("\n").pop() as string)).toEqual({
      records: inputLines,
      decisions: inputLines - errors.length,
      errors: errors.length,
    });
  });

  it("gives byte-identical output on a rerun and with --workers 2", () => {
    expect(cli("batch", "--pack", "yueyang-2023", mixed).stdout).toBe(single.stdout);
    const workers = cli("batch", "--pack", "yueyang-2023", "--workers", "2", mixed);
    expect(workers.status).toBe(0);
    expect(workers.stdout).toBe(single.stdout);
  }, 120_000); // three end-to-end runs, two with worker threads: generous on a loaded 2-core machine (not a timing assertion)

  it("writes compact batch records by default and whole decisions with --trace full", () => {
    const path = join(dir, "records.ndjson");
    const cases = [
      good("Q1"),
      good("Q2"),
      good("Q3", { asOf: "2024-06-01" }),
      { ...good("Q4"), resident: { id: "Q4", birthDate: "2020-01-01", regionCode: "431102" } },
      good("Q5", { visit: { setting: "own-primary", registrationFee: "10.00" } }),
    ];
    writeFileSync(path, cases.map((c) => JSON.stringify(c)).join("\n") + "\n");
    const compact = cli("batch", "--pack", "yueyang-2023", path)
      .stdout.trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line) as unknown);
    const full = cli("batch", "--pack", "yueyang-2023", "--trace", "full", path)
      .stdout.trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line) as Decision);
    expect(compact).toHaveLength(cases.length);
    const pack = loadPack("yueyang-2023");
    compact.forEach((record, index) => {
      expect(BatchRecordSchema.safeParse(record).success).toBe(true);
      expect(DecisionSchema.safeParse(full[index]).success).toBe(true);
      expect(record).toEqual(toBatchRecord(full[index] as Decision));
      expect(record).toEqual(toBatchRecord(evaluate(pack, cases[index] as unknown)));
    });
    const [first, , , outside] = compact as BatchRecord[];
    expect(first?.residentId).toBe("Q1");
    expect(first?.trace).toContainEqual({ rule: "elderly", clause: "重点人群", interpretation: true });
    expect(first?.trace.some((entry) => entry.rule === "maternal")).toBe(false);
    expect(outside?.eligibility).toEqual({
      eligible: false,
      reasons: [
        { rule: "region", outcome: false, clause: "YY §1", interpretation: true },
        { rule: "one-team-at-a-time", outcome: true, clause: "一个团队签约", interpretation: true },
      ],
    });
    expect(JSON.stringify(compact)).not.toContain('"quote"');
    expect(JSON.stringify(full)).toContain('"quote":"2022年度');
  });

  it("gives the same summary with compact records as with whole decisions", () => {
    const summaries = ["compact", "full"].map((trace) => {
      const path = join(dir, `summary-${trace}.json`);
      expect(
        cli("batch", "--pack", "yueyang-2023", "--trace", trace, "--summary", path, "--out", join(dir, `summary-${trace}.ndjson`), mixed)
          .status,
      ).toBe(0);
      return JSON.parse(readFileSync(path, "utf8")) as { residents: number; payers: Record<string, string> };
    });
    expect(summaries[0]).toEqual(summaries[1]);
    expect(summaries[0]?.residents).toBeGreaterThan(1000);
    const withFee = readFileSync(join(dir, "summary-compact.ndjson"), "utf8")
      .split("\n")
      .filter((line) => line.includes('"fee":')).length;
    expect(summaries[0]?.payers["resident"]).toBe(`${withFee * 8}.00`);
  });

  it("gives the same decisions from CSV as from NDJSON", () => {
    const rows = [
      [
        "asOf",
        "id",
        "birthDate",
        "regionCode",
        "sex",
        "conditions",
        "pregnancyStatus",
        "deliveryDate",
        "disabilityCertified",
        "bedridden",
        "teamId",
        "signDate",
        "package",
      ],
      ["2023-06-01", "C1", "1950-03-02", "430602", "female", "hypertension;diabetes", "", "", "", "", "T1", "2023-01-01", "basic"],
      ["2023-06-01", "C2", "1993-01-01", "430621", "female", "", "postpartum", "2023-05-01", "true", "false", "", "", ""],
      ["2023-06-01", "C3", "2020-01-01", "431102", "", "", "", "", "", "", "", "", ""],
    ];
    const csv = join(dir, "cases.csv");
    writeFileSync(csv, rows.map((row) => row.join(",")).join("\n") + "\n");
    const ndjson = join(dir, "cases.ndjson");
    const cases = [
      {
        asOf: "2023-06-01",
        resident: { id: "C1", birthDate: "1950-03-02", regionCode: "430602", sex: "female", conditions: ["hypertension", "diabetes"] },
        contract: { teamId: "T1", signDate: "2023-01-01", packages: [{ id: "basic" }] },
      },
      {
        asOf: "2023-06-01",
        resident: {
          id: "C2",
          birthDate: "1993-01-01",
          regionCode: "430621",
          sex: "female",
          pregnancy: { status: "postpartum", deliveryDate: "2023-05-01" },
          disability: { certified: true },
          bedridden: false,
        },
      },
      { asOf: "2023-06-01", resident: { id: "C3", birthDate: "2020-01-01", regionCode: "431102" } },
    ];
    writeFileSync(ndjson, cases.map((c) => JSON.stringify(c)).join("\n") + "\n");
    const fromCsv = cli("batch", "--pack", "yueyang-2023", csv);
    expect(fromCsv.status).toBe(0);
    expect(fromCsv.stdout).toBe(cli("batch", "--pack", "yueyang-2023", ndjson).stdout);
    expect(fromCsv.stdout.trimEnd().split("\n")).toHaveLength(3);
  });

  it("writes a summary: groups, eligible and signed counts, coverage against targets, payer and staff-pool totals", () => {
    const cases = [
      {
        asOf: "2017-12-01",
        resident: { id: "S1", birthDate: "1940-01-01", regionCode: "431102", conditions: ["diabetes"] },
        contract: { teamId: "T", signDate: "2017-09-01", packages: [{ id: "basic" }] },
      },
      {
        asOf: "2017-12-01",
        resident: { id: "S2", birthDate: "2015-01-01", regionCode: "431102" },
        contract: { teamId: "T", signDate: "2017-09-01", packages: [{ id: "basic" }] },
      },
      { asOf: "2017-12-01", resident: { id: "S3", birthDate: "1980-01-01", regionCode: "431102" } },
      { asOf: "2017-12-01", resident: { id: "S4", birthDate: "1950-01-01", regionCode: "431102" } },
      { asOf: "2017-12-01", resident: { id: "S5", birthDate: "1950-01-01", regionCode: "430602" } },
    ];
    const input = join(dir, "summary.ndjson");
    writeFileSync(input, cases.map((c) => JSON.stringify(c)).join("\n") + "\n{broken\n");
    const summaryPath = join(dir, "summary.json");
    expect(cli("batch", "--pack", "yongzhou-2017", "--summary", summaryPath, "--out", join(dir, "summary-out.ndjson"), input).status).toBe(
      0,
    );
    const summary = JSON.parse(readFileSync(summaryPath, "utf8"));
    expect(summary).toMatchObject({
      pack: "yongzhou-2017",
      residents: 5,
      eligible: 4,
      signed: 2,
      priority: { residents: 4, signed: 2 },
      groups: {
        elderly: { residents: 3, signed: 1 },
        "chronic-disease": { residents: 1, signed: 1 },
        "preschool-child": { residents: 1, signed: 1 },
      },
      payers: { "medical-insurance-fund": "20.00", "public-health-subsidy": "20.00" },
      staffPool: "0.00",
      coverage: [
        { id: "overall-2017", required: "0.30", rate: "0.50", met: true },
        { id: "priority-2017", required: "0.60", rate: "0.50", met: false },
      ],
    });
    expect(Object.keys(summary.groups)).toEqual(["elderly", "chronic-disease", "preschool-child"]);
  });

  it("ends cleanly when the output pipe closes", () => {
    const result = spawnSync(
      "bash",
      ["-c", `node dist/cli.js batch --pack yueyang-2023 ${mixed} | head -n 1 > /dev/null; echo "\${PIPESTATUS[0]}"`],
      { encoding: "utf8" },
    );
    expect(result.stdout.trim()).toBe("0");
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it("exits 2 on usage errors", () => {
    expect(cli("batch", mixed).status).toBe(2);
    expect(cli("batch", "--pack", "yueyang-2023", "--workers", "0", mixed).status).toBe(2);
    expect(cli("batch", "--pack", "yueyang-2023", join(dir, "missing.ndjson")).status).toBe(2);
  });
});

describe("evaluateMany", () => {
  it("yields a decision or the issues for every case, numbered from 1", () => {
    const results = [...evaluateMany(loadPack("yueyang-2023"), [good("A"), { asOf: "bad" }, null, good("B")])];
    expect(results.map((result) => [result.line, "decision" in result ? result.decision.residentId : result.errors[0]?.path])).toEqual([
      [1, "A"],
      [2, "/asOf"],
      [3, ""],
      [4, "B"],
    ]);
  });
});

describe("budget and coverage", () => {
  it("funds 3,743,100 signed Yueyang residents exactly", () => {
    expect(budget(loadPack("yueyang-2023"), 3_743_100)).toEqual({
      signed: 3_743_100,
      asOf: "2022-03-03",
      payers: { "public-health-subsidy": "74862000.00", "medical-insurance-fund": "44917200.00", resident: "29944800.00" },
      staffPool: "104806800.00",
    });
  });
  it("adds personalised spending to the resident and, when the pack counts it, to the pool", () => {
    const result = budget(loadPack("yueyang-2023"), 10, { personalized: "1000.50" });
    expect(result.payers.resident).toBe("1080.50");
    expect(result.staffPool).toBe("280.00");
  });
  it("funds Yongzhou residents 10 + 10 with no staff pool", () => {
    expect(budget(loadPack("yongzhou-2017"), 1000)).toEqual({
      signed: 1000,
      asOf: "2017-08-02",
      payers: { "medical-insurance-fund": "10000.00", "public-health-subsidy": "10000.00" },
    });
  });
  it("prints the budget with fdr budget", () => {
    const out = JSON.parse(
      execFileSync(process.execPath, ["dist/cli.js", "budget", "--pack", "yueyang-2023", "--signed", "3743100"], { encoding: "utf8" }),
    );
    expect(out).toMatchObject({
      payers: { "public-health-subsidy": "74862000.00", "medical-insurance-fund": "44917200.00", resident: "29944800.00" },
      staffPool: "104806800.00",
    });
  });
  it("implies a resident base from a signed count and a rate", () => {
    expect(impliedResidents(3_743_100, "0.7094")).toBe(5_276_431);
    const out = JSON.parse(
      execFileSync(process.execPath, ["dist/cli.js", "coverage", "--pack", "yueyang-2023", "--signed", "3743100", "--rate", "0.7094"], {
        encoding: "utf8",
      }),
    );
    expect(out).toMatchObject({ residents: 5_276_431, impliedResidents: true, rate: "0.7094", targets: [] });
  });
  it("checks Yongzhou's 2017 targets", () => {
    const checks = checkCoverage(loadPack("yongzhou-2017"), { signed: 299, residents: 1000, prioritySigned: 60, priorityResidents: 100 });
    expect(checks.map((check) => [check.id, check.rate, check.required, check.met])).toEqual([
      ["overall-2017", "0.299", "0.30", false],
      ["priority-2017", "0.60", "0.60", true],
    ]);
  });
});

describe("packLines", () => {
  it("packs consecutive lines, unreadable ones included, and unpacks them as they were", () => {
    fc.assert(
      fc.property(
        fc.nat({ max: 1000 }),
        fc.array(fc.oneof(fc.string(), fc.constant(null)), { minLength: 1, maxLength: 30 }),
        (first, items) => {
          const lines: RawLine[] = items.map((item, index) =>
            item === null
              ? {
                  line: first + 1 + index,
                  error: { code: "invalid_value", path: "", message: `line ${first + 1 + index} is not valid UTF-8` },
                }
              : { line: first + 1 + index, text: item.replaceAll("\n", " ") },
          );
          expect(unpackLines(structuredClone(packLines(lines)))).toEqual(lines);
        },
      ),
      { numRuns: 300 },
    );
    expect(() =>
      packLines([
        { line: 1, text: "a" },
        { line: 3, text: "b" },
      ]),
    ).toThrow(RangeError);
    const spread: RawLine[] = [
      { line: 2, text: "a" },
      { line: 5, error: { code: "invalid_value", path: "", message: "x" } },
      { line: 9, text: "c" },
    ];
    expect(unpackLines(structuredClone(packRecordLines(spread)))).toEqual(spread);
  });
});

describe("readLines", () => {
  async function* chunksOf(bytes: Buffer, size: number): AsyncGenerator<Uint8Array> {
    for (let start = 0; start < bytes.length; start += size) yield bytes.subarray(start, start + size);
  }
  const read = async (bytes: Buffer, size: number) => {
    const lines: RawLine[] = [];
    for await (const line of readLines(chunksOf(bytes, size))) lines.push(line);
    return lines.map((line) => ("text" in line ? line.text : `! ${line.error.message}`));
  };

  it("gives the same lines whatever the chunk size: CRLF, a byte-order mark on any line, invalid UTF-8, no final newline", async () => {
    const bytes = Buffer.concat([
      Buffer.from("\ufeffone\r\ntwo\n\n"),
      Buffer.from([0x74, 0xff, 0x0a]),
      Buffer.from("\ufefffour 四\r\nfive"),
    ]);
    const expected = ["one", "two", "", "! line 4 is not valid UTF-8", "four 四", "five"];
    for (const size of [1, 2, 3, 5, 7, 64, bytes.length]) expect(await read(bytes, size), `chunks of ${size}`).toEqual(expected);
  });
});
