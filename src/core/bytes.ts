/**
 * Bytes, as every JavaScript runtime has them: `Uint8Array` only, no Node
 * `Buffer`, so that code reading lines runs in a browser or a worker too.
 *
 * Knows no family doctor.
 *
 * @module
 */

/**
 * The pieces joined into one array (the piece itself when there is one, an
 * empty array when there is none).
 *
 * @example
 * concatBytes([Uint8Array.of(1), Uint8Array.of(2, 3)]); //=> Uint8Array [1, 2, 3]
 */
export function concatBytes(pieces: readonly Uint8Array[]): Uint8Array {
  if (pieces.length === 1) return pieces[0] as Uint8Array;
  let length = 0;
  for (const piece of pieces) length += piece.length;
  const joined = new Uint8Array(length);
  let at = 0;
  for (const piece of pieces) {
    joined.set(piece, at);
    at += piece.length;
  }
  return joined;
}

/**
 * Buffers handed back for reuse once their bytes are written or read — a
 * thread that receives a new buffer for every block and allocates little
 * else frees them only by full garbage collections. Keeps at most `limit`;
 * when full, a buffer handed back replaces the smallest kept if it is larger.
 *
 * @example
 * const spares = new SpareBuffers();
 * spares.give(new ArrayBuffer(1024));
 * spares.take(512)?.byteLength; //=> 1024 (taken off the list)
 * spares.take(512); //=> undefined
 */
export class SpareBuffers {
  private readonly kept: ArrayBuffer[] = [];

  constructor(private readonly limit = 8) {}

  /** A kept buffer of at least `size` bytes, taken off the list; `undefined` when none is that big. */
  take(size: number): ArrayBuffer | undefined {
    const index = this.kept.findIndex((buffer) => buffer.byteLength >= size);
    return index < 0 ? undefined : this.kept.splice(index, 1)[0];
  }

  /** Keeps `buffer` for a later `take` (an empty or detached one is dropped). */
  give(buffer: ArrayBuffer): void {
    if (buffer.byteLength === 0) return;
    if (this.kept.length < this.limit) {
      this.kept.push(buffer);
      return;
    }
    let smallest = 0;
    for (let index = 1; index < this.kept.length; index++)
      if ((this.kept[index] as ArrayBuffer).byteLength < (this.kept[smallest] as ArrayBuffer).byteLength) smallest = index;
    if ((this.kept[smallest] as ArrayBuffer).byteLength < buffer.byteLength) this.kept[smallest] = buffer;
  }

  /** How many buffers are kept. */
  get size(): number {
    return this.kept.length;
  }
}
