/**
 * Money only for signed residents (issue 10, POLICY 4 revised): a resident who
 * is not eligible has no fee section; population totals (fdr batch --summary,
 * fdr diff) add up signed residents only; coverage keeps all residents.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { processLine, Summary, type RecordOptions } from "../../src/batch/batch.js";
import { diffPacks } from "../../src/analysis/diff.js";
import { evaluate, loadPack } from "../../src/index.js";
import { editedPack } from "../support/cases.js";

const dir = mkdtempSync(join(tmpdir(), "fdr-signed-"));
const cli = (...args: string[]) => spawnSync(process.execPath, ["dist/cli.js", ...args], { encoding: "utf8" });

const resident = (id: string, regionCode: string) => ({ id, birthDate: "1950-03-02", regionCode });
/** The population: a signed Yueyang resident, one living in Yongzhou, one whose contract starts next month, one with no contract. */
const population = [
  {
    asOf: "2023-06-01",
    resident: resident("Y1", "430602"),
    contract: { teamId: "T1", signDate: "2023-01-01", packages: [{ id: "basic" }] },
  },
  {
    asOf: "2023-06-01",
    resident: resident("Z1", "431102"),
    contract: { teamId: "T1", signDate: "2023-01-01", packages: [{ id: "basic" }] },
  },
  {
    asOf: "2023-06-01",
    resident: resident("Y2", "430603"),
    contract: { teamId: "T2", signDate: "2023-07-01", packages: [{ id: "basic" }] },
  },
  { asOf: "2023-06-01", resident: resident("Y3", "430611") },
];

describe("money only for eligible residents", () => {
  it("gives a resident who is not eligible no fee section, and a warning that says why", () => {
    const decision = evaluate(loadPack("yueyang-2023"), population[1]!);
    expect(decision.eligibility.eligible).toBe(false);
    expect(decision).not.toHaveProperty("fee");
    expect(decision.warnings).toEqual([
      expect.objectContaining({ code: "not-eligible-no-fee", path: "/contract/packages", message: expect.stringContaining("region") }),
    ]);
  });

  it("keeps the fee of an eligible contract not yet in force: what signing will cost", () => {
    const decision = evaluate(loadPack("yueyang-2023"), population[2]!);
    expect(decision.contract?.inForce).toBe(false);
    expect(decision.fee).toMatchObject({ total: "40.00", staffPool: "28.00" });
    expect(decision.warnings).toEqual([]);
  });

  it("adds up signed residents only in a summary, for compact and full records alike", () => {
    for (const trace of ["compact", "full"] as const) {
      const summary = new Summary();
      const options: RecordOptions = { trace, format: "ndjson" };
      population.forEach((kase, index) =>
        processLine(loadPack("yueyang-2023"), { line: index + 1, text: JSON.stringify(kase) }, options, summary),
      );
      const data = summary.data();
      expect(data).toMatchObject({
        residents: 4,
        eligible: 3,
        signed: 1,
        payers: { "public-health-subsidy": "20.00", "medical-insurance-fund": "12.00", resident: "8.00" },
        staffPool: "28.00",
      });
      expect(data.totalsOf.residents).toBe("signed");
      expect(data.totalsOf.note.en).toMatch(/signed residents only/);
    }
  });

  it("fdr batch --summary: payer totals 20 / 12 / 8 and a 28.00 pool for the one signed resident; coverage over all residents", () => {
    const input = join(dir, "population.ndjson");
    writeFileSync(input, population.map((kase) => JSON.stringify(kase)).join("\n") + "\n");
    const summaryPath = join(dir, "summary.json");
    expect(cli("batch", "--pack", "yueyang-2023", "--summary", summaryPath, "--out", join(dir, "out.ndjson"), input).status).toBe(0);
    const summary = JSON.parse(readFileSync(summaryPath, "utf8"));
    expect(summary).toMatchObject({
      residents: 4,
      signed: 1,
      payers: { "public-health-subsidy": "20.00", "medical-insurance-fund": "12.00", resident: "8.00" },
      staffPool: "28.00",
      totalsOf: { residents: "signed" },
    });
    // Counts keep every resident: coverage is signed over residents, not over signed ones.
    expect(summary.coverage ?? []).toEqual([]);
    expect(summary.eligible).toBe(3);
  });

  it("fdr diff adds up signed residents only, before and after, and says so", () => {
    const after = editedPack("yueyang-2023", (json) => {
      const parameters = json.parameters as Record<string, { values: { value: unknown }[] }>;
      parameters["basicPackage.price"]!.values[0]!.value = "42.00";
      parameters["basicPackage.residentShare"]!.values[0]!.value = "10.00";
    });
    const diff = diffPacks(
      loadPack("yueyang-2023"),
      after,
      population.map((input, index) => ({ line: index + 1, input })),
    );
    expect(diff.payerTotals).toEqual({
      before: { "public-health-subsidy": "20.00", "medical-insurance-fund": "12.00", resident: "8.00" },
      after: { "public-health-subsidy": "20.00", "medical-insurance-fund": "12.00", resident: "10.00" },
    });
    expect(diff.staffPoolTotals).toEqual({ before: "28.00", after: "29.40" });
    expect(diff.totalsOf.residents).toBe("signed");
    const cases = join(dir, "diff.ndjson");
    writeFileSync(cases, population.map((kase) => JSON.stringify(kase)).join("\n") + "\n");
    const edited = join(dir, "edited.json");
    writeFileSync(edited, JSON.stringify(after.data));
    const text = cli("diff", "yueyang-2023", edited, "--cases", cases).stdout;
    expect(text).toContain("signed residents only");
    expect(text).toContain("resident  8.00 → 10.00");
    expect(text).toContain("staff pool  28.00 → 29.40");
  });
});
