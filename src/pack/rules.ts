/**
 * Every rule of a pack in one flat list, in document order, so that the
 * compiled and the reference evaluators run the same list and policy modules
 * find each rule's outcome by its group and index.
 *
 * @module
 */
import type { BooleanCondition } from "../engine/condition.js";
import { POLICY_AREAS, type AreaRuleGroup, type AreaRuleList, type PolicyArea } from "../model/areas.js";
import { isSilent, type PackData } from "./schema.js";

/** The groups of rules in a pack (see `POLICY_AREAS`). */
export type RuleGroup = AreaRuleGroup;

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
 * The value at `path` in a pack (or in any JSON, as the lenient checks read a
 * pack that is not valid), or `undefined` where the path does not lead (a
 * silent section has no rules). Own keys only.
 */
export function valueAt(json: unknown, path: readonly (string | number)[]): unknown {
  let value: unknown = json;
  for (const key of path) {
    if (value === null || typeof value !== "object" || !Object.prototype.hasOwnProperty.call(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/**
 * The pack's rules, area by area in the order of `POLICY_AREAS`. Eligibility
 * rules come first: they are decided before the others, which may read the
 * `eligible` and `signed` facts.
 */
export function packRules(pack: PackData): RuleEntry[] {
  const rules: RuleEntry[] = [];
  for (const area of POLICY_AREAS) {
    for (const list of area.rules as readonly AreaRuleList[]) {
      const found = valueAt(pack, list.path);
      if (found === undefined || isSilent(found as never)) continue;
      const group = list.group as RuleGroup;
      if (list.single) {
        const rule = found as { id: string; when: unknown };
        rules.push({ group, index: 0, id: rule.id, condition: rule.when as BooleanCondition, path: [...list.path, "when"] });
        continue;
      }
      (found as readonly { id: string; when: unknown }[]).forEach((rule, index) =>
        rules.push({ group, index, id: rule.id, condition: rule.when as BooleanCondition, path: [...list.path, index, "when"] }),
      );
    }
  }
  return rules;
}

/** A part of a pack a trace entry names: its trace section, id and label. */
export interface NamedPart {
  readonly section: string;
  readonly id: string;
  readonly label: { readonly zh: string; readonly en: string };
}

/**
 * Every rule of the pack, and every other part a trace entry names (see
 * `POLICY_AREAS`), with the trace section its entries take: what an
 * explanation labels them by.
 *
 * @example
 * namedParts(loadPack("yueyang-2023").data).find((part) => part.id === "basic")?.section; //=> "fee"
 */
export function namedParts(pack: PackData): NamedPart[] {
  const parts: NamedPart[] = [];
  for (const area of POLICY_AREAS as readonly PolicyArea[]) {
    for (const list of [...area.rules.map((rules) => ({ ...rules, section: area.id })), ...(area.named ?? [])]) {
      const found = valueAt(pack, list.path);
      if (found === undefined || isSilent(found as never)) continue;
      const items = (list.single ? [found] : found) as readonly { id: string; label: NamedPart["label"] }[];
      for (const item of items) parts.push({ section: list.section, id: item.id, label: item.label });
    }
  }
  return parts;
}

/** Every list of rules (and single rule) of the areas, each once, in area order: where a pack's rules sit. */
export const RULE_LISTS: readonly AreaRuleList[] = POLICY_AREAS.flatMap((area) => area.rules as readonly AreaRuleList[]);

/** The lists in a pack whose items carry ids that must be unique: the rule lists and the named lists (packages). */
export const ID_LISTS: readonly (readonly string[])[] = [
  ...RULE_LISTS.filter((list) => !list.single).map((list) => list.path),
  ...POLICY_AREAS.flatMap((area) => ("named" in area ? (area.named as readonly { path: readonly string[]; single?: true }[]) : []))
    .filter((list) => !list.single)
    .map((list) => list.path),
];
