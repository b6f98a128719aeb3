/**
 * A worker thread of `fdr batch --workers N`: evaluates the lines it is sent
 * with the same function as the main thread, so output is byte-identical.
 *
 * @module
 */
import { parentPort, workerData } from "node:worker_threads";
import { encodeLine, Summary, unpackLines, type PackedLines, type RecordOptions } from "../batch.js";
import { loadPack } from "../pack/load.js";
import { LineEncoder } from "../record.js";

interface Setup {
  readonly pack: string | object;
  readonly options: RecordOptions;
}

const setup = workerData as Setup;
const pack = loadPack(setup.pack);
const summary = new Summary();
const encoder = new LineEncoder();

parentPort?.on("message", (message: { seq: number; lines: PackedLines } | { done: true }) => {
  if ("done" in message) {
    parentPort?.postMessage({ summary: summary.data() });
    return;
  }
  for (const raw of unpackLines(message.lines)) encodeLine(pack, raw, setup.options, encoder, summary);
  const { lines, errors } = encoder;
  parentPort?.postMessage({ seq: message.seq, bytes: encoder.take(), lines, errors });
});
