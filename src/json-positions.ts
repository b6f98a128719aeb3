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

/**
 * Maps every JSON Pointer of a valid JSON text to the position of its value;
 * an object member's key is also mapped, under `<pointer>#key`.
 */
export function jsonPositions(text: string): Map<string, Position> {
  const offsets = new Map<string, number>();
  let index = 0;
  const skip = () => {
    while (index < text.length && /\s/.test(text[index] as string)) index++;
  };
  const readString = (): string => {
    const start = index;
    index++;
    while (index < text.length && text[index] !== '"') index += text[index] === "\\" ? 2 : 1;
    index++;
    return JSON.parse(text.slice(start, index)) as string;
  };
  const value = (pointer: string): void => {
    skip();
    offsets.set(pointer, index);
    const char = text[index];
    if (char === "{") {
      index++;
      skip();
      if (text[index] === "}") {
        index++;
        return;
      }
      for (;;) {
        skip();
        const keyOffset = index;
        const key = readString();
        const child = `${pointer}/${escapeSegment(key)}`;
        offsets.set(`${child}#key`, keyOffset);
        skip();
        index++; // ':'
        value(child);
        skip();
        if (text[index++] === "}") return;
      }
    } else if (char === "[") {
      index++;
      skip();
      if (text[index] === "]") {
        index++;
        return;
      }
      for (let item = 0; ; item++) {
        value(`${pointer}/${item}`);
        skip();
        if (text[index++] === "]") return;
      }
    } else if (char === '"') {
      readString();
    } else {
      while (index < text.length && !/[\s,\]}]/.test(text[index] as string)) index++;
    }
  };
  value("");
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
  const own = atKey ? positions.get(`${pointer}#key`) ?? positions.get(pointer) : positions.get(pointer);
  if (own) return own;
  let current = pointer;
  for (;;) {
    const found = positions.get(`${current}#key`) ?? positions.get(current);
    if (found) return found;
    if (current === "") return undefined;
    current = current.slice(0, current.lastIndexOf("/"));
  }
}
