/**
 * Overlays: a pack that `extends` another and changes only what it names.
 *
 * An overlay gives its own `id`, `version` and `title`, and any of: `region`
 * and `effective` (replacing the base's), `documents` (added, or replacing
 * those of the same id), `parameters` (each replacing the base's parameter of
 * the same id, or added), rules in `eligibility`, `priorityGroups` and
 * `benefits` (each replacing the base's rule of the same id in place, or
 * appended), and whole sections (`contract`, `packages`, `staffPool`,
 * `prescription`, `registrationFee`, `inpatientDeductible`, `referralDiscount`,
 * `notEncoded`), which replace the base's. Every value remembers the pack it
 * came from, so a decision's trace can name it.
 *
 * @module
 */
import * as z from "zod";
import { POLICY_AREAS, type AreaRuleList } from "../model/areas.js";
import type { TraceSection } from "../model/decision.js";
import { PackSchema, type PackData } from "./schema.js";

/** The schema of an overlay: a partial pack that names the pack it extends. */
export const OverlaySchema = PackSchema.partial()
  .required({ id: true, version: true, title: true })
  .extend({ extends: z.string().min(1).meta({ description: "The id of the bundled pack this overlay changes." }) })
  .meta({ description: "An overlay: the pack it extends, and only what it changes." });
/** An overlay as written in JSON. */
export type OverlayData = z.infer<typeof OverlaySchema>;

/** Pack sections that are lists of rules, merged by rule id (a top-level rule list of an area), and their trace section. */
const RULE_LISTS = Object.fromEntries(
  POLICY_AREAS.flatMap((area) => Object.entries(area.packSections)).filter(([key]) =>
    POLICY_AREAS.some((area) =>
      (area.rules as readonly AreaRuleList[]).some((list) => !list.single && list.path.length === 1 && list.path[0] === key),
    ),
  ),
) as Readonly<Record<"eligibility" | "priorityGroups" | "benefits", TraceSection>>;

/** Every other pack section an overlay replaces whole, with the trace section its origin is reported under (none for sections no area reads). */
const SECTIONS = {
  ...(Object.fromEntries(
    POLICY_AREAS.flatMap((area) => Object.entries(area.packSections)).filter(([key]) => !(key in RULE_LISTS)),
  ) as Readonly<
    Record<
      "contract" | "packages" | "staffPool" | "prescription" | "registrationFee" | "inpatientDeductible" | "referralDiscount",
      TraceSection
    >
  >),
  coverageTargets: undefined,
  notEncoded: undefined,
} as const;

/** Where each value of a resolved pack came from. */
export interface Origins {
  /** Pack id by key: `param:<id>`, `<trace section>/<rule id>` or `<trace section>/*`. */
  readonly byKey: ReadonlyMap<string, string>;
  /** The pack that gave everything not named in `byKey`. */
  readonly fallback: string;
}

/** Looks up the pack a value came from. */
export function originOf(origins: Origins, key: string): string {
  const direct = origins.byKey.get(key);
  if (direct !== undefined) return direct;
  const section = key.includes("/") ? `${key.slice(0, key.indexOf("/"))}/*` : undefined;
  return (section && origins.byKey.get(section)) || origins.fallback;
}

function mergeById<T extends { id: string }>(base: readonly T[], changes: readonly T[]): T[] {
  const merged = [...base];
  for (const change of changes) {
    const index = merged.findIndex((item) => item.id === change.id);
    if (index >= 0) merged[index] = change;
    else merged.push(change);
  }
  return merged;
}

/**
 * Applies an overlay to the data of the pack it extends. The result is the
 * resolved pack's data (to be checked as any pack) and the origin of its values.
 */
export function applyOverlay(base: PackData, baseOrigins: Origins, overlay: OverlayData): { data: PackData; origins: Origins } {
  const byKey = new Map(baseOrigins.byKey);
  const data: PackData = {
    ...structuredClone(base),
    id: overlay.id,
    version: overlay.version,
    title: overlay.title,
    extends: overlay.extends,
  };
  if (overlay.$schema !== undefined) data.$schema = overlay.$schema;
  if (overlay.region) data.region = overlay.region;
  if (overlay.effective) data.effective = overlay.effective;
  if (overlay.documents)
    data.documents = mergeById(
      base.documents.map((doc) => ({ ...doc })),
      overlay.documents,
    );
  if (overlay.parameters) {
    data.parameters = { ...data.parameters };
    for (const [id, parameter] of Object.entries(overlay.parameters)) {
      data.parameters[id] = parameter;
      byKey.set(`param:${id}`, overlay.id);
    }
  }
  for (const [key, section] of Object.entries(RULE_LISTS) as [keyof typeof RULE_LISTS, TraceSection][]) {
    const changes = overlay[key];
    if (!changes) continue;
    data[key] = mergeById(data[key], changes);
    for (const rule of changes) byKey.set(`${section}/${rule.id}`, overlay.id);
  }
  for (const [key, section] of Object.entries(SECTIONS) as [keyof typeof SECTIONS, TraceSection | undefined][]) {
    const replacement = overlay[key];
    if (replacement === undefined) continue;
    (data as Record<string, unknown>)[key] = replacement;
    if (section) byKey.set(`${section}/*`, overlay.id);
  }
  return { data, origins: { byKey, fallback: baseOrigins.fallback } };
}
