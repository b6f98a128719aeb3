/**
 * The decision key of record templates: two cases with the same key get
 * decisions that differ only in the resident's id, the date, the contract's
 * start and end, the fee section (its staff pay, or a package priced by its
 * items), the sections worked out per case — prescription, referral,
 * registration fee, inpatient — and the case's own warnings (the *holes* of a
 * template). A batch record's trace gives each entry's rule and outcome,
 * never its value, so a section's trace and warnings follow from the key
 * while its value is a hole.
 *
 * The policy areas read a case only through `AreaCase` (the case without the
 * resident and the date), the facts only through `AreaFacts`, the date only
 * through the parameter values in force on it (in the key, by `periodOf`),
 * and the rest through the rule outcomes (see `policy/context.ts`); the type
 * checker holds them to it. The
 * tables below say, for every field of those types, how it enters the key —
 * mapped types, so a field added to the case or to what areas read does not
 * compile until it is given a place here.
 *
 * @module
 */
import type { AreaId } from "../model/areas.js";
import type { Contract } from "../model/case.js";
import { WeakMemo } from "../core/memo.js";
import type { Pack } from "../pack/load.js";
import type { AreaCase, AreaFacts, ParamsAtDate, PolicyContext } from "../policy/context.js";

/** How a field enters the key: its part of the key, `""` when it enters none (a hole), or `undefined` when a case with it gets no key. */
type KeyPart<T> = (value: T) => string | undefined;

/** A table's fields and their parts as a list, walked for every case (a list is walked faster than an object's keys). */
type Entries<T> = readonly (readonly [keyof T & string, KeyPart<never>])[];

function entriesOf<T>(table: { readonly [K in keyof T]-?: KeyPart<T[K]> }): Entries<T> {
  return Object.entries(table) as unknown as Entries<T>;
}

/** The parts of `value`'s fields, each as its table says, in the table's order; `undefined` when one gives no key. */
function partsOf<T>(entries: Entries<T>, value: T): string | undefined {
  let key = "";
  for (let index = 0; index < entries.length; index++) {
    const [field, part] = entries[index] as Entries<T>[number];
    const text = part(value[field] as never);
    if (text === undefined) return undefined;
    key += text;
  }
  return key;
}

/** An id in a key: its length before it, so that no id can run into what follows (nothing to escape). */
const idPart = (id: string): string => `${id.length}:${id}`;

/** A field that enters only a section worked out per case (a hole), and the facts, whose rule outcomes are in the key. */
const perCase = (): string => "";

type Member = NonNullable<Contract["team"]>[number];
type Selection = NonNullable<Contract["packages"]>[number];
type Item = NonNullable<Selection["items"]>[number];
type SectionFields<T> = { readonly [K in keyof T]-?: KeyPart<T[K]> };

const ITEM: SectionFields<Item> = {
  // An item's code, price and quantity enter only the fee section (a hole when a package lists items).
  code: perCase,
  unitPrice: perCase,
  quantity: perCase,
};

const ITEM_ENTRIES = entriesOf<Item>(ITEM);

/** The key of a package selection; a package with items makes the fee section a hole. */
function selectionKey(selection: Selection): string {
  if (selection.items === undefined) return `|${idPart(selection.id)}`;
  for (const item of selection.items) partsOf(ITEM_ENTRIES, item);
  return `|${idPart(selection.id)} items`;
}

const MEMBER: { readonly [K in keyof Member]-?: KeyPart<Member[K]> } = {
  // Staff pay (a hole) is keyed by the member's id.
  memberId: () => "",
  // Roles decide the team section.
  role: (role) => ` ${role}`,
  // Scores decide only the staff pay (a hole); whether they are given is in the key of the team.
  score: () => "",
};
const MEMBER_ENTRIES = entriesOf<Member>(MEMBER);

function teamKey(team: NonNullable<Contract["team"]>): string | undefined {
  let scored = 0;
  for (const member of team) if (member.score !== undefined) scored++;
  // Some scores missing: the case is refused, per case.
  if (scored !== 0 && scored !== team.length) return undefined;
  let key = `|team ${scored === 0 ? "unscored" : "scored"}`;
  for (const member of team) {
    const part = partsOf(MEMBER_ENTRIES, member);
    if (part === undefined) return undefined;
    key += part;
  }
  return key;
}

const CONTRACT: { readonly [K in keyof Contract]-?: KeyPart<Contract[K]> } = {
  // Read by no area (only by the warnings about other contracts, which give no key).
  teamId: () => "",
  // Read only through the term (the contract's dates, holes) and whether it is in force (a fact in the key).
  signDate: () => "",
  packages: (packages) => {
    let key = "";
    for (const selection of packages ?? []) key += selectionKey(selection);
    return key;
  },
  team: (team) => (team === undefined ? "" : teamKey(team)),
};
const CONTRACT_ENTRIES = entriesOf<Contract>(CONTRACT);

/**
 * A case section whose decision section is worked out per case: the
 * template holds a hole where the `area`'s field goes, and the key says that
 * the section is given and holds what of it decides the area's trace and
 * warnings.
 */
function perCaseSection<T extends object>(area: AreaId, fields: SectionFields<T>): KeyPart<T | undefined> {
  const entries = entriesOf<T>(fields);
  return (section) => {
    if (section === undefined) return "";
    const parts = partsOf(entries, section);
    return parts === undefined ? undefined : `|${area}${parts}`;
  };
}

type Given<K extends keyof AreaCase> = NonNullable<AreaCase[K]>;

/** The case sections worked out per case, each with the area that decides it. */
const PER_CASE = {
  prescription: {
    area: "prescription",
    fields: {
      supplyDays: perCase,
      forCondition: perCase,
      emergency: perCase,
      // With followsHigherHospitalOrder unsaid, a down-referred prescription warns that the order is presumed followed.
      downReferred: (value) => (value === true ? " down-referred" : ""),
      followsHigherHospitalOrder: (value) => (value === undefined ? " order unsaid" : ""),
      beyondEssentialList: perCase,
    } satisfies SectionFields<Given<"prescription">>,
  },
  referral: {
    area: "referral",
    fields: {
      byFamilyDoctor: perCase,
      disease: perCase,
      emergency: perCase,
      receivingLevel: perCase,
      items: perCase,
    } satisfies SectionFields<Given<"referral">>,
  },
  visit: {
    area: "registration-fee",
    fields: { setting: perCase, registrationFee: perCase } satisfies SectionFields<Given<"visit">>,
  },
  inpatient: {
    area: "inpatient",
    fields: {
      referral: perCase,
      followedPrimaryFirst: perCase,
      deductible: perCase,
      deductiblePaidInEpisode: perCase,
    } satisfies SectionFields<Given<"inpatient">>,
  },
} as const;

/** The areas whose decision section is a hole of the template (worked out per case) when the case gives their input. */
export const PER_CASE_AREAS: ReadonlySet<AreaId> = new Set(Object.values(PER_CASE).map((section) => section.area));

const CASE: { readonly [K in keyof AreaCase]-?: KeyPart<AreaCase[K]> } = {
  contract: (contract) => {
    if (contract === undefined) return "";
    const parts = partsOf(CONTRACT_ENTRIES, contract);
    return parts === undefined ? undefined : `|contract${parts}`;
  },
  prescription: perCaseSection<Given<"prescription">>(PER_CASE.prescription.area, PER_CASE.prescription.fields),
  referral: perCaseSection<Given<"referral">>(PER_CASE.referral.area, PER_CASE.referral.fields),
  visit: perCaseSection<Given<"visit">>(PER_CASE.visit.area, PER_CASE.visit.fields),
  inpatient: perCaseSection<Given<"inpatient">>(PER_CASE.inpatient.area, PER_CASE.inpatient.fields),
};

const FACTS: { readonly [K in keyof AreaFacts]-?: KeyPart<AreaFacts[K]> } = {
  // The eligibility rules' outcomes decide it: in the key.
  eligible: () => "",
  contractInForce: (inForce) => (inForce ? "|in force" : "|not in force"),
};
const CASE_ENTRIES = entriesOf<AreaCase>(CASE);
const FACT_ENTRIES = entriesOf<AreaFacts>(FACTS);

const periodIds = new WeakMemo<ParamsAtDate, string>();

/**
 * The parameter values in force on a case's date, as a short id: `p`, then,
 * for each parameter whose value is not the first of its dated values, its
 * place and the place of its value (the first dated value with the same
 * value). Two dates with the same value of every parameter of `pack` have the
 * same id, in every run and every worker. The policy areas know the decision
 * date only through these values, the contract's term and the rule outcomes
 * (see `AreaCase`), so the date itself is a hole of a template.
 *
 * @example
 * periodOf(pack, compiled.contextFor(kase).context.params); //=> "p" (every parameter at its first value)
 */
export function periodOf(pack: Pack, params: ParamsAtDate): string {
  return periodIds.getOr(params, () => {
    // The slots follow the pack's parameters in order (see `paramsOn`).
    const parameters = Object.values(pack.data.parameters);
    let id = "p";
    params.slots.forEach((value, slot) => {
      const place = (parameters[slot]?.values ?? []).findIndex((dated) => Object.is(dated.value, value));
      if (place !== 0) id += `${slot}.${place};`;
    });
    return id;
  });
}

/**
 * The decision key of a prepared case, or `undefined` for a case that gets
 * none (scores for some members only). A case with warnings (its own, not a
 * section's) has a key of its own kind: its record's warnings are a hole.
 */
export function decisionKey(context: PolicyContext, warnings: readonly unknown[]): string | undefined {
  let key = periodOf(context.pack, context.params);
  if (warnings.length > 0) key += "|warned";
  const parts = partsOf(CASE_ENTRIES, context.case as AreaCase);
  if (parts === undefined) return undefined;
  key += parts;
  key += partsOf(FACT_ENTRIES, context.facts as AreaFacts) as string;
  // The outcomes, 30 to a number.
  const results = context.outcomes.all;
  let bits = 0;
  for (let index = 0; index < results.length; index++) {
    bits = bits * 2 + (results[index] ? 1 : 0);
    if (index % 30 === 29) {
      key += `#${bits}`;
      bits = 0;
    }
  }
  return `${key}#${bits}`;
}
