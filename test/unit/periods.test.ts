/** Whether a date lies in a dated period, decided once (src/core/periods.ts) for packs, parameters, lint and explain. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { dayNumber, fromDayNumber } from "../../src/core/dates.js";
import { inPeriod, periodAt, periodPosition } from "../../src/core/periods.js";
import { findPack, loadPack } from "../../src/index.js";
import { valueIndexAt } from "../../src/pack/params.js";

const day = fc.integer({ min: dayNumber("1900-01-01"), max: dayNumber("2999-12-31") }).map(fromDayNumber);

describe("inPeriod", () => {
  it("holds from the first day up to the day before `to`, on each side of each end", () => {
    const period = { from: "2023-01-01", to: "2024-01-01" };
    expect(inPeriod("2022-12-31", period)).toBe(false);
    expect(inPeriod("2023-01-01", period)).toBe(true);
    expect(inPeriod("2023-12-31", period)).toBe(true);
    expect(inPeriod("2024-01-01", period)).toBe(false);
    expect(inPeriod("2999-12-31", { from: "2023-01-01" })).toBe(true);
    expect(periodPosition("2022-12-31", period)).toBe("before");
    expect(periodPosition("2024-01-01", period)).toBe("after");
    expect(periodPosition("2999-12-31", { from: "2023-01-01" })).toBe("within");
  });

  it("agrees with day numbers, and with periodPosition, for any dates", () => {
    fc.assert(
      fc.property(day, day, fc.option(day, { nil: undefined }), (date, from, to) => {
        const period = { from, to };
        const expected = dayNumber(from) <= dayNumber(date) && (to === undefined || dayNumber(date) < dayNumber(to));
        expect(inPeriod(date, period)).toBe(expected);
        expect(periodPosition(date, period) === "within").toBe(expected);
      }),
    );
  });

  it("picks the first period holding the date", () => {
    const values = [
      { from: "2020-01-01", to: "2022-01-01", value: 1 },
      { from: "2022-01-01", value: 2 },
    ];
    expect(periodAt(values, "2021-12-31")?.value).toBe(1);
    expect(periodAt(values, "2022-01-01")?.value).toBe(2);
    expect(periodAt(values, "2019-12-31")).toBeUndefined();
  });

  it("is what packs and parameters use: a pack is found on its first day, a parameter's value changes on its `to`", () => {
    const pack = loadPack("yueyang-2023");
    const { from } = pack.data.effective;
    expect(findPack("430602", from).id).toBe("yueyang-2023");
    for (const parameter of Object.values(pack.data.parameters)) {
      for (const [index, dated] of parameter.values.entries()) {
        expect(valueIndexAt(parameter, dated.from)).toBe(index);
        if (dated.to !== undefined) expect(valueIndexAt(parameter, dated.to)).not.toBe(index);
      }
    }
  });
});
