/**
 * The batch record: a decision cut to ids for population-scale output, and a
 * serialiser that writes it without building it.
 *
 * @module
 */
import type { BatchRecord, CompactReason, CompactTraceEntry, Decision, TraceEntry } from "../model/decision.js";
import type { Pack } from "../pack/load.js";
import { compilePack, type CompiledPack, type PreparedCase } from "../policy/evaluator.js";
import { decideFee } from "../policy/fees.js";

/** A held rule as a batch record's trace gives it (`pack` only when it is not `recordPack`). */
export function compactEntry(entry: TraceEntry, recordPack: string): CompactTraceEntry {
  const compact: CompactTraceEntry = { rule: entry.rule, clause: entry.cite.clause };
  if (entry.pack !== recordPack) compact.pack = entry.pack;
  if (entry.interpretation === true) compact.interpretation = true;
  return compact;
}

/** An eligibility reason as a batch record gives it. */
export function compactReason(entry: TraceEntry, recordPack: string): CompactReason {
  const compact: CompactReason = { rule: entry.rule, outcome: entry.outcome, clause: entry.cite.clause };
  if (entry.pack !== recordPack) compact.pack = entry.pack;
  if (entry.interpretation === true) compact.interpretation = true;
  return compact;
}

/**
 * A decision as a batch record: citations cut to clause ids, the trace cut
 * to the rules that held, benefits without labels.
 *
 * @example
 * const record = toBatchRecord(evaluate(pack, kase));
 * record.trace; // [{ rule: "region", clause: "YY §1" }, …]
 */
export function toBatchRecord(decision: Decision): BatchRecord {
  const record: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(decision)) {
    if (key === "eligibility") record.eligibility = { eligible: decision.eligibility.eligible, reasons: decision.eligibility.reasons.map((entry) => compactReason(entry, decision.pack)) };
    else if (key === "benefits") record.benefits = decision.benefits.map((benefit) => ({ id: benefit.id, clause: benefit.cite.clause }));
    else if (key === "trace") record.trace = decision.trace.filter((entry) => entry.outcome).map((entry) => compactEntry(entry, decision.pack));
    else record[key] = value;
  }
  return record as BatchRecord;
}

/** Texts written once for each frozen (shared) part of a decision, one table for each way a part is written. */
const written = { reason: new WeakMap<object, string>(), held: new WeakMap<object, string>(), benefit: new WeakMap<object, string>(), json: new WeakMap<object, string>() };

/**
 * The text `write` gives `part`. A frozen part is a shared one (see the
 * `shared` evaluation option): it never changes and belongs to one pack, so
 * its text is written once and remembered under `as`.
 */
function once(part: object, as: keyof typeof written, write: () => string): string {
  if (!Object.isFrozen(part)) return write();
  const texts = written[as];
  let text = texts.get(part);
  if (text === undefined) {
    text = write();
    texts.set(part, text);
  }
  return text;
}

/** Eligibility reasons (every entry, with its outcome), or the trace (the entries that held). */
function writeEntries(entries: readonly TraceEntry[], recordPack: string, reasons: boolean): string {
  let text = "";
  for (const entry of entries) {
    if (!reasons && !entry.outcome) continue;
    const item = reasons
      ? once(entry, "reason", () => JSON.stringify(compactReason(entry, recordPack)))
      : once(entry, "held", () => JSON.stringify(compactEntry(entry, recordPack)));
    text += text === "" ? item : `,${item}`;
  }
  return `[${text}]`;
}

/** JSON of a value, written once for a frozen object (a shared fee section, say). */
function jsonOf(value: unknown): string {
  return typeof value === "object" && value !== null ? once(value, "json", () => JSON.stringify(value)) : JSON.stringify(value);
}

function writeBenefits(benefits: Decision["benefits"]): string {
  let text = "";
  for (const benefit of benefits) {
    const item = once(benefit, "benefit", () => JSON.stringify({ id: benefit.id, clause: benefit.cite.clause }));
    text += text === "" ? item : `,${item}`;
  }
  return `[${text}]`;
}

/** The JSON of one field of a batch record (`undefined` for an absent section). */
function writeField(decision: Decision, key: string): string | undefined {
  switch (key) {
    case "eligibility":
      return `{"eligible":${decision.eligibility.eligible},"reasons":${writeEntries(decision.eligibility.reasons, decision.pack, true)}}`;
    case "benefits":
      return writeBenefits(decision.benefits);
    case "trace":
      return writeEntries(decision.trace, decision.pack, false);
    default: {
      const value = (decision as unknown as Record<string, unknown>)[key];
      return value === undefined ? undefined : jsonOf(value);
    }
  }
}

/**
 * `JSON.stringify(toBatchRecord(decision))`, written directly: the same bytes,
 * several times faster, since shared trace entries and sections (see the
 * `shared` evaluation option) are written once and reused. A frozen part of
 * the decision is taken to be a shared part: frozen all through, and of the
 * decision's pack.
 *
 * @example
 * const line = batchRecordJson(compilePack(pack).evaluate(kase, { trace: "compact", shared: true }));
 */
export function batchRecordJson(decision: Decision): string {
  let text = "";
  for (const key in decision) {
    const field = writeField(decision, key);
    if (field === undefined) continue;
    // The decision's field names are plain identifiers: nothing to escape.
    text += `${text === "" ? "{" : ","}"${key}":${field}`;
  }
  return text === "" ? "{}" : `${text}}`;
}

/** What a population summary counts of a decision. */
export interface CountedDecision {
  readonly eligibility: { readonly eligible: boolean };
  readonly priorityGroups: readonly string[];
  readonly contract?: { readonly inForce: boolean } | undefined;
  readonly fee?: Decision["fee"];
}

/**
 * A record written once for every case with the same decision key: its bytes
 * around the holes where each case's own values go — the resident id; the
 * contract's start and end when it has a contract; the fee section when the
 * contract lists a team (its staff pay).
 */
interface Template {
  /** UTF-8 segments; a hole between each two. */
  readonly segments: readonly Uint8Array[];
  /** What the summary counts (the same for every case of the key). */
  readonly counted: CountedDecision;
}

const TEMPLATE_LIMIT = 10_000;
const utf8 = new TextDecoder();

/**
 * Writes batch records for one pack. Cases whose decisions differ only in the
 * resident's id, the contract's dates and the team's staff pay (the same
 * {@link PreparedCase.key}) share one record template: the decision is built
 * and written once, then only those values change.
 *
 * @example
 * const writer = new RecordWriter(loadPack("yueyang-2023"));
 * const line = writer.write(kase); // the same text as batchRecordJson(evaluate(pack, kase))
 */
export class RecordWriter {
  private readonly compiled: CompiledPack;
  // Two generations: when the young one is full it becomes the old one, and
  // keys in use are carried over, so the templates in use stay whatever the mix.
  private young = new Map<string, Template>();
  private old = new Map<string, Template>();

  constructor(pack: Pack) {
    this.compiled = compilePack(pack);
  }

  /**
   * The record of one case as one line of JSON. `onDecision` sees what a
   * population summary counts of the decision.
   *
   * @throws PolicyError when the case is refused, as `evaluate` does.
   */
  write(input: unknown, onDecision?: (decision: CountedDecision) => void): string {
    const found = this.find(input, onDecision);
    if ("json" in found) return found.json;
    const { segments } = found.template;
    let text = utf8.decode(segments[0]);
    for (let index = 1; index < segments.length; index++) text += (found.holes[index - 1] as string) + utf8.decode(segments[index]);
    return text;
  }

  /**
   * {@link RecordWriter.write}, into an encoder: a record from a template is
   * copied as bytes, with only the case's own values encoded.
   */
  encode(input: unknown, output: LineEncoder, onDecision?: (decision: CountedDecision) => void): void {
    const found = this.find(input, onDecision);
    if ("json" in found) output.line(found.json);
    else output.filled(found.template.segments, found.holes);
  }

  /** The record's JSON, or its template and the JSON of the values for its holes. */
  private find(input: unknown, onDecision: ((decision: CountedDecision) => void) | undefined): { json: string } | { template: Template; holes: string[] } {
    const prepared = this.compiled.contextFor(input, { trace: "compact", shared: true });
    const key = prepared.key;
    const template = key === undefined ? undefined : this.lookup(key);
    if (template) {
      const { holes, fee } = holesOf(prepared);
      onDecision?.(fee ? { ...template.counted, fee } : template.counted);
      return { template, holes };
    }
    const decision = this.compiled.decide(prepared);
    onDecision?.(decision);
    const json = batchRecordJson(decision);
    if (key !== undefined) this.remember(key, json, decision, prepared.context.case.contract?.team !== undefined);
    return { json };
  }

  private lookup(key: string): Template | undefined {
    const template = this.young.get(key);
    if (template !== undefined) return template;
    const old = this.old.get(key);
    if (old !== undefined) this.keep(key, old);
    return old;
  }

  private keep(key: string, template: Template): void {
    if (this.young.size >= TEMPLATE_LIMIT) {
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(key, template);
  }

  /** Cuts the record at its holes and keeps it. */
  private remember(key: string, json: string, decision: Decision, withTeam: boolean): void {
    const holes = [JSON.stringify(decision.residentId)];
    const markers = [`"residentId":`];
    if (decision.contract) {
      holes.push(JSON.stringify(decision.contract.start), JSON.stringify(decision.contract.end));
      markers.push(`"contract":{"start":`, `,"end":`);
    }
    if (withTeam && decision.fee) {
      holes.push(jsonOf(decision.fee));
      markers.push(`"fee":`);
    }
    const segments: Uint8Array[] = [];
    let from = 0;
    for (const [index, marker] of markers.entries()) {
      const at = json.indexOf(marker, from);
      const hole = holes[index] as string;
      if (at < 0 || !json.startsWith(hole, at + marker.length)) return;
      segments.push(Buffer.from(json.slice(from, at + marker.length)));
      from = at + marker.length + hole.length;
    }
    segments.push(Buffer.from(json.slice(from)));
    const counted: CountedDecision = { eligibility: { eligible: decision.eligibility.eligible }, priorityGroups: decision.priorityGroups, contract: decision.contract && { inForce: decision.contract.inForce }, fee: decision.fee };
    this.keep(key, { segments, counted });
  }
}

/** The case's own values, as JSON in the order of a template's holes, and its fee section when it has a team. */
function holesOf(prepared: PreparedCase): { holes: string[]; fee?: Decision["fee"] } {
  const holes = [JSON.stringify(prepared.context.case.resident.id)];
  const term = prepared.context.contractTerm;
  if (term) holes.push(`"${term.start}"`, `"${term.end}"`);
  if (!prepared.context.case.contract?.team) return { holes };
  const fee = decideFee(prepared.context)?.fee;
  if (fee) holes.push(jsonOf(fee));
  return { holes, fee };
}

const BLOCK = 1024 * 1024;

/**
 * Output lines as UTF-8 bytes, each followed by a newline, collected into
 * blocks: `take` hands over what has been written and starts afresh.
 */
export class LineEncoder {
  private block = Buffer.allocUnsafe(BLOCK);
  private used = 0;
  /** Lines written since the last `take`. */
  lines = 0;
  /** Of those, error lines (`{"line":…}`). */
  errors = 0;

  /** Writes one line of text. */
  line(text: string): void {
    this.room(text.length * 3 + 1);
    this.used += this.block.write(text, this.used);
    this.block[this.used++] = 10;
    this.lines++;
    if (text.startsWith('{"line":')) this.errors++;
  }

  /** Writes one line of byte segments with a text between each two. */
  filled(segments: readonly Uint8Array[], texts: readonly string[]): void {
    let size = 1;
    for (const segment of segments) size += segment.length;
    for (const text of texts) size += text.length * 3;
    this.room(size);
    for (let index = 0; index < segments.length; index++) {
      const segment = segments[index] as Uint8Array;
      this.block.set(segment, this.used);
      this.used += segment.length;
      if (index < texts.length) this.used += this.block.write(texts[index] as string, this.used);
    }
    this.block[this.used++] = 10;
    this.lines++;
  }

  /** The bytes written since the last call (a copy: the block is reused; a `Buffer` in Node). */
  take(): Uint8Array {
    const bytes = Buffer.allocUnsafeSlow(this.used);
    this.block.copy(bytes, 0, 0, this.used);
    this.used = 0;
    this.lines = 0;
    this.errors = 0;
    return bytes;
  }

  /** Makes room for `bytes` more bytes (at most), keeping what is written. */
  private room(bytes: number): void {
    if (this.used + bytes <= this.block.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.block.length * 2, this.used + bytes));
    this.block.copy(bigger, 0, 0, this.used);
    this.block = bigger;
  }
}
