/**
 * A worker thread of `fdr batch --workers N`: evaluates the lines it is sent
 * with the same function as the main thread, so output is byte-identical.
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
import { encodeLine, Summary, unpackLines, type PackedLines, type RecordOptions } from "../batch/batch.js";
import { loadPack } from "../pack/load.js";
import { LineEncoder } from "../batch/record.js";

interface Setup {
  readonly pack: string | object;
  readonly options: RecordOptions;
}

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

parentPort?.on("message", (message: { seq: number; lines: PackedLines } | { done: true }) => {
  if ("done" in message) {
    parentPort?.postMessage({ summary: summary.data() });
    return;
  }
  if (exitAfter !== undefined && evaluated >= exitAfter) process.exit(3);
  if (throwAfter !== undefined && evaluated >= throwAfter) throw new Error(`FDR_TEST_WORKER_THROW_AFTER: stopped after ${evaluated} lines (test-only switch)`);
  for (const raw of unpackLines(message.lines)) encodeLine(pack, raw, setup.options, encoder, summary);
  evaluated += message.lines.count;
  const { lines, errors } = encoder;
  parentPort?.postMessage({ seq: message.seq, bytes: encoder.take(), lines, errors });
});
