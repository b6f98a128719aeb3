/**
 * Dated periods: from a first day, up to (not including) an end day, or
 * open-ended. A pack's effective period and each dated value of a parameter
 * are periods; whether a date lies in one is decided here, once.
 *
 * Knows no family doctor.
 *
 * @module
 */
import type { CalendarDate } from "./dates.js";

/** A period from `from` (included) up to `to` (not included); without `to`, open-ended. */
export interface Period {
  readonly from: CalendarDate;
  readonly to?: CalendarDate | undefined;
}

/**
 * Where a date lies against a period: `"before"` it starts, `"within"` it, or
 * `"after"` it has ended (on or after `to`).
 *
 * @example
 * periodPosition("2023-06-01", { from: "2022-03-03" }); //=> "within"
 * periodPosition("2024-01-01", { from: "2023-01-01", to: "2024-01-01" }); //=> "after"
 */
export function periodPosition(date: CalendarDate, period: Period): "before" | "within" | "after" {
  if (date < period.from) return "before";
  return period.to !== undefined && date >= period.to ? "after" : "within";
}

/**
 * Whether a date lies in a period: on or after `from`, and before `to` when
 * there is one. Dates compare as `YYYY-MM-DD` text.
 *
 * @example
 * inPeriod("2023-12-31", { from: "2023-01-01", to: "2024-01-01" }); //=> true
 * inPeriod("2024-01-01", { from: "2023-01-01", to: "2024-01-01" }); //=> false
 */
export function inPeriod(date: CalendarDate, period: Period): boolean {
  return periodPosition(date, period) === "within";
}

/**
 * The first of `periods` that holds `date`, or `undefined`.
 *
 * @example
 * periodAt(parameter.values, "2023-06-01")?.value;
 */
export function periodAt<T extends Period>(periods: readonly T[], date: CalendarDate): T | undefined {
  for (const period of periods) if (inPeriod(date, period)) return period;
  return undefined;
}
