// The batch's per-line work — encodeLine into a LineEncoder with a summary,
// compact records — for one or two builds of the library, against the
// JSON.parse + JSON.stringify floor of the same lines, in process (no start-up,
// no file output). Slices of 2,000 lines, each build and the floor in turn
// (the order swapped every slice), medians of the slices' ratios to the floor.
//
//   node scripts/profile-batch.mjs <population.ndjson> [distDir …]
//   node scripts/profile-batch.mjs --mix <lines> <out.ndjson>
//
// --mix writes the mixed population of docs/performance.md: 55 % residents of
// the bench's population, 20 % with their team and scores, 25 % full-path
// cases (scripts/profile-evaluate.mjs).
import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { population } from "./population.mjs";
import { fullPathCases } from "./profile-evaluate.mjs";

function writeMix(count, path) {
  const simple = population(count, "430602", 42, { teams: false });
  const teams = population(count, "430602", 43, { teams: true });
  const full = fullPathCases(count, 11);
  const lines = [];
  for (let i = 0; i < count; i++) {
    const slot = (i * 7919) % 100;
    const kase = slot < 55 ? simple.next().value : slot < 75 ? teams.next().value : full.next().value;
    kase.resident.id = `P${i}`;
    lines.push(JSON.stringify(kase));
  }
  writeFileSync(path, `${lines.join("\n")}\n`);
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main() {
  const args = process.argv.slice(2);
  if (args[0] === "--mix") return writeMix(Number(args[1]), args[2]);
  const [file, ...dirs] = args;
  if (dirs.length === 0) dirs.push("dist");
  const lines = readFileSync(file, "utf8").split("\n").filter(Boolean);
  const builds = [];
  for (const dir of dirs) {
    const batch = await import(pathToFileURL(resolve(dir, "batch.js")).href);
    const main = await import(pathToFileURL(resolve(dir, "index.js")).href);
    builds.push({ dir, batch, pack: main.loadPack("yueyang-2023"), rates: [] });
  }
  const floor = { dir: "floor (JSON.parse + JSON.stringify)", rates: [] };
  const slice = 2000;
  const rounds = Number(process.env.ROUNDS ?? 40);
  for (let round = 0; round < rounds + 4; round++) {
    const from = (round * slice) % lines.length;
    const part = lines.slice(from, from + slice);
    for (const build of round % 2 ? [floor, ...builds] : [...builds, floor].reverse()) {
      const started = process.hrtime.bigint();
      if (build === floor) {
        let size = 0;
        for (const line of part) size += JSON.stringify(JSON.parse(line)).length;
        if (size < 0) throw new Error("unreachable: keeps the floor's work observable");
      } else {
        const out = new build.batch.LineEncoder();
        const summary = new build.batch.Summary();
        part.forEach((text, index) =>
          build.batch.encodeLine(build.pack, { line: from + index + 1, text }, { trace: "compact", format: "ndjson" }, out, summary),
        );
        out.take();
      }
      // The first four slices warm up.
      if (round >= 4) build.rates.push(part.length / (Number(process.hrtime.bigint() - started) / 1e9));
    }
  }
  console.log(`${floor.dir}: ${Math.round(median(floor.rates)).toLocaleString("en")}/s`);
  for (const build of builds) {
    const ratios = build.rates.map((rate, index) => rate / floor.rates[index]);
    console.log(
      `${build.dir}: ${Math.round(median(build.rates)).toLocaleString("en")}/s · ${(100 * median(ratios)).toFixed(0)} % of the floor (median of the slices' ratios)`,
    );
  }
}

await main();
