/**
 * `fdr batch`: a stream of cases in, one line per record out, in order.
 *
 * @module
 */
import { createReadStream, createWriteStream, statSync, writeFileSync } from "node:fs";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { Worker } from "node:worker_threads";
import type { Readable, Writable } from "node:stream";
import { csvHeader, encodeLine, packLines, readLineChunks, Summary, type RawLine, type RecordOptions } from "../../batch.js";
import { checkCoverage } from "../../coverage.js";
import { PolicyError } from "../../errors.js";
import type { Pack } from "../../pack/load.js";
import { LineEncoder } from "../../record.js";

/** The streams a batch reads and writes. */
export interface BatchStreams {
  readonly stdin: Readable;
  readonly stdout: Writable;
  readonly stderr: Writable & { isTTY?: boolean };
}

const IN_FLIGHT_PER_WORKER = 4;
/** Bytes of output the file may hold unwritten while the next lines are evaluated. */
const WRITE_BUFFER = 1024 * 1024;

function usage(message: string): PolicyError {
  return new PolicyError([{ code: "invalid_arguments", path: "", message }]);
}

/** Lines encoded as UTF-8, and how many of them there are. */
interface EncodedLines {
  readonly bytes: Uint8Array;
  readonly lines: number;
  readonly errors: number;
}

function takeLines(encoder: LineEncoder): EncodedLines {
  const { lines, errors } = encoder;
  return { bytes: encoder.take(), lines, errors };
}

class Output {
  closed = false;
  records = 0;
  errors = 0;
  constructor(private readonly stream: Writable) {
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EPIPE" || error.code === "ERR_STREAM_DESTROYED") this.closed = true;
      else throw error;
    });
  }
  /** Writes encoded lines: `lines` of them, `errors` of which are error records. */
  async write(block: EncodedLines): Promise<void> {
    this.records += block.lines;
    this.errors += block.errors;
    if (this.closed || block.bytes.length === 0) return;
    if (!this.stream.write(block.bytes)) await this.drained();
  }
  /** Waits until the stream takes more, or closes; leaves no listener behind. */
  private drained(): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        this.stream.off("drain", done);
        this.stream.off("close", done);
        resolve();
      };
      this.stream.on("drain", done);
      this.stream.on("close", done);
    });
  }
  async end(): Promise<void> {
    if (this.closed || this.stream === process.stdout) return;
    this.stream.end();
    await once(this.stream, "finish");
  }
}

class Progress {
  private last = 0;
  private readonly started = Date.now();
  constructor(private readonly stderr: BatchStreams["stderr"], private readonly totalBytes: number | undefined) {}
  tick(records: number, bytes: number): void {
    if (!this.stderr.isTTY) return;
    const now = Date.now();
    if (now - this.last < 250) return;
    this.last = now;
    const seconds = (now - this.started) / 1000;
    const rate = Math.round(records / Math.max(seconds, 0.001));
    const share = this.totalBytes ? bytes / this.totalBytes : undefined;
    const eta = share && share > 0 ? ` · ETA ${Math.max(0, Math.round(seconds / share - seconds))} s` : "";
    const percent = share !== undefined ? ` · ${(share * 100).toFixed(1)} %` : "";
    this.stderr.write(`\r${records.toLocaleString("en")} records · ${rate.toLocaleString("en")}/s${percent}${eta}   `);
  }
  done(): void {
    if (this.stderr.isTTY) this.stderr.write("\n");
  }
}

async function* counted(source: AsyncIterable<Uint8Array>, onBytes: (bytes: number) => void): AsyncGenerator<Uint8Array> {
  for await (const chunk of source) {
    onBytes(chunk.length);
    yield chunk;
  }
}

/** Runs `fdr batch`. Resolves to the exit code. */
export async function commandBatch(args: string[], streams: BatchStreams, resolvePack: (idOrPath: string) => { pack: Pack; source: string | object }): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      pack: { type: "string" },
      out: { type: "string" },
      format: { type: "string" },
      trace: { type: "string", default: "compact" },
      workers: { type: "string", default: "1" },
      summary: { type: "string" },
    },
    allowPositionals: true,
  });
  if (!values.pack) throw usage("fdr batch needs --pack <id|path>");
  if (positionals.length !== 1) throw usage("fdr batch needs one input file (NDJSON or CSV), or - for standard input");
  const trace = values.trace;
  if (trace !== "compact" && trace !== "full") throw usage("--trace takes compact or full");
  const workers = Number(values.workers);
  if (!Number.isInteger(workers) || workers < 1 || workers > 64) throw usage("--workers takes a whole number from 1 to 64");
  const input = positionals[0] as string;
  const format = values.format ?? (input.toLowerCase().endsWith(".csv") ? "csv" : "ndjson");
  if (format !== "csv" && format !== "ndjson") throw usage("--format takes ndjson or csv");
  const { pack, source } = resolvePack(values.pack);

  let totalBytes: number | undefined;
  if (input !== "-") {
    try {
      totalBytes = statSync(input).size;
    } catch (error) {
      throw new PolicyError([{ code: "io_error", path: "", message: `cannot read ${input}: ${(error as Error).message}` }]);
    }
  }
  let bytes = 0;
  const reader = input === "-" ? streams.stdin : createReadStream(input);
  const groups = readLineChunks(counted(reader as AsyncIterable<Uint8Array>, (count) => (bytes += count)));
  const output = new Output(values.out ? createWriteStream(values.out, { highWaterMark: WRITE_BUFFER }) : streams.stdout);
  const progress = new Progress(streams.stderr, totalBytes);
  const summary = new Summary();

  let options: RecordOptions = { trace, format };
  let lines: AsyncIterable<RawLine[]> = groups;
  if (format === "csv") {
    const first = await groups.next();
    const header = first.done ? undefined : first.value[0];
    if (!header || "error" in header) throw new PolicyError([{ code: "invalid_value", path: "", message: "the CSV input has no readable header row", expected: "a header row naming the columns" }]);
    options = { ...options, columns: csvHeader(header.text) };
    lines = prepend((first.value as RawLine[]).slice(1), groups);
  }

  if (workers === 1) {
    const encoder = new LineEncoder();
    for await (const group of lines) {
      for (const raw of group) encodeLine(pack, raw, options, encoder, summary);
      await output.write(takeLines(encoder));
      progress.tick(output.records, bytes);
      if (output.closed) break;
    }
  } else {
    await runWorkers(workers, source, options, lines, output, summary, () => progress.tick(output.records, bytes));
  }
  progress.done();
  await output.end();
  if (values.summary && !output.closed) {
    const data = summary.data(pack.data.priorityGroups.map((group) => group.id));
    const coverage = checkCoverage(pack, { signed: data.signed, residents: data.eligible, prioritySigned: data.priority.signed, priorityResidents: data.priority.residents });
    writeFileSync(values.summary, JSON.stringify({ pack: pack.id, packVersion: pack.version, packHash: pack.hash, ...data, coverage }, null, 2) + "\n");
  }
  streams.stderr.write(JSON.stringify({ records: output.records, decisions: output.records - output.errors, errors: output.errors, ...(output.closed ? { outputClosed: true } : {}) }) + "\n");
  return 0;
}

/** `rest`, with `first` before it when it is not empty. */
async function* prepend(first: RawLine[], rest: AsyncIterable<RawLine[]>): AsyncGenerator<RawLine[]> {
  if (first.length > 0) yield first;
  yield* rest;
}

async function runWorkers(
  count: number,
  source: string | object,
  options: RecordOptions,
  lines: AsyncIterable<RawLine[]>,
  output: Output,
  summary: Summary,
  tick: () => void,
): Promise<void> {
  const script = fileURLToPath(new URL("./batch-worker.js", import.meta.url));
  const pool = Array.from({ length: count }, () => new Worker(script, { workerData: { pack: source, options } }));
  const results = new Map<number, EncodedLines>();
  const waiting = new Map<number, () => void>();
  let failure: Error | undefined;
  for (const worker of pool) {
    worker.on("message", (message: { seq?: number } & Partial<EncodedLines>) => {
      if (message.seq !== undefined && message.bytes) {
        results.set(message.seq, { bytes: message.bytes, lines: message.lines ?? 0, errors: message.errors ?? 0 });
        waiting.get(message.seq)?.();
      }
    });
    worker.on("error", (error) => {
      failure = error;
      for (const resolve of waiting.values()) resolve();
    });
  }
  const result = (seq: number) =>
    new Promise<EncodedLines>((resolve, reject) => {
      const settle = () => (failure ? reject(failure) : resolve(results.get(seq) as EncodedLines));
      if (results.has(seq) || failure) settle();
      else waiting.set(seq, settle);
    });

  let sent = 0;
  let written = 0;
  const flushUntil = async (limit: number) => {
    while (written < limit) {
      const block = await result(written);
      results.delete(written);
      waiting.delete(written);
      await output.write(block);
      written++;
      tick();
    }
  };
  const send = async (chunk: RawLine[]) => {
    (pool[sent % count] as Worker).postMessage({ seq: sent, lines: packLines(chunk) });
    sent++;
    await flushUntil(Math.max(0, sent - count * IN_FLIGHT_PER_WORKER));
  };
  try {
    for await (const group of lines) {
      await send(group);
      if (output.closed) break;
    }
    if (!output.closed) await flushUntil(sent);
    const summaries = await Promise.all(
      pool.map(
        (worker) =>
          new Promise<void>((resolve) => {
            worker.once("message", (message: { summary?: Parameters<Summary["merge"]>[0] }) => {
              if (message.summary) summary.merge(message.summary);
              resolve();
            });
            worker.postMessage({ done: true });
          }),
      ),
    );
    void summaries;
  } finally {
    await Promise.all(pool.map((worker) => worker.terminate()));
  }
}
