/**
 * Files the CLI writes, written safely (DEVELOPERS.md, "Files written"):
 *
 * - an output is never the same file as an input or as another output
 *   (compared by device and inode, or by real path when it does not exist
 *   yet), whatever its spelling (`./x`, a symlink);
 * - inputs are checked before any output is opened;
 * - a regular file is written beside its target, as `<target>.partial`, and
 *   renamed into place only when complete, so a failed run leaves the
 *   previous file as it was;
 * - devices, FIFOs and standard output are written directly (renaming over
 *   `/dev/null` would replace the device);
 * - a symlinked target is followed and the file it names is written;
 * - every failure is an `io_error` naming the path (exit 2), never a raw
 *   Node error.
 *
 * @module
 */
import {
  closeSync,
  createWriteStream,
  fchmodSync,
  fstatSync,
  fsyncSync,
  fdatasync,
  ftruncateSync,
  lstatSync,
  openSync,
  readlinkSync,
  readSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
  type Stats,
} from "node:fs";
import { open as openCallback } from "node:fs";
import { open } from "node:fs/promises";
import { promisify } from "node:util";
import { basename, dirname, join, resolve } from "node:path";
import type { Writable } from "node:stream";
import { PolicyError } from "../core/errors.js";
import { current } from "./messages.js";

/** A sentence of the CLI's own, in the locale's language (zh for zh_*, else en). */
export function say(en: string, zh: string): string {
  return current().lang === "zh" ? zh : en;
}

/** An `io_error` issue naming the file (in `found`, and in the message). */
export function ioError(file: string, message: string): PolicyError {
  return new PolicyError([{ code: "io_error", path: "", message, found: JSON.stringify(file) }]);
}

/** Why a system call failed, without Node's decoration: `no space left on device (ENOSPC)`. */
export function reason(error: unknown): string {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code === "string" && typeof message === "string") {
    const plain = /^[A-Z0-9_]+: ([^,]+)/.exec(message);
    return plain ? `${plain[1]} (${code})` : `${message} (${code})`;
  }
  return error instanceof Error ? error.message : String(error);
}

/** `cannot read <path>: <reason>`. */
export function readError(path: string, error: unknown): PolicyError {
  return ioError(path, say(`cannot read ${path}: ${reason(error)}`, `无法读取 ${path}：${reason(error)}`));
}

/** `cannot write <path>: <reason>`. */
export function writeError(path: string, error: unknown, after = ""): PolicyError {
  return ioError(path, say(`cannot write ${path}: ${reason(error)}${after}`, `无法写入 ${path}：${reason(error)}${after}`));
}

/** A file the CLI reads or writes, identified so that two spellings of one file compare equal. */
export interface FileRef {
  /** What the file is to the command: `the input`, `--out`, `--summary`, `standard output`. */
  readonly role: string;
  /** The path as the user wrote it. */
  readonly name: string;
  /** `device:inode` when the file exists, else its real path. */
  readonly key: string;
  /** A character device (`/dev/null`, a terminal): writing it twice destroys nothing. */
  readonly shared: boolean;
  /** Written by the command. */
  readonly output: boolean;
}

const identity = (stats: Stats): string => `${stats.dev}:${stats.ino}`;

/**
 * Checks an input file before anything is written: it exists, is not a
 * folder, and (a regular file) its first byte can be read.
 */
export function checkInput(role: string, path: string): FileRef {
  let stats: Stats;
  try {
    stats = statSync(path);
  } catch (error) {
    throw readError(path, error);
  }
  if (stats.isDirectory())
    throw ioError(path, say(`cannot read ${path}: it is a folder, not a file`, `无法读取 ${path}：这是文件夹，不是文件`));
  if (stats.isFile()) probeRead(path);
  return { role, name: path, key: identity(stats), shared: stats.isCharacterDevice(), output: false };
}

/** Reads a regular file's first byte, so an unreadable file fails before any output is opened. */
function probeRead(path: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(path, "r");
    readSync(fd, Buffer.alloc(1), 0, 1, 0);
  } catch (error) {
    throw readError(path, error);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** An open file descriptor (standard input or output) as a file, when it is a file or FIFO; else undefined. */
export function descriptorRef(role: string, fd: number, output: boolean): FileRef | undefined {
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile() && !stats.isFIFO()) return undefined;
    return { role, name: role, key: identity(stats), shared: false, output };
  } catch {
    return undefined;
  }
}

/** Where an output goes, symlinks followed. */
export interface OutputTarget extends FileRef {
  /** The file written: a symlink's target, as a real path; the given path for a device. */
  readonly path: string;
  /** Written in place: a device, a FIFO or a socket. */
  readonly direct: boolean;
  /** The permission bits of the file it replaces, kept on the new file. */
  readonly mode?: number;
}

/**
 * Resolves an output path: a folder, a missing folder or a symlink loop is an
 * `io_error` now, before anything runs.
 */
export function outputTarget(role: string, given: string): OutputTarget {
  let stats: Stats | undefined;
  try {
    stats = statSync(given);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw writeError(given, error);
  }
  if (stats?.isDirectory()) throw ioError(given, say(`cannot write ${given}: it is a folder`, `无法写入 ${given}：这是文件夹`));
  const base = { role, name: given, output: true };
  if (stats && !stats.isFile()) return { ...base, key: identity(stats), shared: stats.isCharacterDevice(), path: given, direct: true };
  if (stats)
    return { ...base, key: identity(stats), shared: false, path: realpathSync.native(given), direct: false, mode: stats.mode & 0o7777 };
  const path = missingTarget(given);
  return { ...base, key: path, shared: false, path, direct: false };
}

/** The real path a missing file would have: a dangling symlink followed; its folder must exist. */
function missingTarget(given: string): string {
  let path = resolve(given);
  for (let hops = 0; ; hops++) {
    let link: Stats | undefined;
    try {
      link = lstatSync(path);
    } catch {
      link = undefined;
    }
    if (!link?.isSymbolicLink()) break;
    if (hops >= 40) throw ioError(given, say(`cannot write ${given}: too many symbolic links`, `无法写入 ${given}：符号链接层数过多`));
    path = resolve(dirname(path), readlinkSync(path));
  }
  const folder = dirname(path);
  let stats: Stats | undefined;
  try {
    stats = statSync(folder);
  } catch {
    stats = undefined;
  }
  if (!stats?.isDirectory())
    throw ioError(given, say(`cannot write ${given}: the folder ${folder} does not exist`, `无法写入 ${given}：文件夹 ${folder} 不存在`));
  return join(realpathSync.native(folder), basename(path));
}

/** The file a regular target is written to before it is renamed into place. */
export function partialPath(target: OutputTarget): string {
  return `${target.path}.partial`;
}

/** The partial file of a target, as a file to compare with the others. */
export function partialRef(target: OutputTarget): FileRef {
  const path = partialPath(target);
  let key = path;
  try {
    key = identity(statSync(path));
  } catch {
    key = path;
  }
  return { role: `${target.role} (its partial file)`, name: path, key, shared: false, output: true };
}

/**
 * Refuses, before anything is opened for writing, an output that is the same
 * file as an input or as another output. A character device (`/dev/null`)
 * may be named twice.
 */
export function refuseSameFiles(files: readonly FileRef[]): void {
  files.forEach((later, index) => {
    for (const earlier of files.slice(0, index)) {
      if (later.key !== earlier.key || (later.shared && earlier.shared) || (!later.output && !earlier.output)) continue;
      const [output, other] = later.output ? [later, earlier] : [earlier, later];
      throw ioError(
        output.name,
        say(
          `${output.role} ${output.name} is the same file as ${other.role} ${other.name}: refusing to write it (nothing was written)`,
          `${output.role} ${output.name} 与 ${other.role} ${other.name} 是同一个文件：拒绝写入（未写入任何内容）`,
        ),
      );
    }
  });
}

/** What a partial file holds: complete records, error records among them, and where the last one ends. */
export interface PartialContents {
  readonly records: number;
  readonly errors: number;
  readonly bytes: number;
}

const ERROR_RECORD = Buffer.from('{"line":');
const CHUNK = 1024 * 1024;

/**
 * Counts the complete records (lines) of a partial file, calling `onRecord`
 * with each when given. An incomplete last line is not counted.
 */
export function readPartial(path: string, onRecord?: (line: string, index: number) => void, start = 0): PartialContents {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (error) {
    throw readError(path, error);
  }
  try {
    return scanLines(fd, start, onRecord);
  } catch (error) {
    if (error instanceof PolicyError) throw error;
    throw readError(path, error);
  } finally {
    closeSync(fd);
  }
}

function scanLines(fd: number, from: number, onRecord?: (line: string, index: number) => void): PartialContents {
  const buffer = Buffer.alloc(CHUNK);
  let records = 0;
  let errors = 0;
  let bytes = from;
  let position = from;
  let carry: Buffer[] = [];
  let atLineStart = true;
  let lineIsError = false;
  for (;;) {
    const read = readSync(fd, buffer, 0, CHUNK, position);
    if (read === 0) break;
    const chunk = buffer.subarray(0, read);
    let start = 0;
    for (;;) {
      if (atLineStart) {
        lineIsError = startsWithErrorRecord(fd, position + start, chunk, start);
        atLineStart = false;
      }
      const end = chunk.indexOf(10, start);
      if (end < 0) {
        if (onRecord) carry.push(Buffer.from(chunk.subarray(start)));
        break;
      }
      if (onRecord) {
        const line = carry.length > 0 ? Buffer.concat([...carry, chunk.subarray(start, end)]) : chunk.subarray(start, end);
        onRecord(line.toString("utf8"), records);
        carry = [];
      }
      records++;
      if (lineIsError) errors++;
      bytes = position + end + 1;
      start = end + 1;
      atLineStart = true;
      if (start === read) break;
    }
    position += read;
  }
  return { records, errors, bytes };
}

/** Whether the line starting at `offset` is an error record (`{"line":`), reading on when the chunk ends first. */
function startsWithErrorRecord(fd: number, offset: number, chunk: Buffer, start: number): boolean {
  if (chunk.length - start >= ERROR_RECORD.length) return chunk.subarray(start, start + ERROR_RECORD.length).equals(ERROR_RECORD);
  const head = Buffer.alloc(ERROR_RECORD.length);
  const read = readSync(fd, head, 0, head.length, offset);
  return read === head.length && head.equals(ERROR_RECORD);
}

/** How many bytes {@link PartialFile.flushAt} lets pass between two flushes. */
const FLUSH_EVERY = 64 * 1024 * 1024;

/**
 * A regular file being written beside its target: `<target>.partial`,
 * renamed into place by {@link PartialFile.commit}.
 */
export class PartialFile {
  private constructor(
    readonly target: OutputTarget,
    readonly path: string,
    readonly fd: number,
    /** Where the complete records already in the file end (resume), else 0. */
    readonly start: number,
  ) {}

  /** Creates (or empties) the partial file of a target. */
  static create(target: OutputTarget): PartialFile {
    const path = partialPath(target);
    try {
      return new PartialFile(target, path, openSync(path, "w"), 0);
    } catch (error) {
      throw writeError(target.name, error);
    }
  }

  /** Opens an existing partial file to append to it, cutting off an incomplete last line. */
  static reopen(target: OutputTarget, contents: PartialContents): PartialFile {
    const path = partialPath(target);
    try {
      const fd = openSync(path, "r+");
      ftruncateSync(fd, contents.bytes);
      return new PartialFile(target, path, fd, contents.bytes);
    } catch (error) {
      throw writeError(path, error);
    }
  }

  /** A stream writing on from the complete records. */
  stream(highWaterMark: number): Writable {
    return createWriteStream(this.path, { fd: this.fd, autoClose: false, start: this.start, highWaterMark });
  }

  /** Where the last flush started. */
  private flushedTo = 0;
  /** The flush running, if any. */
  private flushing: Promise<void> | undefined;
  /**
   * Why a flush failed. The kernel reports a write-back error once per open
   * file, to whichever sync asks first: kept here, so that `commit` and
   * `keep` report it instead of a later sync that sees none.
   */
  private flushFailure: NodeJS.ErrnoException | undefined;
  /** How many flushes {@link PartialFile.flushAt} has started. */
  flushes = 0;

  /**
   * Starts writing the file's data to disk (`fdatasync`, off the main
   * thread) every {@link FLUSH_EVERY} bytes, so that the disk works while
   * the run does, and the sync before the rename finds little left to do.
   * Wait for {@link PartialFile.idle} before `commit`, `keep` or `discard`
   * close the file; a failure is reported by `commit` or `keep`.
   */
  flushAt(bytes: number): void {
    if (this.flushing || bytes - this.flushedTo < FLUSH_EVERY) return;
    this.flushedTo = bytes;
    this.flushes++;
    this.flushing = new Promise((resolve) =>
      fdatasync(this.fd, (error) => {
        if (error) this.flushFailure ??= error;
        this.flushing = undefined;
        resolve();
      }),
    );
  }

  /** Resolves once no flush is running. */
  idle(): Promise<void> {
    return this.flushing ?? Promise.resolve();
  }

  /** Keeps the first `bytes` bytes (whole records) on disk, for a later resume; closes the file. */
  keep(bytes: number): void {
    try {
      if (this.flushFailure) throw this.flushFailure;
      ftruncateSync(this.fd, bytes);
      fsyncSync(this.fd);
    } catch (error) {
      throw writeError(this.path, error);
    } finally {
      closeSync(this.fd);
    }
  }

  /** Closes and removes the partial file. */
  discard(): void {
    try {
      closeSync(this.fd);
    } catch {
      // already closed
    }
    try {
      unlinkSync(this.path);
    } catch {
      // already gone
    }
  }

  /** Syncs the file to disk, gives it the replaced file's permissions and renames it into place. */
  commit(): void {
    try {
      if (this.flushFailure) throw this.flushFailure;
      fsyncSync(this.fd);
      if (this.target.mode !== undefined) fchmodSync(this.fd, this.target.mode);
      closeSync(this.fd);
      renameSync(this.path, this.target.path);
    } catch (error) {
      throw writeError(this.target.name, error);
    }
  }
}

/** Opens a device, FIFO or socket for writing in place (asynchronously: a FIFO waits for its reader). */
export async function openDirect(target: OutputTarget, highWaterMark: number): Promise<Writable> {
  try {
    const handle = await open(target.path, "w");
    return handle.createWriteStream({ highWaterMark });
  } catch (error) {
    throw writeError(target.name, error);
  }
}

/** A plain file descriptor, opened off the main thread (a FIFO waits for its reader). */
const openFd = promisify(openCallback) as (path: string, flags: string) => Promise<number>;

/**
 * Writes a whole small file (a summary) safely: beside its target and renamed
 * into place, or in place for a device. Opened by {@link WholeFile.open}
 * before the run, so a bad path fails before any work is done.
 */
export class WholeFile {
  private constructor(
    private readonly target: OutputTarget,
    private readonly partial: PartialFile | undefined,
    private readonly direct: number | undefined,
  ) {}

  /** Opens the file's partial file (or the device) now. */
  static async open(target: OutputTarget): Promise<WholeFile> {
    if (!target.direct) return new WholeFile(target, PartialFile.create(target), undefined);
    try {
      return new WholeFile(target, undefined, await openFd(target.path, "w"));
    } catch (error) {
      throw writeError(target.name, error);
    }
  }

  /** Writes the text and puts the file in place. */
  write(text: string | Uint8Array): void {
    const fd = this.partial?.fd ?? (this.direct as number);
    try {
      writeAll(fd, typeof text === "string" ? Buffer.from(text, "utf8") : text);
    } catch (error) {
      this.discard();
      throw writeError(this.target.name, error);
    }
    if (this.partial) this.partial.commit();
    else closeSync(fd);
  }

  /** Gives up: removes the partial file, or closes the device. */
  discard(): void {
    if (this.partial) this.partial.discard();
    else {
      try {
        closeSync(this.direct as number);
      } catch {
        // already closed
      }
    }
  }
}

function writeAll(fd: number, bytes: Uint8Array): void {
  let offset = 0;
  while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
}

/**
 * Standard output redirected to a regular file (`> out.ndjson`): where its
 * records start, so that a failed run can cut an incomplete last line.
 */
export function stdoutFileStart(): number | undefined {
  try {
    const stats = fstatSync(1);
    return stats.isFile() ? stats.size : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Cuts standard output (a regular file) after its last complete record
 * written since `start`; returns how many complete records it holds.
 */
export function trimStdoutFile(start: number): PartialContents | undefined {
  try {
    const contents = readPartial("/proc/self/fd/1", undefined, start);
    ftruncateSync(1, contents.bytes);
    return contents;
  } catch {
    return undefined;
  }
}

/** Streams whose write failure the command has already reported (so the entry point does not report it twice). */
export const reportedStreams = new WeakSet<Writable>();

/** What standard output is, for a message: `standard output (/dev/full)`. */
export function describeStdout(): string {
  try {
    const target = readlinkSync("/proc/self/fd/1");
    return target.startsWith("/") ? say(`standard output (${target})`, `标准输出（${target}）`) : say("standard output", "标准输出");
  } catch {
    return say("standard output", "标准输出");
  }
}
