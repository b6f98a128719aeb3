// Full decisions (evaluate()) on cases that take the full path: personalised
// packages with items, prescriptions, teams with scores, referrals with billed
// items, visits, inpatient episodes and warnings. Used to profile and to
// compare two builds of the library in one run.
//
//   node scripts/profile-evaluate.mjs [count] [distDir …]
//   (env: ROUNDS slices, SLICE cases a slice, CASES=bench for the bench's own population)
//
// With several dist directories, runs them alternately (rounds of each) and
// prints the median rate of each: the machine drifts, so only figures from one
// run compare. Profile with `node --cpu-prof scripts/profile-evaluate.mjs 5000`.
import { pathToFileURL } from "node:url";
import { resolve } from "node:path";

const CONDITIONS = ["hypertension", "diabetes", "stroke", "coronary-heart-disease", "copd", "tuberculosis", "severe-mental-disorder"];
const LEVELS = ["township", "county", "city-secondary", "city-tertiary"];
const CATEGORIES = ["imaging", "biochemical", "other"];
const SETTINGS = ["own-primary", "referred-hospital", "other"];

/** Seeded PRNG (mulberry32): every run sees the same cases. */
function random(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad = (n) => String(n).padStart(2, "0");
const dayBefore = (days) => new Date(Date.UTC(2023, 5, 1 - days)).toISOString().slice(0, 10);
const fen = (rand, max) => (Math.floor(rand() * max * 100) / 100).toFixed(2);

/**
 * Cases that have no record template: each has at least one of items, a
 * prescription, a referral, a visit, an inpatient episode, or a warning
 * (an overlapping contract with another team).
 */
export function* fullPathCases(count, seed = 7) {
  const rand = random(seed);
  const pick = (list) => list[Math.floor(rand() * list.length)];
  for (let i = 0; i < count; i++) {
    const age = Math.min(99, Math.floor(-Math.log(1 - rand() * 0.99) * 38));
    const sex = rand() < 0.5 ? "female" : "male";
    const resident = {
      id: `R${i}`,
      birthDate: `${2022 - age}-${pad(1 + Math.floor(rand() * 12))}-${pad(1 + Math.floor(rand() * 28))}`,
      regionCode: rand() < 0.97 ? "430602" : "431102",
      sex,
    };
    const conditions = CONDITIONS.filter(() => rand() < (age > 60 ? 0.15 : 0.03));
    if (conditions.length) resident.conditions = conditions;
    if (sex === "female" && age >= 20 && age <= 40 && rand() < 0.15)
      resident.pregnancy =
        rand() < 0.5 ? { status: "pregnant" } : { status: "postpartum", deliveryDate: dayBefore(Math.floor(rand() * 60)) };
    if (rand() < 0.06) resident.disability = { certified: true, dailyLivingDifficulty: rand() < 0.5 };
    if (rand() < 0.04) resident.povertyRegistered = true;
    const kase = { asOf: "2023-06-01", resident };
    const contract = rand() < 0.8;
    if (contract) {
      kase.contract = { teamId: `T${i % 300}`, signDate: dayBefore(Math.floor(rand() * 400)), packages: [{ id: "basic" }] };
      if (rand() < 0.5) {
        kase.contract.team = [
          { memberId: `D${i % 300}`, role: "specialist", score: 60 + (i % 40) },
          { memberId: `G${i % 300}`, role: "general-practitioner", score: 70 + (i % 30) },
          { memberId: `H${i % 300}`, role: "health-manager", score: 80 + (i % 20) },
        ];
      }
    }
    const shape = i % 6;
    if (shape === 0 && kase.contract) {
      const items = Array.from({ length: 1 + Math.floor(rand() * 4) }, (_, n) => ({
        code: `ITEM-${n}`,
        unitPrice: fen(rand, 80),
        quantity: 1 + Math.floor(rand() * 4),
      }));
      kase.contract.packages.push({ id: "personalized", items });
    } else if (shape === 1 || (shape === 0 && !kase.contract)) {
      kase.prescription = {
        supplyDays: pick([7, 28, 56, 60]),
        ...(conditions.length ? { forCondition: conditions[0] } : {}),
        ...(rand() < 0.1 ? { downReferred: true } : {}),
      };
    } else if (shape === 2) {
      kase.referral = {
        byFamilyDoctor: rand() < 0.8,
        disease: pick(CONDITIONS),
        receivingLevel: pick(LEVELS),
        items: Array.from({ length: 1 + Math.floor(rand() * 3) }, (_, n) => ({
          code: `X${n}`,
          category: pick(CATEGORIES),
          price: fen(rand, 500),
        })),
      };
    } else if (shape === 3) {
      kase.visit = { setting: pick(SETTINGS), registrationFee: pick(["5.00", "10.00", "12.50"]) };
    } else if (shape === 4) {
      kase.inpatient = {
        referral: pick(["upward", "downward", "none"]),
        followedPrimaryFirst: rand() < 0.7,
        deductible: pick(["300.00", "600.00", "900.00"]),
        ...(rand() < 0.3 ? { deductiblePaidInEpisode: "300.00" } : {}),
      };
    } else {
      resident.otherContracts = [{ teamId: "OTHER", signDate: dayBefore(100 + Math.floor(rand() * 300)) }];
      if (!kase.contract) kase.visit = { setting: "own-primary", registrationFee: "10.00" };
    }
    yield kase;
  }
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function main() {
  const count = Number(process.argv[2] ?? 5000);
  const dists = process.argv.slice(3);
  if (dists.length === 0) dists.push("dist");
  // CASES=bench: the bench's own population (scripts/population.mjs) instead of full-path cases.
  const source = process.env.CASES === "bench" ? (await import("./population.mjs")).population(count) : fullPathCases(count);
  const cases = [...source].map((kase) => JSON.parse(JSON.stringify(kase)));
  const libraries = [];
  for (const dir of dists) {
    const library = await import(pathToFileURL(resolve(dir, "index.js")).href);
    const pack = library.loadPack("yueyang-2023");
    const compiled = library.compilePack(pack);
    for (let pass = 0; pass < 2; pass++) for (const kase of cases) compiled.evaluate(kase);
    libraries.push({ dir, compiled, rates: [] });
  }
  // Fine interleaving: rounds of a slice of the cases, each build in turn
  // (the order swapped every round), so that the machine's drift falls on
  // both alike. Rates are per slice; reported: the median slice rate of each,
  // and the median of the slices' ratios.
  const rounds = Number(process.env.ROUNDS ?? 40);
  const slice = Math.min(cases.length, Number(process.env.SLICE ?? 500));
  for (let round = 0; round < rounds; round++) {
    const from = (round * slice) % cases.length;
    const part = cases.slice(from, from + slice);
    for (const library of round % 2 === 0 ? libraries : [...libraries].reverse()) {
      const started = process.hrtime.bigint();
      for (const kase of part) library.compiled.evaluate(kase);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      library.rates.push(part.length / seconds);
    }
  }
  for (const library of libraries) {
    console.log(
      `${library.dir}: evaluate() full decisions, median ${Math.round(median(library.rates)).toLocaleString("en")}/s over ${rounds} slices of ${slice} cases`,
    );
  }
  if (libraries.length === 2) {
    const paired = libraries[1].rates.map((rate, round) => rate / libraries[0].rates[round]);
    const sorted = [...paired].sort((a, b) => a - b);
    console.log(
      `${libraries[1].dir} / ${libraries[0].dir}: median of the slices' ratios ${median(paired).toFixed(2)}x (quartiles ${sorted[Math.floor(sorted.length / 4)].toFixed(2)}–${sorted[Math.floor((3 * sorted.length) / 4)].toFixed(2)})`,
    );
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await main();
