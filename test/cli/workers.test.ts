// fdr batch --workers N: workers split NDJSON blocks themselves (src/batch/blocks.ts); the output and the
// summary are byte-identical to one thread's, on a realistic population, on awkward bytes, from standard
// input and when resuming from a partial file cut anywhere (inside a block).
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const dir = mkdtempSync(join(tmpdir(), "fdr-workers-"));
const bin = join(process.cwd(), "dist/cli.js");
const cli = (args: string[], input?: Buffer) =>
  spawnSync(process.execPath, [bin, "batch", "--pack", "yueyang-2023", ...args], {
    cwd: dir,
    encoding: "buffer",
    input,
    maxBuffer: 1 << 30,
    timeout: 120_000,
  });

// The bench's realistic population (every field of the case model), 6,000 residents.
const population = join(dir, "realistic.ndjson");
execFileSync(process.execPath, [
  "--input-type=module",
  "-e",
  `const { writeRealisticPopulation } = await import(${JSON.stringify(join(process.cwd(), "scripts/population.mjs"))}); await writeRealisticPopulation(${JSON.stringify(population)}, 6000);`,
]);
const reference = cli([population, "--out", "reference.ndjson", "--summary", "reference.json"]);
const referenceOut = () => readFileSync(join(dir, "reference.ndjson"));
const referenceSummary = () => readFileSync(join(dir, "reference.json"));

describe("fdr batch --workers on NDJSON", () => {
  it("the realistic population holds every kind of case", () => {
    expect(reference.status).toBe(0);
    const text = readFileSync(population, "utf8");
    for (const field of [
      '"items":',
      '"supplyDays":',
      '"referral":',
      '"visit":',
      '"inpatient":',
      '"team":',
      '"pregnancy":',
      '"dailyLivingDifficulty":false',
      '"dailyLivingDifficulty":true',
      '"povertyRegistered":',
      '"otherContracts":',
      '"score":',
    ])
      expect(text, field).toContain(field);
    expect(text).toMatch(/"regionCode":"43(?!06)\d{4}"/);
  });

  it.each([["2"], ["3"]])("--workers %s gives one thread's bytes and summary on the realistic population", (workers) => {
    const result = cli([
      population,
      "--workers",
      workers,
      "--oversubscribe",
      "--out",
      `w${workers}.ndjson`,
      "--summary",
      `w${workers}.json`,
    ]);
    expect(result.status).toBe(0);
    expect(readFileSync(join(dir, `w${workers}.ndjson`)).equals(referenceOut())).toBe(true);
    expect(readFileSync(join(dir, `w${workers}.json`)).equals(referenceSummary())).toBe(true);
    expect(result.stderr.toString("utf8")).toBe(reference.stderr.toString("utf8"));
  });

  it("gives one thread's bytes on awkward input: CRLF, lone CR, BOMs, invalid UTF-8, blank and overlong lines, no final line end; from standard input too", () => {
    const lines = readFileSync(population, "utf8").split("\n").slice(0, 3000);
    const parts: Buffer[] = [Buffer.from([0xef, 0xbb, 0xbf])];
    lines.forEach((line, index) => {
      parts.push(Buffer.from(line), Buffer.from(index % 5 === 0 ? "\r\n" : index % 7 === 0 ? "\r" : "\n"));
      if (index % 101 === 0) parts.push(Buffer.from("\n\r\n"));
      if (index % 211 === 0) parts.push(Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(line), Buffer.from("\n"));
      if (index % 307 === 0)
        parts.push(Buffer.from('{"asOf":"2023-06-01","resident":{"id":"'), Buffer.from([0xc4, 0xe3, 0xff]), Buffer.from('"}}\n'));
      if (index === 1500) parts.push(Buffer.from(`"${"x".repeat(1024 * 1024 + 10)}"\r`));
    });
    parts.push(Buffer.from('{"asOf":"2023-06-01"}'));
    const path = join(dir, "awkward.ndjson");
    writeFileSync(path, Buffer.concat(parts));
    const single = cli([path]);
    expect(single.status).toBe(0);
    const records = single.stdout.toString("utf8").split("\n");
    expect(records.filter((record) => record.startsWith('{"line":')).length).toBeGreaterThan(30);
    expect(records.some((record) => record.includes("longer than 1048576 bytes"))).toBe(true);
    expect(cli([path, "--workers", "2", "--oversubscribe"]).stdout.equals(single.stdout)).toBe(true);
    expect(cli(["-", "--workers", "2", "--oversubscribe"], readFileSync(path)).stdout.equals(single.stdout)).toBe(true);
  });

  it.each([[1], [2500], [5999]])(
    "resumes with --workers 2 from a partial file of %i records (inside a block) to one uninterrupted run's bytes and summary",
    (count) => {
      const whole = referenceOut();
      let cut = 0;
      for (let seen = 0; seen < count; seen++) cut = whole.indexOf(10, cut) + 1;
      writeFileSync(join(dir, `r${count}.ndjson.partial`), whole.subarray(0, cut));
      const result = cli([
        population,
        "--workers",
        "2",
        "--oversubscribe",
        "--out",
        `r${count}.ndjson`,
        "--summary",
        `r${count}.json`,
        "--resume",
      ]);
      expect(result.status).toBe(0);
      expect(JSON.parse(result.stderr.toString("utf8").trim().split("\n").pop() as string)).toMatchObject({
        records: 6000,
        resumed: count,
      });
      expect(readFileSync(join(dir, `r${count}.ndjson`)).equals(whole)).toBe(true);
      expect(readFileSync(join(dir, `r${count}.json`)).equals(referenceSummary())).toBe(true);
    },
  );
});
