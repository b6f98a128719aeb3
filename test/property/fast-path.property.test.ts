/**
 * The batch fast path against the plain path: the hand-written case check
 * against the zod schema, shared trace entries against fresh ones, the record
 * serialiser against JSON.stringify, and record templates against evaluating
 * every case in full.
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  decisionKey,
  batchRecordJson,
  BatchRecordSchema,
  LineEncoder,
  RecordWriter,
  toBatchRecord,
  type CountedDecision,
} from "../../src/entries/batch.js";
import { CaseSchema, compilePack, evaluate, loadPack, type Decision, type Pack } from "../../src/index.js";
import { addDays } from "../../src/core/dates.js";
import { readValidCase } from "../../src/model/fast-case.js";
import { sharingTracer } from "../../src/batch/shared.js";
import { caseArbitrary, mutate } from "../support/arbitraries.js";
import { priceChangePack } from "../support/cases.js";

const packs = { "yueyang-2023": loadPack("yueyang-2023"), "yongzhou-2017": loadPack("yongzhou-2017") } as const;
// As JSON.parse gives them (fast-check's records have no prototype).
const anyCase = fc
  .oneof(caseArbitrary("yueyang-2023"), caseArbitrary("yongzhou-2017"))
  .map((kase) => JSON.parse(JSON.stringify(kase)) as Record<string, unknown>);

/** The fast check accepts only what the schema accepts without any issue, and gives the schema's value. */
function agrees(input: unknown): "fast" | "schema" {
  const fast = readValidCase(input);
  const schema = CaseSchema.safeParse(input);
  if (fast === undefined) return "schema";
  expect(schema.success, JSON.stringify(input)).toBe(true);
  expect(fast).toStrictEqual(schema.data);
  return "fast";
}

/**
 * The writer's record of `kase` is the plain path's (`JSON.stringify` of
 * `toBatchRecord(evaluate(…))`), or the writer refuses it with the same
 * message; true when the case was decided.
 */
function writesAsPlainPath(writer: RecordWriter, pack: Pack, kase: unknown): boolean {
  let expected: string;
  try {
    expected = JSON.stringify(toBatchRecord(evaluate(pack, kase, { trace: "compact" })));
  } catch (refused) {
    expect(() => writer.write(kase)).toThrow((refused as Error).message);
    return false;
  }
  expect(writer.write(kase)).toBe(expected);
  return true;
}

describe("the fast case check", () => {
  it("takes every valid generated case, with the value the schema gives", () => {
    fc.assert(
      fc.property(anyCase, (kase) => {
        expect(CaseSchema.safeParse(kase).success).toBe(true);
        expect(agrees(kase)).toBe("fast");
      }),
      { numRuns: 1000 },
    );
  });

  it("never takes a case the schema refuses or warns about (one value replaced by anything)", () => {
    const anything = fc.oneof(
      fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.parse(JSON.stringify(value)) as unknown),
      fc.constantFrom(
        -1,
        0,
        0.5,
        1e9 + 1,
        3651,
        1_000_001,
        "",
        "x",
        "2023-02-29",
        "2024-02-29",
        "1899-12-31",
        "3000-01-01",
        "0.001",
        "1.5",
        "12345",
        "4306020",
        [],
        {},
        null,
        true,
      ),
    );
    const seen = { fast: 0, schema: 0 };
    fc.assert(
      fc.property(anyCase, fc.array(fc.nat(), { minLength: 1, maxLength: 5 }), anything, (kase, path, replacement) => {
        seen[agrees(mutate(kase, path, replacement))]++;
      }),
      { numRuns: 3000 },
    );
    expect(seen.fast).toBeGreaterThan(0);
    expect(seen.schema).toBeGreaterThan(0);
  });

  it("agrees with the schema on every field of a full case, for boundary values of every kind", () => {
    const full = {
      asOf: "2023-06-01",
      resident: {
        id: "R",
        birthDate: "1990-02-28",
        regionCode: "430602",
        sex: "female",
        conditions: ["hypertension"],
        pregnancy: { status: "postpartum", deliveryDate: "2023-05-01" },
        disability: { certified: true, dailyLivingDifficulty: false },
        bedridden: false,
        povertyRegistered: false,
        povertyDueToIllness: false,
        povertyAlleviated: true,
        familyPlanningSpecial: false,
        otherContracts: [{ teamId: "T2", signDate: "2022-01-01" }],
      },
      contract: {
        teamId: "T",
        signDate: "2023-01-01",
        packages: [{ id: "basic" }, { id: "personalized", items: [{ code: "A", unitPrice: "10.50", quantity: 2 }] }],
        team: [
          { memberId: "M1", role: "specialist", score: 90 },
          { memberId: "M2", role: "health-manager", score: 80.5 },
        ],
      },
      prescription: { supplyDays: 56, forCondition: "hypertension", emergency: false, downReferred: true, beyondEssentialList: false },
      referral: {
        byFamilyDoctor: true,
        disease: "diabetes",
        emergency: false,
        receivingLevel: "city-tertiary",
        items: [{ code: "CT", category: "imaging", price: "300.00" }],
      },
      visit: { setting: "own-primary", registrationFee: "10.00" },
      inpatient: { referral: "upward", followedPrimaryFirst: true, deductible: "500.00", deductiblePaidInEpisode: "200.00" },
    };
    const values: unknown[] = [
      -1,
      0,
      1,
      0.5,
      2,
      56,
      3650,
      3651,
      1_000_000,
      1_000_001,
      1e9,
      1e9 + 1,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      2 ** 53,
      "",
      " ",
      "x",
      "0",
      "0.00",
      "1.5",
      "1.005",
      "-1.00",
      "01.00",
      "430602",
      "43060",
      "4306021",
      "43060a",
      "2023-06-01",
      "2023-06-02",
      "2023-02-29",
      "2024-02-29",
      "1899-12-31",
      "1900-01-01",
      "2999-12-31",
      "3000-01-01",
      "2023-6-1",
      "female",
      "male",
      "pregnant",
      "postpartum",
      "none",
      "specialist",
      "imaging",
      "upward",
      "own-primary",
      "city-tertiary",
      "hypertension",
      true,
      false,
      null,
      [],
      {},
      ["hypertension", "diabetes"],
      ["flu"],
    ];
    const leaves: (string | number)[][] = [];
    const walk = (value: unknown, path: (string | number)[]) => {
      if (value !== null && typeof value === "object") {
        if (path.length > 0) leaves.push(path);
        for (const [key, child] of Object.entries(value)) walk(child, [...path, Array.isArray(value) ? Number(key) : key]);
      } else leaves.push(path);
    };
    walk(full, []);
    const seen = { fast: 0, schema: 0 };
    expect(agrees(full)).toBe("fast");
    for (const path of leaves) {
      for (const replacement of [...values, undefined]) {
        const copy = structuredClone(full) as Record<string | number, unknown>;
        let target = copy;
        for (const segment of path.slice(0, -1)) target = target[segment] as Record<string | number, unknown>;
        target[path[path.length - 1] as string | number] = replacement;
        seen[agrees(copy)]++;
      }
    }
    expect(seen.fast).toBeGreaterThan(100);
    expect(seen.schema).toBeGreaterThan(1000);
  });

  it("refuses unknown keys, prototype keys, undefined values, non-plain objects and dates out of order", () => {
    const base = { asOf: "2023-06-01", resident: { id: "R", birthDate: "1950-01-01", regionCode: "430602" } };
    expect(readValidCase(base)).toBe(base);
    const refused = [
      { ...base, extra: 1 },
      { ...base, resident: { ...base.resident, shoeSize: 38 } },
      JSON.parse('{"asOf":"2023-06-01","resident":{"id":"R","birthDate":"1950-01-01","regionCode":"430602","__proto__":{"x":1}}}'),
      { ...base, contract: undefined },
      { ...base, resident: Object.assign(Object.create({ inherited: true }), base.resident) },
      { ...base, resident: Object.assign(Object.create(null), base.resident) },
      { ...base, resident: { ...base.resident, birthDate: "2023-06-02" } },
      { ...base, resident: { ...base.resident, pregnancy: { status: "postpartum", deliveryDate: "2023-06-02" } } },
      { ...base, resident: { ...base.resident, pregnancy: { status: "pregnant", deliveryDate: "2023-06-01" } } },
      { ...base, contract: { teamId: "T", signDate: "2023-01-01", packages: [{ id: "basic" }, { id: "basic" }] } },
      {
        ...base,
        contract: {
          teamId: "T",
          signDate: "2023-01-01",
          team: [
            { memberId: "M", role: "specialist" },
            { memberId: "M", role: "health-manager" },
          ],
        },
      },
      {
        ...base,
        contract: { teamId: "T", signDate: "2023-01-01", team: [{ memberId: "M", role: "specialist", score: Number.POSITIVE_INFINITY }] },
      },
    ];
    for (const input of refused) expect(readValidCase(input), JSON.stringify(input)).toBeUndefined();
  });
});

function evaluateBoth(kase: Record<string, unknown>): { pack: (typeof packs)[keyof typeof packs]; decision: Decision } | undefined {
  for (const pack of Object.values(packs)) {
    try {
      return { pack, decision: evaluate(pack, kase, { trace: "compact" }) };
    } catch {
      // out of this pack's period or its packages: try the other
    }
  }
  return undefined;
}

/** `null` two times in three: a section some residents give. */
const rarely = <T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<T | null> =>
  fc.oneof({ weight: 2, arbitrary: fc.constant(null) }, { weight: 1, arbitrary });

describe("batch records", () => {
  it("shared trace entries give the same decision as fresh ones", () => {
    fc.assert(
      fc.property(anyCase, (kase) => {
        const found = evaluateBoth(kase);
        if (!found) return;
        expect(evaluate(found.pack, kase, { tracer: sharingTracer(found.pack, "compact") })).toStrictEqual(found.decision);
        expect(evaluate(found.pack, kase, { tracer: sharingTracer(found.pack, "full") })).toStrictEqual(
          evaluate(found.pack, kase, { trace: "full" }),
        );
      }),
      { numRuns: 400 },
    );
  });

  it("are written as JSON.stringify of toBatchRecord would write them, and match their schema", () => {
    fc.assert(
      fc.property(anyCase, (kase) => {
        const found = evaluateBoth(kase);
        if (!found) return;
        const shared = evaluate(found.pack, kase, { tracer: sharingTracer(found.pack, "compact") });
        const record = toBatchRecord(found.decision);
        expect(batchRecordJson(shared)).toBe(JSON.stringify(record));
        expect(batchRecordJson(found.decision)).toBe(JSON.stringify(record));
        expect(BatchRecordSchema.safeParse(record).success).toBe(true);
        expect(record.trace.map((entry) => entry.rule)).toEqual(
          found.decision.trace.filter((entry) => entry.outcome).map((entry) => entry.rule),
        );
        expect(record.eligibility.reasons.map((reason) => reason.outcome)).toEqual(
          found.decision.eligibility.reasons.map((reason) => reason.outcome),
        );
      }),
      { numRuns: 400 },
    );
  });

  it("from a record template are the records of a full evaluation when only per-case amounts differ (one key, every section a hole)", () => {
    const amount = fc.constantFrom("0.00", "0.01", "12.34", "85.50", "260.00", "1200.50", "99999.99");
    const variant = fc.record({
      unitPrice: amount,
      quantity: fc.integer({ min: 1, max: 12 }),
      supplyDays: fc.constantFrom(7, 28, 56, 60, 90),
      referralPrices: fc.array(amount, { minLength: 0, maxLength: 3 }),
      registrationFee: amount,
      deductible: amount,
      paid: fc.option(amount, { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.array(variant, { minLength: 3, maxLength: 30 }), fc.boolean(), fc.boolean(), (variants, downReferred, withTeam) => {
        for (const pack of Object.values(packs)) {
          const writer = new RecordWriter(pack);
          variants.forEach((v, index) => {
            const kase: Record<string, unknown> = {
              asOf: "2023-06-01",
              resident: {
                id: `V${index}`,
                birthDate: "1950-03-02",
                regionCode: `${pack.data.region.codePrefix}02`,
                conditions: ["hypertension"],
              },
              contract: {
                teamId: "T",
                signDate: "2023-01-15",
                packages: [{ id: "basic" }, { id: "personalized", items: [{ code: "A", unitPrice: v.unitPrice, quantity: v.quantity }] }],
                ...(withTeam
                  ? {
                      team: [
                        { memberId: "D1", role: "specialist", score: 80 },
                        { memberId: "G1", role: "general-practitioner", score: 90 },
                      ],
                    }
                  : {}),
              },
              prescription: { supplyDays: v.supplyDays, forCondition: "hypertension", downReferred },
              referral: {
                byFamilyDoctor: true,
                disease: "hypertension",
                receivingLevel: "county",
                items: v.referralPrices.map((price, at) => ({ code: `I${at}`, category: at % 2 ? "imaging" : "biochemical", price })),
              },
              visit: { setting: "own-primary", registrationFee: v.registrationFee },
              inpatient: {
                referral: "upward",
                followedPrimaryFirst: true,
                deductible: v.deductible,
                ...(v.paid === undefined ? {} : { deductiblePaidInEpisode: v.paid }),
              },
            };
            writesAsPlainPath(writer, pack, kase);
          });
        }
      }),
      { numRuns: 150 },
    );
  });

  it("from a record template are the records of a full evaluation (residents who share every outcome, sections worked out per case)", () => {
    // Few dates and plain residents, so that many cases share a template; ids always differ.
    const plain = fc.record({
      asOf: fc.constantFrom("2023-06-01", "2023-06-02"),
      birthDate: fc.constantFrom("1950-03-02", "1958-06-01", "1958-06-02", "2019-01-01", "1990-05-05"),
      conditions: fc.subarray(["hypertension", "diabetes", "tuberculosis"]),
      regionCode: fc.constantFrom("430602", "431102"),
      signDate: fc.option(
        fc.oneof(
          fc.constantFrom("2022-06-01", "2022-06-02", "2023-01-15"),
          fc.integer({ min: 0, max: 800 }).map((days) => addDays("2023-06-02", -days)),
        ),
      ),
      personalized: fc.boolean(),
      // Items priced per case: the fee section is a hole of the template.
      items: fc.array(
        fc.record({
          code: fc.constantFrom("A", "B"),
          unitPrice: fc.constantFrom("10.00", "0.01", "25.50", "99999.99"),
          quantity: fc.integer({ min: 1, max: 12 }),
        }),
        { minLength: 1, maxLength: 3 },
      ),
      povertyAlleviated: fc.boolean(),
      // Sections worked out per case (holes), with the fields that decide their trace and warnings.
      prescription: rarely(
        fc.record(
          {
            supplyDays: fc.constantFrom(7, 28, 56, 60, 90),
            forCondition: fc.constantFrom("hypertension", "diabetes", "tuberculosis"),
            emergency: fc.boolean(),
            downReferred: fc.boolean(),
            followsHigherHospitalOrder: fc.boolean(),
            beyondEssentialList: fc.boolean(),
          },
          { requiredKeys: ["supplyDays"] },
        ),
      ),
      referral: rarely(
        fc.record(
          {
            byFamilyDoctor: fc.boolean(),
            disease: fc.constantFrom("hypertension", "diabetes"),
            emergency: fc.boolean(),
            receivingLevel: fc.constantFrom("township", "county", "city-secondary", "city-tertiary"),
            items: fc.array(
              fc.record({
                code: fc.constantFrom("CT", "LFT"),
                category: fc.constantFrom("imaging", "biochemical", "other"),
                price: fc.constantFrom("0.01", "85.50", "260.00", "1234567.89"),
              }),
              { maxLength: 3 },
            ),
          },
          { requiredKeys: [] },
        ),
      ),
      visit: rarely(
        fc.record({
          setting: fc.constantFrom("own-primary", "referred-hospital", "other"),
          registrationFee: fc.constantFrom("0.00", "5.00", "12.34", "25.00"),
        }),
      ),
      inpatient: rarely(
        fc.record(
          {
            referral: fc.constantFrom("upward", "downward", "none"),
            followedPrimaryFirst: fc.boolean(),
            deductible: fc.constantFrom("200.00", "800.00", "1200.50"),
            deductiblePaidInEpisode: fc.constantFrom("0.00", "150.25", "2000.00"),
          },
          { requiredKeys: ["referral", "deductible"] },
        ),
      ),
      team: fc.option(
        fc.uniqueArray(
          fc.record({
            member: fc.constantFrom("D1", "D2", "G1", "H1"),
            role: fc.constantFrom("specialist", "general-practitioner", "health-manager"),
            score: fc.option(fc.constantFrom(0, 1, 60, 95.5)),
          }),
          {
            minLength: 1,
            maxLength: 3,
            selector: (member) => member.member,
          },
        ),
      ),
    });
    fc.assert(
      fc.property(fc.array(plain, { minLength: 1, maxLength: 80 }), (residents) => {
        const writers = Object.values(packs).map((pack) => ({ pack, writer: new RecordWriter(pack) }));
        residents.forEach((r, index) => {
          const kase: Record<string, unknown> = {
            asOf: r.asOf,
            resident: {
              id: `R${index}"\u00e9`,
              birthDate: r.birthDate,
              regionCode: r.regionCode,
              conditions: r.conditions,
              povertyAlleviated: r.povertyAlleviated,
            },
          };
          if (r.signDate) {
            const contract: Record<string, unknown> = {
              teamId: "T",
              signDate: r.signDate,
              packages: r.personalized ? [{ id: "basic" }, { id: "personalized", items: r.items }] : [{ id: "basic" }],
            };
            if (r.team)
              contract.team = r.team.map((m) =>
                m.score === null ? { memberId: m.member, role: m.role } : { memberId: m.member, role: m.role, score: m.score },
              );
            kase.contract = contract;
          }
          for (const section of ["prescription", "referral", "visit", "inpatient"] as const) {
            const given = r[section];
            if (given !== null) kase[section] = given;
          }
          for (const { pack, writer } of writers) {
            let expected: Decision;
            try {
              expected = evaluate(pack, kase, { trace: "compact" });
            } catch (refused) {
              // Some members scored and others not, or a package the pack does not have: refused on every path.
              expect(() => writer.write(kase)).toThrow((refused as Error).message);
              continue;
            }
            const seen: CountedDecision[] = [];
            const line = writer.write(kase, (decision) => seen.push(decision));
            expect(line).toBe(JSON.stringify(toBatchRecord(expected)));
            const encoder = new LineEncoder();
            writer.encode(kase, encoder);
            expect(encoder.take().toString()).toBe(`${line}\n`);
            expect(seen).toHaveLength(1);
            expect({
              eligible: seen[0]?.eligibility.eligible,
              groups: seen[0]?.priorityGroups,
              inForce: seen[0]?.contract?.inForce,
              fee: seen[0]?.fee,
            }).toStrictEqual({
              eligible: expected.eligibility.eligible,
              groups: expected.priorityGroups,
              inForce: expected.contract?.inForce,
              fee: expected.fee,
            });
          }
        });
      }),
      { numRuns: 200 },
    );
  });

  it("from a record template are the records of a full evaluation across dates and a parameter change, with the case's own warnings", () => {
    // The date is a hole of a template: its key holds the parameter values in force instead, so dates on either side
    // of a change must never share a template, and dates within one period must give their own date.
    const priceChange = priceChangePack();
    const overlay = loadPack(JSON.parse(readFileSync("rules/examples/yongzhou-lingling-example.json", "utf8")) as object);
    const resident = fc.record({
      asOf: fc.constantFrom("2023-06-01", "2023-12-30", "2023-12-31", "2024-01-01", "2024-01-02"),
      yongzhouAsOf: fc.constantFrom("2017-12-30", "2017-12-31", "2018-01-01", "2018-01-02"),
      birthDate: fc.constantFrom("1950-03-02", "2016-01-01"),
      signed: fc.boolean(),
      team: fc.boolean(),
      // Other contracts: the case's own warnings (overlapping-contract), with the same team or another.
      others: fc.array(fc.record({ teamId: fc.constantFrom("T", "X"), daysBefore: fc.constantFrom(10, 400) }), { maxLength: 2 }),
      setting: fc.option(fc.constantFrom("own-primary", "referred-hospital")),
      male: fc.boolean(),
      pregnant: fc.boolean(),
    });
    let decided = 0;
    fc.assert(
      fc.property(fc.array(resident, { minLength: 20, maxLength: 60 }), (residents) => {
        const writers = [priceChange, overlay].map((pack) => ({ pack, writer: new RecordWriter(pack) }));
        residents.forEach((r, index) => {
          for (const { pack, writer } of writers) {
            const asOf = pack === overlay ? r.yongzhouAsOf : r.asOf;
            const kase: Record<string, unknown> = {
              asOf,
              resident: {
                id: `W${index}`,
                birthDate: r.birthDate,
                regionCode: pack.data.region.codePrefix.padEnd(6, "0"),
                sex: r.male ? "male" : "female",
                ...(r.pregnant ? { pregnancy: { status: "pregnant" } } : {}),
                otherContracts: r.others.map((other) => ({ teamId: other.teamId, signDate: addDays(asOf, -other.daysBefore) })),
              },
            };
            if (r.signed)
              kase.contract = {
                teamId: "T",
                signDate: addDays(asOf, -30),
                packages: [{ id: "basic" }],
                ...(r.team ? { team: [{ memberId: "G1", role: "general-practitioner", score: 90 }] } : {}),
              };
            if (r.setting !== null) kase.visit = { setting: r.setting, registrationFee: "12.00" };
            if (writesAsPlainPath(writer, pack, kase)) decided++;
          }
        });
      }),
      { numRuns: 150 },
    );
    // Every case is decided: the test is not vacuous.
    expect(decided).toBeGreaterThan(6000);
  });

  it("keys name the parameter values in force, not the date, the same in every run whatever the order of the cases", () => {
    const kase = (asOf: string) => ({
      asOf,
      resident: { id: "K1", birthDate: "1950-03-02", regionCode: "430602" },
      contract: { teamId: "T", signDate: "2023-10-01", packages: [{ id: "basic" }] },
    });
    const keyOf = (pack: ReturnType<typeof loadPack>, asOf: string) => {
      const prepared = compilePack(pack).contextFor(kase(asOf), { trace: "compact" });
      return decisionKey(prepared.context, prepared.warnings);
    };
    // Two loads of the pack, the dates met in opposite orders.
    const [first, second] = [priceChangePack(), priceChangePack()];
    const forwards = ["2023-12-30", "2023-12-31", "2024-01-01", "2024-01-02"].map((asOf) => keyOf(first, asOf));
    const backwards = ["2024-01-02", "2024-01-01", "2023-12-31", "2023-12-30"].map((asOf) => keyOf(second, asOf)).reverse();
    expect(backwards).toEqual(forwards);
    // Dates in one period share a key; the change of price and resident share gives another.
    expect(forwards[0]).toBe(forwards[1]);
    expect(forwards[2]).toBe(forwards[3]);
    expect(forwards[1]).not.toBe(forwards[2]);
    expect(forwards[0]?.startsWith("p|")).toBe(true);
  });
});
