/**
 * NDJSON input cut into blocks of whole lines, for worker threads that split,
 * decode and evaluate the lines themselves.
 *
 * The reading thread only finds line ends: it counts them (so that each block
 * knows the number of its first line) and hands each block's bytes over in an
 * `ArrayBuffer` of their own, which `postMessage` can transfer without a copy.
 * A block split by {@link blockLines} gives exactly the lines, numbers and
 * errors that {@link readLineChunks} gives for the same bytes read as one
 * stream: lone CRs are turned into LFs before cutting (as the splitter does),
 * blocks end just after an LF (where the splitter carries nothing over), and
 * a line longer than {@link MAX_LINE_BYTES} is kept only up to one byte past
 * the limit (still too long: the same error), so memory stays bounded whatever
 * the input.
 *
 * @module
 */
import { loneCrAsLf, MAX_LINE_BYTES, readLineChunks, type LineEncoding, type RawLine } from "./batch.js";
import type { SpareBuffers } from "../core/bytes.js";

/** Whole lines of an NDJSON input, numbered. */
export interface LineBlock {
  /**
   * The block's bytes: whole lines, each ending in LF, but for the input's
   * last line when it has no line end. The view starts its own
   * `ArrayBuffer` (which may be longer: see `CutOptions.spares`), which may
   * be transferred.
   */
  readonly bytes: Uint8Array;
  /** The number of the block's first line (the input's first line is 1). */
  readonly first: number;
  /** How many lines the block holds. */
  readonly lines: number;
}

/** Options of {@link cutBlocks}. */
export interface CutOptions {
  /** The first block's size in bytes (about; a block ends at a line end); each next block doubles, up to `maxBytes`. Default 64 KiB. */
  readonly minBytes?: number;
  /** The largest block, in bytes (about). Default 256 KiB. */
  readonly maxBytes?: number;
  /** Lines to skip at the start (a resumed run: the records a partial file already holds). Default 0. */
  readonly skipLines?: number;
  /** Called with the number of lines skipped, as they are skipped. */
  readonly onSkipped?: (lines: number) => void;
  /**
   * Buffers of earlier blocks that their reader has handed back: a block is
   * copied into one that is big enough (taken off the list) instead of a new
   * buffer. The caller adds to the list as buffers come back.
   */
  readonly spares?: SpareBuffers;
}

const LF = 10;

/** How many LF bytes `bytes` holds. */
export function countLineFeeds(bytes: Uint8Array): number {
  let count = 0;
  for (let at = bytes.indexOf(LF); at >= 0; at = bytes.indexOf(LF, at + 1)) count++;
  return count;
}

/** Where the `count`-th line of `bytes` ends (just after its LF). */
function afterLines(bytes: Uint8Array, count: number): number {
  let at = -1;
  for (let seen = 0; seen < count; seen++) at = bytes.indexOf(LF, at + 1);
  return at + 1;
}

/** A copy of `parts` in one buffer of its own (transferable): one of `spares` when one is big enough. */
function joined(parts: readonly Uint8Array[], length: number, spares: SpareBuffers | undefined): Uint8Array {
  const spare = spares?.take(length);
  const bytes = spare ? new Uint8Array(spare, 0, length) : new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    bytes.set(part, at);
    at += part.length;
  }
  return bytes;
}

/**
 * Collects a byte stream into blocks of whole lines. Holds at most about one
 * block and one overlong line's first {@link MAX_LINE_BYTES} + 1 bytes.
 */
class BlockCutter {
  private parts: Uint8Array[] = [];
  private size = 0;
  /** Bytes of the pending data after its last LF (the line being read). */
  private tail = 0;
  /** Dropping the rest of an overlong line, up to its LF. */
  private dropping = false;
  private next = 1;
  private target: number;

  constructor(
    minBytes: number,
    private readonly maxBytes: number,
    private readonly spares: SpareBuffers | undefined,
  ) {
    this.target = minBytes;
  }

  /** The blocks that `chunk` completes. */
  push(input: Uint8Array): LineBlock[] {
    let chunk = input;
    if (this.dropping) {
      const end = chunk.indexOf(LF);
      if (end < 0) return [];
      this.dropping = false;
      chunk = chunk.subarray(end);
    }
    const last = chunk.lastIndexOf(LF);
    if (last < 0) return this.carry(chunk);
    this.add(chunk);
    this.tail = chunk.length - last - 1;
    return this.size - this.tail >= this.target ? [this.cut()] : [];
  }

  /** The last block, if any bytes are left. */
  end(): LineBlock | undefined {
    if (this.size === 0) return undefined;
    const bytes = joined(this.parts, this.size, this.spares);
    this.parts = [];
    this.size = this.tail = 0;
    const lines = countLineFeeds(bytes) + (bytes[bytes.length - 1] === LF ? 0 : 1);
    const block = { bytes, first: this.next, lines };
    this.next += lines;
    return block;
  }

  /** A chunk without LF: the line being read grows; past the limit, only its first bytes are kept. */
  private carry(chunk: Uint8Array): LineBlock[] {
    const room = MAX_LINE_BYTES + 1 - this.tail;
    if (chunk.length <= room) {
      this.add(chunk);
      this.tail += chunk.length;
      return [];
    }
    if (room > 0) this.add(chunk.subarray(0, room));
    this.tail += Math.max(room, 0);
    this.dropping = true;
    return [];
  }

  private add(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this.parts.push(chunk);
    this.size += chunk.length;
  }

  /** The pending whole lines as a block; the line being read (the end of the last part, which holds the last LF) is kept. */
  private cut(): LineBlock {
    const last = this.parts.pop() as Uint8Array;
    const whole = last.length - this.tail;
    this.parts.push(last.subarray(0, whole));
    const bytes = joined(this.parts, this.size - this.tail, this.spares);
    this.parts = this.tail === 0 ? [] : [last.subarray(whole)];
    this.size = this.tail;
    const lines = countLineFeeds(bytes);
    const block = { bytes, first: this.next, lines };
    this.next += lines;
    this.target = Math.min(this.target * 2, this.maxBytes);
    return block;
  }
}

/**
 * Cuts an NDJSON byte stream (UTF-8 or GB18030) into blocks of whole lines,
 * skipping `skipLines` lines first.
 */
export async function* cutBlocks(chunks: AsyncIterable<Uint8Array>, options: CutOptions = {}): AsyncGenerator<LineBlock> {
  const cutter = new BlockCutter(options.minBytes ?? 64 * 1024, options.maxBytes ?? 256 * 1024, options.spares);
  let skip = options.skipLines ?? 0;
  const skipped = (block: LineBlock): LineBlock | undefined => {
    if (skip === 0) return block;
    const take = Math.min(skip, block.lines);
    skip -= take;
    options.onSkipped?.(take);
    if (take === block.lines) return undefined;
    return { bytes: block.bytes.slice(afterLines(block.bytes, take)), first: block.first + take, lines: block.lines - take };
  };
  for await (const chunk of loneCrAsLf(chunks)) {
    for (const block of cutter.push(chunk)) {
      const kept = skipped(block);
      if (kept) yield kept;
    }
  }
  const last = cutter.end();
  const kept = last && skipped(last);
  if (kept) yield kept;
}

/** Bytes of a block split at a time by {@link blockGroups}: a worker evaluates each group before splitting the next, so few lines are alive at once. */
const GROUP_BYTES = 64 * 1024;

/**
 * The lines of a block in groups (about `groupBytes` of input each), as
 * {@link readLineChunks} gives them for the whole input: the same texts,
 * numbers and unreadable lines.
 *
 * @throws RangeError when the block does not hold the lines it says (a bug, never bad input).
 */
export async function* blockGroups(
  block: LineBlock,
  encoding: LineEncoding = "utf-8",
  groupBytes = GROUP_BYTES,
): AsyncGenerator<RawLine[]> {
  async function* slices(): AsyncGenerator<Uint8Array> {
    for (let at = 0; at < block.bytes.length; at += groupBytes) yield block.bytes.subarray(at, at + groupBytes);
  }
  let count = 0;
  for await (const group of readLineChunks(slices(), { encoding, firstLine: block.first })) {
    count += group.length;
    yield group;
  }
  if (count !== block.lines) throw new RangeError(`a block of ${block.lines} lines from line ${block.first} split into ${count} lines`);
}

/** Every line of a block at once (see {@link blockGroups}). */
export async function blockLines(block: LineBlock, encoding: LineEncoding = "utf-8", groupBytes = GROUP_BYTES): Promise<RawLine[]> {
  const lines: RawLine[] = [];
  for await (const group of blockGroups(block, encoding, groupBytes)) for (const line of group) lines.push(line);
  return lines;
}
