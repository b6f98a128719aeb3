/**
 * The studio's diff worker: reads a population file (NDJSON, CSV or .xlsx)
 * and runs `diffPacks` on it under the pack before and after the edit — the
 * same function, the same totals (signed residents only) as `fdr diff` — off
 * the page's thread, posting progress as it goes. The page cancels by
 * terminating it.
 *
 * @module
 */
import { diffPacks } from "../analysis/diff.js";
import { isPolicyError, type Issue } from "../core/errors.js";
import { loadPack } from "../pack/load.js";
import type { PopulationCase } from "../batch/population-text.js";
import type { DiffReply, DiffRequest, PopulationInfo } from "./diff-protocol.js";
import { readPopulation } from "./population-file.js";

const scope = globalThis as unknown as {
  postMessage(message: DiffReply): void;
  onmessage: ((event: MessageEvent<DiffRequest>) => void) | null;
};

/** Posts progress at most every 50 ms (and at the end), while the cases are handed to the diff. */
function* withProgress(cases: readonly PopulationCase[]): Generator<PopulationCase> {
  let last = 0;
  for (let index = 0; index < cases.length; index++) {
    const now = performance.now();
    if (now - last >= 50) {
      last = now;
      scope.postMessage({ type: "progress", done: index, total: cases.length });
    }
    yield cases[index] as PopulationCase;
  }
  scope.postMessage({ type: "progress", done: cases.length, total: cases.length });
}

function failure(error: unknown): readonly Issue[] {
  if (isPolicyError(error)) return error.issues;
  return [{ code: "internal_error", path: "", message: error instanceof Error ? error.message : String(error) }];
}

async function run(request: DiffRequest): Promise<void> {
  const started = performance.now();
  try {
    const before = loadPack(JSON.parse(request.before) as object);
    const after = loadPack(JSON.parse(request.after) as object);
    const read = await readPopulation(request.file.name, new Uint8Array(request.file.bytes));
    const population: PopulationInfo = {
      format: read.format,
      encoding: read.encoding,
      cases: read.cases.length,
      unreadable: read.unreadable,
    };
    scope.postMessage({ type: "read", population });
    const diff = diffPacks(before, after, withProgress(read.cases));
    scope.postMessage({ type: "done", diff, population, ms: performance.now() - started });
  } catch (error) {
    scope.postMessage({ type: "failed", issues: failure(error) });
  }
}

scope.onmessage = (event) => {
  if (event.data?.type === "diff") void run(event.data);
};
