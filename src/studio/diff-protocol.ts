/**
 * The messages between the studio and its diff worker (diff-worker.ts): the
 * page sends the two packs' texts and the population file's bytes; the worker
 * answers with progress, then the diff (`diffPacks`, as `fdr diff` computes
 * it) or the issues that stopped it. Cancelling terminates the worker.
 *
 * @module
 */
import type { Issue } from "../core/errors.js";
import type { PackDiff } from "../analysis/diff.js";
import type { UnreadableRecord } from "../batch/population-text.js";

/** What the page asks: diff a population under two packs. */
export interface DiffRequest {
  readonly type: "diff";
  /** The pack before the edit (as loaded), as JSON text. */
  readonly before: string;
  /** The pack as edited, as JSON text. */
  readonly after: string;
  /** The population file: its name (the format follows its extension) and bytes. */
  readonly file: { readonly name: string; readonly bytes: ArrayBuffer };
}

/** How a population file was read. */
export interface PopulationInfo {
  readonly format: "ndjson" | "csv" | "xlsx";
  /** The text encoding (UTF-8, UTF-16, GB18030), or "xlsx". */
  readonly encoding: string;
  readonly cases: number;
  readonly unreadable: readonly UnreadableRecord[];
}

/** What the worker answers. */
export type DiffReply =
  | { readonly type: "read"; readonly population: PopulationInfo }
  | { readonly type: "progress"; readonly done: number; readonly total: number }
  | { readonly type: "done"; readonly diff: PackDiff; readonly population: PopulationInfo; readonly ms: number }
  | { readonly type: "failed"; readonly issues: readonly Issue[] };
