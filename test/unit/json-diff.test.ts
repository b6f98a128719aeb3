/**
 * One JSON walker for `fdr diff` (diffValues) and `fdr test` (compareExpected):
 * both report what their own walkers reported before they shared one, held by
 * a differential test against those walkers, kept here as references.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { jsonDifferences, pointerSegment } from "../../src/analysis/json-diff.js";
import { diffValues } from "../../src/entries/analysis.js";
import { compareExpected } from "../../src/entries/node.js";

const escapeKey = (key: string) => key.replace(/~/g, "~0").replace(/\//g, "~1");
const IGNORED = new Set(["/pack", "/packVersion", "/packHash", "/trace"]);

/** `fdr diff`'s walker as it was (keys now escaped as JSON Pointer wants them). */
function referenceDiff(before: unknown, after: unknown, path = ""): { path: string; before: unknown; after: unknown }[] {
  if (IGNORED.has(path)) return [];
  if (
    before !== null &&
    after !== null &&
    typeof before === "object" &&
    typeof after === "object" &&
    Array.isArray(before) === Array.isArray(after)
  ) {
    if (Array.isArray(before) && Array.isArray(after) && before.length !== after.length) return [{ path, before, after }];
    const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
    return [...keys].flatMap((key) =>
      referenceDiff((before as Record<string, unknown>)[key], (after as Record<string, unknown>)[key], `${path}/${escapeKey(key)}`),
    );
  }
  return Object.is(before, after) ? [] : [{ path, before, after }];
}

/** `fdr test`'s walker as it was. */
function referenceExpected(expected: unknown, actual: unknown, path = ""): { path: string; expected: unknown; actual: unknown }[] {
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) return [{ path, expected, actual }];
    return expected.flatMap((item, index) => referenceExpected(item, actual[index], `${path}/${index}`));
  }
  if (expected !== null && typeof expected === "object") {
    if (actual === null || typeof actual !== "object" || Array.isArray(actual)) return [{ path, expected, actual }];
    return Object.entries(expected).flatMap(([key, value]) =>
      referenceExpected(value, (actual as Record<string, unknown>)[key], `${path}/${escapeKey(key)}`),
    );
  }
  if (expected === null) return actual === null || actual === undefined ? [] : [{ path, expected, actual }];
  return Object.is(expected, actual) ? [] : [{ path, expected, actual }];
}

/** JSON values as JSON.parse builds them, with few distinct keys so that two values overlap. */
const key = fc.constantFrom("a", "b", "fee", "pack", "trace", "x/y", "t~0", "0", "priorityGroups");
const leaf = fc.oneof(fc.constantFrom(null, true, false, 0, -0, 1, "", "40.00", "a"), fc.integer({ min: -3, max: 3 }));
const { json } = fc.letrec<{ json: unknown }>((tie) => ({
  json: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leaf,
    fc.array(tie("json"), { maxLength: 3 }),
    fc.dictionary(key, tie("json"), { maxKeys: 4 }),
  ),
}));
/** A pair: independent, or the second an edit of the first (so that most of the two agree). */
const pair = fc.oneof(
  fc.tuple(json, json),
  fc
    .tuple(json, json, key)
    .map(([a, b, k]) => [a, a !== null && typeof a === "object" && !Array.isArray(a) ? { ...a, [k]: b } : b] as [unknown, unknown]),
);
const parsed = (value: unknown) => (value === undefined ? undefined : JSON.parse(JSON.stringify(value)));

describe("the shared JSON walker", () => {
  it("gives fdr diff what its own walker gave, on any two JSON values", () => {
    fc.assert(
      fc.property(pair, ([a, b]) => {
        const [before, after] = [parsed(a), parsed(b)];
        expect(diffValues(before, after)).toEqual(referenceDiff(before, after));
      }),
      { numRuns: 2000 },
    );
  });

  it("gives fdr test what its own walker gave, on any two JSON values", () => {
    fc.assert(
      fc.property(pair, ([a, b]) => {
        const [expected, actual] = [parsed(a), parsed(b)];
        expect(compareExpected(expected, actual)).toEqual(referenceExpected(expected, actual));
      }),
      { numRuns: 2000 },
    );
  });

  it("finds nothing between a value and itself, and a difference wherever one value is edited", () => {
    fc.assert(
      fc.property(json, (value) => {
        const copy = structuredClone(value);
        expect(jsonDifferences(value, copy)).toEqual([]);
        expect(compareExpected(value, copy)).toEqual([]);
        expect(jsonDifferences({ v: value }, { v: [value] })).toHaveLength(1);
      }),
    );
  });

  it("compares every key of either side for fdr diff, the expected keys only for fdr test", () => {
    const before = { fee: { total: "40.00", payers: { resident: "8.00" } }, l: [1, 2], pack: "a" };
    const after = { fee: { total: "42.00", payers: { resident: "8.00", county: "2.00" } }, l: [1], pack: "b", added: null };
    expect(diffValues(before, after)).toEqual([
      { path: "/fee/total", before: "40.00", after: "42.00" },
      { path: "/fee/payers/county", before: undefined, after: "2.00" },
      { path: "/l", before: [1, 2], after: [1] },
      { path: "/added", before: undefined, after: null },
    ]);
    expect(compareExpected({ fee: { total: "42.00" }, missing: null, l: [1] }, after)).toEqual([]);
    expect(compareExpected({ fee: null }, after)).toEqual([{ path: "/fee", expected: null, actual: after.fee }]);
    expect(compareExpected({ "a/b": { "c~d": 1 } }, { "a/b": { "c~d": 2 } })).toEqual([{ path: "/a~1b/c~0d", expected: 1, actual: 2 }]);
    expect(pointerSegment("plain")).toBe("plain");
  });
});
