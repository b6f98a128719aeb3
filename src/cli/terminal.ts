/**
 * Text for a terminal: values from cases and packs (a resident id, a case
 * name, a rule's note) may hold control characters — an ESC sequence that
 * recolours or retitles the terminal, BEL, a carriage return that overwrites
 * a line, NUL, or a bidirectional override (U+202E) that shows text in a
 * different order. Everything the CLI writes as text goes through
 * {@link terminalSafe}; JSON output is escaped by JSON itself.
 *
 * @module
 */

/**
 * C0 controls but tab and line feed, DEL, C1 controls, the bidirectional
 * marks, embeddings, overrides and isolates, and the line and paragraph separators.
 */
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * The text with every character that could control a terminal written as a
 * `\uXXXX` escape, as JSON writes it; line feeds and tabs are kept.
 *
 * @example
 * terminalSafe("R\u001b[31m1"); //=> "R\\u001b[31m1"
 */
export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
