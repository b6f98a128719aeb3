/**
 * `fdr test`.
 *
 * @module
 */
import { existsSync, statSync } from "node:fs";
import { parseArgs } from "node:util";
import { findCaseFiles, runCaseFile } from "../../casefile.js";
import { PolicyError } from "../../errors.js";
import { EXIT, type Io, usage, resolvePack, show } from "../io.js";

/** `fdr test`. */
export function commandTest(args: string[], io: Io): number {
  const { values, positionals } = parseArgs({ args, options: { pack: { type: "string", multiple: true } }, allowPositionals: true });
  const packs = new Map((values.pack ?? []).map((path) => {
    const pack = resolvePack(path);
    return [pack.id, pack] as const;
  }));
  const targets = positionals.length > 0 ? positionals : ["test/cases"];
  const files = targets.flatMap((target) => {
    if (!existsSync(target)) throw new PolicyError([{ code: "io_error", path: "", message: `no file or folder ${target}` }]);
    return statSync(target).isDirectory() ? findCaseFiles(target) : [target];
  });
  if (files.length === 0) throw usage("no case files found", targets.join(" "));
  let failed = 0;
  for (const file of files) {
    const result = runCaseFile(file, packs);
    if (result.passed) {
      io.out(`✓ ${result.name}`);
      continue;
    }
    failed++;
    io.out(`✗ ${result.name}\n    ${file}`);
    for (const mismatch of result.mismatches) io.out(`    ${mismatch.path || "/"}: expected ${show(mismatch.expected)}, got ${show(mismatch.actual)}`);
  }
  io.out(`${files.length - failed} passed, ${failed} failed`);
  return failed > 0 ? EXIT.problems : EXIT.ok;
}
