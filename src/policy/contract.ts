/**
 * The contract: its term, whether it is in force on the decision date, and —
 * where the pack gives a team shape — whether the team is complete.
 *
 * @module
 */
import type { Decision, TraceEntry } from "../model/decision.js";
import { TEAM_ROLES } from "../model/facts.js";
import { isSilent } from "../pack/schema.js";
import { integerParam, type AreaContext } from "./context.js";

/** The contract section of a decision and its trace. */
export interface ContractResult {
  readonly contract: NonNullable<Decision["contract"]>;
  readonly trace: TraceEntry[];
}

/** The contract term in years in force on the decision date. */
export function termYears(context: Pick<AreaContext, "pack" | "params">): number {
  return integerParam(context.params, context.pack.data.contract.term.years, "contract term");
}

/** Decides the contract section; `undefined` when the case gives no contract. */
export function decideContract(context: AreaContext): ContractResult | undefined {
  const given = context.case.contract;
  const term = context.contractTerm;
  if (!given || !term) return undefined;
  const section = context.pack.data.contract;
  const inForce = context.facts.contractInForce;
  const trace = [
    context.tracer.entry("contract", "contract-term", inForce, section.term.cite, {
      value: `${term.start}/${term.end}`,
      note: section.term.note,
      params: [section.term.years.param],
      owner: section.term,
    }),
  ];
  const contract: ContractResult["contract"] = { start: term.start, end: term.end, inForce };
  if (!isSilent(section.team) && given.team !== undefined) {
    const members = given.team;
    const missingRoles = section.team.required
      .filter(
        (need) =>
          members.filter((member) => member.role === need.role).length <
          integerParam(context.params, need.min, `team size for ${need.role}`),
      )
      .map((need) => need.role)
      .sort((a, b) => TEAM_ROLES.indexOf(a) - TEAM_ROLES.indexOf(b));
    contract.team = { complete: missingRoles.length === 0, missingRoles };
    trace.push(
      context.tracer.entry("contract", "team-shape", missingRoles.length === 0, section.team.cite, {
        value: missingRoles.length === 0 ? "complete" : `missing: ${missingRoles.join(", ")}`,
        note: section.team.note,
        params: section.team.required.map((need) => need.min.param),
        owner: section.team,
      }),
    );
  } else if (isSilent(section.team) && given.team !== undefined) {
    trace.push(context.tracer.entry("contract", "team-shape", false, section.team.silent.cite, { note: section.team.silent.note }));
  }
  return { contract, trace };
}
