import { createWriteStream } from "node:fs";
import { once } from "node:events";
import { CONDITION_CODES } from "../dist/index.js";
// A seeded synthetic population for the benchmark and profiling: every run sees the same residents.
// The conditions are the model's vocabulary (CONDITION_CODES), in its order.

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
    const conditions = CONDITION_CODES.filter((_, index) => rand() < (age > 60 ? 0.12 : 0.02) / (index < 2 ? 1 : 3));
    const resident = { id: `R${i}`, birthDate, regionCode, conditions };
    if (age >= 20 && age <= 40 && rand() < 0.08) resident.pregnancy = { status: "pregnant" };
    if (rand() < 0.05) resident.disability = { certified: true, dailyLivingDifficulty: rand() < 0.5 };
    if (rand() < 0.03) resident.povertyAlleviated = true;
    const kase = { asOf: "2023-06-01", resident };
    if (rand() < 0.7)
      kase.contract = { teamId: `T${i % 500}`, signDate: daysBefore(2023, 6, 1, Math.floor(rand() * 450)), packages: [{ id: "basic" }] };
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

// ---------------------------------------------------------------------------
// A realistic population (issue 15): every field of the case model
// (src/model/case.ts) in documented proportions. docs/performance.md
// ("The realistic population") lists them; keep the two in step.
// ---------------------------------------------------------------------------

/** County-level codes under a city's four-digit prefix (Yueyang's districts and counties; any city's prefix takes the same suffixes). */
const COUNTY_SUFFIXES = ["02", "03", "11", "21", "23", "24", "26", "81", "82"];
/** Region codes of residents living in another city (Changsha, Zhuzhou, Xiangtan, Hengyang, Changde). */
const OTHER_REGIONS = ["430102", "430202", "430302", "430405", "430702"];
/** Service items of a personalised package: code and current unit price. */
const PACKAGE_ITEMS = [
  ["home-visit", "30.00"],
  ["ecg", "25.00"],
  ["blood-glucose", "8.50"],
  ["blood-lipids", "45.00"],
  ["tcm-consultation", "20.00"],
  ["rehabilitation-session", "60.00"],
  ["eye-exam", "15.00"],
  ["ultrasound", "120.00"],
];
/** Items billed to referred patients: code, category, price. */
const REFERRAL_ITEMS = [
  ["ct-head", "imaging", "260.00"],
  ["mri-spine", "imaging", "580.00"],
  ["x-ray-chest", "imaging", "85.50"],
  ["liver-function", "biochemical", "62.00"],
  ["renal-function", "biochemical", "48.00"],
  ["hba1c", "biochemical", "75.00"],
  ["consultation", "other", "30.00"],
];
const SUPPLY_DAYS = [7, 28, 56, 60];
const RECEIVING = ["township", "county", "city-secondary", "city-tertiary"];

/** Prevalence of each condition of the vocabulary by age band (under 35, 35–59, 60 and over). */
const PREVALENCE = {
  hypertension: [0.02, 0.2, 0.45],
  diabetes: [0.005, 0.08, 0.18],
  stroke: [0.0, 0.01, 0.04],
  "coronary-heart-disease": [0.0, 0.02, 0.08],
  copd: [0.002, 0.02, 0.08],
  tuberculosis: [0.0005, 0.0005, 0.001],
  "severe-mental-disorder": [0.004, 0.005, 0.004],
  "late-stage-cancer": [0.0, 0.001, 0.003],
};
for (const code of CONDITION_CODES)
  if (!PREVALENCE[code]) throw new Error(`scripts/population.mjs: no prevalence for the condition "${code}" of the model's vocabulary`);

/** The team of a team id: always the same members and scores (a team is one team in every record that names it). */
function teamOf(team) {
  const size = team % 7 === 0 ? 2 : 3;
  const members = [
    { memberId: `D${team}`, role: "specialist", score: 60 + ((team * 7) % 40) },
    { memberId: `G${team}`, role: "general-practitioner", score: 70 + ((team * 11) % 30) },
    { memberId: `H${team}`, role: "health-manager", score: 80 + ((team * 13) % 20) },
  ].slice(3 - size);
  // One team in twenty has not been assessed yet: no scores (staff pay is shared equally).
  return team % 20 === 0 ? members.map(({ memberId, role }) => ({ memberId, role })) : members;
}

/**
 * The realistic population: seeded, so every run sees the same residents.
 * `asOf` is the export's date for 95 % of residents; 5 % are decided on the
 * day of an encounter in the preceding 90 days. Proportions are those of
 * docs/performance.md, "The realistic population".
 */
export function* realisticPopulation(count, regionCode = "430602", seed = 4242) {
  const rand = random(seed);
  const pick = (list) => list[Math.floor(rand() * list.length)];
  const prefix = regionCode.slice(0, 4);
  const money = (low, high) => (Math.round((low + rand() * (high - low)) * 100) / 100).toFixed(2);
  for (let i = 0; i < count; i++) {
    const asOf = rand() < 0.95 ? "2023-06-01" : daysBefore(2023, 6, 1, 1 + Math.floor(rand() * 90));
    const [year, month, day] = asOf.split("-").map(Number);
    const age = Math.min(99, Math.floor(-Math.log(1 - rand() * 0.99) * 38));
    const birthDate = daysBefore(year - age, month, day, 1 + Math.floor(rand() * 364));
    const band = age < 35 ? 0 : age < 60 ? 1 : 2;
    const conditions = CONDITION_CODES.filter((code) => rand() < PREVALENCE[code][band]);
    const regionRoll = rand();
    const region = regionRoll < 0.02 ? pick(OTHER_REGIONS) : regionRoll < 0.6 ? regionCode : `${prefix}${pick(COUNTY_SUFFIXES)}`;
    const resident = { id: `P${String(i).padStart(8, "0")}`, birthDate, regionCode: region };
    const sexRoll = rand();
    if (sexRoll < 0.95) resident.sex = sexRoll < 0.475 ? "female" : "male";
    if (conditions.length > 0 || rand() < 0.5) resident.conditions = conditions;
    if (resident.sex === "female" && age >= 20 && age <= 40) {
      const roll = rand();
      if (roll < 0.05) resident.pregnancy = { status: "pregnant" };
      else if (roll < 0.07)
        resident.pregnancy = { status: "postpartum", deliveryDate: daysBefore(year, month, day, Math.floor(rand() * 120)) };
    }
    const disability = rand();
    if (disability < 0.06) resident.disability = { certified: true, dailyLivingDifficulty: rand() < 0.3 };
    else if (disability < 0.07) resident.disability = { certified: false, dailyLivingDifficulty: true };
    if (age >= 60 && rand() < 0.02) resident.bedridden = true;
    if (rand() < 0.03) {
      resident.povertyRegistered = true;
      if (rand() < 0.2) resident.povertyDueToIllness = true;
    }
    if (rand() < 0.05) resident.povertyAlleviated = true;
    if (rand() < 0.003) resident.familyPlanningSpecial = true;
    if (rand() < 0.02)
      resident.otherContracts = [
        { teamId: `X${Math.floor(rand() * 100)}`, signDate: daysBefore(year, month, day, Math.floor(rand() * 730)) },
      ];
    const kase = { asOf, resident };
    if (rand() < 0.7) {
      const team = Math.floor(rand() * 500);
      const contract = {
        teamId: `T${team}`,
        signDate: daysBefore(year, month, day, Math.floor(rand() * 450)),
        packages: [{ id: "basic" }],
      };
      if (rand() < 0.1) {
        const items = [];
        const wanted = 1 + Math.floor(rand() * 4);
        for (const [code, unitPrice] of PACKAGE_ITEMS)
          if (items.length < wanted && rand() < 0.5) items.push({ code, unitPrice, quantity: 1 + Math.floor(rand() * 12) });
        if (items.length === 0) items.push({ code: PACKAGE_ITEMS[0][0], unitPrice: PACKAGE_ITEMS[0][1], quantity: 4 });
        contract.packages.push({ id: "personalized", items });
      }
      if (rand() < 0.6) contract.team = teamOf(team);
      kase.contract = contract;
    }
    if (conditions.length > 0 && rand() < 1 / 3) {
      const prescription = { supplyDays: pick(SUPPLY_DAYS), forCondition: pick(conditions) };
      if (rand() < 0.02) prescription.emergency = true;
      if (rand() < 0.1) {
        prescription.downReferred = true;
        if (rand() < 0.5) prescription.followsHigherHospitalOrder = rand() < 0.8;
      }
      if (rand() < 0.1) prescription.beyondEssentialList = true;
      kase.prescription = prescription;
    }
    if (rand() < 0.02) {
      const referral = { byFamilyDoctor: rand() < 0.8, receivingLevel: pick(RECEIVING) };
      if (conditions.length > 0) referral.disease = pick(conditions);
      if (rand() < 0.05) referral.emergency = true;
      referral.items = REFERRAL_ITEMS.filter(() => rand() < 0.3).map(([code, category, price]) => ({ code, category, price }));
      kase.referral = referral;
    }
    if (rand() < 0.05) {
      const roll = rand();
      kase.visit = {
        setting: roll < 0.7 ? "own-primary" : roll < 0.9 ? "referred-hospital" : "other",
        registrationFee: pick(["5.00", "10.00", "15.00", "25.00"]),
      };
    }
    if (rand() < 0.01) {
      const roll = rand();
      const inpatient = {
        referral: roll < 0.3 ? "upward" : roll < 0.5 ? "downward" : "none",
        followedPrimaryFirst: rand() < 0.6,
        deductible: pick(["200.00", "400.00", "800.00", "1200.00"]),
      };
      if (rand() < 0.2) inpatient.deductiblePaidInEpisode = money(0, 200);
      kase.inpatient = inpatient;
    }
    yield kase;
  }
}

/** Writes `lines` cases of the realistic population to `path` as NDJSON. */
export async function writeRealisticPopulation(path, lines, regionCode = "430602") {
  const stream = createWriteStream(path);
  let buffer = [];
  for (const kase of realisticPopulation(lines, regionCode)) {
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
