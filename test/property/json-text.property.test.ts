/**
 * The JSON text scanner of the CLI (src/cli/json-positions.ts) beside
 * JSON.parse: it accepts exactly the texts JSON.parse accepts, finds no
 * duplicate in text JSON.stringify wrote, and readJsonText gives JSON.parse's value.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { scanJsonText } from "../../src/core/json-positions.js";
import { readJsonText } from "../../src/core/json-text.js";

const parses = (text: string) => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};
const scans = (text: string) => scanJsonText(text, { maxDepth: Number.POSITIVE_INFINITY }).stop === undefined;

/** JSON-ish text: fragments that are often valid and often nearly so. */
const jsonish = fc
  .array(
    fc.constantFrom(
      "{",
      "}",
      "[",
      "]",
      ",",
      ":",
      '"a"',
      '"b"',
      '"\\u00e9"',
      '"\\x"',
      "1",
      "-0",
      "01",
      "1.5e3",
      "1.",
      "true",
      "nul",
      "null",
      " ",
      "\n",
      "\t",
      '"',
      "\\",
      "\u0001",
      "\u00a0",
    ),
    { maxLength: 24 },
  )
  .map((parts) => parts.join(""));

describe("scanJsonText beside JSON.parse", () => {
  it("accepts what JSON.parse accepts, and only that (JSON values written with any spacing)", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom(undefined, 1, 2, "\t"), (value, space) => {
        const text = JSON.stringify(value, null, space);
        const scan = scanJsonText(text, { maxDepth: Number.POSITIVE_INFINITY });
        expect(scan.stop).toBeUndefined();
        expect(scan.duplicates).toEqual([]);
        const read = readJsonText(text, "x.json");
        expect(read.value).toEqual(JSON.parse(text));
      }),
      { numRuns: 300 },
    );
  });

  it("agrees with JSON.parse on near-JSON text", () => {
    fc.assert(
      fc.property(jsonish, (text) => {
        expect(scans(text), JSON.stringify(text)).toBe(parses(text));
      }),
      { numRuns: 3000 },
    );
  });

  it("finds every key given twice, with the offset of the second", () => {
    const text = '{"a": 1, "b": {"a": 2, "a": 3}, "a": 4}';
    const scan = scanJsonText(text, { maxDepth: 10 });
    expect(scan.duplicates.map((fault) => [fault.pointer, fault.offset])).toEqual([
      ["/b/a", text.indexOf('"a": 3')],
      ["/a", text.indexOf('"a": 4')],
    ]);
  });
});
