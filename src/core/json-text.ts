/**
 * Reading JSON text from files: syntax errors, keys given twice and nesting
 * beyond {@link MAX_JSON_DEPTH} become issues located by line and column.
 * An issue never quotes the text around a fault, so a file that is not JSON
 * (`--pack secret.txt`) does not have its content printed.
 *
 * Packs and case files are read here. Batch lines are not: each is one
 * `JSON.parse`, where a key given twice keeps its last value (see
 * docs/security.md).
 *
 * @module
 */
import { MAX_JSON_DEPTH, PolicyError, type Issue } from "./errors.js";
import { positionAt, scanJsonText, type JsonTextFault, type Position } from "./json-positions.js";

/** An issue of a JSON text, and where in the text it is. */
export interface JsonTextProblem {
  readonly issue: Issue;
  readonly position: Position;
}

/** What reading a JSON text gives: its value, or the problem that stopped it, and any keys given twice. */
export interface JsonTextRead {
  /** The parsed value; `undefined` when `stop` is set. */
  readonly value: unknown;
  /** A syntax fault or nesting beyond the limit: the text has no value. */
  readonly stop: JsonTextProblem | undefined;
  /** Keys given twice in one object (the value keeps the last; the text is still refused). */
  readonly duplicates: readonly JsonTextProblem[];
}

const where = (position: Position) => `line ${position.line}, column ${position.column}`;

function problemOf(text: string, fault: JsonTextFault, source: string): JsonTextProblem {
  const position = positionAt(text, fault.offset);
  switch (fault.kind) {
    case "duplicate": {
      const key = JSON.stringify(fault.key ?? "");
      const shown = key.length > 40 ? `${key.slice(0, 37)}...` : key;
      return {
        position,
        issue: {
          code: "duplicate_key",
          path: fault.pointer,
          message: `${source}: the key ${shown} is given twice in the same object (${where(position)})`,
          expected: "each key once in an object",
          found: shown,
        },
      };
    }
    case "depth":
      return {
        position,
        issue: {
          code: "too_deep",
          path: fault.pointer,
          message: `${source} nests deeper than ${MAX_JSON_DEPTH} levels (${where(position)})`,
          expected: `at most ${MAX_JSON_DEPTH} levels of objects and lists`,
        },
      };
    case "syntax":
      return {
        position,
        issue: {
          code: "invalid_json",
          path: "",
          message: `${source} is not valid JSON: ${fault.expected ?? "a value"} was expected at ${where(position)}`,
          expected: "a JSON document",
        },
      };
  }
}

/**
 * Reads JSON text: its value, or the fault that stops it, and every key
 * given twice. Never throws, whatever the text.
 */
export function readJsonText(text: string, source: string): JsonTextRead {
  const scan = scanJsonText(text, { maxDepth: MAX_JSON_DEPTH });
  const duplicates = scan.duplicates.map((fault) => problemOf(text, fault, source));
  if (scan.stop) return { value: undefined, stop: problemOf(text, scan.stop, source), duplicates };
  try {
    return { value: JSON.parse(text) as unknown, stop: undefined, duplicates };
  } catch {
    // The scan accepts only JSON; this is a safety net, and says nothing of the text either.
    return { value: undefined, stop: problemOf(text, { kind: "syntax", offset: 0, pointer: "" }, source), duplicates };
  }
}

/**
 * Parses JSON text strictly: a syntax error (`invalid_json`), a key given
 * twice (`duplicate_key`) or nesting beyond {@link MAX_JSON_DEPTH}
 * (`too_deep`) is a {@link PolicyError} whose messages give the line and
 * column, never the text.
 *
 * @example
 * parseJsonText('{"a": 1, "a": 2}', "x.json"); // throws: x.json: the key "a" is given twice … (line 1, column 10)
 */
export function parseJsonText(text: string, source: string): unknown {
  const read = readJsonText(text, source);
  const problems = read.stop ? [...read.duplicates, read.stop] : read.duplicates;
  const [first, ...rest] = problems.map((problem) => problem.issue);
  if (first) throw new PolicyError([first, ...rest]);
  return read.value;
}
