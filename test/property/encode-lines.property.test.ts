/**
 * `encodeLines` (lines read ahead, then evaluated) against `processLine` one
 * line at a time (the plain path): the same bytes, the same counts and the same summary,
 * whatever the mix of cases, refused cases, bad JSON, empty and unreadable
 * lines.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { encodeLines, LineEncoder, processLine, Summary, type RawLine, type RecordOptions } from "../../src/entries/batch.js";
import { loadPack } from "../../src/index.js";
import { caseArbitrary, mutate } from "../support/arbitraries.js";

const pack = loadPack("yueyang-2023");

const text = fc.oneof(
  { weight: 6, arbitrary: caseArbitrary("yueyang-2023").map((kase) => JSON.stringify(kase)) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(caseArbitrary("yueyang-2023"), fc.array(fc.nat(20), { minLength: 1, maxLength: 3 }), fc.jsonValue())
      .map(([kase, path, value]) => JSON.stringify(mutate(JSON.parse(JSON.stringify(kase)), path, value))),
  },
  { weight: 1, arbitrary: fc.constantFrom("", "   ", "{not json", "[]", "null", '{"asOf":"2023-02-30"}') },
);
const rawLine = fc.oneof(
  { weight: 9, arbitrary: text.map((value) => ({ text: value })) },
  { weight: 1, arbitrary: fc.constant({ error: { code: "invalid_encoding", path: "", message: "line is not valid UTF-8" } }) },
);

function encoded(
  lines: RawLine[],
  options: RecordOptions,
  many: boolean,
): { bytes: string; lines: number; errors: number; summary: unknown } {
  const encoder = new LineEncoder();
  const summary = new Summary();
  if (many) encodeLines(pack, lines, options, encoder, summary);
  // The plain path: each line's text on its own (encodeLine is encodeLines of one line).
  else for (const raw of lines) encoder.line(processLine(pack, raw, options, summary));
  const { lines: count, errors } = encoder;
  return { bytes: Buffer.from(encoder.take()).toString("utf8"), lines: count, errors, summary: summary.data() };
}

describe("encodeLines", () => {
  it("writes what processLine writes line by line, with the same counts and summary (compact and full trace)", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.array(rawLine, { maxLength: 40 }), fc.array(rawLine, { minLength: 250, maxLength: 700 })),
        fc.constantFrom<RecordOptions["trace"]>("compact", "full"),
        (given, trace) => {
          const lines = given.map((raw, index) => ({ line: index + 1, ...raw }) as RawLine);
          const options: RecordOptions = { trace, format: "ndjson" };
          const expected = encoded(lines, options, false);
          expect(encoded(lines, options, true)).toStrictEqual(expected);
          expect(expected.lines).toBe(lines.length);
        },
      ),
      { numRuns: 40 },
    );
  });

  it("throws where processLine throws, after the lines before it are written (a cell that is not text)", () => {
    const columns = ["asOf", "id", "birthDate", "regionCode", "conditions"];
    const good = (id: string) => JSON.stringify(["2023-06-01", id, "1950-01-01", "430602", "hypertension"]);
    const lines: RawLine[] = [good("C1"), good("C2"), JSON.stringify(["2023-06-01", "C3", "1950-01-01", "430602", 7]), good("C4")].map(
      (text, index) => ({ line: index + 1, text }),
    );
    const options: RecordOptions = { trace: "compact", format: "cells", columns };
    const oneByOne = new LineEncoder();
    expect(() => {
      for (const raw of lines) oneByOne.line(processLine(pack, raw, options));
    }).toThrow();
    const many = new LineEncoder();
    expect(() => encodeLines(pack, lines, options, many)).toThrow();
    expect(oneByOne.lines).toBe(2);
    expect(many.lines).toBe(2);
    expect(Buffer.from(many.take()).equals(Buffer.from(oneByOne.take()))).toBe(true);
  });
});
