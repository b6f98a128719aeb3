/**
 * JSON text of a decision made with shared trace entries (the batch layer's
 * sharing tracer): each shared part is written once and its text reused. The same text as
 * `JSON.stringify` (same keys, same order), a test holds it so.
 *
 * @module
 */
import { isShared } from "../batch/shared.js";
import { WeakMemo } from "../core/memo.js";

const texts = new WeakMemo<object, string>();

/** `JSON.stringify(value)` for plain JSON data, reusing the text of shared parts. */
export function sharedJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (isShared(value)) return texts.getOr(value, () => JSON.stringify(value));
  if (Array.isArray(value)) {
    let text = "[";
    for (let index = 0; index < value.length; index++) text += (index === 0 ? "" : ",") + sharedJson(value[index]);
    return text + "]";
  }
  let text = "{";
  let first = true;
  for (const key in value) {
    const field = (value as Record<string, unknown>)[key];
    if (field === undefined || typeof field === "function") continue;
    text += (first ? "" : ",") + JSON.stringify(key) + ":" + sharedJson(field);
    first = false;
  }
  return text + "}";
}
