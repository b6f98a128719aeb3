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
