/**
 * The case in a link: `?pack=<id>&case=<base64url of the case's JSON>`.
 *
 * @module
 */

/** A value's JSON as base64url (UTF-8, no padding). */
export function encodeCase(value: unknown): string {
  const bytes = new TextEncoder().encode(JSON.stringify(value));
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/**
 * The JSON value in a base64url text (padding optional; `+` and `/` accepted
 * too). Throws a `SyntaxError` when the text is not base64 of UTF-8 JSON.
 */
export function decodeCase(text: string): unknown {
  const base64 = text.trim().replace(/-/g, "+").replace(/_/g, "/");
  const binary = atob(base64 + "=".repeat((4 - (base64.length % 4)) % 4));
  const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
  return JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
}

/** A link to the studio that opens a case's decision under a pack. */
export function caseLink(base: string, packId: string, value: unknown): string {
  const url = new URL(base);
  url.search = "";
  url.hash = "";
  url.searchParams.set("pack", packId);
  url.searchParams.set("case", encodeCase(value));
  return url.toString();
}
