/**
 * The decision key of record templates: two cases with the same key get
 * decisions that differ only in the resident's id, the contract's start and
 * end, and the fee's staff pay (the *holes* of a template).
 *
 * The policy areas read a case only through `AreaCase` (the case without the
 * resident), the facts only through `AreaFacts`, and the rest through the rule
 * outcomes (see `policy/context.ts`); the type checker holds them to it. The
 * tables below say, for every field of those types, how it enters the key —
 * mapped types, so a field added to the case or to what areas read does not
 * compile until it is given a place here.
 *
 * @module
 */
import type { Contract } from "../model/case.js";
import type { AreaCase, AreaFacts, PolicyContext } from "../policy/context.js";

/** How a field enters the key: its part of the key, `""` when it enters none (a hole), or `undefined` when a case with it gets no key. */
type KeyPart<T> = (value: T) => string | undefined;

/** No key for a case with this section: its values are worked out per case. */
const noKeyWhenGiven = (value: unknown): string | undefined => (value === undefined ? "" : undefined);

type Member = NonNullable<Contract["team"]>[number];

const MEMBER: { readonly [K in keyof Member]-?: KeyPart<Member[K]> } = {
  // Staff pay (a hole) is keyed by the member's id.
  memberId: () => "",
  // Roles decide the team section.
  role: (role) => ` ${role}`,
  // Scores decide only the staff pay (a hole); whether they are given is in the key of the team.
  score: () => "",
};

function teamKey(team: NonNullable<Contract["team"]>): string | undefined {
  let scored = 0;
  for (const member of team) if (member.score !== undefined) scored++;
  // Some scores missing: the case is refused, per case.
  if (scored !== 0 && scored !== team.length) return undefined;
  let key = `|team ${scored === 0 ? "unscored" : "scored"}`;
  for (const member of team) {
    for (const field in MEMBER) {
      const part = MEMBER[field as keyof Member](member[field as keyof Member] as never);
      if (part === undefined) return undefined;
      key += part;
    }
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
    for (const selection of packages ?? []) {
      if (selection.items) return undefined;
      key += `|${JSON.stringify(selection.id)}`;
    }
    return key;
  },
  team: (team) => (team === undefined ? "" : teamKey(team)),
};

const CASE: { readonly [K in keyof AreaCase]-?: KeyPart<AreaCase[K]> } = {
  asOf: (asOf) => asOf,
  contract: (contract) => {
    if (contract === undefined) return "";
    let key = "|contract";
    for (const field in CONTRACT) {
      const part = CONTRACT[field as keyof Contract](contract[field as keyof Contract] as never);
      if (part === undefined) return undefined;
      key += part;
    }
    return key;
  },
  prescription: noKeyWhenGiven,
  referral: noKeyWhenGiven,
  visit: noKeyWhenGiven,
  inpatient: noKeyWhenGiven,
};

const FACTS: { readonly [K in keyof AreaFacts]-?: KeyPart<AreaFacts[K]> } = {
  // The eligibility rules' outcomes decide it: in the key.
  eligible: () => "",
  contractInForce: (inForce) => (inForce ? "|in force" : "|not in force"),
};

/**
 * The decision key of a prepared case, or `undefined` for a case that gets
 * none (a warning, a prescription, referral, visit or inpatient episode,
 * items, scores for some members only).
 */
export function decisionKey(context: PolicyContext, warnings: readonly unknown[]): string | undefined {
  if (warnings.length > 0) return undefined;
  let key = "";
  for (const field in CASE) {
    const part = CASE[field as keyof AreaCase](context.case[field as keyof AreaCase] as never);
    if (part === undefined) return undefined;
    key += part;
  }
  for (const field in FACTS) key += FACTS[field as keyof AreaFacts](context.facts[field as keyof AreaFacts] as never);
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
