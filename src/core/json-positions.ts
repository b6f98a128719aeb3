/**
 * Where each value of a JSON text sits: a map from JSON Pointer to line and
 * column, so a problem found in parsed JSON can be shown in the file.
 *
 * @module
 */

/** A place in a text; both numbers start at 1. */
export interface Position {
  readonly line: number;
  readonly column: number;
}

/** Line and column of a character offset. */
export function positionAt(text: string, offset: number): Position {
  let line = 1;
  let lineStart = 0;
  for (let index = 0; index < offset && index < text.length; index++) {
    if (text.charCodeAt(index) === 10) {
      line++;
      lineStart = index + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

const escapeSegment = (segment: string) => segment.replace(/~/g, "~0").replace(/\//g, "~1");

/** What a scan of JSON text stopped at, or a key it found twice. */
export interface JsonTextFault {
  /** `syntax`: not JSON; `depth`: nested too deep; `duplicate`: a key given twice in one object. */
  readonly kind: "syntax" | "depth" | "duplicate";
  /** Character offset of the fault (for a duplicate, its second key). */
  readonly offset: number;
  /** JSON Pointer of the value the fault is in (for a duplicate, the key's member). */
  readonly pointer: string;
  /** For a syntax fault, what the text should have had there (never what it had). */
  readonly expected?: string;
  /** For a duplicate, the key. */
  readonly key?: string;
}

/** The result of {@link scanJsonText}. */
export interface JsonTextScan {
  /** The fault that stopped the scan (syntax or depth); `undefined` for well-formed text. */
  readonly stop: JsonTextFault | undefined;
  /** Every key given twice in the same object, in text order. */
  readonly duplicates: readonly JsonTextFault[];
  /** Offsets of every pointer (and `<pointer>#key`), when asked for. */
  readonly offsets: Map<string, number> | undefined;
}

interface Container {
  readonly close: "}" | "]";
  readonly pointer: string;
  readonly keys: Set<string> | undefined;
  index: number;
}

const WHITESPACE = /[ \t\n\r]*/y;
const ESCAPE = /\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})/y;
const SCALAR = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/y;

/**
 * Scans JSON text (RFC 8259) without recursion: finds the first syntax fault,
 * a value nested deeper than `maxDepth` (a value at `/a/b` is at depth 2), and
 * every key given twice in one object; with `positions`, records the offset
 * of every value and key. Any text, of any depth, is safe to scan.
 */
export function scanJsonText(text: string, options: { readonly maxDepth: number; readonly positions?: boolean }): JsonTextScan {
  const offsets = options.positions ? new Map<string, number>() : undefined;
  const duplicates: JsonTextFault[] = [];
  const stack: Container[] = [];
  let index = 0;
  const skip = () => {
    WHITESPACE.lastIndex = index;
    WHITESPACE.test(text);
    index = WHITESPACE.lastIndex;
  };
  const take = (pattern: RegExp): boolean => {
    pattern.lastIndex = index;
    if (!pattern.test(text)) return false;
    index = pattern.lastIndex;
    return true;
  };
  /** Reads a string at `index` (a loop, not one regular expression: strings may be long). */
  const takeString = (): boolean => {
    let at = index + 1;
    for (;;) {
      const code = text.charCodeAt(at);
      if (Number.isNaN(code) || code < 0x20) return false;
      if (code === 0x22) break;
      if (code === 0x5c) {
        ESCAPE.lastIndex = at;
        if (!ESCAPE.test(text)) return false;
        at = ESCAPE.lastIndex;
      } else at++;
    }
    index = at + 1;
    return true;
  };
  const done = (stop?: JsonTextFault): JsonTextScan => ({ stop, duplicates, offsets });
  const syntax = (pointer: string, expected: string) => done({ kind: "syntax", offset: index, pointer, expected });
  /** Reads a member's key and colon; the pointer of its value, or a fault. */
  const readKey = (container: Container): string | JsonTextFault => {
    skip();
    const at = index;
    if (text[index] !== '"' || !takeString())
      return { kind: "syntax", offset: index, pointer: container.pointer, expected: "a key in double quotes" };
    const key = JSON.parse(text.slice(at, index)) as string;
    const pointer = `${container.pointer}/${escapeSegment(key)}`;
    if (container.keys?.has(key)) duplicates.push({ kind: "duplicate", offset: at, pointer, key });
    container.keys?.add(key);
    offsets?.set(`${pointer}#key`, at);
    skip();
    if (text[index] !== ":") return { kind: "syntax", offset: index, pointer, expected: "':'" };
    index++;
    return pointer;
  };
  let pointer = "";
  for (;;) {
    // A value at `pointer`.
    skip();
    offsets?.set(pointer, index);
    if (stack.length > options.maxDepth) return done({ kind: "depth", offset: index, pointer });
    const char = text[index];
    if (char === "{" || char === "[") {
      index++;
      const container: Container = { close: char === "{" ? "}" : "]", pointer, keys: char === "{" ? new Set() : undefined, index: 0 };
      skip();
      if (text[index] === container.close) {
        index++;
      } else {
        stack.push(container);
        if (container.keys) {
          const next = readKey(container);
          if (typeof next !== "string") return done(next);
          pointer = next;
        } else {
          pointer = `${pointer}/0`;
        }
        continue;
      }
    } else if (!(char === '"' ? takeString() : take(SCALAR))) {
      return syntax(pointer, index >= text.length ? "a value (the text ended)" : "a value");
    }
    // After a value: a comma, or the end of its containers.
    for (;;) {
      skip();
      const container = stack[stack.length - 1];
      if (container === undefined) return index === text.length ? done() : syntax(pointer, "the end of the text");
      const next = text[index];
      if (next === ",") {
        index++;
        if (container.keys) {
          const key = readKey(container);
          if (typeof key !== "string") return done(key);
          pointer = key;
        } else {
          container.index++;
          pointer = `${container.pointer}/${container.index}`;
        }
        break;
      }
      if (next !== container.close)
        return syntax(container.pointer, `',' or '${container.close}'${index >= text.length ? " (the text ended)" : ""}`);
      index++;
      stack.pop();
      pointer = container.pointer;
    }
  }
}

/**
 * Maps every JSON Pointer of a valid JSON text to the position of its value;
 * an object member's key is also mapped, under `<pointer>#key`.
 */
export function jsonPositions(text: string): Map<string, Position> {
  const offsets = scanJsonText(text, { maxDepth: Number.POSITIVE_INFINITY, positions: true }).offsets as Map<string, number>;
  const positions = new Map<string, Position>();
  // One pass over the text for all offsets, in order.
  const sorted = [...offsets.entries()].sort((a, b) => a[1] - b[1]);
  let line = 1;
  let lineStart = 0;
  let cursor = 0;
  for (const [pointer, offset] of sorted) {
    for (; cursor < offset; cursor++) {
      if (text.charCodeAt(cursor) === 10) {
        line++;
        lineStart = cursor + 1;
      }
    }
    positions.set(pointer, { line, column: offset - lineStart + 1 });
  }
  return positions;
}

/**
 * The position of a pointer: its value, or its key with `atKey` (an unknown
 * key is best shown at the key); for a pointer that does not exist (a missing
 * field), the key of its nearest existing parent.
 */
export function positionOf(positions: ReadonlyMap<string, Position>, pointer: string, atKey = false): Position | undefined {
  const own = atKey ? (positions.get(`${pointer}#key`) ?? positions.get(pointer)) : positions.get(pointer);
  if (own) return own;
  let current = pointer;
  for (;;) {
    const found = positions.get(`${current}#key`) ?? positions.get(current);
    if (found) return found;
    if (current === "") return undefined;
    current = current.slice(0, current.lastIndexOf("/"));
  }
}
