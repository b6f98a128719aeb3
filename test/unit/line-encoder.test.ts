/**
 * The batch's output blocks (src/batch/record.ts `LineEncoder`): `takeInto`
 * copies the lines into a buffer handed back once written, and gives the same
 * bytes as `take`.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LineEncoder } from "../../src/batch/record.js";
import { SpareBuffers } from "../../src/core/bytes.js";

function encoderWith(lines: readonly string[]): LineEncoder {
  const encoder = new LineEncoder();
  for (const line of lines) encoder.line(line);
  return encoder;
}

const lines = ['{"residentId":"R1"}', '{"line":2,"errors":[]}', '{"residentId":"张三"}'];
const expected = Buffer.from(lines.map((line) => `${line}\n`).join(""));

describe("LineEncoder.takeInto", () => {
  it("uses a handed-back buffer that is big enough, takes it off the list, and gives the same bytes as take()", () => {
    const small = new ArrayBuffer(8);
    const big = new ArrayBuffer(4096);
    new Uint8Array(big).fill(0x7b);
    const spares = new SpareBuffers();
    spares.give(small);
    spares.give(big);
    const encoder = encoderWith(lines);
    const bytes = encoder.takeInto(spares);
    expect(bytes.buffer).toBe(big);
    expect(bytes.byteOffset).toBe(0);
    expect(Buffer.from(bytes).equals(expected)).toBe(true);
    expect(spares.size).toBe(1);
    expect(spares.take(1)).toBe(small);
    // The encoder starts afresh, as after take().
    expect(encoder.lines).toBe(0);
    expect(Buffer.from(encoderWith(lines).take()).equals(expected)).toBe(true);
  });

  it("allocates a buffer with room to spare when none fits, starting at offset 0 (transferable)", () => {
    const spares = new SpareBuffers();
    spares.give(new ArrayBuffer(4));
    const bytes = encoderWith(lines).takeInto(spares);
    expect(spares.size).toBe(1);
    expect(bytes.byteOffset).toBe(0);
    expect(bytes.buffer.byteLength).toBeGreaterThan(bytes.byteLength);
    expect(Buffer.from(bytes).equals(expected)).toBe(true);
    // The error count is kept per block, and reset.
    const encoder = encoderWith(lines);
    expect(encoder.errors).toBe(1);
    encoder.takeInto(new SpareBuffers());
    expect(encoder.errors).toBe(0);
  });
});

describe("SpareBuffers", () => {
  it("keeps at most its limit, and when full keeps the larger buffers", () => {
    const spares = new SpareBuffers(2);
    spares.give(new ArrayBuffer(10));
    spares.give(new ArrayBuffer(30));
    spares.give(new ArrayBuffer(20)); // replaces the 10
    spares.give(new ArrayBuffer(5)); // smaller than both: dropped
    spares.give(new ArrayBuffer(0)); // detached or empty: dropped
    expect(spares.size).toBe(2);
    expect(spares.take(25)?.byteLength).toBe(30);
    expect(spares.take(25)).toBeUndefined();
    expect(spares.take(1)?.byteLength).toBe(20);
    expect(spares.size).toBe(0);
  });
});

describe("LineEncoder.filled", () => {
  /** Texts of every kind a hole may hold: ASCII, Chinese, astral characters, lone surrogates, short and long. */
  const text = fc.oneof(
    fc.string({ maxLength: 80 }),
    fc.string({ unit: "binary", maxLength: 80 }),
    fc.constantFrom("", "R1", '"2023-06-01"', "张三", "a张", "ab\ud83d\ude00c", "x\ud800", "\udc00y", "é".repeat(70), "a".repeat(65)),
  );

  it("gives the bytes of Buffer.from for every text, ASCII copied char by char or not", () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ maxLength: 20 }), { minLength: 1, maxLength: 6 }),
        fc.array(text, { maxLength: 6 }),
        (segments, texts) => {
          const holes = texts.slice(0, segments.length - 1);
          const encoder = new LineEncoder();
          encoder.filled(segments, holes);
          encoder.filled(segments, holes);
          const one = Buffer.concat(segments.flatMap((segment, index) => [Buffer.from(segment), Buffer.from(holes[index] ?? "")]));
          const expected = Buffer.concat([one, Buffer.from("\n"), one, Buffer.from("\n")]);
          expect(Buffer.from(encoder.take()).equals(expected)).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
