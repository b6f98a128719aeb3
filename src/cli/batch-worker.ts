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
import { encodeLine, Summary, unpackLines, type LineEncoding, type PackedLines, type RawLine, type RecordOptions } from "../batch/batch.js";
import { blockGroups, type LineBlock } from "../batch/blocks.js";
import { loadPack } from "../pack/load.js";
import { LineEncoder } from "../batch/record.js";

interface Setup {
  readonly pack: string | object;
  readonly options: RecordOptions;
  /** How NDJSON blocks are decoded. */
  readonly encoding: LineEncoding;
}

/** What the main thread sends: a block of NDJSON bytes to split, packed records (CSV, .xlsx), or the end. */
export type ToBatchWorker =
  | { readonly seq: number; readonly block: LineBlock }
  | { readonly seq: number; readonly lines: PackedLines }
  | { readonly done: true };

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

/** Writes the records of `lines` into the encoder. */
function evaluate(lines: readonly RawLine[]): void {
  for (const raw of lines) encodeLine(pack, raw, setup.options, encoder, summary);
  evaluated += lines.length;
}

/** Evaluates one message's lines and sends their records back, the bytes transferred (not copied). */
async function handle(message: ToBatchWorker): Promise<void> {
  if ("done" in message) {
    parentPort?.postMessage({ summary: summary.data() });
    return;
  }
  if (exitAfter !== undefined && evaluated >= exitAfter) process.exit(3);
  if (throwAfter !== undefined && evaluated >= throwAfter)
    throw new Error(`FDR_TEST_WORKER_THROW_AFTER: stopped after ${evaluated} lines (test-only switch)`);
  if ("block" in message) {
    for await (const group of blockGroups(message.block, setup.encoding)) evaluate(group);
  } else evaluate(unpackLines(message.lines));
  const { lines: count, errors } = encoder;
  const bytes = encoder.take();
  // Transferred when the bytes have their ArrayBuffer to themselves (take() gives a fresh one), else copied.
  const own = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer;
  parentPort?.postMessage({ seq: message.seq, bytes, lines: count, errors }, own ? [bytes.buffer as ArrayBuffer] : []);
}

// One message at a time, in order; a failure is thrown outside the promise chain, so that the
// main thread gets the worker's error event.
let queue = Promise.resolve();
parentPort?.on("message", (message: ToBatchWorker) => {
  queue = queue
    .then(() => handle(message))
    .catch((error: unknown) => {
      setImmediate(() => {
        throw error;
      });
    });
});
