import { differenceInCalendarDays, isExists } from "date-fns";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addDays,
  ageOn,
  anniversary,
  dayNumber,
  daysBetween,
  fromDayNumber,
  isCalendarDate,
  parseDate,
  termOfYears,
} from "../../src/core/dates.js";

describe("parseDate", () => {
  it("agrees with a reference reading (pattern, then date-fns) on strings near the date shape", () => {
    const reference = (text: string) => {
      const match = /^([1-9]\d{3})-(\d{2})-(\d{2})$/.exec(text);
      if (!match) return undefined;
      const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
      return isExists(year, month - 1, day) ? { year, month, day } : undefined;
    };
    const nearDate = fc.oneof(
      fc.stringMatching(/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/),
      fc.array(fc.constantFrom(..."0123456789-x/ ５"), { minLength: 8, maxLength: 12 }).map((chars) => chars.join("")),
      fc
        .date({ min: new Date("1000-01-01"), max: new Date("9999-12-31"), noInvalidDate: true })
        .map((date) => date.toISOString().slice(0, 10)),
    );
    fc.assert(
      fc.property(nearDate, (text) => {
        expect(parseDate(text)).toEqual(reference(text));
      }),
      { numRuns: 5000 },
    );
  });

  it("reads a date that exists", () => {
    expect(parseDate("2024-02-29")).toEqual({ year: 2024, month: 2, day: 29 });
  });
  it.each(["2023-02-29", "2023-02-30", "2023-13-01", "2023-00-10", "2023-6-1", "20230601", "2023-06-01T00:00:00Z", "0999-01-01", ""])(
    "refuses %j",
    (text) => {
      expect(parseDate(text)).toBeUndefined();
      expect(isCalendarDate(text)).toBe(false);
    },
  );
});

describe("ageOn (周岁)", () => {
  it("is 64 the day before the 65th birthday and 65 on it", () => {
    expect(ageOn("1958-06-01", "2023-05-31")).toBe(64);
    expect(ageOn("1958-06-01", "2023-06-01")).toBe(65);
  });
  it("completes a 29 February birthday's year on 1 March in a common year", () => {
    expect(ageOn("1952-02-29", "2017-02-28")).toBe(64);
    expect(ageOn("1952-02-29", "2017-03-01")).toBe(65);
  });
  it("completes a 29 February birthday's year on 29 February in a leap year", () => {
    expect(ageOn("1952-02-29", "2016-02-28")).toBe(63);
    expect(ageOn("1952-02-29", "2016-02-29")).toBe(64);
  });
  it("is 0 on the day of birth", () => {
    expect(ageOn("2023-06-01", "2023-06-01")).toBe(0);
  });
});

describe("termOfYears", () => {
  it("ends the day before the anniversary", () => {
    expect(termOfYears("2023-06-01", 1)).toEqual({ start: "2023-06-01", end: "2024-05-31" });
  });
  it("ends on 29 February when signed on 1 March before a leap year", () => {
    expect(termOfYears("2023-03-01", 1)).toEqual({ start: "2023-03-01", end: "2024-02-29" });
  });
  it("ends on 28 February when signed on 29 February", () => {
    expect(anniversary("2024-02-29", 1)).toBe("2025-03-01");
    expect(termOfYears("2024-02-29", 1)).toEqual({ start: "2024-02-29", end: "2025-02-28" });
  });
  it("ends on 31 December when signed on 1 January", () => {
    expect(termOfYears("2023-01-01", 1).end).toBe("2023-12-31");
  });
});

describe("day numbers", () => {
  it("counts from 1970-01-01", () => {
    expect(dayNumber("1970-01-01")).toBe(0);
    expect(fromDayNumber(-1)).toBe("1969-12-31");
    expect(daysBetween("2023-05-01", "2023-06-12")).toBe(42);
    expect(addDays("2024-02-28", 1)).toBe("2024-02-29");
  });

  const dates = fc
    .date({ min: new Date(Date.UTC(1000, 0, 1)), max: new Date(Date.UTC(9999, 11, 31)), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10));

  it("round-trips every date", () => {
    fc.assert(
      fc.property(dates, (date) => fromDayNumber(dayNumber(date)) === date),
      { numRuns: 2000 },
    );
  });

  it("agrees with date-fns on the days between two dates", () => {
    const local = (date: string) => {
      const [y, m, d] = date.split("-").map(Number) as [number, number, number];
      const value = new Date(2000, 0, 1);
      value.setFullYear(y, m - 1, d);
      return value;
    };
    fc.assert(
      fc.property(dates, dates, (a, b) => daysBetween(a, b) === differenceInCalendarDays(local(b), local(a))),
      { numRuns: 2000 },
    );
  });

  it("gives ages that grow by one exactly on each anniversary", () => {
    fc.assert(
      fc.property(
        dates.filter((date) => date < "9800-01-01"),
        fc.integer({ min: 1, max: 120 }),
        (birth, years) => {
          const day = anniversary(birth, years);
          return ageOn(birth, day) === years && ageOn(birth, addDays(day, -1)) === years - 1;
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe("the end of the calendar", () => {
  it("caps anniversaries and terms at 9999-12-31 instead of failing", () => {
    expect(anniversary("9999-06-01", 1)).toBe("9999-12-31");
    expect(termOfYears("9999-06-01", 1)).toEqual({ start: "9999-06-01", end: "9999-12-31" });
    expect(termOfYears("2999-12-31", 20000).end).toBe("9999-12-31");
  });
});
