/**
 * Blocks of whole lines (src/batch/blocks.ts), which worker threads split
 * themselves, against the plain line splitter reading the whole stream: the
 * same lines, numbers and errors, whatever the bytes, the chunking of the
 * input, the block sizes and the lines skipped.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MAX_LINE_BYTES, readLineChunks, type LineEncoding, type RawLine } from "../../src/batch/batch.js";
import { blockLines, cutBlocks, type LineBlock } from "../../src/batch/blocks.js";
import { SpareBuffers } from "../../src/core/bytes.js";

async function* chunksOf(bytes: Uint8Array, sizes: readonly number[]): AsyncGenerator<Uint8Array> {
  let at = 0;
  for (let index = 0; at < bytes.length; index++) {
    const size = sizes.length === 0 ? bytes.length : (sizes[index % sizes.length] as number);
    yield bytes.subarray(at, at + size);
    at += size;
  }
}

async function plain(bytes: Uint8Array, encoding: LineEncoding): Promise<RawLine[]> {
  const lines: RawLine[] = [];
  for await (const group of readLineChunks(chunksOf(bytes, []), { encoding })) lines.push(...group);
  return lines;
}

async function viaBlocks(
  bytes: Uint8Array,
  sizes: readonly number[],
  encoding: LineEncoding,
  options: { minBytes: number; maxBytes: number; skipLines: number },
  groupBytes = 65536,
  recycle = false,
): Promise<{ lines: RawLine[]; blocks: LineBlock[]; skipped: number; reused: number }> {
  let skipped = 0;
  let reused = 0;
  const blocks: LineBlock[] = [];
  const lines: RawLine[] = [];
  const spares = new SpareBuffers(64);
  const handedBack = new Set<ArrayBuffer>();
  for await (const block of cutBlocks(chunksOf(bytes, sizes), {
    ...options,
    onSkipped: (count) => (skipped += count),
    ...(recycle ? { spares } : {}),
  })) {
    // Each block must be transferable: its bytes start their own buffer (a handed-back one may be longer).
    const buffer = block.bytes.buffer as ArrayBuffer;
    expect(block.bytes.byteOffset).toBe(0);
    if (handedBack.has(buffer)) reused++;
    else expect(block.bytes.byteLength).toBe(buffer.byteLength);
    blocks.push({ ...block, bytes: block.bytes.slice() });
    lines.push(...(await blockLines(block, encoding, groupBytes)));
    if (recycle) {
      // As a worker hands a block back once its lines are read; stale bytes must never reach a later block.
      new Uint8Array(buffer).fill(0x7b);
      handedBack.add(buffer);
      spares.give(buffer);
    }
  }
  return { lines, blocks, skipped, reused };
}

const encoder = new TextEncoder();
/** Pieces of NDJSON-like input, awkward ones included: CR, CRLF, BOMs, invalid UTF-8, GB18030 bytes, blank lines. */
const piece = fc.oneof(
  { weight: 6, arbitrary: fc.string({ maxLength: 40 }).map((text) => encoder.encode(JSON.stringify({ text }))) },
  { weight: 2, arbitrary: fc.constantFrom("\n", "\r\n", "\r", "\n\n", "\r\r\n").map((text) => encoder.encode(text)) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      Uint8Array.of(0xef, 0xbb, 0xbf),
      Uint8Array.of(0xff, 0xfe),
      Uint8Array.of(0xc4, 0xe3, 0xba, 0xc3),
      Uint8Array.of(0x80),
      Uint8Array.of(0xe4, 0xb8),
    ),
  },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 12 }) },
);
const input = fc.array(piece, { maxLength: 60 }).map((pieces) => {
  const bytes = new Uint8Array(pieces.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of pieces) {
    bytes.set(part, at);
    at += part.length;
  }
  return bytes;
});

describe("blocks of whole lines", () => {
  it("give the plain splitter's lines, numbers and errors, whatever the chunking, block sizes, groups split at a time and lines skipped", async () => {
    await fc.assert(
      fc.asyncProperty(
        input,
        fc.array(fc.integer({ min: 1, max: 64 }), { maxLength: 5 }),
        fc.integer({ min: 1, max: 64 }),
        fc.integer({ min: 1, max: 256 }),
        fc.nat(12),
        fc.constantFrom<LineEncoding>("utf-8", "gb18030"),
        fc.integer({ min: 1, max: 96 }),
        fc.boolean(),
        async (bytes, sizes, minBytes, extra, skipLines, encoding, groupBytes, recycle) => {
          const expected = await plain(bytes, encoding);
          const { lines, blocks, skipped } = await viaBlocks(
            bytes,
            sizes,
            encoding,
            { minBytes, maxBytes: minBytes + extra, skipLines },
            groupBytes,
            recycle,
          );
          expect(skipped).toBe(Math.min(skipLines, expected.length));
          expect(lines).toEqual(expected.slice(skipLines));
          // Blocks follow each other: each starts where the one before ended.
          for (let index = 1; index < blocks.length; index++)
            expect(blocks[index]?.first).toBe((blocks[index - 1]?.first ?? 0) + (blocks[index - 1]?.lines ?? 0));
        },
      ),
      { numRuns: 400 },
    );
  });

  it("are cut into buffers handed back by their reader, with the same lines, when the buffers are big enough", async () => {
    const text = Array.from({ length: 5000 }, (_, index) => JSON.stringify({ line: index, pad: "x".repeat(index % 50) })).join("\n") + "\n";
    const options = { minBytes: 1024, maxBytes: 16 * 1024, skipLines: 3 };
    const fresh = await viaBlocks(encoder.encode(text), [1000], "utf-8", options);
    const recycled = await viaBlocks(encoder.encode(text), [1000], "utf-8", options, 65536, true);
    expect(recycled.lines).toEqual(fresh.lines);
    expect(recycled.blocks).toEqual(fresh.blocks);
    // Once the blocks reach their largest size, most fit in a buffer handed back.
    expect(recycled.reused).toBeGreaterThan(recycled.blocks.length / 2);
    expect(fresh.reused).toBe(0);
  });

  it("grow from the first size to the largest and end only at line ends", async () => {
    const text = Array.from({ length: 5000 }, (_, index) => JSON.stringify({ line: index })).join("\n") + "\n";
    const { blocks } = await viaBlocks(encoder.encode(text), [1000], "utf-8", { minBytes: 1024, maxBytes: 16 * 1024, skipLines: 0 });
    expect(blocks.length).toBeGreaterThan(4);
    expect(blocks[0]?.bytes.length).toBeLessThan(2 * 1024 + 100);
    expect(Math.max(...blocks.map((block) => block.bytes.length))).toBeLessThan(16 * 1024 + 1000);
    expect(Math.max(...blocks.map((block) => block.bytes.length))).toBeGreaterThanOrEqual(16 * 1024);
    for (const block of blocks) expect(block.bytes[block.bytes.length - 1]).toBe(10);
    expect(blocks.reduce((sum, block) => sum + block.lines, 0)).toBe(5000);
  });

  it("keep an overlong line only up to one byte past the limit: the same error, memory bounded", async () => {
    const long = new Uint8Array(3 * MAX_LINE_BYTES).fill(0x61);
    for (const [name, bytes] of [
      ["LF", concat(encoder.encode('{"a":1}\n'), long, encoder.encode('\n{"b":2}\n'))],
      ["CRLF", concat(encoder.encode('{"a":1}\r\n'), long, encoder.encode('\r\n{"b":2}'))],
      ["lone CR", concat(encoder.encode('{"a":1}\r'), long, encoder.encode('\r{"b":2}\r'))],
      ["at the end", concat(encoder.encode('{"a":1}\n'), long)],
      [
        "exactly the limit",
        concat(
          encoder.encode('{"a":1}\n'),
          long.subarray(0, MAX_LINE_BYTES),
          encoder.encode("\n"),
          long.subarray(0, MAX_LINE_BYTES + 1),
          encoder.encode("\r\n"),
        ),
      ],
    ] as const) {
      const expected = await plain(bytes, "utf-8");
      const { lines, blocks } = await viaBlocks(bytes, [65536], "utf-8", { minBytes: 65536, maxBytes: 524288, skipLines: 0 });
      expect(lines, name).toEqual(expected);
      expect(Math.max(...blocks.map((block) => block.bytes.length)), name).toBeLessThanOrEqual(2 * MAX_LINE_BYTES + 65536 + 2);
    }
  });
});

function concat(...parts: Uint8Array[]): Uint8Array {
  const bytes = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    bytes.set(part, at);
    at += part.length;
  }
  return bytes;
}
