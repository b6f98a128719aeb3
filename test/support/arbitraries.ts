/** fast-check arbitraries for cases. */
import fc from "fast-check";
import {
  CONDITION_CODES,
  INPATIENT_REFERRALS,
  RECEIVING_LEVELS,
  REFERRAL_ITEM_CATEGORIES,
  TEAM_ROLES,
  VISIT_SETTINGS,
} from "../../src/index.js";
import { addDays } from "../../src/core/dates.js";

/** An amount string with two decimals, up to `maxFen` fen. */
export const amount = (maxFen = 10_000_000) =>
  fc.integer({ min: 0, max: maxFen }).map((fen) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, "0")}`);

/** A case for either bundled pack, every optional section sometimes present. */
export function caseArbitrary(packId: "yueyang-2023" | "yongzhou-2017") {
  const regions = packId === "yueyang-2023" ? ["430602", "430681", "431102"] : ["431102", "431129", "430602"];
  const periodStart = packId === "yueyang-2023" ? "2022-03-03" : "2017-08-02";
  return fc
    .record({
      asOffset: fc.integer({ min: 0, max: 2500 }),
      age: fc.integer({ min: 0, max: 100 }),
      birthShift: fc.integer({ min: 0, max: 364 }),
      regionCode: fc.constantFrom(...regions),
      conditions: fc.uniqueArray(fc.constantFrom(...CONDITION_CODES), { maxLength: 3 }),
      pregnancy: fc.option(
        fc.oneof(
          fc.constant({ status: "pregnant" as const }),
          fc.integer({ min: 0, max: 60 }).map((days) => ({ status: "postpartum" as const, days })),
        ),
      ),
      flags: fc.record({
        bedridden: fc.boolean(),
        povertyRegistered: fc.boolean(),
        povertyDueToIllness: fc.boolean(),
        povertyAlleviated: fc.boolean(),
        familyPlanningSpecial: fc.boolean(),
      }),
      disability: fc.option(fc.record({ certified: fc.boolean(), dailyLivingDifficulty: fc.boolean() })),
      other: fc.option(fc.integer({ min: 0, max: 800 })),
      otherSameTeam: fc.boolean(),
      sex: fc.option(fc.constantFrom("female", "male")),
      contract: fc.option(
        fc.record({
          signedDaysAgo: fc.integer({ min: -30, max: 500 }),
          personalised: fc.option(
            fc.array(
              fc.record({
                code: fc.string({ minLength: 1, maxLength: 4 }),
                unitPrice: amount(100_000),
                quantity: fc.integer({ min: 1, max: 20 }),
              }),
              { maxLength: 5 },
            ),
          ),
          team: fc.option(
            fc.array(fc.record({ role: fc.constantFrom(...TEAM_ROLES), score: fc.option(fc.integer({ min: 0, max: 100 })) }), {
              minLength: 1,
              maxLength: 5,
            }),
          ),
        }),
      ),
      prescription: fc.option(
        fc.record({
          supplyDays: fc.integer({ min: 1, max: 90 }),
          forCondition: fc.option(fc.constantFrom(...CONDITION_CODES)),
          emergency: fc.boolean(),
          downReferred: fc.boolean(),
          beyondEssentialList: fc.boolean(),
          followsHigherHospitalOrder: fc.option(fc.boolean()),
        }),
      ),
      referral: fc.option(
        fc.record({
          byFamilyDoctor: fc.boolean(),
          disease: fc.option(fc.constantFrom(...CONDITION_CODES)),
          emergency: fc.boolean(),
          receivingLevel: fc.option(fc.constantFrom(...RECEIVING_LEVELS)),
          items: fc.array(
            fc.record({
              code: fc.string({ minLength: 1, maxLength: 4 }),
              category: fc.constantFrom(...REFERRAL_ITEM_CATEGORIES),
              price: amount(),
            }),
            { maxLength: 6 },
          ),
        }),
      ),
      visit: fc.option(fc.record({ setting: fc.constantFrom(...VISIT_SETTINGS), registrationFee: amount(10_000) })),
      inpatient: fc.option(
        fc.record({
          referral: fc.constantFrom(...INPATIENT_REFERRALS),
          followedPrimaryFirst: fc.boolean(),
          deductible: amount(),
          deductiblePaidInEpisode: amount(),
        }),
      ),
    })
    .map((r) => {
      const asOf = addDays(periodStart, r.asOffset);
      const birthDate = addDays(asOf, -(r.age * 365 + r.birthShift));
      const resident: Record<string, unknown> = {
        id: "P",
        birthDate: birthDate < asOf ? birthDate : asOf,
        regionCode: r.regionCode,
        conditions: r.conditions,
        ...r.flags,
      };
      if (r.pregnancy)
        resident.pregnancy =
          r.pregnancy.status === "pregnant" ? r.pregnancy : { status: "postpartum", deliveryDate: addDays(asOf, -r.pregnancy.days) };
      if (
        r.pregnancy?.status === "postpartum" &&
        (resident.pregnancy as { deliveryDate: string }).deliveryDate < (resident.birthDate as string)
      )
        delete resident.pregnancy;
      if (r.disability) resident.disability = r.disability;
      // Another team's contract, or the same team's (a renewal, POLICY 4).
      if (r.other !== null) resident.otherContracts = [{ teamId: r.otherSameTeam ? "T1" : "T9", signDate: addDays(asOf, -r.other) }];
      if (r.sex !== null) resident.sex = r.sex;
      const kase: Record<string, unknown> = { asOf, resident };
      if (r.contract) {
        const packages: Record<string, unknown>[] = [{ id: "basic" }];
        if (r.contract.personalised && packId === "yueyang-2023") packages.push({ id: "personalized", items: r.contract.personalised });
        const contract: Record<string, unknown> = { teamId: "T1", signDate: addDays(asOf, -r.contract.signedDaysAgo), packages };
        if (r.contract.team) {
          const allScored = r.contract.team.every((member) => member.score !== null);
          contract.team = r.contract.team.map((member, index) => ({
            memberId: `M${index}`,
            role: member.role,
            ...(allScored ? { score: member.score } : {}),
          }));
        }
        kase.contract = contract;
      }
      const strip = <T extends Record<string, unknown>>(value: T) =>
        Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null));
      if (r.prescription) kase.prescription = strip(r.prescription);
      if (r.referral) kase.referral = strip(r.referral);
      if (r.visit) kase.visit = r.visit;
      if (r.inpatient) kase.inpatient = r.inpatient;
      return kase;
    });
}

/**
 * A copy of a JSON value with the value at a path replaced: each step of
 * `path` picks a key (modulo their number); the path stops at a leaf.
 */
export function mutate(value: unknown, path: readonly number[], replacement: unknown): unknown {
  if (path.length === 0 || value === null || typeof value !== "object") return replacement;
  const keys = Object.keys(value);
  if (keys.length === 0) return replacement;
  const key = keys[(path[0] as number) % keys.length] as string;
  const copy: Record<string, unknown> = Array.isArray(value)
    ? ([...value] as unknown as Record<string, unknown>)
    : { ...(value as Record<string, unknown>) };
  copy[key] = mutate((value as Record<string, unknown>)[key], path.slice(1), replacement);
  return copy;
}
