// Data safety of the CLI (issue 9): never the same file as an input, inputs checked
// before outputs are opened, regular files written beside their target and renamed,
// I/O failures exit 2 with an io_error and a count, workers that die end the run.
// Every test runs the built CLI (dist/cli.js) on real files.
import { spawnSync, type SpawnSyncOptions } from "node:child_process";
import {
  closeSync,
  existsSync,
  linkSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readlinkSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const dir = mkdtempSync(join(tmpdir(), "fdr-safety-"));
const env = { ...process.env, LANG: "C", LC_ALL: "", LC_MESSAGES: "" };
const cli = (args: string[], options: SpawnSyncOptions = {}) =>
  spawnSync(process.execPath, [join(process.cwd(), "dist/cli.js"), ...args], {
    encoding: "utf8",
    maxBuffer: 1 << 30,
    timeout: 120_000,
    env,
    cwd: dir,
    ...options,
  }) as ReturnType<typeof spawnSync> & { stdout: string; stderr: string };
const sh = (script: string) => spawnSync("bash", ["-c", script], { encoding: "utf8", maxBuffer: 1 << 30, timeout: 120_000, env, cwd: dir });

const good = (i: number) =>
  JSON.stringify({
    asOf: "2023-06-01",
    resident: { id: `R${i}`, birthDate: `${1930 + (i % 80)}-03-02`, regionCode: "430602", conditions: i % 3 ? ["hypertension"] : [] },
    contract: { teamId: "T1", signDate: "2023-01-01", packages: [{ id: "basic" }] },
  });
const lines = (count: number) => Array.from({ length: count }, (_, i) => (i % 97 === 5 ? "{broken" : good(i))).join("\n") + "\n";

const input = join(dir, "in.ndjson");
writeFileSync(input, lines(3000));
const inputBytes = readFileSync(input);
const reference = cli(["batch", "--pack", "yueyang-2023", "in.ndjson"]);

/** The issues a failed run printed on stderr. */
function issues(stderr: string): { code: string; message: string; found?: string }[] {
  const start = stderr.indexOf("[");
  return JSON.parse(stderr.slice(start)) as { code: string; message: string; found?: string }[];
}

function expectIoError(result: { status: number | null; stderr: string }, ...named: string[]): string {
  expect(result.status).toBe(2);
  expect(result.stderr).not.toMatch(/\n\s+at /);
  const [issue] = issues(result.stderr);
  expect(issue?.code).toBe("io_error");
  for (const name of named) expect(issue?.message).toContain(name);
  return issue?.message ?? "";
}

const inputIntact = () => expect(readFileSync(input).equals(inputBytes)).toBe(true);

describe("fdr batch never writes over an input or another output", () => {
  it("has a reference run to compare with", () => {
    expect(reference.status).toBe(0);
    expect(reference.stdout.split("\n").length).toBe(3001);
  });

  for (const spelling of ["in.ndjson", "./in.ndjson", join(dir, "in.ndjson"), "../" + dir.split("/").pop() + "/in.ndjson"]) {
    it(`refuses --out ${spelling === join(dir, "in.ndjson") ? "<absolute path>" : spelling} naming the input: exit 2, both paths named, input intact`, () => {
      expectIoError(cli(["batch", "--pack", "yueyang-2023", "in.ndjson", "--out", spelling]), spelling, "in.ndjson");
      inputIntact();
    });
  }

  it("refuses --out that is a symlink or a hard link to the input", () => {
    symlinkSync("in.ndjson", join(dir, "link.ndjson"));
    linkSync(input, join(dir, "hard.ndjson"));
    expectIoError(cli(["batch", "--pack", "yueyang-2023", "in.ndjson", "--out", "link.ndjson"]), "link.ndjson", "in.ndjson");
    expectIoError(cli(["batch", "--pack", "yueyang-2023", "./in.ndjson", "--out", "hard.ndjson"]), "hard.ndjson", "./in.ndjson");
    inputIntact();
  });

  it("refuses --summary naming the input or the --out file, before anything is written", () => {
    writeFileSync(join(dir, "out-before.ndjson"), "previous\n");
    expectIoError(
      cli(["batch", "--pack", "yueyang-2023", "in.ndjson", "--out", "o1.ndjson", "--summary", "./in.ndjson"]),
      "./in.ndjson",
      "in.ndjson",
    );
    expect(existsSync(join(dir, "o1.ndjson"))).toBe(false);
    expect(existsSync(join(dir, "o1.ndjson.partial"))).toBe(false);
    expectIoError(
      cli(["batch", "--pack", "yueyang-2023", "in.ndjson", "--out", "out-before.ndjson", "--summary", "./out-before.ndjson"]),
      "--summary ./out-before.ndjson",
      "--out out-before.ndjson",
    );
    expect(readFileSync(join(dir, "out-before.ndjson"), "utf8")).toBe("previous\n");
    inputIntact();
  });

  it("refuses an output that is the pack file", () => {
    const pack = join(dir, "pack.json");
    writeFileSync(pack, readFileSync(join(process.cwd(), "rules/yueyang-2023.json")));
    const before = readFileSync(pack);
    expectIoError(cli(["batch", "--pack", "pack.json", "in.ndjson", "--summary", "./pack.json", "--out", "o2.ndjson"]), "pack.json");
    expect(readFileSync(pack).equals(before)).toBe(true);
  });

  it("refuses standard output appending to the input (fdr batch in >> in)", () => {
    const fd = openSync(input, "a");
    try {
      const result = cli(["batch", "--pack", "yueyang-2023", "in.ndjson"], { stdio: ["ignore", fd, "pipe"] });
      expectIoError(result, "standard output", "in.ndjson");
    } finally {
      closeSync(fd);
    }
    inputIntact();
  });

  it("lets /dev/null be --out and --summary at once, and leaves it a device", () => {
    const result = cli(["batch", "--pack", "yueyang-2023", "in.ndjson", "--out", "/dev/null", "--summary", "/dev/null"]);
    expect(result.status).toBe(0);
    expect(statSync("/dev/null").isCharacterDevice()).toBe(true);
    expect(existsSync("/dev/null.partial")).toBe(false);
  });
});

describe("fdr batch checks every input before it opens an output", () => {
  const previous = "previous results\n";
  const out = join(dir, "kept.ndjson");

  it("leaves an existing --out file as it was when the input is a folder", () => {
    writeFileSync(out, previous);
    mkdirSync(join(dir, "folder"));
    expectIoError(cli(["batch", "--pack", "yueyang-2023", "folder", "--out", "kept.ndjson"]), "folder");
    expect(readFileSync(out, "utf8")).toBe(previous);
    expect(existsSync(`${out}.partial`)).toBe(false);
  });

  it("leaves an existing --out file as it was when the input cannot be read", () => {
    writeFileSync(out, previous);
    expectIoError(cli(["batch", "--pack", "yueyang-2023", "/proc/self/mem", "--out", "kept.ndjson"]), "/proc/self/mem");
    expectIoError(cli(["batch", "--pack", "yueyang-2023", "missing.ndjson", "--out", "kept.ndjson"]), "missing.ndjson");
    expect(readFileSync(out, "utf8")).toBe(previous);
    expect(existsSync(`${out}.partial`)).toBe(false);
  });

  it("finds a bad --summary path before the batch runs", () => {
    writeFileSync(out, previous);
    for (const summary of ["/sys/fdr-summary.json", "no-such-folder/summary.json", "folder"]) {
      expectIoError(cli(["batch", "--pack", "yueyang-2023", "in.ndjson", "--out", "kept.ndjson", "--summary", summary]), summary);
      expect(readFileSync(out, "utf8")).toBe(previous);
      expect(existsSync(`${out}.partial`)).toBe(false);
    }
  });
});

describe("fdr batch writes a regular file beside its target and renames it into place", () => {
  it("replaces --out only when complete, keeping its permissions", () => {
    const out = join(dir, "replaced.ndjson");
    writeFileSync(out, "old\n", { mode: 0o640 });
    const result = cli(["batch", "--pack", "yueyang-2023", "in.ndjson", "--out", "replaced.ndjson"]);
    expect(result.status).toBe(0);
    expect(readFileSync(out, "utf8")).toBe(reference.stdout);
    expect(statSync(out).mode & 0o777).toBe(0o640);
    expect(existsSync(`${out}.partial`)).toBe(false);
  });

  it("follows a symlinked --out (even a dangling one) and writes the file it names", () => {
    mkdirSync(join(dir, "real"));
    writeFileSync(join(dir, "real/target.ndjson"), "old\n");
    symlinkSync("real/target.ndjson", join(dir, "via-link.ndjson"));
    symlinkSync("real/new.ndjson", join(dir, "dangling.ndjson"));
    expect(cli(["batch", "--pack", "yueyang-2023", "in.ndjson", "--out", "via-link.ndjson"]).status).toBe(0);
    expect(cli(["batch", "--pack", "yueyang-2023", "in.ndjson", "--out", "dangling.ndjson"]).status).toBe(0);
    expect(lstatSync(join(dir, "via-link.ndjson")).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(dir, "via-link.ndjson"))).toBe("real/target.ndjson");
    expect(readFileSync(join(dir, "real/target.ndjson"), "utf8")).toBe(reference.stdout);
    expect(lstatSync(join(dir, "dangling.ndjson")).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, "real/new.ndjson"), "utf8")).toBe(reference.stdout);
  });

  it("writes a FIFO directly", () => {
    const result = sh(
      `mkfifo fifo && (cat fifo > from-fifo.ndjson &) && node ${join(process.cwd(), "dist/cli.js")} batch --pack yueyang-2023 in.ndjson --out fifo; s=$?; sleep 0.5; echo $s`,
    );
    expect(result.stdout.trim()).toBe("0");
    expect(lstatSync(join(dir, "fifo")).isFIFO()).toBe(true);
    expect(readFileSync(join(dir, "from-fifo.ndjson"), "utf8")).toBe(reference.stdout);
  });
});

describe("I/O faults: exit 2, an io_error naming the path, a count, never a stack trace", () => {
  it("--out /dev/full", () => {
    expect(expectIoError(cli(["batch", "--pack", "yueyang-2023", "in.ndjson", "--out", "/dev/full"]), "/dev/full")).toMatch(
      /0 records were written/,
    );
  });

  it("--out in a read-only place, in a missing folder, or naming a folder: found before the batch starts", () => {
    expectIoError(cli(["batch", "--pack", "yueyang-2023", "in.ndjson", "--out", "/sys/fdr-out.ndjson"]), "/sys/fdr-out.ndjson");
    expectIoError(cli(["batch", "--pack", "yueyang-2023", "in.ndjson", "--out", "missing-folder/out.ndjson"]), "missing-folder/out.ndjson");
    mkdirSync(join(dir, "out-folder"));
    expectIoError(cli(["batch", "--pack", "yueyang-2023", "in.ndjson", "--out", "out-folder"]), "out-folder");
    expect(existsSync(join(dir, "out-folder.partial"))).toBe(false);
  });

  it("a disk that fills mid-run (a file-size limit): the target keeps its old content, the partial file only whole records, and the count says how many", () => {
    writeFileSync(join(dir, "full.ndjson"), "old\n");
    const result = sh(`ulimit -f 512; node ${join(process.cwd(), "dist/cli.js")} batch --pack yueyang-2023 in.ndjson --out full.ndjson`);
    const message = expectIoError(result, "full.ndjson");
    expect(readFileSync(join(dir, "full.ndjson"), "utf8")).toBe("old\n");
    const partial = readFileSync(join(dir, "full.ndjson.partial"), "utf8");
    expect(partial.endsWith("\n")).toBe(true);
    const kept = partial.split("\n").length - 1;
    expect(kept).toBeGreaterThan(0);
    expect(reference.stdout.startsWith(partial)).toBe(true);
    expect(message).toContain(`${kept.toLocaleString("en")} records were written`);
    expect(message).toContain("--resume");
  });

  it("standard output redirected to a file that fills mid-run: no partial last line is left", () => {
    const result = sh(`ulimit -f 512; node ${join(process.cwd(), "dist/cli.js")} batch --pack yueyang-2023 in.ndjson > stdout-full.ndjson`);
    const message = expectIoError(result, "standard output");
    const written = readFileSync(join(dir, "stdout-full.ndjson"), "utf8");
    expect(written.endsWith("\n")).toBe(true);
    expect(reference.stdout.startsWith(written)).toBe(true);
    expect(message).toContain(`${(written.split("\n").length - 1).toLocaleString("en")} records were written`);
  });

  for (const args of [
    ["evaluate", "examples/yueyang-2023/01-elderly-hypertension-basic-and-personalised.json"],
    ["evaluate", "--explain", "examples/yueyang-2023/01-elderly-hypertension-basic-and-personalised.json"],
    ["validate", "rules/yueyang-2023.json"],
    ["packs"],
    ["batch", "--pack", "yueyang-2023", "examples/yueyang-2023/01-elderly-hypertension-basic-and-personalised.json"],
  ]) {
    it(`fdr ${args[0]}${args[1] === "--explain" ? " --explain" : ""} > /dev/full: exit 2 with an io_error`, () => {
      const fd = openSync("/dev/full", "w");
      try {
        const result = cli(args, { stdio: ["ignore", fd, "pipe"], cwd: process.cwd() });
        expectIoError(result, "/dev/full");
      } finally {
        closeSync(fd);
      }
    });
  }

  it("a closed pipe: one line on stderr saying after how many records, exit 0, and the --summary still written in full", () => {
    const summary = join(dir, "pipe-summary.json");
    const full = join(dir, "full-summary.json");
    expect(cli(["batch", "--pack", "yueyang-2023", "in.ndjson", "--out", "/dev/null", "--summary", full]).status).toBe(0);
    const result = sh(
      `node ${join(process.cwd(), "dist/cli.js")} batch --pack yueyang-2023 in.ndjson --summary ${summary} | head -n 1 > /dev/null; echo "\${PIPESTATUS[0]}"`,
    );
    expect(result.stdout.trim()).toBe("0");
    const stderr = result.stderr.trim().split("\n");
    expect(stderr).toHaveLength(1);
    expect(stderr[0]).toMatch(/output cut short after [\d,]+ records?/);
    expect(readFileSync(summary, "utf8")).toBe(readFileSync(full, "utf8"));
  });
});

describe("worker threads", () => {
  const cores = availableParallelism();

  it("a worker that exits without an error event ends the run: exit 2, the failure named, the records written counted (FDR_TEST_WORKER_EXIT_AFTER)", () => {
    writeFileSync(join(dir, "w-exit.ndjson"), "old\n");
    const result = cli(["batch", "--pack", "yueyang-2023", "--workers", "2", "--oversubscribe", "in.ndjson", "--out", "w-exit.ndjson"], {
      env: { ...env, FDR_TEST_WORKER_EXIT_AFTER: "300" },
      timeout: 90_000,
    });
    expect(result.signal).toBeNull();
    expect(result.status).toBe(2);
    const [issue] = issues(result.stderr);
    expect(issue?.message).toMatch(/worker thread \d of 2 stopped without an error \(exit code 3\)/);
    const kept = existsSync(join(dir, "w-exit.ndjson.partial")) ? readFileSync(join(dir, "w-exit.ndjson.partial"), "utf8") : "";
    const count = kept === "" ? 0 : kept.split("\n").length - 1;
    expect(issue?.message).toContain(`${count.toLocaleString("en")} record${count === 1 ? " was" : "s were"} written`);
    expect(reference.stdout.startsWith(kept)).toBe(true);
    expect(readFileSync(join(dir, "w-exit.ndjson"), "utf8")).toBe("old\n");
  });

  it("a worker that throws: the same count (FDR_TEST_WORKER_THROW_AFTER)", () => {
    const result = cli(["batch", "--pack", "yueyang-2023", "--workers", "2", "--oversubscribe", "in.ndjson"], {
      env: { ...env, FDR_TEST_WORKER_THROW_AFTER: "0" },
      timeout: 90_000,
    });
    expect(result.status).toBe(2);
    const [issue] = issues(result.stderr);
    expect(issue?.message).toMatch(/worker thread \d of 2 failed: FDR_TEST_WORKER_THROW_AFTER/);
    expect(issue?.message).toContain("0 records were written");
  });

  it("caps --workers at the number of cores unless --oversubscribe", () => {
    const result = cli(["batch", "--pack", "yueyang-2023", "--workers", String(cores + 1), "in.ndjson"]);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(reference.stdout);
    expect(result.stderr).toContain(`--workers ${cores + 1} is more than this machine's ${cores} cores: using ${cores}`);
    expect(cli(["batch", "--pack", "yueyang-2023", "--workers", "65", "--oversubscribe", "in.ndjson"]).status).toBe(2);
  });
});
