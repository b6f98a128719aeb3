import { createWriteStream } from "node:fs";
import { once } from "node:events";
// A seeded synthetic population for the benchmark and profiling: every run sees the same residents.
const CONDITIONS = ["hypertension", "diabetes", "stroke", "coronary-heart-disease", "copd", "tuberculosis", "severe-mental-disorder", "late-stage-cancer"];

/** Seeded PRNG (mulberry32): every run sees the same population. */
function random(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad = (n) => String(n).padStart(2, "0");

/** The calendar date `days` days before year-month-day (UTC arithmetic on a date only: no zone can shift it). */
function daysBefore(year, month, day, days) {
  return new Date(Date.UTC(year, month - 1, day - days)).toISOString().slice(0, 10);
}

/**
 * A synthetic population: a realistic spread of ages, chronic conditions rising
 * with age, 70 % with a contract signed on any day of the last 450 (most in
 * force, some expired). With `teams`, every contract lists its team's three
 * members and their scores (so each decision works out staff pay).
 */
export function* population(count, regionCode = "430602", seed = 42, { teams = false } = {}) {
  const rand = random(seed);
  for (let i = 0; i < count; i++) {
    const age = Math.min(99, Math.floor(-Math.log(1 - rand() * 0.99) * 38));
    const birthDate = `${2022 - age}-${pad(1 + Math.floor(rand() * 12))}-${pad(1 + Math.floor(rand() * 28))}`;
    const conditions = CONDITIONS.filter((_, index) => rand() < (age > 60 ? 0.12 : 0.02) / (index < 2 ? 1 : 3));
    const resident = { id: `R${i}`, birthDate, regionCode, conditions };
    if (age >= 20 && age <= 40 && rand() < 0.08) resident.pregnancy = { status: "pregnant" };
    if (rand() < 0.05) resident.disability = { certified: true, dailyLivingDifficulty: rand() < 0.5 };
    if (rand() < 0.03) resident.povertyAlleviated = true;
    const kase = { asOf: "2023-06-01", resident };
    if (rand() < 0.7) kase.contract = { teamId: `T${i % 500}`, signDate: daysBefore(2023, 6, 1, Math.floor(rand() * 450)), packages: [{ id: "basic" }] };
    if (teams && kase.contract) {
      kase.contract.team = [
        { memberId: `D${i % 500}`, role: "specialist", score: 60 + (i % 40) },
        { memberId: `G${i % 500}`, role: "general-practitioner", score: 70 + (i % 30) },
        { memberId: `H${i % 500}`, role: "health-manager", score: 80 + (i % 20) },
      ];
    }
    yield kase;
  }
}

/** Writes `lines` cases of the population to `path` as NDJSON, in blocks of 10,000 lines. */
export async function writePopulation(path, lines, options) {
  const stream = createWriteStream(path);
  let buffer = [];
  for (const kase of population(lines, "430602", 42, options)) {
    buffer.push(JSON.stringify(kase));
    if (buffer.length === 10000) {
      if (!stream.write(buffer.join("\n") + "\n")) await once(stream, "drain");
      buffer = [];
    }
  }
  if (buffer.length) stream.write(buffer.join("\n") + "\n");
  stream.end();
  await once(stream, "finish");
}
