/**
 * Freezing values all the way down. Knows nothing of the library.
 *
 * Frozen means only that: a frozen object is not thereby *shared* between
 * decisions (the batch layer registers what it shares, `batch/shared.ts`).
 *
 * @module
 */

/**
 * Freezes a value and everything in it, and returns it. An object that is
 * already frozen is still walked, so that nothing mutable hides under a
 * frozen parent; each object is visited once (cycles end).
 *
 * @example
 * const pack = deepFreeze(structuredClone(data));
 */
export function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== "object") return value;
  const seen = new Set<object>();
  const stack: object[] = [value as object];
  while (stack.length > 0) {
    const next = stack.pop() as object;
    if (seen.has(next)) continue;
    seen.add(next);
    Object.freeze(next);
    for (const child of Object.values(next)) if (child !== null && typeof child === "object") stack.push(child);
  }
  return value;
}
