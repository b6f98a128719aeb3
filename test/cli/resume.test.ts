// Interrupted runs resume (issue 14): SIGINT/SIGTERM stop `fdr batch` on whole records,
// keep them in <out>.partial, say how many and how to resume; `--resume` continues
// from that file, and the finished output (and --summary) is byte-identical to one
// uninterrupted run. Runs the built CLI (dist/cli.js).
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const dir = mkdtempSync(join(tmpdir(), "fdr-resume-"));
const env = { ...process.env, LANG: "C", LC_ALL: "", LC_MESSAGES: "" };
const bin = join(process.cwd(), "dist/cli.js");
const cli = (args: string[], stdin?: Buffer) =>
  spawnSync(process.execPath, [bin, ...args], {
    encoding: "utf8",
    maxBuffer: 1 << 30,
    timeout: 120_000,
    env,
    cwd: dir,
    ...(stdin ? { input: stdin } : {}),
  });

const good = (i: number) =>
  JSON.stringify({
    asOf: "2023-06-01",
    resident: {
      id: `R${i}`,
      birthDate: `${1930 + (i % 80)}-03-02`,
      regionCode: i % 5 ? "430602" : "431102",
      conditions: i % 3 ? ["hypertension"] : [],
    },
    contract: { teamId: "T1", signDate: "2023-01-01", packages: [{ id: "basic" }] },
  });
const lineOf = (i: number) => (i % 89 === 7 ? "{broken" : good(i));
const text = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => lineOf(from + k)).join("\n") + "\n";

const TOTAL = 4000;
writeFileSync(join(dir, "in.ndjson"), text(0, TOTAL));
const reference = cli(["batch", "--pack", "yueyang-2023", "in.ndjson", "--out", "reference.ndjson", "--summary", "reference.json"]);
const referenceOut = () => readFileSync(join(dir, "reference.ndjson"));
const referenceSummary = () => readFileSync(join(dir, "reference.json"));

/** Waits until `check` holds, polling. */
async function until(check: () => boolean, what: string, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const linesIn = (path: string) => (existsSync(path) ? readFileSync(path, "utf8").split("\n").length - 1 : -1);

/**
 * Runs `fdr batch - …` fed the first `fed` lines on standard input, waits until
 * `<out>.partial` holds them all, sends `signal`, and returns what the run said.
 */
async function interrupt(
  args: string[],
  out: string,
  fed: number,
  signal: NodeJS.Signals,
): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [bin, "batch", ...args], { cwd: dir, env, stdio: ["pipe", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  const closed = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  child.stdin.write(text(0, fed));
  await until(() => linesIn(join(dir, `${out}.partial`)) === fed, `${fed} records in ${out}.partial`);
  child.kill(signal);
  const code = await closed;
  return { code, stderr };
}

describe("interrupted runs resume", () => {
  it("has a reference run", () => {
    expect(reference.status).toBe(0);
    expect(linesIn(join(dir, "reference.ndjson"))).toBe(TOTAL);
  });

  it("SIGTERM keeps the records written as <out>.partial, says how many and the exact command to resume, exits 143; --resume finishes byte-identical, summary included", async () => {
    writeFileSync(join(dir, "a.ndjson"), "previous\n");
    const args = ["--pack", "yueyang-2023", "-", "--out", "a.ndjson", "--summary", "a.json"];
    const { code, stderr } = await interrupt(args, "a.ndjson", 1500, "SIGTERM");
    expect(code).toBe(143);
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(stderr).toContain(`stopped by SIGTERM after 1,500 records; they are kept in ${join(dir, "a.ndjson.partial")}`);
    expect(stderr).toContain("To resume: fdr batch --pack yueyang-2023 - --out a.ndjson --summary a.json --resume");
    const counts = JSON.parse(stderr.trim().split("\n").pop() as string);
    expect(counts).toMatchObject({
      records: 1500,
      interrupted: "SIGTERM",
      resume: "fdr batch --pack yueyang-2023 - --out a.ndjson --summary a.json --resume",
    });
    expect(readFileSync(join(dir, "a.ndjson"), "utf8")).toBe("previous\n");
    expect(existsSync(join(dir, "a.json"))).toBe(false);
    expect(
      referenceOut()
        .subarray(0, statSync(join(dir, "a.ndjson.partial")).size)
        .equals(readFileSync(join(dir, "a.ndjson.partial"))),
    ).toBe(true);

    const resumed = cli(["batch", ...args, "--resume"], readFileSync(join(dir, "in.ndjson")));
    expect(resumed.status).toBe(0);
    expect(JSON.parse(resumed.stderr.trim().split("\n").pop() as string)).toMatchObject({ records: TOTAL, resumed: 1500 });
    expect(readFileSync(join(dir, "a.ndjson")).equals(referenceOut())).toBe(true);
    expect(readFileSync(join(dir, "a.json")).equals(referenceSummary())).toBe(true);
    expect(existsSync(join(dir, "a.ndjson.partial"))).toBe(false);
  });

  it("SIGINT exits 130; an interrupted resume resumes again; --workers 2 resumes to the same bytes", async () => {
    const args = ["--pack", "yueyang-2023", "-", "--out", "b.ndjson", "--summary", "b.json"];
    const first = await interrupt(args, "b.ndjson", 700, "SIGINT");
    expect(first.code).toBe(130);
    expect(first.stderr).toContain("stopped by SIGINT after 700 records");
    // The second run is fed the whole first part again: it skips the 700 records already written.
    const child = spawn(process.execPath, [bin, "batch", ...args, "--resume"], { cwd: dir, env, stdio: ["pipe", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    const closed = new Promise<number | null>((resolve) => child.on("close", resolve));
    child.stdin.write(text(0, 2100));
    await until(() => linesIn(join(dir, "b.ndjson.partial")) === 2100, "2,100 records");
    child.kill("SIGINT");
    expect(await closed).toBe(130);
    expect(stderr).toContain("stopped by SIGINT after 2,100 records");
    const done = spawnSync(
      process.execPath,
      [
        bin,
        "batch",
        "--pack",
        "yueyang-2023",
        "in.ndjson",
        "--out",
        "b.ndjson",
        "--summary",
        "b.json",
        "--workers",
        "2",
        "--oversubscribe",
        "--resume",
      ],
      { cwd: dir, env, encoding: "utf8", timeout: 120_000 },
    );
    expect(done.status).toBe(0);
    expect(readFileSync(join(dir, "b.ndjson")).equals(referenceOut())).toBe(true);
    expect(readFileSync(join(dir, "b.json")).equals(referenceSummary())).toBe(true);
  });

  it("drops an incomplete last line (a run killed mid-write) and writes that record again", () => {
    const whole = referenceOut();
    const cut = whole.indexOf(10, 100_000) + 1;
    writeFileSync(join(dir, "c.ndjson.partial"), whole.subarray(0, cut + 37));
    const result = cli(["batch", "--pack", "yueyang-2023", "in.ndjson", "--out", "c.ndjson", "--summary", "c.json", "--resume"]);
    expect(result.status).toBe(0);
    expect(readFileSync(join(dir, "c.ndjson")).equals(whole)).toBe(true);
    expect(readFileSync(join(dir, "c.json")).equals(referenceSummary())).toBe(true);
  });

  it("resumes CSV input (the header is not a record)", () => {
    const header = "asOf,id,birthDate,regionCode,conditions,teamId,signDate,package";
    const rows = Array.from(
      { length: 1200 },
      (_, i) =>
        `2023-06-01,C${i},${1930 + (i % 80)}-01-01,${i % 4 ? "430602" : "431102"},${i % 2 ? "hypertension" : ""},T1,2023-01-01,basic`,
    );
    writeFileSync(join(dir, "in.csv"), [header, ...rows].join("\n") + "\n");
    expect(cli(["batch", "--pack", "yueyang-2023", "in.csv", "--out", "csv-ref.ndjson"]).status).toBe(0);
    const whole = readFileSync(join(dir, "csv-ref.ndjson"));
    let cut = 0;
    for (let i = 0; i < 500; i++) cut = whole.indexOf(10, cut) + 1;
    writeFileSync(join(dir, "d.ndjson.partial"), whole.subarray(0, cut));
    const result = cli(["batch", "--pack", "yueyang-2023", "in.csv", "--out", "d.ndjson", "--resume"]);
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stderr.trim().split("\n").pop() as string)).toMatchObject({ records: 1200, resumed: 500 });
    expect(readFileSync(join(dir, "d.ndjson")).equals(whole)).toBe(true);
  });

  it("refuses a partial file with more records than the input, leaving it as it was", () => {
    const partial = referenceOut().subarray(0, referenceOut().indexOf(10, 300_000) + 1);
    writeFileSync(join(dir, "short.ndjson"), text(0, 10));
    writeFileSync(join(dir, "e.ndjson.partial"), partial);
    const result = cli(["batch", "--pack", "yueyang-2023", "short.ndjson", "--out", "e.ndjson", "--resume"]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("it was not written from this input");
    expect(readFileSync(join(dir, "e.ndjson.partial")).equals(partial)).toBe(true);
    expect(existsSync(join(dir, "e.ndjson"))).toBe(false);
  });

  it("--resume needs --out naming a regular file", () => {
    expect(cli(["batch", "--pack", "yueyang-2023", "in.ndjson", "--resume"]).status).toBe(2);
    expect(cli(["batch", "--pack", "yueyang-2023", "in.ndjson", "--out", "/dev/null", "--resume"]).status).toBe(2);
  });
});
