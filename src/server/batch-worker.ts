/**
 * A worker thread of `fdr serve`'s batch route: evaluates the lines it is
 * sent with the same functions as `fdr batch` (so records are byte-identical),
 * for any number of jobs, each under its own pack version.
 *
 * @module
 */
import { parentPort } from "node:worker_threads";
import { encodeLine, processLine, Summary, unpackLines, type PackedLines, type RecordOptions } from "../batch/batch.js";
import { loadPack, type Pack } from "../pack/load.js";
import { LineEncoder } from "../batch/record.js";
import { auditRecord, sha256, type AuditedDecision } from "./audit.js";
import { WORKER_PACKS_KEPT } from "./batch-pool.js";

/** Messages the pool sends. */
export type ToWorker =
  | {
      readonly type: "start";
      readonly job: number;
      readonly hash: string;
      readonly source?: string | object;
      readonly options: RecordOptions;
      readonly audit?: { readonly requestId: string; readonly time: string };
    }
  | { readonly type: "lines"; readonly job: number; readonly seq: number; readonly lines: PackedLines }
  | { readonly type: "end"; readonly job: number };

/** Messages the worker sends back. */
export type FromWorker =
  | {
      readonly job: number;
      readonly seq: number;
      readonly bytes: Uint8Array;
      readonly lines: number;
      readonly errors: number;
      readonly errorCodes: readonly string[];
      readonly audit?: readonly string[];
    }
  | { readonly job: number; readonly summary: ReturnType<Summary["data"]> }
  | { readonly job: number; readonly failure: string };

interface Job {
  readonly pack: Pack;
  readonly options: RecordOptions;
  readonly summary: Summary;
  readonly audit?: { readonly requestId: string; readonly time: string };
}

const packs = new Map<string, Pack>();
const jobs = new Map<number, Job>();
const encoder = new LineEncoder();

function packFor(hash: string, source: string | object | undefined): Pack {
  const cached = packs.get(hash);
  if (cached) return cached;
  if (source === undefined) throw new Error(`pack ${hash} was never sent to this worker`);
  const pack = loadPack(source);
  if (pack.hash !== hash) throw new Error(`the pack sent as ${hash} loads as ${pack.hash}`);
  if (packs.size >= WORKER_PACKS_KEPT) packs.delete(packs.keys().next().value as string);
  packs.set(hash, pack);
  return pack;
}

function errorCodes(text: string): string[] {
  try {
    const record = JSON.parse(text) as { errors?: { code?: string }[] };
    return (record.errors ?? []).map((issue) => String(issue.code));
  } catch {
    return ["internal_error"];
  }
}

function runLines(job: Job, jobId: number, seq: number, packed: PackedLines): FromWorker {
  const codes: string[] = [];
  const audit: string[] = [];
  for (const raw of unpackLines(packed)) {
    if (!job.audit) {
      const before = encoder.errors;
      encodeLine(job.pack, raw, job.options, encoder, job.summary);
      // An error record (rare): its text again, for the codes it names.
      if (encoder.errors !== before) codes.push(...errorCodes(processLine(job.pack, raw, job.options)));
      continue;
    }
    // With a decision log: the line as text, read back for its audit record.
    const text = processLine(job.pack, raw, job.options, job.summary);
    encoder.line(text);
    if (text.startsWith('{"line":')) codes.push(...errorCodes(text));
    else {
      const requestHash = sha256("text" in raw ? raw.text : "");
      audit.push(
        JSON.stringify(
          auditRecord(JSON.parse(text) as AuditedDecision, {
            requestId: job.audit.requestId,
            route: "evaluate-batch",
            requestHash,
            line: raw.line,
          }),
        ),
      );
    }
  }
  const { lines, errors } = encoder;
  return { job: jobId, seq, bytes: encoder.take(), lines, errors, errorCodes: codes, ...(job.audit ? { audit } : {}) };
}

parentPort?.on("message", (message: ToWorker) => {
  try {
    if (message.type === "start") {
      const pack = packFor(message.hash, message.source);
      jobs.set(message.job, { pack, options: message.options, summary: new Summary(), ...(message.audit ? { audit: message.audit } : {}) });
    } else if (message.type === "lines") {
      const job = jobs.get(message.job);
      if (!job) return;
      const reply = runLines(job, message.job, message.seq, message.lines);
      parentPort?.postMessage(reply, [(reply as { bytes: Uint8Array }).bytes.buffer as ArrayBuffer]);
    } else {
      const job = jobs.get(message.job);
      jobs.delete(message.job);
      if (job)
        parentPort?.postMessage({ job: message.job, summary: job.summary.data(job.pack.data.priorityGroups.map((group) => group.id)) });
    }
  } catch (error) {
    jobs.delete(message.job);
    parentPort?.postMessage({ job: message.job, failure: error instanceof Error ? error.message : String(error) });
  }
});
