/**
 * A worker thread of `fdr batch --workers N`: evaluates the lines it is sent
 * with the same function as the main thread, so output is byte-identical.
 * NDJSON comes as blocks of whole lines (bytes, transferred), which the worker
 * splits and decodes itself, 64 KiB at a time (see `../batch/blocks.ts`); CSV
 * and .xlsx records come packed (`packRecordLines`). The records go back as
 * UTF-8 bytes, transferred.
 *
 * Test-only switches (environment variables, for the tests of a failing
 * worker; never set them in production):
 * - `FDR_TEST_WORKER_EXIT_AFTER=N`: the worker calls `process.exit(3)` when it
 *   is sent more lines after evaluating N, without an error event;
 * - `FDR_TEST_WORKER_THROW_AFTER=N`: the worker throws an error instead.
 *
 * @module
 */
import { parentPort, workerData } from "node:worker_threads";
import {
  encodeLines,
  Summary,
  unpackLines,
  type LineEncoding,
  type PackedLines,
  type RawLine,
  type RecordOptions,
} from "../batch/batch.js";
import { blockGroups, type LineBlock } from "../batch/blocks.js";
import { loadPack } from "../pack/load.js";
import { LineEncoder } from "../batch/record.js";
import { SpareBuffers } from "../core/bytes.js";

interface Setup {
  readonly pack: string | object;
  readonly options: RecordOptions;
  /** How NDJSON blocks are decoded. */
  readonly encoding: LineEncoding;
}

/**
 * What the main thread sends: a block of NDJSON bytes to split, packed
 * records (CSV, .xlsx), a buffer of records it has written (handed back for
 * the next records), or the end.
 */
export type ToBatchWorker =
  | { readonly seq: number; readonly block: LineBlock }
  | { readonly seq: number; readonly lines: PackedLines }
  | { readonly spare: ArrayBuffer }
  | { readonly done: true };

/** What a worker sends back: a job's records (and the buffer of its NDJSON block, for reuse), or its summary at the end. */
export type FromBatchWorker =
  | {
      readonly seq: number;
      /** The records, UTF-8, each line ending in LF: the view starts a buffer of the worker's own, to be handed back. */
      readonly bytes: Uint8Array;
      readonly lines: number;
      readonly errors: number;
      /** The block's buffer (NDJSON), its lines read. */
      readonly input: ArrayBuffer | undefined;
    }
  | { readonly summary: ReturnType<Summary["data"]> };

/** A test-only switch's line count, or undefined when it is not set. */
function testSwitch(name: string): number | undefined {
  const value = process.env[name];
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : undefined;
}

const exitAfter = testSwitch("FDR_TEST_WORKER_EXIT_AFTER");
const throwAfter = testSwitch("FDR_TEST_WORKER_THROW_AFTER");

const setup = workerData as Setup;
const pack = loadPack(setup.pack);
const summary = new Summary();
const encoder = new LineEncoder();
let evaluated = 0;
/** Buffers of records the main thread has written and handed back. */
const spares = new SpareBuffers();

/** Writes the records of `lines` into the encoder. */
function evaluate(lines: readonly RawLine[]): void {
  encodeLines(pack, lines, setup.options, encoder, summary);
  evaluated += lines.length;
}

/** Evaluates one message's lines and sends their records back, the bytes transferred (not copied). */
async function handle(message: Exclude<ToBatchWorker, { readonly spare: ArrayBuffer }>): Promise<void> {
  if ("done" in message) {
    parentPort?.postMessage({ summary: summary.data() } satisfies FromBatchWorker);
    return;
  }
  if (exitAfter !== undefined && evaluated >= exitAfter) process.exit(3);
  if (throwAfter !== undefined && evaluated >= throwAfter)
    throw new Error(`FDR_TEST_WORKER_THROW_AFTER: stopped after ${evaluated} lines (test-only switch)`);
  let input: ArrayBuffer | undefined;
  if ("block" in message) {
    for await (const group of blockGroups(message.block, setup.encoding)) evaluate(group);
    // Its lines are read: the block's buffer goes back to the main thread, for a later block.
    input = message.block.bytes.buffer as ArrayBuffer;
  } else evaluate(unpackLines(message.lines));
  const { lines: count, errors } = encoder;
  // A buffer of this worker's own (a spare, or a new one), transferred whole: the main thread hands it back once written.
  const bytes = encoder.takeInto(spares);
  const transfer = [bytes.buffer as ArrayBuffer, ...(input ? [input] : [])];
  parentPort?.postMessage({ seq: message.seq, bytes, lines: count, errors, input } satisfies FromBatchWorker, transfer);
}

// One message at a time, in order; a failure is thrown outside the promise chain, so that the
// main thread gets the worker's error event.
let queue = Promise.resolve();
parentPort?.on("message", (message: ToBatchWorker) => {
  if ("spare" in message) {
    spares.give(message.spare);
    return;
  }
  queue = queue
    .then(() => handle(message))
    .catch((error: unknown) => {
      setImmediate(() => {
        throw error;
      });
    });
});
