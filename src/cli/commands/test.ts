/**
 * `fdr test`.
 *
 * @module
 */
import { existsSync, lstatSync, statSync } from "node:fs";
import { parseArgs } from "node:util";
import { findCaseFiles, runCaseFile, type CaseResult } from "../../analysis/casefile.js";
import { isPolicyError } from "../../core/errors.js";
import { EXIT, type Io, usage, parseJsonText, readText, resolvePack, show } from "../io.js";
import { cliError, say as localText } from "../messages.js";
import { terminalSafe } from "../terminal.js";

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

/** `fdr test`. */
export function commandTest(args: string[], io: Io): number {
  const { values, positionals } = parseArgs({ args, options: { pack: { type: "string", multiple: true } }, allowPositionals: true });
  const packs = new Map(
    (values.pack ?? []).map((path) => {
      const pack = resolvePack(path, io.err);
      return [pack.id, pack] as const;
    }),
  );
  const targets = positionals.length > 0 ? positionals : ["test/cases"];
  const files = targets.flatMap((target) => {
    // A name that exists but cannot be followed (a dangling symlink, a loop) is run, and fails by its name.
    if (!existsSync(target)) {
      if (isLink(target)) return [target];
      throw cliError("io_error", { en: `no file or folder ${target}`, zh: `没有文件或目录 ${target}` });
    }
    return statSync(target).isDirectory() ? findCaseFiles(target) : [target];
  });
  if (files.length === 0) throw usage({ en: "no case files found", zh: "没有找到案例文件" }, targets.join(" "));
  let failed = 0;
  // Names, paths and values come from the case files: escaped for the terminal.
  const say = (line: string) => io.out(terminalSafe(line));
  for (const file of files) {
    let result: CaseResult;
    try {
      result = runCaseFile(file, packs, { read: readText, parseJson: parseJsonText });
    } catch (error) {
      // One unreadable file (not JSON, a dangling symlink, an alias bomb …) fails by its name; the others still run.
      failed++;
      const issues = isPolicyError(error)
        ? error.issues
        : [{ code: "internal_error", path: "", message: error instanceof Error ? error.message : String(error) }];
      say(`✗ ${file}`);
      for (const issue of issues) say(`    ${issue.path || "/"}: [${issue.code}] ${issue.message}`);
      continue;
    }
    if (result.passed) {
      say(`✓ ${result.name}`);
      continue;
    }
    failed++;
    say(`✗ ${result.name}\n    ${file}`);
    for (const mismatch of result.mismatches)
      say(
        `    ${mismatch.path || "/"}: ${localText({ en: `expected ${show(mismatch.expected)}, got ${show(mismatch.actual)}`, zh: `应为 ${show(mismatch.expected)}，实际为 ${show(mismatch.actual)}` })}`,
      );
  }
  say(localText({ en: `${files.length - failed} passed, ${failed} failed`, zh: `${files.length - failed} 个通过，${failed} 个未通过` }));
  return failed > 0 ? EXIT.problems : EXIT.ok;
}
