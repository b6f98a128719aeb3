// Benchmark: evaluations per second through the compiled evaluator and through
// json-rules-engine (evaluateReference), on a seeded synthetic population.
// Run with `npm run bench` (builds first). Figures vary up to 2x between runs.
import { performance } from "node:perf_hooks";
import { compilePack, evaluate, evaluateReference, loadPack } from "../dist/index.js";

const CONDITIONS = ["hypertension", "diabetes", "stroke", "coronary-heart-disease", "copd", "tuberculosis", "severe-mental-disorder", "late-stage-cancer"];

/** A small seeded PRNG (mulberry32), so every run sees the same population. */
function random(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad = (n) => String(n).padStart(2, "0");
function population(count, regionCode, seed = 42) {
  const rand = random(seed);
  const cases = [];
  for (let i = 0; i < count; i++) {
    const age = Math.floor(rand() * 95);
    const birthDate = `${2022 - age}-${pad(1 + Math.floor(rand() * 12))}-${pad(1 + Math.floor(rand() * 28))}`;
    const conditions = CONDITIONS.filter(() => rand() < (age > 60 ? 0.15 : 0.03));
    const resident = { id: `R${i}`, birthDate, regionCode, conditions };
    if (age >= 20 && age <= 40 && rand() < 0.1) resident.pregnancy = { status: "pregnant" };
    if (rand() < 0.05) resident.disability = { certified: true, dailyLivingDifficulty: rand() < 0.5 };
    const kase = { asOf: "2023-06-01", resident };
    if (rand() < 0.7) kase.contract = { teamId: "T1", signDate: "2023-01-15", packages: [{ id: "basic" }] };
    cases.push(kase);
  }
  return cases;
}

function rate(count, ms) {
  return Math.round((count / ms) * 1000);
}

async function main() {
  const count = Number(process.env.BENCH_N ?? 20000);
  for (const [packId, region] of [["yueyang-2023", "430602"], ["yongzhou-2017", "431102"]]) {
    const pack = loadPack(packId);
    const cases = population(count, region);
    compilePack(pack);
    for (const kase of cases.slice(0, 2000)) evaluate(pack, kase); // warm up

    let start = performance.now();
    for (const kase of cases) evaluate(pack, kase);
    const compiledRate = rate(cases.length, performance.now() - start);

    const referenceCases = cases.slice(0, Math.min(cases.length, 5000));
    for (const kase of referenceCases.slice(0, 500)) await evaluateReference(pack, kase);
    start = performance.now();
    for (const kase of referenceCases) await evaluateReference(pack, kase);
    const referenceRate = rate(referenceCases.length, performance.now() - start);

    console.log(`${packId}: evaluate (compiled) ${compiledRate.toLocaleString("en")} decisions/s; evaluateReference (json-rules-engine) ${referenceRate.toLocaleString("en")} decisions/s; ratio ${(compiledRate / referenceRate).toFixed(1)}x  [${cases.length.toLocaleString("en")} / ${referenceCases.length.toLocaleString("en")} residents, Node ${process.version}]`);
  }
}

await main();
