/**
 * The decision log: one NDJSON line per decision, appended to a file,
 * rotated by size. Lines are gathered and written in one `write` per turn of
 * the event loop; a request is answered only after its line is written. A
 * line is never split: a file that a crash left with a partial last line is
 * cut back to its last whole line when the log opens.
 *
 * @module
 */
import { closeSync, fstatSync, ftruncateSync, openSync, readSync, renameSync, existsSync, rmSync, writeSync } from "node:fs";

/** Where and how much to keep. */
export interface DecisionLogOptions {
  /** The log file. */
  readonly path: string;
  /** Rotate when the file would grow past this many bytes. */
  readonly maxBytes: number;
  /** Rotated files kept (`path.1` … `path.N`), besides the current one. */
  readonly files: number;
}

/** An append-only, size-rotated NDJSON log. */
export class DecisionLog {
  private fd: number;
  private size: number;
  private pending: string[] = [];
  private waiters: { resolve: () => void; reject: (error: Error) => void }[] = [];
  private scheduled = false;
  /** Lines written since the log opened. */
  written = 0;
  /** Files rotated since the log opened. */
  rotations = 0;
  /** The last write error, if any (single-case requests waiting on it get a 503). */
  lastError: Error | undefined;

  constructor(private readonly options: DecisionLogOptions) {
    this.fd = openSync(options.path, "a+");
    this.size = repairTail(this.fd);
  }

  /** Appends a record; resolves once its line is in the file, rejects when it could not be written. */
  append(record: object): Promise<void> {
    this.pending.push(JSON.stringify(record));
    return new Promise((resolve, reject) => {
      this.waiters.push({ resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Appends lines already written as JSON text (from a batch), at once. */
  appendLines(lines: readonly string[]): void {
    if (lines.length === 0) return;
    this.pending.push(...lines);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  /** Writes every pending line now. */
  flush(): void {
    this.scheduled = false;
    const lines = this.pending;
    const waiters = this.waiters;
    this.pending = [];
    this.waiters = [];
    let failure: Error | undefined;
    if (lines.length > 0) {
      try {
        this.write(lines);
      } catch (error) {
        failure = error as Error;
        this.lastError = failure;
        try {
          // No partial line stays behind a failed write.
          ftruncateSync(this.fd, this.size);
        } catch {
          // A device (or a file that cannot be cut): nothing to take back.
        }
      }
    }
    for (const waiter of waiters) {
      if (failure) waiter.reject(failure);
      else waiter.resolve();
    }
  }

  private write(lines: readonly string[]): void {
    // Whole lines only: each write holds complete lines, and a rotation falls between lines.
    let block = "";
    let blockBytes = 0;
    for (const line of lines) {
      const bytes = Buffer.byteLength(line) + 1;
      if (this.size + blockBytes + bytes > this.options.maxBytes && this.size + blockBytes > 0) {
        this.writeBlock(block);
        block = "";
        blockBytes = 0;
        this.rotate();
      }
      block += line + "\n";
      blockBytes += bytes;
    }
    this.writeBlock(block);
  }

  private writeBlock(block: string): void {
    if (block === "") return;
    const bytes = Buffer.from(block);
    let offset = 0;
    while (offset < bytes.length) offset += writeSync(this.fd, bytes, offset);
    this.size += bytes.length;
    this.written += block.split("\n").length - 1;
  }

  private rotate(): void {
    closeSync(this.fd);
    const { path, files } = this.options;
    if (files <= 0) rmSync(path, { force: true });
    else {
      rmSync(`${path}.${files}`, { force: true });
      for (let index = files - 1; index >= 1; index--)
        if (existsSync(`${path}.${index}`)) renameSync(`${path}.${index}`, `${path}.${index + 1}`);
      renameSync(path, `${path}.1`);
    }
    this.fd = openSync(path, "a+");
    this.size = 0;
    this.rotations++;
  }

  /** Writes what is pending and closes the file. */
  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

/** Cuts a partial last line (from a crash) off an open log; returns the size. */
function repairTail(fd: number): number {
  const size = fstatSync(fd).size;
  if (size === 0) return 0;
  const window = Buffer.alloc(Math.min(size, 64 * 1024));
  let end = size;
  while (end > 0) {
    const start = Math.max(0, end - window.length);
    const read = readSync(fd, window, 0, end - start, start);
    const last = window.subarray(0, read).lastIndexOf(10);
    if (last >= 0) {
      const keep = start + last + 1;
      if (keep !== size) ftruncateSync(fd, keep);
      return keep;
    }
    end = start;
  }
  ftruncateSync(fd, 0);
  return 0;
}
