// npm run bench — prints, in one run:
//   0. import time of the main entry and each subpath in a fresh process (scripts/bench-import.mjs)
//   1. priority-group conditions: json-rules-engine vs compiled vs a hand-written floor (same facts)
//   2. full decisions: evaluate (compiled) vs evaluateReference (json-rules-engine)
//   3. fdr batch end to end on BENCH_LINES (default 1,000,000) NDJSON lines of the bench's own population:
//      residents/s and peak RSS, single-threaded and with --workers 2, BENCH_BATCH_RUNS times (default 1)
//   3b. both populations (the bench's own and the realistic one, scripts/population.mjs) on BENCH_POPULATION_LINES
//      (default 1,000,000, the issue's own size; the worker threads' start-up and warm-up weigh more on fewer
//      lines): the JSON.parse + JSON.stringify floor, the floor with each case validated and every rule decided
//      (one thread's bound were the decision and its record free), the floor writing records of fdr batch's size
//      instead of the input (nothing checked or decided: what is left of the target's budget for the library's
//      work), fdr batch --workers 1 and --workers 2, run in
//      turn BENCH_RUNS times (medians), each against the floor of the same run, with peak RSS; and the machine's
//      parallel ceiling: two --workers 1 processes at once, each on half of the lines; what storing the records
//      costs this machine (the same bytes written to a new file, in CPU seconds); and both worker counts again
//      with --out /dev/null, the records encoded but not stored (where the null device exists)
//   4. a soak: fdr batch on BENCH_SOAK_LINES (default 300,000) lines, stopped by SIGTERM at random
//      points BENCH_SOAK_STOPS (default 5) times and resumed with --resume each time; the output and the
//      summary must be byte-identical to one uninterrupted run (exit code 1 when they are not)

//   5. fdr batch on the same residents as NDJSON, GB18030 CSV (Chinese headers, --encoding gb18030) and .xlsx:
//      residents/s and peak RSS of each input, in the same run (BENCH_INPUT_LINES, default 100,000)
//   5b. fdr serve over loopback (scripts/bench-serve.mjs; BENCH_SERVE=0 skips it): single-case decisions/s and
//      p50/p99 at 1, 16, 64 connections against a node:http echo floor; the batch route against fdr batch
//   6. fdr studio in headless Chromium: first paint and time to first decision (scripts/bench-studio.mjs)
//   7. the studio's population diff (Web Worker, headless Chromium) on BENCH_STUDIO_DIFF_LINES (default 100,000)
//      residents against fdr diff in Node on the same files, in residents/s (BENCH_STUDIO_DIFF=0 skips it)
// BENCH_ONLY=3b,4 (section ids as above) runs only those sections.
// Figures drift up to 2x between runs on a shared machine: compare ratios within one run.
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  closeSync,
  createReadStream,
  createWriteStream,
  existsSync,
  mkdtempSync,
  openSync,
  readSync,
  rmSync,
  statSync,
  writeSync,
} from "node:fs";
import { once } from "node:events";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { population, writePopulation, writeRealisticPopulation } from "./population.mjs";
import { studioBench, studioDiffBench } from "./bench-studio.mjs";
import { importBench } from "./bench-import.mjs";
import { compilePack, evaluate, evaluateReference, loadPack, parseCase } from "../dist/index.js";
import { createReferenceRunner } from "../dist/engine.js";
import { decisionKey } from "../dist/batch.js";

const perSecond = (count, ms) => Math.round((count / ms) * 1000);
const fmt = (n) => n.toLocaleString("en");

/** The same priority-group logic as the Yueyang pack, written by hand: the floor. */
function handWritten(f, out) {
  out[0] = f.ageYears >= 65;
  out[1] =
    f.pregnancyStatus === "pregnant" ||
    (f.pregnancyStatus === "postpartum" && f.daysSinceDelivery !== null && f.daysSinceDelivery >= 0 && f.daysSinceDelivery <= 42);
  out[2] = f.ageYears <= 6;
  out[3] = f.disabilityCertified === true;
  out[4] = f.povertyAlleviated === true;
  out[5] = f.familyPlanningSpecial === true;
  const c = f.conditions;
  out[6] = c.indexOf("hypertension") > -1 || c.indexOf("diabetes") > -1;
  out[7] = c.indexOf("tuberculosis") > -1;
  out[8] = c.indexOf("severe-mental-disorder") > -1;
}

async function conditionsBench(count) {
  const pack = loadPack("yueyang-2023");
  const compiled = compilePack(pack);
  const groups = compiled.rules.filter((rule) => rule.group === "priorityGroups");
  const first = compiled.rules.indexOf(groups[0]);
  const facts = [...population(count)].map((kase) => compiled.contextFor(kase).context);
  const params = facts[0].params.slots;
  const run = compiled.compiledRules.slice(first, first + groups.length);
  const out = new Array(groups.length);
  let hits = 0;
  // compiled
  for (let w = 0; w < 2; w++) for (const context of facts) for (let i = 0; i < run.length; i++) out[i] = run[i](context.facts, params);
  let start = performance.now();
  for (let r = 0; r < 5; r++) for (const context of facts) for (let i = 0; i < run.length; i++) if (run[i](context.facts, params)) hits++;
  const compiledRate = perSecond(facts.length * 5, performance.now() - start);
  // closures (no code generation: a strict Content-Security-Policy)
  const closures = compilePack(pack, { codegen: false }).compiledRules.slice(first, first + groups.length);
  for (const context of facts) for (let i = 0; i < closures.length; i++) out[i] = closures[i](context.facts, params);
  start = performance.now();
  for (let r = 0; r < 5; r++)
    for (const context of facts) for (let i = 0; i < closures.length; i++) if (closures[i](context.facts, params)) hits++;
  const closureRate = perSecond(facts.length * 5, performance.now() - start);
  // hand-written floor
  for (const context of facts) handWritten(context.facts, out);
  start = performance.now();
  for (let r = 0; r < 5; r++)
    for (const context of facts) {
      handWritten(context.facts, out);
      if (out[0]) hits++;
    }
  const floorRate = perSecond(facts.length * 5, performance.now() - start);
  // json-rules-engine, one engine, await each
  const reference = createReferenceRunner(groups.map((rule) => rule.condition));
  const paramFacts = Object.fromEntries(Object.keys(pack.data.parameters).map((id, index) => [`param:${id}`, params[index]]));
  const jreFacts = facts.slice(0, Math.min(facts.length, 20000)).map((context) => ({ ...context.facts, ...paramFacts }));
  start = performance.now();
  for (const f of jreFacts) await reference.run(f);
  const jreRate = perSecond(jreFacts.length, performance.now() - start);
  void hits;
  console.log(`1. priority-group conditions (${groups.length} rules, ${fmt(facts.length)} residents):`);
  console.log(
    `   json-rules-engine ${fmt(jreRate)}/s · compiled ${fmt(compiledRate)}/s · closures (codegen: false) ${fmt(closureRate)}/s · hand-written floor ${fmt(floorRate)}/s`,
  );
  console.log(
    `   closures / json-rules-engine = ${(closureRate / jreRate).toFixed(0)}x; compiled / closures = ${(compiledRate / closureRate).toFixed(2)}x`,
  );
  console.log(
    `   compiled / json-rules-engine = ${(compiledRate / jreRate).toFixed(0)}x (target >= 100x); floor / compiled = ${(floorRate / compiledRate).toFixed(2)}x (target <= 3x)`,
  );
}

async function decisionsBench(count) {
  for (const [packId, region] of [
    ["yueyang-2023", "430602"],
    ["yongzhou-2017", "431102"],
  ]) {
    const pack = loadPack(packId);
    const cases = [...population(count, region)];
    for (const kase of cases.slice(0, 2000)) evaluate(pack, kase);
    let start = performance.now();
    for (const kase of cases) evaluate(pack, kase);
    const compiledRate = perSecond(cases.length, performance.now() - start);
    const closurePack = compilePack(pack, { codegen: false });
    for (const kase of cases.slice(0, 2000)) closurePack.evaluate(kase);
    start = performance.now();
    for (const kase of cases) closurePack.evaluate(kase);
    const closureRate = perSecond(cases.length, performance.now() - start);
    const referenceCases = cases.slice(0, Math.min(cases.length, 5000));
    for (const kase of referenceCases.slice(0, 500)) await evaluateReference(pack, kase);
    start = performance.now();
    for (const kase of referenceCases) await evaluateReference(pack, kase);
    const referenceRate = perSecond(referenceCases.length, performance.now() - start);
    start = performance.now();
    for (const kase of cases) parseCase(kase);
    const parseRate = perSecond(cases.length, performance.now() - start);
    console.log(
      `2. full decisions, ${packId}: evaluate ${fmt(compiledRate)}/s · closures (codegen: false) ${fmt(closureRate)}/s · evaluateReference ${fmt(referenceRate)}/s · ratio ${(compiledRate / referenceRate).toFixed(1)}x (target >= 20x) · case validation alone (parseCase) ${fmt(parseRate)}/s`,
    );
  }
}

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
/** Runs of section 3 (1,000,000 lines: peak memory and speed at full size); section 3b gives medians against the floor. */
const BATCH_RUNS = Number(process.env.BENCH_BATCH_RUNS ?? 1);
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** `fdr batch` on `input`, RUNS times: the median rate and the highest peak RSS. */
function runBatch(dir, input, workers, lines, extra = [], runs = RUNS) {
  const out = join(dir, `out-${workers}.ndjson`);
  const rates = [];
  let peakKb = 0;
  let counts = "";
  for (let run = 0; run < runs; run++) {
    const start = performance.now();
    const result = spawnSync(
      "/usr/bin/time",
      ["-f", "%M", process.execPath, "dist/cli.js", "batch", "--pack", "yueyang-2023", "--workers", workers, "--out", out, ...extra, input],
      { encoding: "utf8" },
    );
    rates.push(perSecond(lines, performance.now() - start));
    const stderr = result.stderr.trim().split("\n");
    peakKb = Math.max(peakKb, Number(stderr[stderr.length - 1]));
    counts = stderr[stderr.length - 2];
    settle(out);
  }
  return { workers, rate: median(rates), rates, peakMb: Math.round(peakKb / 1024), counts };
}

/** How many record templates the population needs: its distinct decision keys. */
function distinctKeys(lines) {
  const compiled = compilePack(loadPack("yueyang-2023"));
  const keys = new Set();
  for (const kase of population(lines)) {
    const prepared = compiled.contextFor(JSON.parse(JSON.stringify(kase)), { trace: "compact" });
    keys.add(decisionKey(prepared.context, prepared.warnings));
  }
  return keys.size;
}

async function batchBench(lines) {
  const dir = mkdtempSync(join(tmpdir(), "fdr-bench-"));
  const input = join(dir, "population.ndjson");
  await writePopulation(input, lines);
  const results = ["1", "2"].map((workers) => runBatch(dir, input, workers, lines, [], BATCH_RUNS));
  const keys = distinctKeys(lines);
  const withTeams = join(dir, "population-teams.ndjson");
  await writePopulation(withTeams, lines, { teams: true });
  const teams = runBatch(dir, withTeams, "1", lines, [], BATCH_RUNS);
  rmSync(withTeams);
  rmSync(dir, { recursive: true });
  const runs = (result) => `median of ${result.rates.map(fmt).join(" / ")}`;
  console.log(
    `3. fdr batch, ${fmt(lines)} NDJSON lines (yueyang-2023, compact trace), ${BATCH_RUNS} run(s) each (medians against the floor: 3b):`,
  );
  for (const result of results)
    console.log(
      `   --workers ${result.workers}: ${fmt(result.rate)} residents/s end to end (${runs(result)}) · peak RSS ${result.peakMb} MB (the process, workers included) · ${result.counts}`,
    );
  console.log(
    `   every contract with its team and their scores (staff pay in every record), --workers 1: ${fmt(teams.rate)} residents/s (${runs(teams)}) · peak RSS ${teams.peakMb} MB · ${teams.counts}`,
  );
  console.log(`   record templates: ${fmt(keys)} distinct decision keys among the ${fmt(lines)} residents`);
  console.log(`   target: >= 100,000 residents/s on one thread; peak RSS < 200 MB a thread (issue 15)`);
}

/**
 * Removes the output files of the run before and waits until the disk has taken that in (`sync`), outside the
 * timed runs: each run writes a new file, and none pays for the one before. (On a file system mounted with
 * `discard`, as this machine's is, removing a file of a gigabyte sends the disk discards that slowed the next
 * run's writes by up to a second.)
 */
function settle(...paths) {
  for (const path of paths) rmSync(path, { force: true });
  spawnSync("sync");
}

/** One end-to-end run of `args` (node + script) on `lines` lines: residents/s, peak RSS in MB, the closing line on stderr. */
function timedRun(args, lines) {
  const start = performance.now();
  const result = spawnSync("/usr/bin/time", ["-f", "%M", process.execPath, ...args], { encoding: "utf8" });
  const rate = perSecond(lines, performance.now() - start);
  const stderr = result.stderr.trim().split("\n");
  if (result.status !== 0) throw new Error(`${args.join(" ")} failed: ${result.stderr}`);
  return { rate, peakMb: Math.round(Number(stderr[stderr.length - 1]) / 1024), counts: stderr[stderr.length - 2] };
}

/** Two end-to-end runs at once (`a` and `b`, node + script), each on about half of `lines`: residents/s from the start of both to the end of both. */
async function timedPair(a, b, lines) {
  const start = performance.now();
  const run = (args) =>
    new Promise((resolve, reject) => {
      const child = spawn(process.execPath, args, { stdio: ["ignore", "ignore", "pipe"] });
      let stderr = "";
      child.stderr.on("data", (chunk) => (stderr += chunk));
      child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`${args.join(" ")} failed: ${stderr}`))));
    });
  await Promise.all([run(a), run(b)]);
  return { rate: perSecond(lines, performance.now() - start) };
}

/** The null device, where the records of a run are encoded and thrown away. */
const NULL_DEVICE = "/dev/null";

/**
 * What storing a run's records costs this machine by itself: the bytes of `records` (a batch output file)
 * written to a new file `copy` in 1 MiB writes, in CPU seconds of this process (user and system). On a 2-core
 * machine these seconds compete with the threads that evaluate.
 */
function storingCost(records, copy) {
  const input = openSync(records, "r");
  const chunk = Buffer.allocUnsafe(1024 * 1024);
  const before = process.cpuUsage();
  const output = openSync(copy, "w");
  let bytes = 0;
  for (let read = readSync(input, chunk); read > 0; read = readSync(input, chunk)) {
    writeSync(output, chunk, 0, read);
    bytes += read;
  }
  closeSync(output);
  const used = process.cpuUsage(before);
  closeSync(input);
  rmSync(copy);
  return { bytes, seconds: (used.user + used.system) / 1e6, systemSeconds: used.system / 1e6 };
}

/** Writes the first `half` lines of `path` to `first` and the rest to `second`. */
async function splitFile(path, half, first, second) {
  const outputs = [createWriteStream(first), createWriteStream(second)];
  let count = 0;
  let rest = "";
  const write = async (index, text) => {
    if (!outputs[index].write(text)) await once(outputs[index], "drain");
  };
  for await (const chunk of createReadStream(path, { encoding: "utf8" })) {
    const parts = (rest + chunk).split("\n");
    rest = parts.pop() ?? "";
    const firstPart = parts.splice(0, Math.max(0, half - count));
    count += firstPart.length;
    if (firstPart.length > 0) await write(0, `${firstPart.join("\n")}\n`);
    if (parts.length > 0) await write(1, `${parts.join("\n")}\n`);
  }
  if (rest !== "") await write(count < half ? 0 : 1, `${rest}\n`);
  for (const output of outputs) {
    output.end();
    await once(output, "finish");
  }
}

/**
 * Section 3b: each population against the floor of the same run. The floor, one thread and two workers run in
 * turn (floor, 1, 2, floor, 1, 2, …) so that the machine's drift touches all three alike; medians are reported.
 */
async function populationsBench(lines) {
  const dir = mkdtempSync(join(tmpdir(), "fdr-bench-populations-"));
  const populations = [
    ["the bench's own population", join(dir, "bench.ndjson"), (path) => writePopulation(path, lines)],
    ["the realistic population", join(dir, "realistic.ndjson"), (path) => writeRealisticPopulation(path, lines)],
  ];
  const out = join(dir, "out.ndjson");
  console.log(
    `3b. populations against the floor, ${fmt(lines)} NDJSON lines each (yueyang-2023, compact trace), floor / --workers 1 / --workers 2 run in turn ${RUNS} times (medians):`,
  );
  const [firstHalf, secondHalf, otherOut] = ["first.ndjson", "second.ndjson", "out-2.ndjson"].map((name) => join(dir, name));
  for (const [name, path, write] of populations) {
    await write(path);
    await splitFile(path, Math.floor(lines / 2), firstHalf, secondHalf);
    const runs = { floor: [], decided: [], recorded: [], 1: [], 2: [], pair: [], "1-null": [], "2-null": [], store: [] };
    const batch = (input, output, workers = 1) => [
      "dist/cli.js",
      "batch",
      "--pack",
      "yueyang-2023",
      "--workers",
      String(workers),
      "--out",
      output,
      input,
    ];
    for (let run = 0; run < RUNS; run++) {
      settle(out);
      runs.floor.push(timedRun(["scripts/bench-floor.mjs", path, out], lines));
      settle(out);
      runs.decided.push(timedRun(["scripts/bench-floor.mjs", path, out, "--decide", "yueyang-2023"], lines));
      for (const workers of [1, 2]) {
        settle(out);
        runs[workers].push(timedRun(batch(path, out, workers), lines));
      }
      // The records of the run just made give the sizes; the floor writes its own to the other file.
      settle(otherOut);
      runs.recorded.push(timedRun(["scripts/bench-floor.mjs", path, otherOut, "--records", out], lines));
      runs.store.push(storingCost(out, otherOut));
      settle(out, otherOut);
      runs.pair.push(await timedPair(batch(firstHalf, out), batch(secondHalf, otherOut), lines));
      settle(out, otherOut);
      if (existsSync(NULL_DEVICE))
        for (const workers of [1, 2]) runs[`${workers}-null`].push(timedRun(batch(path, NULL_DEVICE, workers), lines));
    }
    rmSync(out, { force: true });
    rmSync(otherOut, { force: true });
    const rate = (key) => median(runs[key].map((r) => r.rate));
    const peak = (key) => Math.max(...runs[key].map((r) => r.peakMb));
    const [floor, one, two, pair] = [rate("floor"), rate(1), rate(2), rate("pair")];
    const list = (key) => runs[key].map((r) => fmt(r.rate)).join(" / ");
    console.log(`   ${name} (${fmt(Math.round(statSync(path).size / lines))} bytes a line):`);
    console.log(
      `     floor (JSON.parse + JSON.stringify each line, end to end): ${fmt(floor)}/s (${list("floor")}) · peak RSS ${peak("floor")} MB`,
    );
    const decided = rate("decided");
    console.log(
      `     the floor with each case validated and every rule decided (the library's contextFor; no decision built, the input written back): ${fmt(decided)}/s (${list("decided")}) = ${((decided / floor) * 100).toFixed(0)} % of the floor: one thread's bound were the decision and its record free`,
    );
    const recorded = rate("recorded");
    // µs a line: what a line may cost at 60 % of the floor, less what writing records of that size costs with no work.
    const budget = 1e6 / (0.6 * floor) - 1e6 / recorded;
    console.log(
      `     the floor writing each case's record instead of the input (fdr batch's first 1,000 records in turn, ${fmt(JSON.parse(runs.recorded[0].counts).recordBytes)} bytes a line on average, each with the line's id, as bytes in 1 MiB blocks; nothing checked or decided): ${fmt(recorded)}/s (${list("recorded")}) = ${((recorded / floor) * 100).toFixed(0)} % of the floor: at 60 % of the floor, ${budget.toFixed(2)} µs a line are left for all of the library's work; checking the case and deciding its rules alone take ${(1e6 / decided - 1e6 / floor).toFixed(2)} µs (the two floors above)`,
    );
    console.log(
      `     --workers 1: ${fmt(one)} residents/s (${list(1)}) = ${((one / floor) * 100).toFixed(0)} % of the floor · peak RSS ${peak(1)} MB · ${runs[1][0].counts}`,
    );
    console.log(
      `     --workers 2: ${fmt(two)} residents/s (${list(2)}) = ${((two / floor) * 100).toFixed(0)} % of the floor · ${(two / one).toFixed(2)}x one thread (target >= 1.5x) · peak RSS ${peak(2)} MB (${Math.round(peak(2) / 3)} MB a thread: the main thread and two workers) · ${runs[2][0].counts}`,
    );
    console.log(
      `     the machine's ceiling, two --workers 1 processes at once on the two halves: ${fmt(pair)} residents/s (${list("pair")}) = ${(pair / one).toFixed(2)}x one thread (--workers 2 gives ${((100 * two) / pair).toFixed(0)} % of it)`,
    );
    const store = runs.store[runs.store.length - 1];
    console.log(
      `     storing the records (${fmt(Math.round(store.bytes / 1e6))} MB, ${fmt(Math.round(store.bytes / lines))} bytes a record) in a new file on this disk, the same bytes in 1 MiB writes: ${median(runs.store.map((r) => r.seconds)).toFixed(2)} s of CPU (${median(runs.store.map((r) => r.systemSeconds)).toFixed(2)} s of it in the kernel) = ${((1e6 * median(runs.store.map((r) => r.seconds))) / lines).toFixed(1)} µs a record, shared with the threads that evaluate`,
    );
    if (runs["1-null"].length > 0) {
      const [oneNull, twoNull] = [rate("1-null"), rate("2-null")];
      console.log(
        `     the same runs with --out ${NULL_DEVICE} (records evaluated and encoded, not stored): --workers 1 ${fmt(oneNull)} residents/s (${list("1-null")}), --workers 2 ${fmt(twoNull)} residents/s (${list("2-null")}) = ${(twoNull / oneNull).toFixed(2)}x one thread`,
      );
    }
    rmSync(path);
  }
  rmSync(firstHalf, { force: true });
  rmSync(secondHalf, { force: true });
  rmSync(dir, { recursive: true });
}

/** sha256 of a file, streamed. */
async function fileHash(path) {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk);
  return hash.digest("hex");
}

/**
 * Runs fdr batch; with `stopAfterMs`, sends SIGTERM that long after the run starts writing `partial`
 * (it grows). Resolves to the exit code (bounded: SIGKILL after 30 min).
 */
function runUntil(args, stopAfterMs, partial) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["dist/cli.js", "batch", ...args], { stdio: ["ignore", "ignore", "ignore"] });
    const timers = [setTimeout(() => child.kill("SIGKILL"), 30 * 60 * 1000)];
    if (stopAfterMs !== undefined) {
      const size = () => (existsSync(partial) ? statSync(partial).size : -1);
      const before = size();
      const poll = setInterval(() => {
        if (size() <= before) return;
        clearInterval(poll);
        timers.push(setTimeout(() => child.kill("SIGTERM"), stopAfterMs));
      }, 20);
      timers.push(poll);
    }
    child.on("close", (code, signal) => {
      for (const timer of timers) clearTimeout(timer);
      resolve(code ?? signal);
    });
  });
}

/** Lines in a file (0 when it does not exist), streamed. */
async function recordsIn(path) {
  if (!existsSync(path)) return 0;
  let count = 0;
  for await (const chunk of createReadStream(path)) for (let at = chunk.indexOf(10); at >= 0; at = chunk.indexOf(10, at + 1)) count++;
  return count;
}

async function soakBench(lines, stops) {
  const dir = mkdtempSync(join(tmpdir(), "fdr-soak-"));
  const input = join(dir, "population.ndjson");
  await writePopulation(input, lines, { teams: true });
  const started = performance.now();
  await runUntil(["--pack", "yueyang-2023", input, "--out", join(dir, "reference.ndjson"), "--summary", join(dir, "reference.json")]);
  const uninterruptedMs = performance.now() - started;
  const out = join(dir, "resumed.ndjson");
  const args = ["--pack", "yueyang-2023", input, "--out", out, "--summary", join(dir, "resumed.json"), "--resume"];
  const stopsAt = [];
  for (let stop = 0; stop < stops; stop++) {
    const code = await runUntil(args, Math.round(Math.random() * uninterruptedMs * 0.4), `${out}.partial`);
    stopsAt.push(`${code === 143 ? "exit 143" : code} at ${fmt(await recordsIn(`${out}.partial`))}`);
  }
  await runUntil(args);
  const same =
    (await fileHash(out)) === (await fileHash(join(dir, "reference.ndjson"))) &&
    (await fileHash(join(dir, "resumed.json"))) === (await fileHash(join(dir, "reference.json")));
  rmSync(dir, { recursive: true });
  console.log(
    `4. soak: ${fmt(lines)} lines stopped ${stops} times at random points (${stopsAt.join(", ")} records kept), resumed each time:`,
  );
  console.log(
    `   output and summary byte-identical to one uninterrupted run (${Math.round(uninterruptedMs / 1000)} s): ${same ? "yes" : "NO"}`,
  );
  if (!same) process.exitCode = 1;
}

/** A case as the cells of the Chinese-headed CSV/.xlsx row (the columns the population uses). */
const INPUT_HEADER = [
  "居民编号",
  "出生日期",
  "行政区划代码",
  "评估日期",
  "慢性病",
  "孕产状态",
  "持证残疾人",
  "生活自理困难",
  "已脱贫",
  "团队编号",
  "签约日期",
  "服务包",
];
function inputRow(kase) {
  const r = kase.resident;
  const c = kase.contract;
  const flag = (value) => (value === undefined ? "" : String(value));
  return [
    r.id,
    r.birthDate,
    r.regionCode,
    kase.asOf,
    r.conditions.join(";"),
    r.pregnancy?.status ?? "",
    flag(r.disability?.certified),
    flag(r.disability?.dailyLivingDifficulty),
    flag(r.povertyAlleviated),
    c?.teamId ?? "",
    c?.signDate ?? "",
    c ? c.packages[0].id : "",
  ];
}
const csvCell = (cell) => (/[",\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);

async function writeGbCsv(path, lines) {
  const stream = createWriteStream(path);
  let buffer = [INPUT_HEADER.join(",")];
  for (const kase of population(lines, "430602", 42)) {
    buffer.push(inputRow(kase).map(csvCell).join(","));
    if (buffer.length === 10000) {
      if (!stream.write(iconv.encode(buffer.join("\r\n") + "\r\n", "gb18030"))) await once(stream, "drain");
      buffer = [];
    }
  }
  if (buffer.length) stream.write(iconv.encode(buffer.join("\r\n") + "\r\n", "gb18030"));
  stream.end();
  await once(stream, "finish");
}

async function writeXlsx(path, lines) {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: false, useStyles: false });
  const sheet = workbook.addWorksheet("居民");
  sheet.addRow(INPUT_HEADER).commit();
  for (const kase of population(lines, "430602", 42)) sheet.addRow(inputRow(kase)).commit();
  sheet.commit();
  await workbook.commit();
}

async function inputsBench(lines) {
  const dir = mkdtempSync(join(tmpdir(), "fdr-bench-inputs-"));
  const ndjson = join(dir, "population.ndjson");
  const csv = join(dir, "population-gb18030.csv");
  const xlsx = join(dir, "population.xlsx");
  await writePopulation(ndjson, lines);
  await writeGbCsv(csv, lines);
  await writeXlsx(xlsx, lines);
  const results = [
    ["NDJSON (UTF-8)", runBatch(dir, ndjson, "1", lines)],
    ["CSV (GB18030, Chinese headers)", runBatch(dir, csv, "1", lines, ["--encoding", "gb18030"])],
    [".xlsx", runBatch(dir, xlsx, "1", lines)],
  ];
  rmSync(dir, { recursive: true });
  console.log(`5. fdr batch input formats, ${fmt(lines)} residents each (yueyang-2023, --workers 1), ${RUNS} runs each:`);
  const base = results[0][1].rate;
  for (const [name, result] of results)
    console.log(
      `   ${name}: ${fmt(result.rate)} residents/s (${(result.rate / base).toFixed(2)}x NDJSON) · peak RSS ${result.peakMb} MB · ${result.counts}`,
    );
}

console.log(`family-doctor-rules benchmark · Node ${process.version} · ${new Date().toISOString().slice(0, 10)}`);
// BENCH_ONLY=3b,4 runs only those sections (ids as numbered above); by default, every one.
const only = process.env.BENCH_ONLY ? new Set(process.env.BENCH_ONLY.split(",").map((id) => id.trim())) : undefined;
const section = (id) => only === undefined || only.has(id);
if (section("0")) importBench();
if (section("1")) await conditionsBench(Number(process.env.BENCH_RESIDENTS ?? 100000));
if (section("2")) await decisionsBench(Number(process.env.BENCH_DECISIONS ?? 20000));
if (section("3")) await batchBench(Number(process.env.BENCH_LINES ?? 1000000));
if (section("3b")) await populationsBench(Number(process.env.BENCH_POPULATION_LINES ?? 1000000));
if (section("4")) await soakBench(Number(process.env.BENCH_SOAK_LINES ?? 300000), Number(process.env.BENCH_SOAK_STOPS ?? 5));

if (section("5")) await inputsBench(Number(process.env.BENCH_INPUT_LINES ?? 100000));
if (section("5b") && process.env.BENCH_SERVE !== "0") {
  const { serveBench } = await import("./bench-serve.mjs");
  await serveBench();
}
if (section("6")) await studioBench();
if (section("7") && process.env.BENCH_STUDIO_DIFF !== "0") await studioDiffBench(Number(process.env.BENCH_STUDIO_DIFF_LINES ?? 100000));
