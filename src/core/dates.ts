/**
 * Calendar dates as `YYYY-MM-DD` strings, with the arithmetic the policy
 * needs: ages in completed years, anniversaries, contract terms and day counts.
 *
 * A date here is a day on the calendar, never an instant: nothing in this module
 * builds a time of day or reads a time zone, so no zone can shift a day. Day
 * arithmetic uses day numbers (days since 1970-01-01) computed with integer
 * arithmetic; date-fns checks that a year, month and day exist.
 *
 * This module knows no rules: the length of a contract term, the age of an
 * elderly resident and the like come from a rule pack.
 *
 * @module
 */
import { isExists } from "date-fns/isExists";
import { Memo } from "./memo.js";

/** A calendar date written `YYYY-MM-DD` (ISO 8601), years 1000 to 9999. */
export type CalendarDate = string;

/** The last date this module can write. */
export const LAST_DATE: CalendarDate = "9999-12-31";

/** A calendar date split into its parts; `month` runs 1–12. */
export interface DateParts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/**
 * Splits a `YYYY-MM-DD` string into its parts, or returns `undefined` when the
 * text is not in that form or names a day that does not exist (`2023-02-30`).
 *
 * @example
 * parseDate("2024-02-29"); //=> { year: 2024, month: 2, day: 29 }
 * parseDate("2023-02-29"); //=> undefined
 */
export function parseDate(text: string): DateParts | undefined {
  return isCalendarDate(text) ? { year: digits(text, 0, 4), month: digits(text, 5, 2), day: digits(text, 8, 2) } : undefined;
}

/** True when `text` reads `NNNN-NN-NN` in ASCII digits, the first not 0 (a year from 1000). */
function isDateShaped(text: string): boolean {
  if (text.length !== 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return false;
  const first = text.charCodeAt(0);
  if (first < 49 || first > 57) return false;
  for (const index of DIGIT_POSITIONS) {
    const code = text.charCodeAt(index);
    if (code < 48 || code > 57) return false;
  }
  return true;
}

const DIGIT_POSITIONS = [1, 2, 3, 5, 6, 8, 9];

/** The number written by `length` ASCII digits of `text` from `start`. */
function digits(text: string, start: number, length: number): number {
  let value = 0;
  for (let index = start; index < start + length; index++) value = value * 10 + (text.charCodeAt(index) - 48);
  return value;
}

/** True when `text` is a `YYYY-MM-DD` date that exists on the calendar (checked without building its parts). */
export function isCalendarDate(text: unknown): text is CalendarDate {
  if (typeof text !== "string" || !isDateShaped(text)) return false;
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  // Days 1–28 exist in every month; date-fns decides the rest.
  return month >= 1 && month <= 12 && day >= 1 && (day <= 28 || isExists(digits(text, 0, 4), month - 1, day));
}

/** The parts of a valid date (reading one is cheaper than looking it up). */
function partsOf(date: CalendarDate): DateParts {
  const parts = parseDate(date);
  if (!parts) throw new RangeError(`Not a calendar date: ${JSON.stringify(date)}`);
  return parts;
}

/** Formats parts as `YYYY-MM-DD`. */
export function formatDate(parts: DateParts): CalendarDate {
  const pad = (value: number, width: number) => String(value).padStart(width, "0");
  return `${pad(parts.year, 4)}-${pad(parts.month, 2)}-${pad(parts.day, 2)}`;
}

/**
 * The number of days from 1970-01-01 to `date` (negative before it), by the
 * proleptic Gregorian calendar.
 *
 * @example
 * dayNumber("1970-01-02"); //=> 1
 */
export function dayNumber(date: CalendarDate): number {
  return dayNumberOf(partsOf(date));
}

function dayNumberOf({ year, month, day }: DateParts): number {
  // Days from civil, after H. Hinnant's public-domain algorithm.
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/**
 * The calendar date of a day number (the inverse of {@link dayNumber}).
 *
 * @example
 * fromDayNumber(0); //=> "1970-01-01"
 */
export function fromDayNumber(days: number): CalendarDate {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return formatDate({ year, month, day });
}

/**
 * Whole days from `from` to `to`: positive when `to` is later.
 *
 * @example
 * daysBetween("2023-05-01", "2023-06-11"); //=> 41
 */
export function daysBetween(from: CalendarDate, to: CalendarDate): number {
  return dayNumber(to) - dayNumber(from);
}

/**
 * The date `days` days after `date` (before it when negative).
 *
 * @example
 * addDays("2024-02-28", 1); //=> "2024-02-29"
 */
export function addDays(date: CalendarDate, days: number): CalendarDate {
  return fromDayNumber(dayNumber(date) + days);
}

/**
 * Compares two dates: negative when `a` is earlier, 0 when equal, positive when later.
 */
export function compareDates(a: CalendarDate, b: CalendarDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/**
 * The date `years` years after `date`. The anniversary of 29 February in a
 * common year falls on 1 March, as a Chinese age (周岁) does.
 *
 * @example
 * anniversary("2023-06-01", 1); //=> "2024-06-01"
 * anniversary("2024-02-29", 1); //=> "2025-03-01"
 */
export function anniversary(date: CalendarDate, years: number): CalendarDate {
  const { year, month, day } = partsOf(date);
  const target = year + years;
  // Dates are written with four-digit years: nothing runs past the last day of 9999.
  if (target > 9999) return LAST_DATE;
  if (month === 2 && day === 29 && !isLeapYear(target)) {
    return formatDate({ year: target, month: 3, day: 1 });
  }
  return formatDate({ year: target, month, day });
}

/**
 * Age in completed years (周岁) on a date. A resident born on 29 February
 * completes a year on 1 March in common years. Returns a negative number when
 * `on` is before the birth date.
 *
 * @example
 * ageOn("1958-06-01", "2023-05-31"); //=> 64
 * ageOn("1958-06-01", "2023-06-01"); //=> 65
 */
export function ageOn(birthDate: CalendarDate, on: CalendarDate): number {
  const birth = partsOf(birthDate);
  const onParts = partsOf(on);
  const years = onParts.year - birth.year;
  // The birthday in `on`'s year (the anniversary of `years` years), compared day by day.
  const [month, day] = birth.month === 2 && birth.day === 29 && !isLeapYear(onParts.year) ? [3, 1] : [birth.month, birth.day];
  const reached = onParts.month > month || (onParts.month === month && onParts.day >= day);
  return reached ? years : years - 1;
}

/** A period of calendar days, both ends included. */
export interface Term {
  readonly start: CalendarDate;
  readonly end: CalendarDate;
}

/**
 * The term of a contract signed on `signDate` that runs `years` years: from
 * the signing day up to and including the day before its anniversary.
 *
 * @example
 * termOfYears("2023-03-01", 1); //=> { start: "2023-03-01", end: "2024-02-29" }
 * termOfYears("2024-02-29", 1); //=> { start: "2024-02-29", end: "2025-02-28" }
 */
export function termOfYears(signDate: CalendarDate, years: number): Term {
  const key = years === 1 ? signDate : `${signDate}+${years}`;
  return terms.getOr(key, () => {
    const next = anniversary(signDate, years);
    return Object.freeze({ start: signDate, end: next === LAST_DATE ? LAST_DATE : addDays(next, -1) });
  });
}

// Contracts are signed on few distinct days: terms seen recently are not worked out again.
const terms = new Memo<string, Term>(20_000);

/** True when `date` lies in the term, both ends included. */
export function isWithin(date: CalendarDate, term: Term): boolean {
  return compareDates(term.start, date) <= 0 && compareDates(date, term.end) <= 0;
}
