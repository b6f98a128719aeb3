/**
 * Freezing values all the way down. Knows nothing of the library.
 *
 * @module
 */

/**
 * Freezes a value and everything in it, and returns it. An object that is
 * already frozen is taken to be frozen all through and left as it is.
 *
 * @example
 * const pack = deepFreeze(structuredClone(data));
 */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
