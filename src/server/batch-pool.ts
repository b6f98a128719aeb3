/**
 * The worker threads that evaluate batch requests off the event loop. Each
 * request runs on one worker (the least busy), its chunks pipelined a few at
 * a time, so that its records come back in order; several requests share
 * the pool.
 *
 * @module
 */
import { Worker } from "node:worker_threads";
import { packLines, type RawLine, type RecordOptions, type SummaryData } from "../batch/batch.js";
import type { ServedPack } from "./packs.js";
import type { FromWorker, ToWorker } from "./batch-worker.js";

/** Pack versions a worker keeps loaded (the oldest loaded is dropped first); the pool mirrors the worker's list. */
export const WORKER_PACKS_KEPT = 8;

/** Chunks of one job sent ahead of the records written. */
const IN_FLIGHT = 4;

/** A chunk of records evaluated by a worker. */
export interface EvaluatedChunk {
  readonly bytes: Uint8Array;
  readonly lines: number;
  readonly errors: number;
  readonly errorCodes: readonly string[];
  readonly audit?: readonly string[];
}

interface Slot {
  worker: Worker;
  jobs: number;
  readonly hashes: Set<string>;
}

type Handler = (message: FromWorker) => void;

/** A pool of batch workers. */
export class BatchPool {
  private readonly slots: Slot[] = [];
  private readonly handlers = new Map<number, { slot: Slot; handle: Handler; fail: (error: Error) => void }>();
  private nextJob = 1;
  private closed = false;

  constructor(
    private readonly script: string | URL,
    size: number,
  ) {
    for (let index = 0; index < size; index++) this.slots.push(this.spawn());
  }

  /** Batch jobs running now. */
  get active(): number {
    return this.handlers.size;
  }

  private spawn(): Slot {
    const slot: Slot = { worker: new Worker(this.script), jobs: 0, hashes: new Set() };
    slot.worker.on("message", (message: FromWorker) => this.handlers.get(message.job)?.handle(message));
    slot.worker.on("error", (error) => this.replace(slot, error));
    slot.worker.on("exit", (code) => {
      if (!this.closed) this.replace(slot, new Error(`a batch worker stopped (exit code ${code})`));
    });
    return slot;
  }

  private replace(slot: Slot, error: Error): void {
    for (const [job, handler] of this.handlers) {
      if (handler.slot !== slot) continue;
      this.handlers.delete(job);
      handler.fail(error);
    }
    const index = this.slots.indexOf(slot);
    if (index < 0 || this.closed) return;
    slot.worker.removeAllListeners();
    void slot.worker.terminate();
    this.slots[index] = this.spawn();
  }

  /**
   * Evaluates line groups under a pack; `write` gets each chunk's records in
   * order (its promise is the back-pressure). Resolves to the batch's summary.
   */
  async run(
    served: ServedPack,
    options: RecordOptions,
    groups: AsyncIterable<RawLine[]>,
    write: (chunk: EvaluatedChunk) => Promise<void>,
    audit?: { requestId: string; time: string },
  ): Promise<SummaryData> {
    if (this.closed) throw new Error("the batch pool is closed");
    const slot = this.slots.reduce((best, candidate) => (candidate.jobs < best.jobs ? candidate : best), this.slots[0] as Slot);
    const job = this.nextJob++;
    const results = new Map<number, EvaluatedChunk>();
    let summary: SummaryData | undefined;
    let failure: Error | undefined;
    const waiters = new Set<() => void>();
    const signal = () => {
      const woken = [...waiters];
      waiters.clear();
      for (const resolve of woken) resolve();
    };
    this.handlers.set(job, {
      slot,
      handle: (message) => {
        if ("seq" in message) results.set(message.seq, message);
        else if ("summary" in message) summary = message.summary;
        else failure = new Error(message.failure);
        signal();
      },
      fail: (error) => {
        failure = error;
        signal();
      },
    });
    const until = async (ready: () => boolean) => {
      while (!ready()) {
        if (failure) throw failure;
        await new Promise<void>((resolve) => waiters.add(resolve));
      }
      if (failure) throw failure;
    };
    slot.jobs++;
    let sent = 0;
    let written = 0;
    let inputDone = false;
    // Records are written as soon as their chunk is back, while the input is still read.
    const writer = (async () => {
      for (;;) {
        await until(() => results.has(written) || (inputDone && written === sent));
        const chunk = results.get(written);
        if (!chunk) return;
        results.delete(written);
        written++;
        signal();
        await write(chunk);
      }
    })();
    writer.catch(() => undefined);
    try {
      const hash = served.pack.hash;
      const known = slot.hashes.has(hash);
      const start: ToWorker = {
        type: "start",
        job,
        hash,
        options,
        ...(known ? {} : { source: served.source }),
        ...(audit ? { audit } : {}),
      };
      slot.worker.postMessage(start);
      if (!known) {
        // The same order of eviction as the worker's (messages arrive in order).
        if (slot.hashes.size >= WORKER_PACKS_KEPT) slot.hashes.delete(slot.hashes.values().next().value as string);
        slot.hashes.add(hash);
      }
      try {
        for await (const group of groups) {
          await until(() => sent - written < IN_FLIGHT);
          slot.worker.postMessage({ type: "lines", job, seq: sent++, lines: packLines(group) } satisfies ToWorker);
        }
      } finally {
        inputDone = true;
        signal();
      }
      await writer;
      slot.worker.postMessage({ type: "end", job } satisfies ToWorker);
      await until(() => summary !== undefined);
      return summary as SummaryData;
    } catch (error) {
      failure ??= error as Error;
      signal();
      // The worker forgets the job; later replies for it are ignored.
      if (this.handlers.get(job)?.slot === slot) slot.worker.postMessage({ type: "end", job } satisfies ToWorker);
      throw error;
    } finally {
      slot.jobs--;
      this.handlers.delete(job);
    }
  }

  /** Stops every worker. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
  }
}
