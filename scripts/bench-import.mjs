// Import time (npm run bench, section 0): how long `import("family-doctor-rules")` and each subpath take
// in a fresh Node process, median of BENCH_IMPORT_RUNS (default 9) processes, against two floors from the
// same run: importing an empty module (what any import costs) and importing zod alone (the schemas'
// library, which the main entry needs). Run alone: node scripts/bench-import.mjs (after npm run build).
import { spawnSync } from "node:child_process";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const RUNS = Number(process.env.BENCH_IMPORT_RUNS ?? 9);

/** Milliseconds to import `specifier` in a fresh process (from performance.now() before to the promise settling). */
function importMs(specifier) {
  const script = `const t = performance.now(); await import(${JSON.stringify(specifier)}); process.stdout.write(String(performance.now() - t));`;
  const result = spawnSync(process.execPath, ["--input-type=module", "-e", script], { cwd: root, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`importing ${specifier} failed: ${result.stderr}`);
  return Number(result.stdout);
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Median and fastest import time of each specifier, the runs interleaved so that drift hits all alike. */
function measure(specifiers) {
  const times = new Map(specifiers.map((specifier) => [specifier, []]));
  for (let run = 0; run < RUNS; run++) for (const specifier of specifiers) times.get(specifier).push(importMs(specifier));
  return new Map([...times].map(([specifier, list]) => [specifier, { median: median(list), min: Math.min(...list) }]));
}

export function importBench() {
  const dist = (file) => pathToFileURL(`${root}dist/${file}`).href;
  const entries = [
    ["family-doctor-rules", dist("index.js")],
    ["/engine", dist("engine.js")],
    ["/analysis", dist("analysis.js")],
    ["/json-schema", dist("json-schema.js")],
    ["/batch", dist("batch.js")],
    ["/node", dist("node.js")],
  ];
  const empty = "data:text/javascript,export{}";
  const results = measure([empty, "zod", ...entries.map(([, url]) => url)]);
  const show = ({ median: value, min }) => `${value.toFixed(0)} ms (fastest ${min.toFixed(0)})`;
  console.log(
    `0. import time, fresh process, median of ${RUNS}: floors: an empty module ${show(results.get(empty))} · zod alone ${show(results.get("zod"))}`,
  );
  for (const [name, url] of entries) console.log(`   ${name}: ${show(results.get(url))}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) importBench();
