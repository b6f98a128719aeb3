/**
 * Population-scale evaluation: many cases in, one answer per case out, in
 * order, nothing lost.
 *
 * @module
 */
import { parse as parseCsvLine } from "csv-parse/sync";
import { evaluate } from "../policy/api.js";
import { concatBytes } from "../core/bytes.js";
import { isPolicyError, PolicyError, type Issue } from "../core/errors.js";
import type { BatchRecord, Decision } from "../model/decision.js";
import { Decimal, toAmount, yuan } from "../core/money.js";
import type { Pack } from "../pack/load.js";
import type { EvaluateOptions } from "../policy/evaluator.js";
import { TOTALS_OF } from "../model/decision.js";
import { LineEncoder, RecordWriter, type CountedDecision } from "./record.js";
import { isShared } from "./shared.js";
import { fenOf } from "../core/fen.js";
import { memoizeWeak } from "../core/memo.js";

/** The answer for one case: its decision, or the issues that stopped it. */
export type BatchResult =
  | { readonly line: number; readonly decision: Decision }
  | { readonly line: number; readonly errors: readonly Issue[] };

/**
 * Evaluates a stream of cases, yielding one result per case, in order: a
 * decision, or the issues of a case that was refused. Never throws for a bad
 * case. `line` counts cases from 1.
 *
 * @example
 * for (const result of evaluateMany(loadPack("yueyang-2023"), cases)) {
 *   if ("errors" in result) console.error(result.line, result.errors);
 * }
 */
export function* evaluateMany(pack: Pack, cases: Iterable<unknown>, options: EvaluateOptions = {}): Generator<BatchResult> {
  let line = 0;
  for (const input of cases) {
    line++;
    yield evaluateRecord(pack, line, input, options);
  }
}

function evaluateRecord(pack: Pack, line: number, input: unknown, options: EvaluateOptions): BatchResult {
  try {
    return { line, decision: evaluate(pack, input, options) };
  } catch (error) {
    if (isPolicyError(error)) return { line, errors: error.issues };
    return { line, errors: [{ code: "internal_error", path: "", message: error instanceof Error ? error.message : String(error) }] };
  }
}

/** The longest input line a batch accepts, in bytes. */
export const MAX_LINE_BYTES = 1024 * 1024;

/** A raw input line: its bytes, or why it cannot be read. */
export type RawLine = { readonly line: number; readonly text: string } | { readonly line: number; readonly error: Issue };

// A byte-order mark is dropped at the start of every line (below), not only of the input.
const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** How {@link readLines} decodes each line: UTF-8 (the default) or GB18030 (GBK is a subset). */
export type LineEncoding = "utf-8" | "gb18030";

/** Options of {@link readLines} and {@link readLineChunks}. */
export interface ReadLinesOptions {
  /** The lines' encoding; by default UTF-8. A line that is not valid in it is an error line. */
  readonly encoding?: LineEncoding;
  /** The number of the first line (1 unless the bytes continue an input, as a block of `./blocks.ts` does). */
  readonly firstLine?: number;
}

/** Whether bytes read as GB18030 text (the hint for a file that is not UTF-8): one test, for the batch's lines and the CLI's files. */
export function readsAsGb18030(bytes: Uint8Array): boolean {
  try {
    new TextDecoder("gb18030", { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * A byte stream with lone CRs (classic Mac line ends) turned into LFs; CRLF is
 * left alone (the splitter drops the CR). A CR at the end of a chunk waits for
 * the next chunk's first byte.
 */
export async function* loneCrAsLf(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  let held = false;
  for await (const input of chunks) {
    let chunk = input;
    if (held) {
      chunk = concatBytes([Uint8Array.of(chunk[0] === 10 ? 13 : 10), chunk]);
      held = false;
    }
    if (chunk.length > 0 && chunk[chunk.length - 1] === 13) {
      chunk = chunk.subarray(0, chunk.length - 1);
      held = true;
    }
    yield hasLoneCr(chunk) ? replaceLoneCr(chunk) : chunk;
  }
  if (held) yield Uint8Array.of(10);
}

function hasLoneCr(chunk: Uint8Array): boolean {
  for (let at = chunk.indexOf(13); at >= 0; at = chunk.indexOf(13, at + 1)) if (chunk[at + 1] !== 10) return true;
  return false;
}

/** A copy of `chunk` with each lone CR (old Mac line end) made an LF; CRLF is left alone. */
export function replaceLoneCr(chunk: Uint8Array): Uint8Array {
  const copy = Uint8Array.from(chunk);
  for (let at = copy.indexOf(13); at >= 0; at = copy.indexOf(13, at + 1)) if (copy[at + 1] !== 10) copy[at] = 10;
  return copy;
}
const withoutBom = (text: string): string => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);

/**
 * Splits a byte stream into numbered lines (LF, CRLF or a lone CR). A line
 * that is not valid UTF-8 (or GB18030 with `encoding: "gb18030"`) or longer
 * than {@link MAX_LINE_BYTES} becomes an error; a UTF-8 line that reads as
 * GB18030 says so. Memory stays bounded by the longest accepted line,
 * whatever the input's size.
 */
export async function* readLines(chunks: AsyncIterable<Uint8Array>, options: ReadLinesOptions = {}): AsyncGenerator<RawLine> {
  for await (const lines of readLineChunks(chunks, options)) yield* lines;
}

/**
 * {@link readLines}, a group at a time: the lines completed by each chunk of
 * input, so that a caller pays for one `await` per chunk, not per line.
 */
export async function* readLineChunks(chunks: AsyncIterable<Uint8Array>, options: ReadLinesOptions = {}): AsyncGenerator<RawLine[]> {
  const splitter = new LineSplitter(options.encoding ?? "utf-8", options.firstLine ?? 1);
  for await (const chunk of loneCrAsLf(chunks)) {
    const lines = splitter.push(chunk);
    if (lines.length > 0) yield lines;
  }
  const last = splitter.end();
  if (last) yield [last];
}

/** Cuts bytes into numbered lines, carrying a partial line from one chunk to the next. */
export class LineSplitter {
  private pieces: Uint8Array[] = [];
  private length = 0;
  private overflow = false;
  private line = 0;
  private readonly decoder: InstanceType<typeof TextDecoder>;

  constructor(
    private readonly encoding: LineEncoding,
    firstLine: number,
  ) {
    this.line = firstLine - 1;
    this.decoder = encoding === "utf-8" ? utf8 : new TextDecoder(encoding, { fatal: true, ignoreBOM: true });
  }

  /** The lines that `chunk` completes. */
  push(chunk: Uint8Array): RawLine[] {
    const lines: RawLine[] = [];
    const first = chunk.indexOf(10);
    if (first < 0) {
      this.carry(chunk);
      return lines;
    }
    this.carry(chunk.subarray(0, first));
    lines.push(this.finish());
    const last = chunk.lastIndexOf(10);
    if (last > first) this.whole(chunk.subarray(first + 1, last), lines);
    this.carry(chunk.subarray(last + 1));
    return lines;
  }

  /** The unterminated last line, if any. */
  end(): RawLine | undefined {
    return this.length > 0 || this.overflow || this.pieces.length > 0 ? this.finish() : undefined;
  }

  /** Complete lines (without the final LF): decoded at once when the bytes are valid UTF-8 and short enough. */
  private whole(bytes: Uint8Array, lines: RawLine[]): void {
    let text: string | undefined;
    if (bytes.length <= MAX_LINE_BYTES) {
      try {
        text = this.decoder.decode(bytes);
      } catch {
        text = undefined;
      }
    }
    if (text === undefined) {
      let start = 0;
      for (;;) {
        const end = bytes.indexOf(10, start);
        this.carry(bytes.subarray(start, end < 0 ? bytes.length : end));
        lines.push(this.finish());
        if (end < 0) return;
        start = end + 1;
      }
    }
    let start = 0;
    for (;;) {
      const end = text.indexOf("\n", start);
      let piece = text.slice(start, end < 0 ? text.length : end);
      if (piece.length > 0 && piece.charCodeAt(piece.length - 1) === 13) piece = piece.slice(0, -1);
      lines.push({ line: ++this.line, text: withoutBom(piece) });
      if (end < 0) return;
      start = end + 1;
    }
  }

  private carry(piece: Uint8Array): void {
    if (this.overflow) return;
    if (this.length + piece.length > MAX_LINE_BYTES) {
      this.overflow = true;
      this.pieces = [];
    } else if (piece.length > 0) this.pieces.push(piece);
    this.length += piece.length;
  }

  private finish(): RawLine {
    const line = ++this.line;
    const overflow = this.overflow;
    let bytes = concatBytes(this.pieces);
    this.pieces = [];
    this.length = 0;
    this.overflow = false;
    if (overflow) {
      return {
        line,
        error: {
          code: "invalid_value",
          path: "",
          message: `line ${line} is longer than ${MAX_LINE_BYTES} bytes`,
          expected: `at most ${MAX_LINE_BYTES} bytes`,
        },
      };
    }
    if (bytes.length > 0 && bytes[bytes.length - 1] === 13) bytes = bytes.subarray(0, bytes.length - 1);
    try {
      return { line, text: withoutBom(this.decoder.decode(bytes)) };
    } catch {
      if (this.encoding === "gb18030")
        return {
          line,
          error: { code: "invalid_value", path: "", message: `line ${line} is not valid GB18030 text`, expected: "GB18030 (GBK) text" },
        };
      const hint = readsAsGb18030(bytes) ? "; it reads as GB18030 (GBK): run with --encoding gb18030" : "";
      return {
        line,
        error: { code: "invalid_value", path: "", message: `line ${line} is not valid UTF-8${hint}`, expected: "UTF-8 text" },
      };
    }
  }
}

/**
 * Consecutive lines packed to cross to a worker thread cheaply: their texts
 * joined by LF into one string, and the lines that could not be read.
 */
export interface PackedLines {
  /** The first line's number. */
  readonly first: number;
  /** How many lines. */
  readonly count: number;
  /** The texts joined by LF (an unreadable line is empty here). */
  readonly text: string;
  /** The unreadable lines: index in the group, and why. */
  readonly unreadable: readonly (readonly [number, Issue])[];
  /** Each line's number, when they are not consecutive (CSV records spanning lines; see {@link packRecordLines}). */
  readonly numbers?: readonly number[];
}

/**
 * Packs consecutive lines (as {@link readLineChunks} gives them) for a worker.
 *
 * @throws RangeError when the lines are not consecutive.
 */
export function packLines(lines: readonly RawLine[]): PackedLines {
  const first = lines[0]?.line ?? 1;
  const texts: string[] = [];
  const unreadable: [number, Issue][] = [];
  lines.forEach((raw, index) => {
    if (raw.line !== first + index) throw new RangeError(`line ${raw.line} does not follow line ${first + index - 1}`);
    if ("error" in raw) {
      unreadable.push([index, raw.error]);
      texts.push("");
    } else texts.push(raw.text);
  });
  return { first, count: lines.length, text: texts.join("\n"), unreadable };
}

/**
 * Packs records for a worker like {@link packLines}, whether or not their
 * numbers are consecutive (a CSV record may span lines; its number is the line
 * where it starts). The texts must hold no LF (JSON texts never do).
 */
export function packRecordLines(lines: readonly RawLine[]): PackedLines {
  const first = lines[0]?.line ?? 1;
  if (lines.every((raw, index) => raw.line === first + index)) return packLines(lines);
  const renumbered = lines.map((raw, index) => ({ ...raw, line: first + index }));
  return { ...packLines(renumbered), numbers: lines.map((raw) => raw.line) };
}

/** The lines {@link packLines} or {@link packRecordLines} packed. */
export function unpackLines(packed: PackedLines): RawLine[] {
  const texts = packed.count === 0 ? [] : packed.text.split("\n");
  const number = (index: number) => packed.numbers?.[index] ?? packed.first + index;
  const lines: RawLine[] = texts.map((text, index) => ({ line: number(index), text }));
  for (const [index, error] of packed.unreadable) lines[index] = { line: number(index), error };
  return lines;
}

/** How a batch writes each decision. */
export interface RecordOptions {
  readonly trace: "compact" | "full";
  /**
   * How a line holds a case: one JSON case (`ndjson`), one CSV line (`csv`),
   * or the JSON array of one CSV record's cells (`cells`, as `fdr batch`'s
   * streaming CSV and .xlsx readers give them, so that a cell may hold a line
   * break).
   */
  readonly format: "ndjson" | "csv" | "cells";
  /** CSV and cells: the header's column names (see {@link csvColumns}). */
  readonly columns?: readonly string[];
}

const error = (line: number, issues: readonly Issue[]) => JSON.stringify({ line, errors: issues });

const BOOLEAN_COLUMNS = new Set(["bedridden", "povertyRegistered", "povertyDueToIllness", "povertyAlleviated", "familyPlanningSpecial"]);

function csvBoolean(value: string, column: string, issues: Issue[]): boolean | undefined {
  if (value === "") return undefined;
  if (value === "true") return true;
  if (value === "false") return false;
  issues.push({
    code: "invalid_type",
    path: `/${column}`,
    message: `column ${column} takes true, false or nothing`,
    expected: "true, false or an empty cell",
    found: JSON.stringify(value),
  });
  return undefined;
}

/**
 * Builds a case from a CSV row. Columns: asOf, id, birthDate, regionCode, sex,
 * conditions (`;`-separated), pregnancyStatus, deliveryDate,
 * disabilityCertified, disabilityDailyLivingDifficulty, bedridden,
 * povertyRegistered, povertyDueToIllness, povertyAlleviated,
 * familyPlanningSpecial, teamId, signDate, package. Empty cells are absent
 * values; an unknown column becomes an unknown field (a warning).
 */
export function csvRowToCase(row: Readonly<Record<string, string>>): { input: unknown; issues: Issue[] } {
  const issues: Issue[] = [];
  const resident: Record<string, unknown> = { id: row.id, birthDate: row.birthDate, regionCode: row.regionCode };
  const input: Record<string, unknown> = { asOf: row.asOf, resident };
  if (row.sex) resident.sex = row.sex;
  if (row.conditions)
    resident.conditions = row.conditions
      .split(";")
      .map((code) => code.trim())
      .filter(Boolean);
  if (row.pregnancyStatus)
    resident.pregnancy = row.deliveryDate
      ? { status: row.pregnancyStatus, deliveryDate: row.deliveryDate }
      : { status: row.pregnancyStatus };
  const certified = csvBoolean(row.disabilityCertified ?? "", "disabilityCertified", issues);
  const difficulty = csvBoolean(row.disabilityDailyLivingDifficulty ?? "", "disabilityDailyLivingDifficulty", issues);
  if (certified !== undefined || difficulty !== undefined)
    resident.disability = {
      ...(certified !== undefined ? { certified } : {}),
      ...(difficulty !== undefined ? { dailyLivingDifficulty: difficulty } : {}),
    };
  for (const column of BOOLEAN_COLUMNS) {
    const value = csvBoolean(row[column] ?? "", column, issues);
    if (value !== undefined) resident[column] = value;
  }
  if (row.teamId || row.signDate || row.package) {
    input.contract = { teamId: row.teamId, signDate: row.signDate, ...(row.package ? { packages: [{ id: row.package }] } : {}) };
  }
  const known = new Set([
    "asOf",
    "id",
    "birthDate",
    "regionCode",
    "sex",
    "conditions",
    "pregnancyStatus",
    "deliveryDate",
    "disabilityCertified",
    "disabilityDailyLivingDifficulty",
    ...BOOLEAN_COLUMNS,
    "teamId",
    "signDate",
    "package",
  ]);
  for (const [column, value] of Object.entries(row)) if (!known.has(column) && value !== "") input[column] = value;
  return { input, issues };
}

/**
 * Chinese (and other) header names for each CSV column, so that an export from
 * a local system maps without renaming its columns. Values stay the documented
 * codes (`hypertension`, `male`, `true` …), whatever the header's language.
 */
export const CSV_HEADER_ALIASES: Readonly<Record<string, readonly string[]>> = {
  asOf: ["评估日期", "决定日期", "基准日期"],
  id: ["居民编号", "居民ID", "居民id", "编号"],
  birthDate: ["出生日期"],
  regionCode: ["行政区划代码", "区划代码"],
  sex: ["性别"],
  conditions: ["慢性病", "慢病"],
  pregnancyStatus: ["孕产状态", "妊娠状态"],
  deliveryDate: ["分娩日期"],
  disabilityCertified: ["持证残疾人", "持残疾证"],
  disabilityDailyLivingDifficulty: ["生活自理困难"],
  bedridden: ["长期卧床"],
  povertyRegistered: ["建档立卡贫困人口", "建档立卡"],
  povertyDueToIllness: ["因病致贫"],
  povertyAlleviated: ["已脱贫"],
  familyPlanningSpecial: ["计划生育特殊家庭", "计生特殊家庭"],
  teamId: ["团队编号", "签约团队编号"],
  signDate: ["签约日期"],
  package: ["服务包", "服务包编号"],
};

const ALIAS_TO_COLUMN = new Map(
  Object.entries(CSV_HEADER_ALIASES).flatMap(([column, aliases]) => [
    [column, column] as const,
    ...aliases.map((alias) => [alias, column] as const),
  ]),
);

/** Header names that could reach an object's prototype: refused. */
const FORBIDDEN_COLUMNS = new Set(["__proto__", "constructor", "prototype"]);

/**
 * A header's column names, with Chinese aliases ({@link CSV_HEADER_ALIASES})
 * turned into the documented names and surrounding spaces trimmed.
 *
 * @throws PolicyError when a column is named twice (also through an alias),
 *   or is named `__proto__`, `constructor` or `prototype`.
 */
export function csvColumns(header: readonly string[]): string[] {
  const columns = header.map((name) => {
    const trimmed = name.trim();
    return ALIAS_TO_COLUMN.get(trimmed) ?? trimmed;
  });
  const issues: Issue[] = [];
  const seen = new Map<string, number>();
  columns.forEach((column, index) => {
    if (FORBIDDEN_COLUMNS.has(column)) {
      issues.push({
        code: "invalid_value",
        path: `/header/${index}`,
        message: `column ${index + 1} is named ${JSON.stringify(column)}, which is not allowed`,
        expected: "a column name other than __proto__, constructor or prototype",
        found: JSON.stringify(header[index]),
      });
    }
    const before = seen.get(column);
    if (before !== undefined) {
      issues.push({
        code: "invalid_value",
        path: `/header/${index}`,
        message: `columns ${before + 1} (${JSON.stringify(header[before])}) and ${index + 1} (${JSON.stringify(header[index])}) both name ${JSON.stringify(column)}`,
        expected: "each column named once",
        found: JSON.stringify(header[index]),
      });
    } else seen.set(column, index);
  });
  if (issues.length > 0) throw new PolicyError(issues as [Issue, ...Issue[]]);
  return columns;
}

/**
 * The CSV header's column names (see {@link csvColumns}).
 *
 * @throws PolicyError when a column is named twice or is a forbidden name.
 */
export function csvHeader(text: string): string[] {
  return csvColumns((parseCsvLine(text) as string[][])[0] ?? []);
}

/**
 * The output line for one input line: the decision as one line of JSON (a
 * {@link BatchRecord} with the compact trace, the whole decision with
 * `full`), or `{ "line": n, "errors": [...] }`. The same input always gives
 * the same bytes.
 */
export function processLine(pack: Pack, raw: RawLine, options: RecordOptions, summary?: Summary): string {
  const read = readInput(raw, options);
  if (typeof read === "string") return read;
  if (options.trace === "compact") {
    try {
      return writerFor(pack).write(read.input, summary && ((decision) => summary.add(decision)));
    } catch (failure) {
      return failureLine(raw.line, failure);
    }
  }
  const result = evaluateRecord(pack, raw.line, read.input, { trace: "full" });
  if ("errors" in result) return error(raw.line, result.errors);
  summary?.add(result.decision);
  return JSON.stringify(result.decision);
}

/**
 * {@link processLine}, with the line written as UTF-8 into `output`: the same
 * bytes, without building the line as text when its record comes from a
 * template.
 */
export function encodeLine(pack: Pack, raw: RawLine, options: RecordOptions, output: LineEncoder, summary?: Summary): void {
  encodeLines(pack, [raw], options, output, summary);
}

/** How many lines {@link encodeLines} reads before it evaluates them. */
const READ_AHEAD = 256;

/**
 * {@link encodeLine} for each of `lines`, in order: the same bytes. With the
 * compact trace, lines are read (`JSON.parse`) up to 256 at a time and
 * then evaluated one after another, so that the parser and the
 * evaluator each find their own data still in the processor's caches: the
 * parse of a line between two evaluations costs about twice as much.
 */
export function encodeLines(pack: Pack, lines: readonly RawLine[], options: RecordOptions, output: LineEncoder, summary?: Summary): void {
  if (options.trace !== "compact") {
    for (const raw of lines) output.line(processLine(pack, raw, options, summary));
    return;
  }
  const writer = writerFor(pack);
  const onDecision = summary && ((decision: CountedDecision) => summary.add(decision));
  const read: ({ input: unknown } | { thrown: unknown } | string)[] = [];
  for (let start = 0; start < lines.length; start += READ_AHEAD) {
    let end = Math.min(start + READ_AHEAD, lines.length);
    for (let index = start; index < end; index++) {
      try {
        read[index - start] = readInput(lines[index] as RawLine, options);
      } catch (thrown) {
        // Thrown where encodeLine would throw: after the lines before it are written.
        read[index - start] = { thrown };
        end = index + 1;
      }
    }
    for (let index = start; index < end; index++) {
      const result = read[index - start] as { input: unknown } | { thrown: unknown } | string;
      read[index - start] = "";
      if (typeof result === "string") output.line(result);
      else if ("thrown" in result) throw result.thrown;
      else {
        try {
          writer.encode(result.input, output, onDecision);
        } catch (failure) {
          output.line(failureLine((lines[index] as RawLine).line, failure));
        }
      }
    }
  }
}

/** The case a line holds, or the error line that refuses it. */
export function readInput(raw: RawLine, options: RecordOptions): { input: unknown } | string {
  if ("error" in raw) return error(raw.line, [raw.error]);
  if (raw.text.trim() === "")
    return error(raw.line, [{ code: "invalid_json", path: "", message: `line ${raw.line} is empty`, expected: "a case" }]);
  if (options.format === "csv" || options.format === "cells") {
    let values: string[];
    try {
      values =
        options.format === "cells" ? (JSON.parse(raw.text) as string[]) : (((parseCsvLine(raw.text) as string[][])[0] ?? []) as string[]);
    } catch (failure) {
      return error(raw.line, [
        { code: "invalid_value", path: "", message: `line ${raw.line} is not valid CSV: ${(failure as Error).message}` },
      ]);
    }
    const columns = options.columns ?? [];
    if (values.length !== columns.length) {
      return error(raw.line, [
        {
          code: "invalid_value",
          path: "",
          message: `line ${raw.line} has ${values.length} cells, the header ${columns.length}`,
          expected: `${columns.length} cells`,
        },
      ]);
    }
    const mapped = csvRowToCase(Object.fromEntries(columns.map((column, index) => [column, values[index] as string])));
    if (mapped.issues.length > 0) return error(raw.line, mapped.issues);
    return { input: mapped.input };
  }
  try {
    return { input: JSON.parse(raw.text) as unknown };
  } catch (failure) {
    return error(raw.line, [
      {
        code: "invalid_json",
        path: "",
        message: `line ${raw.line} is not valid JSON: ${(failure as Error).message}`,
        expected: "one JSON case per line",
      },
    ]);
  }
}

/** One record writer per pack (its templates serve every batch of the pack). */
const writerFor = memoizeWeak((pack: Pack) => new RecordWriter(pack));

function failureLine(line: number, failure: unknown): string {
  if (isPolicyError(failure)) return error(line, failure.issues);
  return error(line, [{ code: "internal_error", path: "", message: failure instanceof Error ? failure.message : String(failure) }]);
}

/** Distinct shared fee sections a summary counts before adding them up. */
const SHARED_FEES_LIMIT = 10_000;

/**
 * A running total of amounts: whole fen in a number while it stays safe
 * (the common case: every amount a few yuan), moved into a `Decimal` before
 * it would not be. A property test holds it equal to adding `Decimal`s.
 */
export class MoneyTotal {
  private fen = 0;
  private exact = new Decimal(0);

  /** Adds `amount` (an amount string) `times` times. */
  add(amount: string, times: number): void {
    const fen = fenOf(amount);
    const added = fen === undefined ? undefined : fen * times;
    if (added !== undefined && Number.isSafeInteger(added) && Number.isSafeInteger(this.fen + added) && this.fen + added <= FEN_CEILING) {
      this.fen += added;
      return;
    }
    this.exact = this.exact.plus(yuan(amount).times(times));
  }

  /** The total so far. */
  value(): Decimal {
    return this.exact.plus(new Decimal(this.fen).dividedBy(100));
  }
}

/** The fen a running total holds in a number before it goes on in a Decimal. */
const FEN_CEILING = 2 ** 52;

/** Population figures accumulated over a batch. */
export interface SummaryData {
  readonly residents: number;
  readonly eligible: number;
  readonly signed: number;
  readonly priority: { readonly residents: number; readonly signed: number };
  readonly groups: Readonly<Record<string, { readonly residents: number; readonly signed: number }>>;
  /** Fee totals per payer, over signed residents only (see `totalsOf`). */
  readonly payers: Readonly<Record<string, string>>;
  /** The staff pools added up, over signed residents only. */
  readonly staffPool: string;
  /** What `payers` and `staffPool` add up: signed residents only. */
  readonly totalsOf: typeof TOTALS_OF;
}

/**
 * Adds decisions into population figures. Counts (residents, eligible,
 * signed, groups) keep every resident; payer and staff-pool totals add up
 * signed residents only (eligible, contract in force on the decision date).
 */
export class Summary {
  private residents = 0;
  private eligible = 0;
  private signed = 0;
  private priorityResidents = 0;
  private prioritySigned = 0;
  private readonly groups = new Map<string, { residents: number; signed: number }>();
  private readonly payers = new Map<string, MoneyTotal>();
  private readonly staffPool = new MoneyTotal();
  /** Shared (frozen) fee sections and how many decisions had each: added up once, at the end. */
  private readonly sharedFees = new Map<NonNullable<Decision["fee"]>, number>();

  /** Counts one decision. */
  add(decision: CountedDecision): void {
    this.residents++;
    const eligible = decision.eligibility.eligible;
    const signed = eligible && decision.contract?.inForce === true;
    if (eligible) this.eligible++;
    if (signed) this.signed++;
    if (decision.priorityGroups.length > 0) {
      this.priorityResidents++;
      if (signed) this.prioritySigned++;
    }
    for (const group of decision.priorityGroups) {
      const counts = this.groups.get(group) ?? { residents: 0, signed: 0 };
      counts.residents++;
      if (signed) counts.signed++;
      this.groups.set(group, counts);
    }
    // Both documents pay per signed resident: an eligible contract not yet in
    // force has its fee in the decision, but not in the totals of this date.
    const fee = signed ? decision.fee : undefined;
    if (fee) {
      if (!isShared(fee)) this.addFee(fee, 1);
      else {
        this.sharedFees.set(fee, (this.sharedFees.get(fee) ?? 0) + 1);
        if (this.sharedFees.size >= SHARED_FEES_LIMIT) this.settleSharedFees();
      }
    }
  }

  private addFee(fee: NonNullable<Decision["fee"]>, times: number): void {
    for (const payer in fee.payers) this.totalOf(payer).add(fee.payers[payer] as string, times);
    if (fee.staffPool) this.staffPool.add(fee.staffPool, times);
  }

  private totalOf(payer: string): MoneyTotal {
    let total = this.payers.get(payer);
    if (total === undefined) {
      total = new MoneyTotal();
      this.payers.set(payer, total);
    }
    return total;
  }

  private settleSharedFees(): void {
    for (const [fee, times] of this.sharedFees) this.addFee(fee, times);
    this.sharedFees.clear();
  }

  /** Adds another summary's figures (from a worker). */
  merge(other: SummaryData): void {
    this.residents += other.residents;
    this.eligible += other.eligible;
    this.signed += other.signed;
    this.priorityResidents += other.priority.residents;
    this.prioritySigned += other.priority.signed;
    for (const [group, counts] of Object.entries(other.groups)) {
      const mine = this.groups.get(group) ?? { residents: 0, signed: 0 };
      this.groups.set(group, { residents: mine.residents + counts.residents, signed: mine.signed + counts.signed });
    }
    for (const [payer, amount] of Object.entries(other.payers)) this.totalOf(payer).add(amount, 1);
    this.staffPool.add(other.staffPool, 1);
  }

  /** The figures, with groups in the pack's order. */
  data(groupOrder: readonly string[] = []): SummaryData {
    this.settleSharedFees();
    const order = [
      ...groupOrder.filter((group) => this.groups.has(group)),
      ...[...this.groups.keys()].filter((group) => !groupOrder.includes(group)).sort(),
    ];
    return {
      residents: this.residents,
      eligible: this.eligible,
      signed: this.signed,
      priority: { residents: this.priorityResidents, signed: this.prioritySigned },
      groups: Object.fromEntries(order.map((group) => [group, { ...(this.groups.get(group) as { residents: number; signed: number }) }])),
      payers: Object.fromEntries(
        [...this.payers].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([payer, total]) => [payer, toAmount(total.value())]),
      ),
      staffPool: toAmount(this.staffPool.value()),
      totalsOf: TOTALS_OF,
    };
  }
}

export { rateOf } from "../core/money.js";
