/**
 * `fdr test`.
 *
 * @module
 */
import { existsSync, statSync } from "node:fs";
import { parseArgs } from "node:util";
import {
  findCaseFiles,
  runCaseFile,
  PolicyError,
} from "../../index.js";
import { EXIT, type Io, usage, readText, resolvePack, show } from "../io.js";
import { cliError, say } from "../messages.js";

/** `fdr test`. */
export function commandTest(args: string[], io: Io): number {
  const { values, positionals } = parseArgs({ args, options: { pack: { type: "string", multiple: true } }, allowPositionals: true });
  const packs = new Map((values.pack ?? []).map((path) => {
    const pack = resolvePack(path);
    return [pack.id, pack] as const;
  }));
  const targets = positionals.length > 0 ? positionals : ["test/cases"];
  const files = targets.flatMap((target) => {
    if (!existsSync(target)) throw cliError("io_error", { en: `no file or folder ${target}`, zh: `没有文件或目录 ${target}` });
    return statSync(target).isDirectory() ? findCaseFiles(target) : [target];
  });
  if (files.length === 0) throw usage({ en: "no case files found", zh: "没有找到案例文件" }, targets.join(" "));
  let failed = 0;
  for (const file of files) {
    const result = runCaseFile(file, packs, { read: readText });
    if (result.passed) {
      io.out(`✓ ${result.name}`);
      continue;
    }
    failed++;
    io.out(`✗ ${result.name}\n    ${file}`);
    for (const mismatch of result.mismatches) io.out(`    ${mismatch.path || "/"}: ${say({ en: `expected ${show(mismatch.expected)}, got ${show(mismatch.actual)}`, zh: `应为 ${show(mismatch.expected)}，实际为 ${show(mismatch.actual)}` })}`);
  }
  io.out(say({ en: `${files.length - failed} passed, ${failed} failed`, zh: `${files.length - failed} 个通过，${failed} 个未通过` }));
  return failed > 0 ? EXIT.problems : EXIT.ok;
}
