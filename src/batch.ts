/**
 * Population-scale evaluation: many cases in, one answer per case out, in
 * order, nothing lost.
 *
 * @module
 */
import { parse as parseCsvLine } from "csv-parse/sync";
import { evaluate } from "./api.js";
import { isPolicyError, type Issue } from "./errors.js";
import type { Decision } from "./model/decision.js";
import { Decimal, toAmount, toRate, yuan } from "./money.js";
import type { Pack } from "./pack/load.js";
import type { EvaluateOptions } from "./policy/evaluator.js";

/** The answer for one case: its decision, or the issues that stopped it. */
export type BatchResult = { readonly line: number; readonly decision: Decision } | { readonly line: number; readonly errors: readonly Issue[] };

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

const decoder = new TextDecoder("utf-8", { fatal: true });

/**
 * Splits a byte stream into numbered lines (LF or CRLF). A line that is not
 * valid UTF-8 or longer than {@link MAX_LINE_BYTES} becomes an error; memory
 * stays bounded by the longest accepted line, whatever the input's size.
 */
export async function* readLines(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<RawLine> {
  let pieces: Uint8Array[] = [];
  let length = 0;
  let overflow = false;
  let line = 0;
  const finish = (): RawLine => {
    line++;
    if (overflow) {
      return { line, error: { code: "invalid_value", path: "", message: `line ${line} is longer than ${MAX_LINE_BYTES} bytes`, expected: `at most ${MAX_LINE_BYTES} bytes` } };
    }
    let bytes = pieces.length === 1 ? (pieces[0] as Uint8Array) : Buffer.concat(pieces);
    if (bytes.length > 0 && bytes[bytes.length - 1] === 13) bytes = bytes.subarray(0, bytes.length - 1);
    try {
      return { line, text: decoder.decode(bytes) };
    } catch {
      return { line, error: { code: "invalid_value", path: "", message: `line ${line} is not valid UTF-8`, expected: "UTF-8 text" } };
    }
  };
  const reset = () => {
    pieces = [];
    length = 0;
    overflow = false;
  };
  for await (const chunk of chunks) {
    let start = 0;
    for (;;) {
      const end = chunk.indexOf(10, start);
      const piece = chunk.subarray(start, end < 0 ? chunk.length : end);
      if (!overflow) {
        if (length + piece.length > MAX_LINE_BYTES) {
          overflow = true;
          pieces = [];
        } else if (piece.length > 0) pieces.push(piece);
        length += piece.length;
      }
      if (end < 0) break;
      yield finish();
      reset();
      start = end + 1;
    }
  }
  if (length > 0 || overflow || pieces.length > 0) yield finish();
}

/** How a batch writes each decision. */
export interface RecordOptions {
  readonly trace: "compact" | "full";
  readonly format: "ndjson" | "csv";
  /** CSV only: the header's column names. */
  readonly columns?: readonly string[];
}

const error = (line: number, issues: readonly Issue[]) => JSON.stringify({ line, errors: issues });

const BOOLEAN_COLUMNS = new Set(["bedridden", "povertyRegistered", "povertyDueToIllness", "povertyAlleviated", "familyPlanningSpecial"]);

function csvBoolean(value: string, column: string, issues: Issue[]): boolean | undefined {
  if (value === "") return undefined;
  if (value === "true") return true;
  if (value === "false") return false;
  issues.push({ code: "invalid_type", path: `/${column}`, message: `column ${column} takes true, false or nothing`, expected: "true, false or an empty cell", found: JSON.stringify(value) });
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
  if (row.conditions) resident.conditions = row.conditions.split(";").map((code) => code.trim()).filter(Boolean);
  if (row.pregnancyStatus) resident.pregnancy = row.deliveryDate ? { status: row.pregnancyStatus, deliveryDate: row.deliveryDate } : { status: row.pregnancyStatus };
  const certified = csvBoolean(row.disabilityCertified ?? "", "disabilityCertified", issues);
  const difficulty = csvBoolean(row.disabilityDailyLivingDifficulty ?? "", "disabilityDailyLivingDifficulty", issues);
  if (certified !== undefined || difficulty !== undefined) resident.disability = { ...(certified !== undefined ? { certified } : {}), ...(difficulty !== undefined ? { dailyLivingDifficulty: difficulty } : {}) };
  for (const column of BOOLEAN_COLUMNS) {
    const value = csvBoolean(row[column] ?? "", column, issues);
    if (value !== undefined) resident[column] = value;
  }
  if (row.teamId || row.signDate || row.package) {
    input.contract = { teamId: row.teamId, signDate: row.signDate, ...(row.package ? { packages: [{ id: row.package }] } : {}) };
  }
  const known = new Set(["asOf", "id", "birthDate", "regionCode", "sex", "conditions", "pregnancyStatus", "deliveryDate", "disabilityCertified", "disabilityDailyLivingDifficulty", ...BOOLEAN_COLUMNS, "teamId", "signDate", "package"]);
  for (const [column, value] of Object.entries(row)) if (!known.has(column) && value !== "") input[column] = value;
  return { input, issues };
}

/** The CSV header's column names, or an issue. */
export function csvHeader(text: string): string[] {
  return (parseCsvLine(text) as string[][])[0] ?? [];
}

/**
 * The output line for one input line: the decision as one line of JSON, or
 * `{ "line": n, "errors": [...] }`. The same input always gives the same bytes.
 */
export function processLine(pack: Pack, raw: RawLine, options: RecordOptions, summary?: Summary): string {
  if ("error" in raw) return error(raw.line, [raw.error]);
  if (raw.text.trim() === "") return error(raw.line, [{ code: "invalid_json", path: "", message: `line ${raw.line} is empty`, expected: "a case" }]);
  let input: unknown;
  if (options.format === "csv") {
    let cells: string[][];
    try {
      cells = parseCsvLine(raw.text) as string[][];
    } catch (failure) {
      return error(raw.line, [{ code: "invalid_value", path: "", message: `line ${raw.line} is not valid CSV: ${(failure as Error).message}` }]);
    }
    const values = cells[0] ?? [];
    const columns = options.columns ?? [];
    if (values.length !== columns.length) {
      return error(raw.line, [{ code: "invalid_value", path: "", message: `line ${raw.line} has ${values.length} cells, the header ${columns.length}`, expected: `${columns.length} cells` }]);
    }
    const mapped = csvRowToCase(Object.fromEntries(columns.map((column, index) => [column, values[index] as string])));
    if (mapped.issues.length > 0) return error(raw.line, mapped.issues);
    input = mapped.input;
  } else {
    try {
      input = JSON.parse(raw.text);
    } catch (failure) {
      return error(raw.line, [{ code: "invalid_json", path: "", message: `line ${raw.line} is not valid JSON: ${(failure as Error).message}`, expected: "one JSON case per line" }]);
    }
  }
  const result = evaluateRecord(pack, raw.line, input, { trace: options.trace });
  if ("errors" in result) return error(raw.line, result.errors);
  summary?.add(result.decision);
  return JSON.stringify(result.decision);
}

/** Population figures accumulated over a batch. */
export interface SummaryData {
  readonly residents: number;
  readonly eligible: number;
  readonly signed: number;
  readonly priority: { readonly residents: number; readonly signed: number };
  readonly groups: Readonly<Record<string, { readonly residents: number; readonly signed: number }>>;
  readonly payers: Readonly<Record<string, string>>;
  readonly staffPool: string;
}

/** Adds decisions into population figures. */
export class Summary {
  private residents = 0;
  private eligible = 0;
  private signed = 0;
  private priorityResidents = 0;
  private prioritySigned = 0;
  private readonly groups = new Map<string, { residents: number; signed: number }>();
  private readonly payers = new Map<string, Decimal>();
  private staffPool = new Decimal(0);

  /** Counts one decision. */
  add(decision: Decision): void {
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
    if (decision.fee) {
      for (const [payer, amount] of Object.entries(decision.fee.payers)) this.payers.set(payer, (this.payers.get(payer) ?? new Decimal(0)).plus(yuan(amount)));
      if (decision.fee.staffPool) this.staffPool = this.staffPool.plus(yuan(decision.fee.staffPool));
    }
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
    for (const [payer, amount] of Object.entries(other.payers)) this.payers.set(payer, (this.payers.get(payer) ?? new Decimal(0)).plus(yuan(amount)));
    this.staffPool = this.staffPool.plus(yuan(other.staffPool));
  }

  /** The figures, with groups in the pack's order. */
  data(groupOrder: readonly string[] = []): SummaryData {
    const order = [...groupOrder.filter((group) => this.groups.has(group)), ...[...this.groups.keys()].filter((group) => !groupOrder.includes(group)).sort()];
    return {
      residents: this.residents,
      eligible: this.eligible,
      signed: this.signed,
      priority: { residents: this.priorityResidents, signed: this.prioritySigned },
      groups: Object.fromEntries(order.map((group) => [group, { ...(this.groups.get(group) as { residents: number; signed: number }) }])),
      payers: Object.fromEntries([...this.payers].map(([payer, amount]) => [payer, toAmount(amount)])),
      staffPool: toAmount(this.staffPool),
    };
  }
}

/** A signing rate as a decimal string with four places (`"0.7094"`), or null for no base. */
export function rateOf(part: number, whole: number): string | null {
  return whole === 0 ? null : toRate(new Decimal(part).dividedBy(whole).toDecimalPlaces(4, Decimal.ROUND_HALF_UP));
}
