/**
 * One walker over two JSON values, for every comparison the analysis tools
 * make: `fdr diff` (two decisions, every key of either) and `fdr test` (an
 * expected part of a decision against the decision, the expected keys only).
 *
 * @module
 */

/** A place where two JSON values differ. */
export interface JsonDifference {
  /** JSON Pointer (RFC 6901) to the place, `""` for the whole value. */
  readonly path: string;
  /** The value on the left (the old decision; the expected value). */
  readonly left: unknown;
  /** The value on the right (the new decision; the actual value). */
  readonly right: unknown;
}

/** How {@link jsonDifferences} compares. */
export interface JsonDiffOptions {
  /**
   * Compare only the keys of the left object (a partial expectation), and let
   * a `null` on the left match a value absent on the right. By default every
   * key of either side is compared, and `null` differs from absent.
   */
  readonly partial?: boolean;
  /** JSON Pointers not compared (with whatever lies under them). */
  readonly ignore?: ReadonlySet<string>;
}

/** One key as a JSON Pointer segment (`~` and `/` escaped). */
export function pointerSegment(key: string): string {
  return key.includes("~") || key.includes("/") ? key.replace(/~/g, "~0").replace(/\//g, "~1") : key;
}

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === "object" && !Array.isArray(value);

/**
 * Every place where two JSON values differ, by JSON Pointer, outermost first.
 * Lists are compared item by item when their lengths match, else as a whole;
 * objects key by key; anything else with `Object.is`. A list against a
 * non-list, or an object against a non-object, is one difference at that place.
 *
 * @example
 * jsonDifferences({ a: 1, l: [1] }, { a: 2, l: [1, 2], b: 3 });
 * //=> [{ path: "/a", left: 1, right: 2 }, { path: "/l", left: [1], right: [1, 2] }, { path: "/b", left: undefined, right: 3 }]
 * jsonDifferences({ fee: null }, { asOf: "2023-06-01" }, { partial: true }); //=> []
 */
export function jsonDifferences(left: unknown, right: unknown, options: JsonDiffOptions = {}): JsonDifference[] {
  const found: JsonDifference[] = [];
  walk(left, right, "", options, found);
  return found;
}

function walk(left: unknown, right: unknown, path: string, options: JsonDiffOptions, found: JsonDifference[]): void {
  if (options.ignore?.has(path)) return;
  if (Array.isArray(left) && Array.isArray(right)) {
    if (left.length !== right.length) found.push({ path, left, right });
    else for (let index = 0; index < left.length; index++) walk(left[index], right[index], `${path}/${index}`, options, found);
    return;
  }
  if (isObject(left) && isObject(right)) {
    for (const key of Object.keys(left)) walk(left[key], right[key], `${path}/${pointerSegment(key)}`, options, found);
    if (!options.partial)
      for (const key of Object.keys(right))
        if (!Object.prototype.hasOwnProperty.call(left, key)) walk(undefined, right[key], `${path}/${pointerSegment(key)}`, options, found);
    return;
  }
  if (options.partial && left === null && right === undefined) return;
  if (!Object.is(left, right)) found.push({ path, left, right });
}
