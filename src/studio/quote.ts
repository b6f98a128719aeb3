/**
 * Finding a pack's quotation in its source text.
 *
 * @module
 */

/**
 * Where a quotation sits in a text, ignoring differences of white space (the
 * packs quote sentences whose spaces and line breaks differ from the text's).
 *
 * @example
 * findQuote("甲乙\n丙丁", "乙丙"); //=> { start: 1, end: 4 }
 */
export function findQuote(text: string, quote: string): { start: number; end: number } | undefined {
  const chars = [...quote.replace(/\s+/g, "")];
  if (chars.length === 0) return undefined;
  const pattern = chars.map((char) => char.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("\\s*");
  const match = new RegExp(pattern, "u").exec(text);
  return match ? { start: match.index, end: match.index + match[0].length } : undefined;
}
