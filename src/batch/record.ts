/**
 * The batch record: a decision cut to ids for population-scale output, and a
 * serialiser that writes it without building it.
 *
 * @module
 */
import type { BatchRecord, CompactReason, CompactTraceEntry, Decision, TraceEntry } from "../model/decision.js";
import type { Pack } from "../pack/load.js";
import { Memo, WeakMemo } from "../core/memo.js";
import type { SpareBuffers } from "../core/bytes.js";
import { POLICY_AREAS, type AreaField, type AreaId } from "../model/areas.js";
import { AREA_DECISIONS } from "../policy/areas.js";
import { compilePack, type CompiledPack, type PreparedCase } from "../policy/evaluator.js";
import { decideFee } from "../policy/fees.js";
import { decisionKey, PER_CASE_AREAS, periodOf } from "./key.js";
import { isShared, share, sharingTracer } from "./shared.js";

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
    if (key === "eligibility")
      record.eligibility = {
        eligible: decision.eligibility.eligible,
        reasons: decision.eligibility.reasons.map((entry) => compactReason(entry, decision.pack)),
      };
    else if (key === "benefits") record.benefits = decision.benefits.map((benefit) => ({ id: benefit.id, clause: benefit.cite.clause }));
    else if (key === "trace")
      record.trace = decision.trace.filter((entry) => entry.outcome).map((entry) => compactEntry(entry, decision.pack));
    else record[key] = value;
  }
  return record as BatchRecord;
}

/** Texts written once for each shared part of a decision, one table for each way a part is written. */
const written = {
  reason: new WeakMemo<object, string>(),
  held: new WeakMemo<object, string>(),
  benefit: new WeakMemo<object, string>(),
  json: new WeakMemo<object, string>(),
};

/**
 * The text `write` gives `part`. A shared part (see `shared.ts`) never
 * changes and belongs to one pack, so its text is written once and
 * remembered under `as`.
 */
function once(part: object, as: keyof typeof written, write: () => string): string {
  return isShared(part) ? written[as].getOr(part, write) : write();
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

/** JSON of a value, written once for a shared object. */
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

/** The areas whose section is a hole of a template, by their decision field. */
const PER_CASE_FIELDS: ReadonlyMap<string, AreaId> = new Map(
  POLICY_AREAS.filter((area) => PER_CASE_AREAS.has(area.id)).map((area) => [area.field, area.id]),
);

/** A hole of a record template: where a case's own value goes (a field of its own, or a section worked out per case). */
type Hole = "residentId" | "asOf" | "start" | "end" | "fee" | "warnings" | AreaField;

/**
 * The batch record of a decision as text segments, cut where `holes` says:
 * one segment more than holes, the holes' names in order. Without holes, the
 * record in one segment.
 */
function recordSegments(decision: Decision, holes: ReadonlySet<Hole>): { segments: string[]; names: Hole[] } {
  const segments: string[] = [];
  const names: Hole[] = [];
  let text = "";
  const cut = (name: Hole) => {
    segments.push(text);
    names.push(name);
    text = "";
  };
  for (const key in decision) {
    const lead = text === "" && segments.length === 0 ? "{" : ",";
    if (holes.has(key as Hole) && key !== "contract") {
      text += `${lead}"${key}":`;
      cut(key as Hole);
      continue;
    }
    const contract = decision.contract;
    if (key === "contract" && contract !== undefined && holes.has("start")) {
      text += `${lead}"contract":{`;
      let first = true;
      for (const field in contract) {
        text += `${first ? "" : ","}"${field}":`;
        first = false;
        if (field === "start" || field === "end") cut(field);
        else text += JSON.stringify((contract as Record<string, unknown>)[field]);
      }
      text += "}";
      continue;
    }
    const field = writeField(decision, key);
    if (field === undefined) continue;
    // The decision's field names are plain identifiers: nothing to escape.
    text += `${lead}"${key}":${field}`;
  }
  segments.push(text === "" && segments.length === 0 ? "{}" : `${text}}`);
  return { segments, names };
}

const NO_HOLES: ReadonlySet<Hole> = new Set();

/**
 * `JSON.stringify(toBatchRecord(decision))`, written directly: the same bytes,
 * several times faster, since shared trace entries and benefits (see
 * `shared.ts`) are written once and reused.
 *
 * @example
 * const line = batchRecordJson(compilePack(pack).evaluate(kase, { tracer: sharingTracer(pack, "compact") }));
 */
export function batchRecordJson(decision: Decision): string {
  return recordSegments(decision, NO_HOLES).segments[0] as string;
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
 * around the holes where each case's own values go — the resident id and the
 * date; the contract's start and end when it has a contract; the fee section
 * when the contract lists a team (its staff pay) or a package priced by its
 * items; the sections worked out per case; the warnings when the case has
 * warnings of its own.
 */
interface Template {
  /** UTF-8 segments; a hole between each two. */
  readonly segments: readonly Uint8Array[];
  /** The holes between the segments, in order. */
  readonly holes: readonly Hole[];
  /** The JSON of the sections' warnings, comma-separated, after the case's own in a `warnings` hole (`""` for none). */
  readonly sectionWarnings: string;
  /** What the summary counts (the same for every case of the key, but for the fee of a case with a team). */
  readonly counted: CountedDecision;
}

const TEMPLATE_LIMIT = 10_000;
const FEE_LIMIT = 10_000;
const utf8 = new TextDecoder();

/**
 * Writes batch records for one pack. Cases whose decisions differ only in the
 * resident's id, the date, the contract's dates, the fee section (staff pay,
 * items), the sections worked out per case and the case's own warnings (the
 * same decision key, see `key.ts`) share one record template: built from the
 * second case of a key (the first is written as it is: most keys of a real
 * population come once), then only those values change.
 *
 * @example
 * const writer = new RecordWriter(loadPack("yueyang-2023"));
 * const line = writer.write(kase); // the same text as batchRecordJson(evaluate(pack, kase))
 */
export class RecordWriter {
  private readonly compiled: CompiledPack;
  private readonly templates = new Memo<string, Template>(TEMPLATE_LIMIT);
  /** Keys seen once: a template is built when a key comes again (on a realistic population most keys come once). */
  private readonly seen = new Memo<string, true>(TEMPLATE_LIMIT);
  /** Fee sections with staff pay (and their JSON), by date, packages and team. */
  private readonly fees = new Memo<string, { fee: NonNullable<Decision["fee"]>; json: string }>(FEE_LIMIT);
  private readonly options;

  constructor(pack: Pack) {
    this.compiled = compilePack(pack);
    this.options = { trace: "compact", tracer: sharingTracer(pack, "compact") } as const;
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
  private find(
    input: unknown,
    onDecision: ((decision: CountedDecision) => void) | undefined,
  ): { json: string } | { template: Template; holes: string[] } {
    const prepared = this.compiled.contextFor(input, this.options);
    const key = decisionKey(prepared.context, prepared.warnings);
    const template = key === undefined ? undefined : this.templates.get(key);
    if (template) {
      const { holes, fee } = this.holesOf(prepared, template);
      onDecision?.(fee ? { ...template.counted, fee } : template.counted);
      return { template, holes };
    }
    const decision = this.compiled.decide(prepared);
    onDecision?.(decision);
    if (key === undefined) return { json: batchRecordJson(decision) };
    if (this.seen.get(key) === undefined) {
      this.seen.set(key, true);
      return { json: batchRecordJson(decision) };
    }
    const holes = new Set<Hole>(["residentId", "asOf"]);
    if (prepared.warnings.length > 0) holes.add("warnings");
    if (decision.contract) holes.add("start").add("end");
    if (decision.fee && (prepared.context.case.contract?.team !== undefined || hasItems(prepared))) holes.add("fee");
    for (const [field] of PER_CASE_FIELDS)
      if ((decision as unknown as Record<string, unknown>)[field] !== undefined) holes.add(field as Hole);
    const cut = recordSegments(decision, holes);
    // The fee is shared from here on: a summary counts each shared fee once per use, and adds them up at the end.
    const counted: CountedDecision = {
      eligibility: { eligible: decision.eligibility.eligible },
      priorityGroups: decision.priorityGroups,
      contract: decision.contract && { inForce: decision.contract.inForce },
      fee: decision.fee && share(decision.fee),
    };
    const sectionWarnings = decision.warnings
      .slice(prepared.warnings.length)
      .map((warning) => JSON.stringify(warning))
      .join(",");
    const built = { segments: cut.segments.map((segment) => Buffer.from(segment)), holes: cut.names, counted, sectionWarnings };
    this.templates.set(key, built);
    return { json: this.fill(cut.segments, built, prepared) };
  }

  /** A record's text from its segments and the case's values. */
  private fill(segments: readonly string[], template: Pick<Template, "holes" | "sectionWarnings">, prepared: PreparedCase): string {
    const { holes } = this.holesOf(prepared, template);
    let text = segments[0] as string;
    for (let index = 1; index < segments.length; index++) text += (holes[index - 1] as string) + (segments[index] as string);
    return text;
  }

  /** The case's own values, as JSON in the order of a template's holes, and its fee section when the template has a fee hole. */
  private holesOf(
    prepared: PreparedCase,
    template: Pick<Template, "holes" | "sectionWarnings">,
  ): { holes: string[]; fee?: Decision["fee"] } {
    const context = prepared.context;
    const holes: string[] = [];
    let fee: Decision["fee"];
    for (const name of template.holes) {
      if (name === "residentId") holes.push(JSON.stringify(context.case.resident.id));
      // A calendar date (YYYY-MM-DD): nothing to escape.
      else if (name === "asOf") holes.push(`"${context.case.asOf}"`);
      else if (name === "warnings") holes.push(warningsJson(prepared.warnings, template.sectionWarnings));
      else if (name === "start") holes.push(`"${(context.contractTerm as { start: string }).start}"`);
      else if (name === "end") holes.push(`"${(context.contractTerm as { end: string }).end}"`);
      else if (name === "fee") {
        const section = this.feeOf(prepared);
        fee = section.fee;
        holes.push(section.json);
      } else holes.push(JSON.stringify(AREA_DECISIONS[PER_CASE_FIELDS.get(name) as AreaId](context)?.value));
    }
    return fee ? { holes, fee } : { holes };
  }

  /**
   * The fee section of a case with a team, worked out once per date,
   * packages and team (members and scores); with a package priced by its
   * items, worked out for the case.
   */
  private feeOf(prepared: PreparedCase): { fee: NonNullable<Decision["fee"]>; json: string } {
    const context = prepared.context;
    if (hasItems(prepared)) {
      const fee = decideFee(context)?.fee as NonNullable<Decision["fee"]>;
      return { fee, json: JSON.stringify(fee) };
    }
    const contract = context.case.contract;
    // Each id with its length before it: no id can run into the next.
    let key = periodOf(context.pack, context.params);
    for (const selection of contract?.packages ?? []) key += `|${selection.id.length}:${selection.id}`;
    key += "|";
    for (const member of contract?.team ?? []) key += `${member.memberId.length}:${member.memberId}:${member.score ?? ""};`;
    return this.fees.getOr(key, () => {
      const fee = share(decideFee(context)?.fee as NonNullable<Decision["fee"]>);
      return { fee, json: JSON.stringify(fee) };
    });
  }
}

/** The JSON of a record's warnings: the case's own, then the sections' (JSON, comma-separated). */
function warningsJson(own: readonly unknown[], sections: string): string {
  let text = "";
  for (const warning of own) text += text === "" ? JSON.stringify(warning) : `,${JSON.stringify(warning)}`;
  return `[${text}${text !== "" && sections !== "" ? "," : ""}${sections}]`;
}

/** Whether the case's contract chooses a package priced by its items (its fee is worked out per case). */
function hasItems(prepared: PreparedCase): boolean {
  for (const selection of prepared.context.case.contract?.packages ?? []) if (selection.items !== undefined) return true;
  return false;
}

const BLOCK = 1024 * 1024;
/** Texts up to this length are copied char by char while they are ASCII (see `LineEncoder.text`). */
const SHORT_TEXT = 64;

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
    const block = this.block;
    for (let index = 0; index < segments.length; index++) {
      const segment = segments[index] as Uint8Array;
      block.set(segment, this.used);
      this.used += segment.length;
      if (index < texts.length) this.text(texts[index] as string);
    }
    block[this.used++] = 10;
    this.lines++;
  }

  /**
   * Writes a text (room made): a short one char by char while it is ASCII —
   * a hole of a template (an id, a date, an amount) is a few bytes, and a
   * call into `Buffer.write` costs more than copying them — the rest as
   * UTF-8 by `Buffer.write`.
   */
  private text(text: string): void {
    const block = this.block;
    let used = this.used;
    let index = 0;
    if (text.length <= SHORT_TEXT)
      for (; index < text.length; index++) {
        const code = text.charCodeAt(index);
        if (code >= 0x80) break;
        block[used++] = code;
      }
    this.used = index === text.length ? used : used + block.write(index === 0 ? text : text.slice(index), used);
  }

  /** The bytes written since the last call (a copy: the block is reused; a `Buffer` in Node). */
  take(): Uint8Array {
    return this.copyOut(Buffer.allocUnsafeSlow(this.used));
  }

  /**
   * {@link LineEncoder.take}, into one of `spares` — buffers whose bytes have
   * been written and which were handed back — when one is big enough (it is
   * taken off the list), else into a new buffer with room to spare, to be
   * handed back in turn. A long run then allocates no buffer for each block:
   * a thread that receives many fresh buffers and allocates little else
   * collects them only by full garbage collections, one for every few tens
   * of megabytes.
   */
  takeInto(spares: SpareBuffers): Uint8Array {
    const buffer = spares.take(this.used) ?? Buffer.allocUnsafeSlow(this.used + (this.used >> 2)).buffer;
    return this.copyOut(Buffer.from(buffer, 0, this.used));
  }

  private copyOut(bytes: Buffer): Uint8Array {
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
