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
import { checkCoverage, csvColumns, encodeLine, LineEncoder, packRecordLines, PolicyError, readLineChunks, Summary, type Pack, type RawLine, type RecordOptions } from "../../index.js";
import { csvRecords, type CsvRecord } from "../csv.js";
import { bomOf, decodeStream, excelFileError, isZip, peek } from "../decode.js";
import { cliError, current, say, type Text } from "../messages.js";

/** The .xlsx module (and exceljs) are loaded only when a workbook is read or written. */
const loadXlsx = () => import("../xlsx.js");

/** The streams a batch reads and writes. */
export interface BatchStreams {
  readonly stdin: Readable;
  readonly stdout: Writable;
  readonly stderr: Writable & { isTTY?: boolean };
}

const IN_FLIGHT_PER_WORKER = 4;
/** Bytes of output the file may hold unwritten while the next lines are evaluated. */
const WRITE_BUFFER = 1024 * 1024;

function usage(message: Text, found?: string): PolicyError {
  return cliError("invalid_arguments", message, found === undefined ? {} : { found });
}

/** Records (CSV or .xlsx) per group handed to the evaluator at once. */
const RECORDS_PER_GROUP = 512;

/** Whether a path names an Excel workbook. */
const isXlsxPath = (path: string) => /\.xls[xm]$/i.test(path);

/**
 * CSV or .xlsx records as batch lines: the header mapped to the documented
 * columns (refused when a column is named twice or is a forbidden name), then
 * each record as the JSON array of its cells, numbered by its first line.
 */
async function recordLines(records: AsyncGenerator<CsvRecord>, source: string): Promise<{ columns: string[]; lines: AsyncIterable<RawLine[]> }> {
  let first = await records.next();
  while (!first.done && "error" in first.value) first = await records.next();
  if (first.done || !("cells" in first.value)) {
    throw cliError("invalid_value", { en: `${source} has no readable header row`, zh: `${source} 没有可读的表头行` }, { expected: { en: "a header row naming the columns", zh: "列出各列名称的表头行" } });
  }
  const columns = csvColumns(first.value.cells);
  async function* groups(): AsyncGenerator<RawLine[]> {
    let group: RawLine[] = [];
    for await (const record of records) {
      group.push("error" in record ? record : { line: record.line, text: JSON.stringify(record.cells) });
      if (group.length >= RECORDS_PER_GROUP) {
        yield group;
        group = [];
      }
    }
    if (group.length > 0) yield group;
  }
  return { columns, lines: groups() };
}

/** The lines of an NDJSON byte stream: UTF-16 (by its BOM) is re-encoded first; a zip is refused as Excel. */
async function ndjsonLines(chunks: AsyncIterable<Uint8Array>, source: string): Promise<AsyncIterable<RawLine[]>> {
  const { head, all } = await peek(chunks);
  if (isZip(head)) throw excelFileError(source);
  const bom = bomOf(head);
  if (bom && bom.encoding !== "utf-8") {
    const encoder = new TextEncoder();
    async function* utf8(): AsyncGenerator<Uint8Array> {
      for await (const text of decodeStream(head, all, source)) yield encoder.encode(text);
    }
    return readLineChunks(utf8());
  }
  return readLineChunks(all, { encoding: bom ? "utf-8" : current().encoding });
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
    this.stderr.write(`\r${say({ en: `${records.toLocaleString("en")} records · ${rate.toLocaleString("en")}/s`, zh: `${records.toLocaleString("en")} 条记录 · 每秒 ${rate.toLocaleString("en")} 条` })}${percent}${eta}   `);
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
      sheet: { type: "string" },
      "fail-on-error": { type: "boolean", default: false },
    },
    allowPositionals: true,
  });
  if (!values.pack) throw usage({ en: "fdr batch needs --pack <id|path>", zh: "fdr batch 需要 --pack <规则包 id|路径>" });
  if (positionals.length !== 1) throw usage({ en: "fdr batch needs one input file (NDJSON, CSV or .xlsx), or - for standard input", zh: "fdr batch 需要一个输入文件（NDJSON、CSV 或 .xlsx），或用 - 表示标准输入" }, positionals.join(" "));
  const trace = values.trace;
  if (trace !== "compact" && trace !== "full") throw usage({ en: "--trace takes compact or full", zh: "--trace 只能是 compact 或 full" }, trace);
  const workers = Number(values.workers);
  if (!Number.isInteger(workers) || workers < 1 || workers > 64) throw usage({ en: "--workers takes a whole number from 1 to 64", zh: "--workers 应为 1 到 64 的整数" }, values.workers);
  const input = positionals[0] as string;
  const format = values.format ?? (input.toLowerCase().endsWith(".csv") ? "csv" : isXlsxPath(input) ? "xlsx" : "ndjson");
  if (format !== "csv" && format !== "ndjson" && format !== "xlsx") throw usage({ en: "--format takes ndjson, csv or xlsx", zh: "--format 只能是 ndjson、csv 或 xlsx" }, format);
  if (values.sheet !== undefined && format !== "xlsx") throw usage({ en: "--sheet is for .xlsx input", zh: "--sheet 只用于 .xlsx 输入" });
  const { pack, source } = resolvePack(values.pack);

  let totalBytes: number | undefined;
  if (input !== "-") {
    try {
      totalBytes = statSync(input).size;
    } catch (error) {
      throw cliError("io_error", { en: `cannot read ${input}: ${(error as Error).message}`, zh: `无法读取 ${input}：${(error as Error).message}` });
    }
  }
  let bytes = 0;
  const reader = input === "-" ? streams.stdin : createReadStream(input);
  const chunks = counted(reader as AsyncIterable<Uint8Array>, (count) => (bytes += count));
  let options: RecordOptions = { trace, format: "ndjson" };
  let lines: AsyncIterable<RawLine[]>;
  if (format === "ndjson") lines = await ndjsonLines(chunks, input);
  else {
    const source = input === "-" ? "standard input" : input;
    const records = format === "xlsx" ? (await loadXlsx()).xlsxRecords(input === "-" ? (streams.stdin as NodeJS.ReadableStream) : input, source, values.sheet) : csvFromBytes(chunks, source);
    const read = await recordLines(records, source);
    options = { trace, format: "cells", columns: read.columns };
    lines = read.lines;
  }
  const xlsxOut = values.out !== undefined && isXlsxPath(values.out);
  const target = values.out ? createWriteStream(values.out, { highWaterMark: WRITE_BUFFER }) : streams.stdout;
  const output = new Output(xlsxOut ? new (await loadXlsx()).XlsxDecisionsWritable(target) : target);
  const progress = new Progress(streams.stderr, totalBytes);
  const summary = new Summary();

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
    const document = { pack: pack.id, packVersion: pack.version, packHash: pack.hash, ...data, coverage };
    if (isXlsxPath(values.summary)) {
      const file = createWriteStream(values.summary);
      await (await loadXlsx()).writeSummaryXlsx(document, file);
      if (!file.writableFinished) await once(file, "finish");
    } else writeFileSync(values.summary, JSON.stringify(document, null, 2) + "\n");
  }
  streams.stderr.write(JSON.stringify({ records: output.records, decisions: output.records - output.errors, errors: output.errors, ...(output.closed ? { outputClosed: true } : {}) }) + "\n");
  return values["fail-on-error"] && output.errors > 0 ? 1 : 0;
}

/** CSV records from a byte stream, decoded strictly (see decode.ts). */
async function* csvFromBytes(chunks: AsyncIterable<Uint8Array>, source: string): AsyncGenerator<CsvRecord> {
  const { head, all } = await peek(chunks);
  yield* csvRecords(decodeStream(head, all, source));
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
    (pool[sent % count] as Worker).postMessage({ seq: sent, lines: packRecordLines(chunk) });
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
