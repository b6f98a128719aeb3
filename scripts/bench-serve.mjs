// The fdr serve load test (part 4 of npm run bench): loopback only, bounded in time.
//   single-case decisions/s and p50/p99 latency at 1, 16 and 64 connections, against a minimal
//   node:http JSON echo server measured in the same run (this machine's HTTP floor);
//   the batch route's residents/s against `fdr batch` on the same input.
// Servers run as child processes; autocannon drives them from this process.
// Env: BENCH_SERVE_SECONDS (per measurement, default 5), BENCH_SERVE_LINES (batch input, default 200,000).
import { spawn, spawnSync } from "node:child_process";
import { createReadStream, mkdtempSync, rmSync, statSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import autocannon from "autocannon";
import { population, writePopulation } from "./population.mjs";

const fmt = (n) => Math.round(n).toLocaleString("en");

const ECHO_SERVER = `
const http = require("node:http");
const server = http.createServer((req, res) => {
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {
    const body = JSON.stringify(JSON.parse(Buffer.concat(chunks).toString("utf8")));
    res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
    res.end(body);
  });
});
server.listen(0, "127.0.0.1", () => console.log("listening on http://127.0.0.1:" + server.address().port));
`;

/** Starts a child process and waits for its `listening on URL` line. */
function start(args) {
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "ignore"] });
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout.setEncoding("utf8").on("data", (text) => {
      out += text;
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match) resolve({ url: match[1], stop: () => new Promise((done) => (child.once("exit", done), child.kill("SIGTERM"))) });
    });
    child.once("exit", (code) => reject(new Error(`${args.join(" ")} exited with ${code}`)));
  });
}

function load(url, body, connections, seconds) {
  return autocannon({ url, method: "POST", body, headers: { "content-type": "application/json" }, connections, duration: seconds });
}

/** Posts a file to the batch route; resolves to the response's line count and time. */
function postBatch(url, file) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = request(
      url,
      { method: "POST", headers: { "content-type": "application/x-ndjson", "content-length": statSync(file).size } },
      (response) => {
        let lines = 0;
        let tail = "";
        response.on("data", (chunk) => {
          for (let index = chunk.indexOf(10); index >= 0; index = chunk.indexOf(10, index + 1)) lines++;
          tail = (tail + chunk.toString("utf8")).slice(-2000);
        });
        response.on("end", () => resolve({ ms: performance.now() - started, lines, summary: tail.trim().split("\n").pop() }));
        response.on("error", reject);
      },
    );
    req.on("error", reject);
    createReadStream(file).pipe(req);
  });
}

/** Runs the serve bench and prints its lines. */
export async function serveBench(
  seconds = Number(process.env.BENCH_SERVE_SECONDS ?? 5),
  lines = Number(process.env.BENCH_SERVE_LINES ?? 200000),
) {
  const body = JSON.stringify([...population(1)][0]);
  console.log(`5b. fdr serve over loopback (${seconds} s per measurement; autocannon in the bench process, each server a child process):`);
  const echo = await start(["-e", ECHO_SERVER]);
  const fdr = await start(["dist/cli.js", "serve", "--port", "0", "--max-concurrent", "1024"]);
  try {
    const evaluateUrl = `${fdr.url}/v1/evaluate?pack=yueyang-2023`;
    const check = await fetch(evaluateUrl, { method: "POST", body });
    if (check.status !== 200) throw new Error(`the bench case is refused: ${await check.text()}`);
    const floors = new Map();
    for (const connections of [1, 16, 64]) {
      const floor = await load(echo.url, body, connections, seconds);
      floors.set(connections, floor);
      const served = await load(evaluateUrl, body, connections, seconds);
      const failed = served.errors + served.non2xx;
      console.log(
        `   ${String(connections).padStart(2)} connections: evaluate ${fmt(served.requests.average)}/s (p50 ${served.latency.p50} ms, p99 ${served.latency.p99} ms${failed ? `, ${failed} failed` : ""})` +
          ` · echo floor ${fmt(floor.requests.average)}/s (p50 ${floor.latency.p50} ms, p99 ${floor.latency.p99} ms) · ${((served.requests.average / floor.requests.average) * 100).toFixed(0)} % of the floor (goal >= 50 %)`,
      );
    }
    const compact = await load(`${evaluateUrl}&trace=compact`, body, 16, seconds);
    console.log(
      `   16 connections, ?trace=compact (the batch record, by fdr batch's template path): ${fmt(compact.requests.average)}/s (p50 ${compact.latency.p50} ms, p99 ${compact.latency.p99} ms) · ${((compact.requests.average / floors.get(16).requests.average) * 100).toFixed(0)} % of the floor`,
    );
    const dir = mkdtempSync(join(tmpdir(), "fdr-bench-serve-"));
    const input = join(dir, "population.ndjson");
    await writePopulation(input, lines);
    const cliStart = performance.now();
    spawnSync(process.execPath, ["dist/cli.js", "batch", "--pack", "yueyang-2023", "--out", join(dir, "out.ndjson"), input], {
      stdio: "ignore",
    });
    const cliRate = (lines / (performance.now() - cliStart)) * 1000;
    const batch = await postBatch(`${fdr.url}/v1/evaluate-batch?pack=yueyang-2023`, input);
    const serveRate = (lines / batch.ms) * 1000;
    // Single cases while a district is posted: the batch runs on a worker thread, off the event loop.
    const [during, alongside] = await Promise.all([
      load(evaluateUrl, body, 16, seconds),
      postBatch(`${fdr.url}/v1/evaluate-batch?pack=yueyang-2023`, input),
    ]);
    rmSync(dir, { recursive: true });
    const complete = batch.lines === lines + 1 && /"complete":true/.test(batch.summary);
    console.log(
      `   16 connections of single cases while the same batch is posted: ${fmt(during.requests.average)}/s (p50 ${during.latency.p50} ms, p99 ${during.latency.p99} ms); the batch meanwhile ${fmt((lines / alongside.ms) * 1000)} residents/s`,
    );
    console.log(
      `   batch route, ${fmt(lines)} NDJSON lines: ${fmt(serveRate)} residents/s${complete ? "" : " (INCOMPLETE RESPONSE)"} · fdr batch on the same file ${fmt(cliRate)} residents/s (process start included) · ${((serveRate / cliRate) * 100).toFixed(0)} % (goal >= 80 %)`,
    );
  } finally {
    await Promise.all([echo.stop(), fdr.stop()]);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await serveBench();
