/**
 * Every rule of a pack in one flat list, in document order, so that the
 * compiled and the reference evaluators run the same list and policy modules
 * find each rule's outcome by its group and index.
 *
 * @module
 */
import type { BooleanCondition } from "../engine/condition.js";
import { isSilent, type PackData } from "./schema.js";

/** The groups of rules in a pack. */
export type RuleGroup =
  | "eligibility"
  | "priorityGroups"
  | "prescriptionLimits"
  | "essentialListException"
  | "registrationFee"
  | "inpatientDeductible"
  | "referralDiscount"
  | "benefits";

/** One rule's place in the pack. */
export interface RuleEntry {
  /** The group it belongs to. */
  readonly group: RuleGroup;
  /** Its index within the group. */
  readonly index: number;
  /** Its id. */
  readonly id: string;
  /** Its condition tree. */
  readonly condition: BooleanCondition;
  /** Where the tree sits in the pack (path segments). */
  readonly path: readonly (string | number)[];
}

/**
 * The pack's rules in document order. Eligibility rules come first: they are
 * decided before the others, which may read the `eligible` and `signed` facts.
 */
export function packRules(pack: PackData): RuleEntry[] {
  const rules: RuleEntry[] = [];
  const push = (group: RuleGroup, list: readonly { id: string; when: unknown }[], path: readonly (string | number)[]) =>
    list.forEach((rule, index) =>
      rules.push({ group, index, id: rule.id, condition: rule.when as BooleanCondition, path: [...path, index, "when"] }),
    );
  push("eligibility", pack.eligibility, ["eligibility"]);
  push("priorityGroups", pack.priorityGroups, ["priorityGroups"]);
  push("prescriptionLimits", pack.prescription.limits, ["prescription", "limits"]);
  const exception = pack.prescription.essentialListException;
  if (!isSilent(exception)) {
    rules.push({ group: "essentialListException", index: 0, id: exception.id, condition: exception.when as BooleanCondition, path: ["prescription", "essentialListException", "when"] });
  }
  if (!isSilent(pack.registrationFee)) push("registrationFee", pack.registrationFee.rules, ["registrationFee", "rules"]);
  if (!isSilent(pack.inpatientDeductible)) push("inpatientDeductible", pack.inpatientDeductible.rules, ["inpatientDeductible", "rules"]);
  const discount = pack.referralDiscount;
  if (!isSilent(discount)) {
    rules.push({ group: "referralDiscount", index: 0, id: discount.id, condition: discount.when as BooleanCondition, path: ["referralDiscount", "when"] });
  }
  push("benefits", pack.benefits, ["benefits"]);
  return rules;
}
