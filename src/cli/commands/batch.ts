/**
 * `fdr batch`: a stream of cases in, one line per record out, in order.
 *
 * Files are handled as `../output.ts` describes: inputs checked first, no
 * output that is the same file as an input or another output, `--out`
 * written to `<out>.partial` and renamed into place when complete. SIGINT or
 * SIGTERM stops on whole records, keeps `<out>.partial`, says how many records
 * it holds and how to resume, and exits 128 + the signal's number; `--resume`
 * continues from that file.
 *
 * @module
 */
import { createReadStream, existsSync, statSync, WriteStream } from "node:fs";
import { availableParallelism, constants } from "node:os";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { Worker } from "node:worker_threads";
import { once } from "node:events";
import { Writable, type Readable } from "node:stream";
import {
  csvColumns,
  encodeLines,
  packRecordLines,
  readLineChunks,
  Summary,
  type LineEncoding,
  type RawLine,
  type RecordOptions,
} from "../../batch/batch.js";
import { cutBlocks, type LineBlock } from "../../batch/blocks.js";
import { checkCoverage } from "../../analysis/coverage.js";
import { PolicyError } from "../../core/errors.js";
import { SpareBuffers } from "../../core/bytes.js";
import type { Pack } from "../../pack/load.js";
import { LineEncoder, type CountedDecision } from "../../batch/record.js";
import {
  checkInput,
  describeStdout,
  descriptorRef,
  ioError,
  openDirect,
  outputTarget,
  PartialFile,
  partialPath,
  partialRef,
  readError,
  readPartial,
  reason,
  refuseSameFiles,
  reportedStreams,
  say,
  stdoutFileStart,
  trimStdoutFile,
  WholeFile,
  writeError,
  type FileRef,
  type OutputTarget,
  type PartialContents,
} from "../output.js";
import { csvRecords, type CsvRecord } from "../csv.js";
import { decodeStream, peek } from "../decode.js";
import { ndjsonBytes } from "../input.js";
import { say as localText } from "../messages.js";
import type { FromBatchWorker, ToBatchWorker } from "../batch-worker.js";

/** The .xlsx module (and exceljs) are loaded only when a workbook is read or written. */
const loadXlsx = () => import("../xlsx.js");

/** Records (CSV or .xlsx) per group handed to the evaluator at once. */
const RECORDS_PER_GROUP = 512;

/** Whether a path names an Excel workbook. */
const isXlsxPath = (path: string) => /\.xls[xm]$/i.test(path);

/**
 * CSV or .xlsx records as batch lines: the header mapped to the documented
 * columns (refused when a column is named twice or is a forbidden name), then
 * each record as the JSON array of its cells, numbered by its first line.
 */
async function recordLines(
  records: AsyncGenerator<CsvRecord>,
  source: string,
): Promise<{ columns: string[]; lines: AsyncIterable<RawLine[]> }> {
  let first = await records.next();
  while (!first.done && "error" in first.value) first = await records.next();
  if (first.done || !("cells" in first.value)) {
    throw new PolicyError([
      {
        code: "invalid_value",
        path: "",
        message: localText({ en: `${source} has no readable header row`, zh: `${source} 没有可读的表头行` }),
        expected: localText({ en: "a header row naming the columns", zh: "列出各列名称的表头行" }),
      },
    ]);
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

/** CSV records from a byte stream, decoded strictly (see decode.ts). */
async function* csvFromBytes(chunks: AsyncIterable<Uint8Array>, source: string): AsyncGenerator<CsvRecord> {
  const { head, all } = await peek(chunks);
  yield* csvRecords(decodeStream(head, all, source));
}

/** The streams a batch reads and writes. */
export interface BatchStreams {
  readonly stdin: Readable;
  readonly stdout: Writable;
  readonly stderr: Writable & { isTTY?: boolean };
}

/** Blocks (or groups of records) handed to each worker ahead of the records written: one evaluated, the next ones waiting. */
const IN_FLIGHT_PER_WORKER = 3;
/** Bytes of output the file may hold unwritten while the next lines are evaluated. */
const WRITE_BUFFER = 1024 * 1024;
/** The most worker threads `--workers` takes (with `--oversubscribe` beyond the cores). */
const MAX_WORKERS = 64;

function usage(message: string): PolicyError {
  return new PolicyError([{ code: "invalid_arguments", path: "", message }]);
}

const plural = (count: number, en: string) => `${count.toLocaleString("en")} ${en}${count === 1 ? "" : "s"}`;

/** Lines encoded as UTF-8, and how many of them there are. */
interface EncodedLines {
  readonly bytes: Uint8Array;
  readonly lines: number;
  readonly errors: number;
  /** Called once the bytes are written (or will not be): a worker's buffer goes back to it for reuse. */
  readonly release?: () => void;
}

/** The lines written into `encoder`, in one of `spares` when one is big enough; the buffer goes back to `spares` once written. */
function takeLines(encoder: LineEncoder, spares: SpareBuffers): EncodedLines {
  const { lines, errors } = encoder;
  const bytes = encoder.takeInto(spares);
  return { bytes, lines, errors, release: () => spares.give(bytes.buffer as ArrayBuffer) };
}

/**
 * The output of a batch: counts what was handed to it and what the system
 * took, and keeps a write failure (or a closed pipe) instead of throwing.
 */
class Output {
  /** Records handed over (with those already in a resumed partial file). */
  records: number;
  errors: number;
  /** Records whose bytes were written. */
  written: number;
  /** Where the last written record ends in the partial file. */
  writtenBytes: number;
  /** The reader went away (a closed pipe). */
  closed = false;
  /** Standard output redirected to a regular file: where this run's records start in it. */
  stdoutStart: number | undefined;
  /** Why writing failed. */
  failure: unknown;
  /**
   * Whether a block's buffer may be reused once its write callback has run:
   * true for the file and standard-output streams, which are done with the
   * bytes by then; not for a stream given by a caller (a `PassThrough`
   * keeps the chunk for its reader).
   */
  private readonly reuses: boolean;

  constructor(
    private readonly stream: Writable,
    /** The output's name for messages. */
    readonly name: string,
    /** The partial file written, for `--out` naming a regular file. */
    readonly file: PartialFile | undefined,
    base: PartialContents,
  ) {
    this.records = this.written = base.records;
    this.errors = base.errors;
    this.writtenBytes = base.bytes;
    this.reuses = stream instanceof WriteStream || stream === process.stdout;
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EPIPE" || error.code === "ERR_STREAM_DESTROYED") this.closed = true;
      else this.failure ??= error;
    });
  }

  /** No more records can be written. */
  get stopped(): boolean {
    return this.closed || this.failure !== undefined;
  }

  /** Writes encoded lines: `lines` of them, `errors` of which are error records. */
  async write(block: EncodedLines): Promise<void> {
    this.records += block.lines;
    this.errors += block.errors;
    if (this.stopped || this.ended || block.bytes.length === 0) {
      block.release?.();
      return;
    }
    const release = this.reuses ? block.release : undefined;
    const { lines, bytes } = block;
    const size = bytes.length;
    const more = this.stream.write(bytes, (error) => {
      // Handed back (detached) only now that the stream is done with the bytes.
      release?.();
      if (error) return;
      this.written += lines;
      this.writtenBytes += size;
      this.file?.flushAt(this.writtenBytes);
    });
    if (!more) await this.settled("drain");
  }

  /** Waits for `event`, or for the stream to close or fail; leaves no listener behind. */
  private settled(event: "drain" | "finish"): Promise<void> {
    if (this.ended || (event === "finish" && this.stream.writableFinished)) return Promise.resolve();
    return new Promise((resolve) => {
      const events = [event, "close", "error"] as const;
      const done = () => {
        for (const name of events) this.stream.off(name, done);
        resolve();
      };
      for (const name of events) this.stream.on(name, done);
    });
  }

  /** The stream failed or was destroyed: it will take nothing more, and emit nothing more. */
  private get ended(): boolean {
    return this.stream.destroyed || this.stream.errored !== null;
  }

  /** Flushes everything written; ends the stream unless it is the process's standard output. */
  async end(): Promise<void> {
    if (this.ended) return;
    if (this.stream === process.stdout) {
      await new Promise<void>((resolve) => this.stream.write("", () => resolve()));
      return;
    }
    const finished = this.settled("finish");
    this.stream.end();
    await finished;
  }
}

class Progress {
  private last = 0;
  private readonly started = Date.now();
  constructor(
    private readonly stderr: BatchStreams["stderr"],
    private readonly totalBytes: number | undefined,
  ) {}
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

/**
 * SIGINT and SIGTERM while a batch runs: the first stops it on whole records
 * (calling `onStop`, at once if it is set later); a second ends the process at once.
 */
class Signals {
  signal: NodeJS.Signals | undefined;
  private stop: (() => void) | undefined;
  private readonly handlers = new Map<NodeJS.Signals, () => void>();

  constructor() {
    for (const name of ["SIGINT", "SIGTERM"] as const) {
      const handler = () => {
        if (this.signal) process.exit(exitCodeOf(name));
        this.signal = name;
        this.stop?.();
      };
      this.handlers.set(name, handler);
      process.on(name, handler);
    }
  }

  /** What to do on the first signal (now, if it came already). */
  set onStop(stop: () => void) {
    this.stop = stop;
    if (this.signal) stop();
  }

  remove(): void {
    for (const [name, handler] of this.handlers) process.off(name, handler);
  }
}

/** 128 + the signal's number. */
function exitCodeOf(signal: NodeJS.Signals): number {
  return 128 + (constants.signals[signal] ?? 0);
}

async function* counted(source: AsyncIterable<Uint8Array>, onBytes: (bytes: number) => void): AsyncGenerator<Uint8Array> {
  for await (const chunk of source) {
    onBytes(chunk.length);
    yield chunk;
  }
}

/** What `fdr batch` was asked to do. */
interface Settings {
  readonly pack: string;
  readonly input: string;
  readonly format: "csv" | "ndjson" | "xlsx";
  readonly sheet: string | undefined;
  readonly failOnError: boolean;
  readonly trace: "compact" | "full";
  readonly workers: number;
  readonly out: string | undefined;
  readonly summary: string | undefined;
  readonly resume: boolean;
}

function parseSettings(args: string[], stderr: Writable): Settings {
  const { values, positionals } = parseArgs({
    args,
    options: {
      pack: { type: "string" },
      out: { type: "string" },
      format: { type: "string" },
      trace: { type: "string", default: "compact" },
      workers: { type: "string", default: "1" },
      oversubscribe: { type: "boolean", default: false },
      summary: { type: "string" },
      resume: { type: "boolean", default: false },
      sheet: { type: "string" },
      "fail-on-error": { type: "boolean", default: false },
    },
    allowPositionals: true,
  });
  if (!values.pack) throw usage(say("fdr batch needs --pack <id|path>", "fdr batch 需要 --pack <规则包 id|路径>"));
  if (positionals.length !== 1)
    throw usage(
      say(
        "fdr batch needs one input file (NDJSON, CSV or .xlsx), or - for standard input",
        "fdr batch 需要一个输入文件（NDJSON、CSV 或 .xlsx），或用 - 表示标准输入",
      ),
    );
  const trace = values.trace;
  if (trace !== "compact" && trace !== "full") throw usage(say("--trace takes compact or full", "--trace 只能是 compact 或 full"));
  const input = positionals[0] as string;
  const format = values.format ?? (input.toLowerCase().endsWith(".csv") ? "csv" : isXlsxPath(input) ? "xlsx" : "ndjson");
  if (format !== "csv" && format !== "ndjson" && format !== "xlsx")
    throw usage(localText({ en: "--format takes ndjson, csv or xlsx", zh: "--format 只能是 ndjson、csv 或 xlsx" }));
  if (values.sheet !== undefined && format !== "xlsx")
    throw usage(localText({ en: "--sheet is for .xlsx input", zh: "--sheet 只用于 .xlsx 输入" }));
  if (values.resume && values.out !== undefined && isXlsxPath(values.out))
    throw usage(
      localText({
        en: "--resume continues NDJSON output, not an .xlsx workbook",
        zh: "--resume 只能续接 NDJSON 输出，不能续接 .xlsx 工作簿",
      }),
    );
  if (values.resume && !values.out)
    throw usage(
      say(
        "--resume needs --out: it continues <out>.partial, which an interrupted run leaves",
        "--resume 需要 --out：它续接中断的运行留下的 <out>.partial",
      ),
    );
  const oversubscribe = values.oversubscribe || process.env.FDR_OVERSUBSCRIBE === "1";
  const workers = workerCount(values.workers, oversubscribe, stderr);
  return {
    pack: values.pack,
    input,
    format,
    sheet: values.sheet,
    failOnError: values["fail-on-error"],
    trace,
    workers,
    out: values.out,
    summary: values.summary,
    resume: values.resume,
  };
}

/**
 * `--workers N`: from 1 to the number of cores (each worker loads and
 * compiles the pack: more workers than cores only cost time and memory); up
 * to 64 with `--oversubscribe` or `FDR_OVERSUBSCRIBE=1`, for benchmarks.
 */
function workerCount(value: string, oversubscribe: boolean, stderr: Writable): number {
  const requested = Number(value);
  if (!/^\d+$/.test(value) || requested < 1 || requested > MAX_WORKERS)
    throw usage(
      `--workers takes a whole number from 1 to the number of cores (${availableParallelism()} here; up to ${MAX_WORKERS} with --oversubscribe)`,
    );
  const cores = availableParallelism();
  if (requested <= cores || oversubscribe) return requested;
  stderr.write(
    say(
      `fdr batch: --workers ${requested} is more than this machine's ${cores} cores: using ${cores} (add --oversubscribe to use ${requested})\n`,
      `fdr batch：--workers ${requested} 超过本机的 ${cores} 个核心：改用 ${cores} 个（加 --oversubscribe 可使用 ${requested} 个）\n`,
    ),
  );
  return cores;
}

/** The files of a batch, checked and opened: the input's stream, the output, the summary. */
interface Files {
  readonly reader: Readable;
  readonly totalBytes: number | undefined;
  readonly output: Output;
  readonly summary: WholeFile | undefined;
  /** The records already written, when resuming. */
  readonly resumed: PartialContents;
}

/**
 * Checks every input, then every output, then refuses any output that is
 * the same file as another file; only then opens the outputs.
 */
async function openFiles(
  settings: Settings,
  packFile: string | undefined,
  streams: BatchStreams,
  summary: Summary | undefined,
  stderr: Writable,
): Promise<Files> {
  const inputs: FileRef[] = [];
  if (packFile !== undefined) inputs.push(checkInput("--pack", packFile));
  if (settings.input !== "-") inputs.push(checkInput(say("the input", "输入"), settings.input));
  else if (streams.stdin === process.stdin) pushDefined(inputs, descriptorRef(say("standard input", "标准输入"), 0, false));
  const outputs: FileRef[] = [];
  const out = settings.out === undefined ? undefined : outputTarget("--out", settings.out);
  if (out) outputs.push(out);
  else if (streams.stdout === process.stdout) pushDefined(outputs, descriptorRef(say("standard output", "标准输出"), 1, true));
  if (out && !out.direct) outputs.push(partialRef(out));
  if (settings.resume && out?.direct)
    throw usage(
      say("--resume needs --out naming a regular file, not a device or FIFO", "--resume 需要 --out 指向普通文件，而不是设备或 FIFO"),
    );
  const summaryTarget = settings.summary === undefined ? undefined : outputTarget("--summary", settings.summary);
  if (summaryTarget) outputs.push(summaryTarget);
  if (summaryTarget && !summaryTarget.direct) outputs.push(partialRef(summaryTarget));
  refuseSameFiles([...inputs, ...outputs]);

  const resumed = settings.resume && out ? resumedContents(out, summary, stderr) : undefined;
  const summaryFile = summaryTarget ? await WholeFile.open(summaryTarget) : undefined;
  try {
    const output = await openOutput(out, resumed, streams, stderr);
    const { reader, totalBytes } = openInput(settings.input, streams);
    return { reader, totalBytes, output, summary: summaryFile, resumed: resumed ?? EMPTY };
  } catch (error) {
    summaryFile?.discard();
    throw error;
  }
}

const EMPTY: PartialContents = { records: 0, errors: 0, bytes: 0 };

function pushDefined(files: FileRef[], file: FileRef | undefined): void {
  if (file) files.push(file);
}

/**
 * The records a partial file already holds (an incomplete last line is
 * dropped); with a summary, each record is added to it, so that the summary
 * covers every record of the finished output.
 */
function resumedContents(out: OutputTarget, summary: Summary | undefined, stderr: Writable): PartialContents | undefined {
  const path = partialPath(out);
  if (!existsSync(path)) {
    stderr.write(
      say(
        `fdr batch: nothing to resume (${path} does not exist): starting from the first record\n`,
        `fdr batch：没有可续接的文件（${path} 不存在）：从第一条记录开始\n`,
      ),
    );
    return undefined;
  }
  return readPartial(path, summary && ((line, index) => addRecord(summary, line, index, path)));
}

/** Adds a record of a partial file to the summary (an error record adds nothing). */
function addRecord(summary: Summary, line: string, index: number, path: string): void {
  let record: unknown;
  try {
    record = JSON.parse(line);
  } catch {
    record = undefined;
  }
  if (typeof record === "object" && record !== null && "errors" in record) return;
  const decision = record as Partial<CountedDecision> | undefined;
  if (typeof decision?.eligibility?.eligible !== "boolean" || !Array.isArray(decision.priorityGroups)) {
    throw ioError(
      path,
      say(
        `cannot resume from ${path}: line ${index + 1} is not a record fdr batch wrote`,
        `无法从 ${path} 续接：第 ${index + 1} 行不是 fdr batch 写出的记录`,
      ),
    );
  }
  summary.add(decision as CountedDecision);
}

async function openOutput(
  out: OutputTarget | undefined,
  resumed: PartialContents | undefined,
  streams: BatchStreams,
  stderr: Writable,
): Promise<Output> {
  if (!out && streams.stdout === process.stdout) {
    const output = new Output(streams.stdout, describeStdout(), undefined, EMPTY);
    output.stdoutStart = stdoutFileStart();
    return output;
  }
  if (!out) return new Output(streams.stdout, say("standard output", "标准输出"), undefined, EMPTY);
  if (out.direct) return new Output(await openDirect(out, WRITE_BUFFER), out.name, undefined, EMPTY);
  if (resumed) {
    const file = PartialFile.reopen(out, resumed);
    return new Output(file.stream(WRITE_BUFFER), out.name, file, resumed);
  }
  if (existsSync(partialPath(out))) {
    stderr.write(
      say(
        `fdr batch: starting over: ${partialPath(out)}, left by an earlier run, is replaced (add --resume to continue it instead)\n`,
        `fdr batch：重新开始：上次运行留下的 ${partialPath(out)} 将被替换（如要续接，请加 --resume）\n`,
      ),
    );
  }
  const file = PartialFile.create(out);
  const stream = file.stream(WRITE_BUFFER);
  // An .xlsx --out: records become rows of a workbook streamed into the partial file.
  return new Output(isXlsxPath(out.path) ? new (await loadXlsx()).XlsxDecisionsWritable(stream) : stream, out.name, file, EMPTY);
}

function openInput(input: string, streams: BatchStreams): { reader: Readable; totalBytes: number | undefined } {
  if (input === "-") return { reader: streams.stdin, totalBytes: undefined };
  let totalBytes: number | undefined;
  try {
    const stats = statSync(input);
    totalBytes = stats.isFile() ? stats.size : undefined;
  } catch (error) {
    throw readError(input, error);
  }
  return { reader: createReadStream(input), totalBytes };
}

/** A worker thread stopped or failed. */
class WorkerFailure extends Error {}

/** Reading the input failed. */
class InputFailure extends Error {
  constructor(readonly reason: unknown) {
    super("input");
  }
}

/** A command line as a shell reads it back: each argument quoted when it needs to be. */
function shellCommand(args: readonly string[]): string {
  return args.map((arg) => (/^[A-Za-z0-9_/.:=@%+,-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`)).join(" ");
}

/** Runs `fdr batch`. Resolves to the exit code. */
export async function commandBatch(
  args: string[],
  streams: BatchStreams,
  resolvePack: (idOrPath: string) => { pack: Pack; source: string | object },
): Promise<number> {
  const settings = parseSettings(args, streams.stderr);
  const signals = new Signals();
  try {
    const { pack, source } = resolvePack(settings.pack);
    const summary = new Summary();
    const files = await openFiles(
      settings,
      typeof source === "string" ? undefined : settings.pack,
      streams,
      settings.summary === undefined ? undefined : summary,
      streams.stderr,
    );
    const resume = `fdr batch ${shellCommand(args.includes("--resume") ? args : [...args, "--resume"])}`;
    return await new BatchRun(settings, pack, source, files, summary, streams, resume, signals).execute();
  } finally {
    signals.remove();
  }
}

/** One run of `fdr batch`, its files open. */
class BatchRun {
  private readonly output: Output;
  private readonly progress: Progress;
  private bytes = 0;
  /** Input records skipped because a resumed partial file holds them. */
  private skipped = 0;

  constructor(
    private readonly settings: Settings,
    private readonly pack: Pack,
    private readonly source: string | object,
    private readonly files: Files,
    private readonly summary: Summary,
    private readonly streams: BatchStreams,
    private readonly resumeCommand: string,
    private readonly signals: Signals,
  ) {
    this.output = files.output;
    this.progress = new Progress(streams.stderr, files.totalBytes);
    signals.onStop = () => files.reader.destroy();
  }

  /** Evaluates every record, then puts the output and the summary in place; resolves to the exit code. */
  async execute(): Promise<number> {
    let failure: unknown;
    try {
      await this.pump();
    } catch (error) {
      failure = error;
    } finally {
      this.progress.done();
    }
    await this.output.end();
    // No flush may still hold the file when it is committed, kept or removed.
    await this.output.file?.idle();
    if (this.signals.signal) return this.interrupted(this.signals.signal);
    failure ??= this.output.failure;
    if (failure === undefined && this.skipped < this.files.resumed.records) failure = this.notThisInput();
    if (failure !== undefined) throw this.failed(failure);
    this.output.file?.commit();
    if (this.files.summary) await this.writeSummary(this.files.summary);
    this.report();
    return this.settings.failOnError && this.output.errors > 0 ? 1 : 0;
  }

  /** Whether to stop reading: a signal, a failed output, or a closed one when no summary needs the rest. */
  private get stopping(): boolean {
    return this.signals.signal !== undefined || this.output.failure !== undefined || (this.output.closed && !this.files.summary);
  }

  private async pump(): Promise<void> {
    const chunks = counted(this.files.reader as AsyncIterable<Uint8Array>, (count) => (this.bytes += count));
    try {
      if (this.settings.workers > 1 && this.settings.format === "ndjson") {
        // Workers split NDJSON themselves: this thread only cuts the bytes into blocks of whole lines.
        const { bytes, encoding } = await ndjsonBytes(chunks, this.sourceName());
        // The workers hand each block's buffer back once its lines are read: the next blocks are cut into them.
        const spares = new SpareBuffers();
        const blocks = cutBlocks(bytes, { skipLines: this.files.resumed.records, onSkipped: (count) => (this.skipped += count), spares });
        await this.pumpWorkers(jobsOf(blocks), { trace: this.settings.trace, format: "ndjson" }, encoding, spares);
        return;
      }
      const { lines, options } = await this.records(chunks);
      if (this.settings.workers === 1) await this.pumpHere(lines, options);
      else await this.pumpWorkers(groupJobs(lines), options, "utf-8");
    } catch (error) {
      if (this.signals.signal) return;
      if (error instanceof PolicyError || error instanceof WorkerFailure) throw error;
      throw new InputFailure(error);
    }
  }

  /** The input's records (after a CSV header, and after those a resumed partial file holds), and how to write them. */
  private async records(chunks: AsyncIterable<Uint8Array>): Promise<{ lines: AsyncIterable<RawLine[]>; options: RecordOptions }> {
    const { trace, format, input, sheet } = this.settings;
    const source = this.sourceName();
    let options: RecordOptions = { trace, format: "ndjson" };
    let lines: AsyncIterable<RawLine[]>;
    if (format === "ndjson") {
      const { bytes, encoding } = await ndjsonBytes(chunks, source);
      lines = readLineChunks(bytes, { encoding });
    } else {
      const records =
        format === "xlsx"
          ? (await loadXlsx()).xlsxRecords(input === "-" ? (this.streams.stdin as NodeJS.ReadableStream) : input, source, sheet)
          : csvFromBytes(chunks, source);
      const read = await recordLines(records, source);
      options = { trace, format: "cells", columns: read.columns };
      lines = read.lines;
    }
    if (this.files.resumed.records > 0) lines = this.skip(lines, this.files.resumed.records);
    return { lines, options };
  }

  /** The input's name in messages. */
  private sourceName(): string {
    return this.settings.input === "-" ? say("standard input", "标准输入") : this.settings.input;
  }

  /** `lines` without the first `count` records. */
  private async *skip(lines: AsyncIterable<RawLine[]>, count: number): AsyncGenerator<RawLine[]> {
    for await (const group of lines) {
      if (this.skipped >= count) {
        yield group;
        continue;
      }
      const take = Math.min(count - this.skipped, group.length);
      this.skipped += take;
      if (take < group.length) yield group.slice(take);
    }
  }

  private tick(): void {
    this.progress.tick(this.output.records, this.bytes);
  }

  private async pumpHere(lines: AsyncIterable<RawLine[]>, options: RecordOptions): Promise<void> {
    const encoder = new LineEncoder();
    const spares = new SpareBuffers();
    for await (const group of lines) {
      encodeLines(this.pack, group, options, encoder, this.summary);
      await this.output.write(takeLines(encoder, spares));
      this.tick();
      if (this.stopping) break;
    }
  }

  /**
   * Hands each job to the least busy worker and writes the records back in
   * input order; at most {@link IN_FLIGHT_PER_WORKER} jobs per worker are out
   * ahead of the records written.
   */
  private async pumpWorkers(
    jobs: AsyncIterable<WorkerJob>,
    options: RecordOptions,
    encoding: LineEncoding,
    blockSpares = new SpareBuffers(),
  ): Promise<void> {
    const pool = new WorkerPool(this.settings.workers, this.source, options, encoding, blockSpares);
    try {
      let sent = 0;
      let written = 0;
      const flushUntil = async (limit: number) => {
        while (written < limit && !this.stopping) {
          await this.output.write(await pool.result(written));
          written++;
          this.tick();
        }
      };
      for await (const job of jobs) {
        pool.send(sent++, job);
        await flushUntil(Math.max(0, sent - this.settings.workers * IN_FLIGHT_PER_WORKER));
        if (this.stopping) break;
      }
      if (this.stopping) return;
      await flushUntil(sent);
      if (this.stopping) return;
      for (const data of await pool.summaries()) this.summary.merge(data);
    } finally {
      await pool.close();
    }
  }

  /** Writes the summary: JSON, or an .xlsx workbook when `--summary` names one. */
  private async writeSummary(file: WholeFile): Promise<void> {
    const { pack, summary } = this;
    const data = summary.data(pack.data.priorityGroups.map((group) => group.id));
    const coverage = checkCoverage(pack, {
      signed: data.signed,
      residents: data.eligible,
      prioritySigned: data.priority.signed,
      priorityResidents: data.priority.residents,
    });
    const document = { pack: pack.id, packVersion: pack.version, packHash: pack.hash, ...data, coverage };
    if (!isXlsxPath(this.settings.summary ?? "")) return file.write(JSON.stringify(document, null, 2) + "\n");
    const chunks: Uint8Array[] = [];
    const sink = new Writable({ write: (chunk: Uint8Array, _encoding, done) => (chunks.push(chunk), done()) });
    await (await loadXlsx()).writeSummaryXlsx(document, sink);
    if (!sink.writableFinished) await once(sink, "finish");
    file.write(Buffer.concat(chunks));
  }

  /** The closing line on stderr: the counts, or that the reader cut the output short. */
  private report(): void {
    const { output, streams } = this;
    if (output.closed) {
      reportedStreams.add(streams.stdout);
      const summaryNote = this.files.summary ? say(" (the summary covers every record)", "（汇总涵盖全部记录）") : "";
      streams.stderr.write(
        say(
          `fdr batch: output cut short after ${plural(output.written, "record")}: the reader closed ${output.name}${summaryNote}\n`,
          `fdr batch：输出在 ${output.written} 条记录后被截断：${output.name} 的读取方已关闭${summaryNote}\n`,
        ),
      );
      return;
    }
    const resumed = this.files.resumed.records > 0 ? { resumed: this.files.resumed.records } : {};
    streams.stderr.write(
      JSON.stringify({ records: output.records, decisions: output.records - output.errors, errors: output.errors, ...resumed }) + "\n",
    );
  }

  /** Stopped by a signal: keeps the partial file, says how many records it holds and how to resume. */
  private interrupted(signal: NodeJS.Signals): number {
    const { output, streams } = this;
    this.files.summary?.discard();
    output.file?.keep(output.writtenBytes);
    const count = plural(output.written, "record");
    const where = output.file
      ? say(
          `; they are kept in ${output.file.path}. To resume: ${this.resumeCommand}`,
          `；已保存在 ${output.file.path}。续接命令：${this.resumeCommand}`,
        )
      : say(` to ${output.name} (give --out <file> to be able to resume)`, `，写到 ${output.name}（用 --out <文件> 才能续接）`);
    streams.stderr.write(
      say(
        `fdr batch: stopped by ${signal} after ${count}${where}\n`,
        `fdr batch：收到 ${signal}，已在 ${output.written} 条记录后停止${where}\n`,
      ),
    );
    const resume = output.file ? { partial: output.file.path, resume: this.resumeCommand } : {};
    streams.stderr.write(
      JSON.stringify({
        records: output.written,
        decisions: output.written - output.errors,
        errors: output.errors,
        interrupted: signal,
        ...resume,
      }) + "\n",
    );
    return exitCodeOf(signal);
  }

  /** A failed run: keeps whole records in the partial file (or removes an empty one), and names the failure with the count. */
  private failed(failure: unknown): PolicyError {
    this.files.summary?.discard();
    const { output } = this;
    if (output.stopped && this.streams.stdout === process.stdout && !this.output.file) reportedStreams.add(this.streams.stdout);
    let kept: string | undefined;
    if (output.file && output.written > 0) {
      output.file.keep(output.writtenBytes);
      kept = output.file.path;
    } else output.file?.discard();
    const trimmed = output.stopped && output.stdoutStart !== undefined ? trimStdoutFile(output.stdoutStart) : undefined;
    const written = trimmed?.records ?? output.written;
    const tail =
      say(`; ${plural(written, "record")} ${written === 1 ? "was" : "were"} written`, `；已写入 ${written} 条记录`) +
      (kept
        ? say(
            `, kept in ${kept}; once the cause is fixed, resume with: ${this.resumeCommand}`,
            `，保存在 ${kept}；排除原因后可用此命令续接：${this.resumeCommand}`,
          )
        : "");
    if (failure instanceof PolicyError) return failure;
    if (failure instanceof WorkerFailure) return new PolicyError([{ code: "internal_error", path: "", message: failure.message + tail }]);
    if (failure instanceof InputFailure) {
      const input = this.settings.input === "-" ? say("standard input", "标准输入") : this.settings.input;
      return ioError(
        input,
        say(`cannot read ${input}: ${reason(failure.reason)}${tail}`, `无法读取 ${input}：${reason(failure.reason)}${tail}`),
      );
    }
    return writeError(output.name, failure, tail);
  }

  /** The partial file holds more records than the input has. */
  private notThisInput(): PolicyError {
    const path = this.output.file?.path ?? "";
    const { records } = this.files.resumed;
    return ioError(
      path,
      say(
        `cannot resume: ${path} holds ${plural(records, "record")} but the input has only ${this.skipped}: it was not written from this input (it is left as it was)`,
        `无法续接：${path} 有 ${records} 条记录，而输入只有 ${this.skipped} 条：它不是由这份输入写出的（保持原样）`,
      ),
    );
  }
}

type SummaryMessage = Parameters<Summary["merge"]>[0];

/** What a worker evaluates: a block of NDJSON bytes it splits itself, or records read here (CSV, .xlsx). */
type WorkerJob = { readonly block: LineBlock } | { readonly group: RawLine[] };

async function* jobsOf(blocks: AsyncIterable<LineBlock>): AsyncGenerator<WorkerJob> {
  for await (const block of blocks) yield { block };
}

async function* groupJobs(groups: AsyncIterable<RawLine[]>): AsyncGenerator<WorkerJob> {
  for await (const group of groups) yield { group };
}

/**
 * Worker threads evaluating groups of lines. A worker that throws, or that
 * exits without an error event, fails every pending request at once: the run
 * ends instead of waiting for ever.
 */
class WorkerPool {
  private readonly workers: Worker[];
  /** Jobs sent to each worker and not yet answered. */
  private readonly busy: number[];
  private readonly results = new Map<number, EncodedLines>();
  /** Who waits for which job's records (rejected all at once when a worker fails). */
  private readonly waiting = new Map<number, { resolve: (lines: EncodedLines) => void; reject: (error: WorkerFailure) => void }>();
  private readonly summaryData: SummaryMessage[] = [];
  private onSummary: (() => void) | undefined;
  private closing = false;
  /** Why the pool failed, once a worker has failed. */
  private failedWith: WorkerFailure | undefined;
  /** Called when a worker fails while the summaries are awaited. */
  private onFailure: ((error: WorkerFailure) => void) | undefined;

  constructor(
    count: number,
    source: string | object,
    options: RecordOptions,
    encoding: LineEncoding,
    /** Where the buffers of NDJSON blocks go when a worker hands them back (see `cutBlocks`). */
    private readonly blockSpares: SpareBuffers,
  ) {
    const script = fileURLToPath(new URL("./batch-worker.js", import.meta.url));
    this.busy = Array.from({ length: count }, () => 0);
    this.workers = Array.from({ length: count }, (_, index) => this.start(script, index, count, { pack: source, options, encoding }));
  }

  private start(
    script: string,
    index: number,
    count: number,
    workerData: { pack: string | object; options: RecordOptions; encoding: LineEncoding },
  ): Worker {
    const worker = new Worker(script, { workerData });
    const name = say(`worker thread ${index + 1} of ${count}`, `工作线程 ${index + 1}/${count}`);
    worker.on("message", (message: FromBatchWorker) => {
      if ("seq" in message) this.busy[index] = (this.busy[index] ?? 1) - 1;
      this.receive(worker, message);
    });
    worker.on("error", (error) => this.fail(new WorkerFailure(say(`${name} failed: ${error.message}`, `${name} 出错：${error.message}`))));
    worker.on("exit", (code) =>
      this.fail(new WorkerFailure(say(`${name} stopped without an error (exit code ${code})`, `${name} 意外退出（退出码 ${code}）`))),
    );
    return worker;
  }

  /**
   * Ends every wait with `error` (the first failure only). Waits are settled
   * here, not raced against one long-lived promise: a race would keep every
   * settled block's records reachable from it for the whole run.
   */
  private fail(error: WorkerFailure): void {
    if (this.failedWith !== undefined || this.closing) return;
    this.failedWith = error;
    for (const { reject } of this.waiting.values()) reject(error);
    this.waiting.clear();
    this.onFailure?.(error);
  }

  private receive(worker: Worker, message: FromBatchWorker): void {
    if ("summary" in message) {
      this.summaryData.push(message.summary);
      this.onSummary?.();
      return;
    }
    const { bytes, input } = message;
    if (input !== undefined) this.blockSpares.give(input);
    const lines = { bytes, lines: message.lines, errors: message.errors, release: () => this.handBack(worker, bytes) };
    const wait = this.waiting.get(message.seq);
    if (wait) {
      this.waiting.delete(message.seq);
      wait.resolve(lines);
    } else this.results.set(message.seq, lines);
  }

  /**
   * Hands a worker's buffer of records back to it once they are written, so
   * that it writes the next records there: no buffer is allocated per block
   * on either side.
   */
  private handBack(worker: Worker, bytes: Uint8Array): void {
    if (this.closing || this.failedWith !== undefined) return;
    const buffer = bytes.buffer;
    if (buffer instanceof ArrayBuffer && buffer.byteLength > 0) worker.postMessage({ spare: buffer } satisfies ToBatchWorker, [buffer]);
  }

  /** Sends job `seq` to the worker with the fewest jobs waiting; a block's bytes are transferred, not copied. */
  send(seq: number, job: WorkerJob): void {
    let index = 0;
    for (let candidate = 1; candidate < this.workers.length; candidate++)
      if ((this.busy[candidate] ?? 0) < (this.busy[index] ?? 0)) index = candidate;
    this.busy[index] = (this.busy[index] ?? 0) + 1;
    const worker = this.workers[index] as Worker;
    if ("block" in job) worker.postMessage({ seq, block: job.block } satisfies ToBatchWorker, [job.block.bytes.buffer as ArrayBuffer]);
    else worker.postMessage({ seq, lines: packRecordLines(job.group) } satisfies ToBatchWorker);
  }

  /** The encoded lines of group `seq`; rejects when a worker fails. */
  result(seq: number): Promise<EncodedLines> {
    const ready = this.results.get(seq);
    if (ready) {
      this.results.delete(seq);
      return Promise.resolve(ready);
    }
    if (this.failedWith) return Promise.reject(this.failedWith);
    return new Promise<EncodedLines>((resolve, reject) => this.waiting.set(seq, { resolve, reject }));
  }

  /** Every worker's summary; rejects when a worker fails. */
  summaries(): Promise<SummaryMessage[]> {
    if (this.failedWith) return Promise.reject(this.failedWith);
    const all = new Promise<SummaryMessage[]>((resolve, reject) => {
      this.onSummary = () => {
        if (this.summaryData.length === this.workers.length) resolve(this.summaryData);
      };
      this.onFailure = reject;
    });
    for (const worker of this.workers) worker.postMessage({ done: true });
    return all;
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }
}
