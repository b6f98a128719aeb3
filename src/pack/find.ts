/**
 * Finding the pack in force for a region and a date.
 *
 * @module
 */
import type { CalendarDate } from "../core/dates.js";
import { inPeriod } from "../core/periods.js";
import { PolicyError } from "../core/errors.js";
import { bundledPackIds, loadPack, type Pack } from "./load.js";

function inForce(pack: Pack, asOf: CalendarDate): boolean {
  return inPeriod(asOf, pack.data.effective);
}

/**
 * The pack in force for a region code on a date: among `packs` (the bundled
 * packs unless given), those whose region prefix the code starts with and whose
 * period covers the date, the most specific region first.
 *
 * @throws PolicyError `unknown_pack` (path `/resident/regionCode`) when no pack
 *   covers the region, `out_of_period` (path `/asOf`) when none is in force on the date.
 * @example
 * findPack("430602", "2023-06-01").id; //=> "yueyang-2023"
 */
export function findPack(
  regionCode: string,
  asOf: CalendarDate,
  packs: readonly Pack[] = bundledPackIds().map((id) => loadPack(id)),
): Pack {
  const forRegion = packs.filter((pack) => regionCode.startsWith(pack.data.region.codePrefix));
  if (forRegion.length === 0) {
    throw new PolicyError([
      {
        code: "unknown_pack",
        path: "/resident/regionCode",
        message: `no pack covers the region ${regionCode}`,
        expected: `a region code starting with ${packs.map((pack) => pack.data.region.codePrefix).join(", ")}`,
        found: JSON.stringify(regionCode),
      },
    ]);
  }
  const candidates = forRegion
    .filter((pack) => inForce(pack, asOf))
    .sort((a, b) => b.data.region.codePrefix.length - a.data.region.codePrefix.length);
  const found = candidates[0];
  if (!found) {
    throw new PolicyError([
      {
        code: "out_of_period",
        path: "/asOf",
        message: `no pack for region ${regionCode} is in force on ${asOf}`,
        expected: forRegion
          .map((pack) => `${pack.id}: from ${pack.data.effective.from}${pack.data.effective.to ? ` to ${pack.data.effective.to}` : ""}`)
          .join("; "),
        found: asOf,
      },
    ]);
  }
  return found;
}
