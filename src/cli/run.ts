/**
 * The `fdr` command's dispatcher: picks the command, runs it through an
 * {@link Io} so tests can run it in process, and turns any error into a JSON
 * issue list. Each command lives in `commands/<name>.ts`.
 *
 * Exit codes, for every command: 0 success; 1 a check found problems
 * (validate, lint, test); 2 invalid input or usage, with a JSON list of issues
 * on stderr. Never a stack trace.
 *
 * @module
 */
import { isPolicyError } from "../index.js";
import { commandBatch, type BatchStreams } from "./commands/batch.js";
import { commandBudget } from "./commands/budget.js";
import { commandCoverage } from "./commands/coverage.js";
import { commandDiff } from "./commands/diff.js";
import { commandEvaluate } from "./commands/evaluate.js";
import { commandExamples } from "./commands/examples.js";
import { commandLint } from "./commands/lint.js";
import { commandPacks } from "./commands/packs.js";
import { commandStudio } from "./commands/studio.js";
import { commandTest } from "./commands/test.js";
import { commandValidate } from "./commands/validate.js";
import { EXIT, resolvePackSource, usage, type Io } from "./io.js";

export { EXIT, parseJsonText, resolvePack, resolvePackSource, type Io } from "./io.js";
export { checkJsonFile, formatFinding, type Finding } from "./findings.js";
export { ndjsonRecords } from "./commands/diff.js";

const USAGE = `fdr — family-doctor contract-service rules (家庭医生签约服务)

Usage:
  fdr evaluate [--pack <id|path>] <case.json|->  [--explain]
                                               without --pack: the bundled pack in force
                                               for the case's region and date
  fdr validate [--lang zh|en] [--json] <pack.json>...
                                               check packs: every problem with its path, line and column
  fdr lint [--json] <pack.json>...            static checks: unused parameters, shares that do not
                                               sum to the price, values below the document's minimum,
                                               conditions that never hold, dated values with gaps …
  fdr test [--pack <path>]... [dir|file]...     run case files (JSON or YAML: name, case, expected);
                                               default dir test/cases
  fdr diff <old-pack> <new-pack> --cases <file.ndjson> [--json] [--fail-on-change]
                                               which decisions an edit changes, and payer totals
  fdr batch --pack <id|path> <input.ndjson|input.csv|-> [--out file] [--trace compact|full]
            [--workers N] [--summary file.json] [--format ndjson|csv]
                                               one output line per input record, in order
  fdr budget --pack <id> --signed <n> [--personalized <amount>] [--as-of date]
                                               funding per payer for n signed residents
  fdr coverage --pack <id> --signed <n> (--residents <n> | --rate <r>)
            [--priority-signed <n> --priority-residents <n>]
                                               signing rates against the pack's targets
  fdr studio [--port N] [--pack FILE|DIR]... [--no-open]
                                               the workbench in the browser, on 127.0.0.1
  fdr examples                                 evaluate the bundled example cases of every pack
  fdr packs                                    list the bundled packs
  fdr help

Exit codes: 0 success; 1 a check found problems; 2 invalid input or usage
(a JSON list of issues on stderr).`;

/**
 * Runs the CLI with the given arguments and returns the exit code. Issues go
 * to `io.err` as JSON; nothing throws.
 */
export function run(argv: readonly string[], io: Io, streams?: BatchStreams): number | Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case "batch": {
        const batchStreams = streams ?? { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr };
        return commandBatch(rest, batchStreams, resolvePackSource).catch((error: unknown) => fail(error, io));
      }
      case "budget":
        return commandBudget(rest, io);
      case "coverage":
        return commandCoverage(rest, io);
      case "evaluate":
        return commandEvaluate(rest, io);
      case "validate":
        return commandValidate(rest, io);
      case "lint":
        return commandLint(rest, io);
      case "test":
        return commandTest(rest, io);
      case "diff":
        return commandDiff(rest, io);
      case "examples":
        return commandExamples(io);
      case "studio":
        return commandStudio(rest, io).catch((error: unknown) => fail(error, io));
      case "packs":
        return commandPacks(io);
      case "help":
      case "--help":
      case "-h":
        io.out(USAGE);
        return EXIT.ok;
      case undefined:
        io.err(USAGE);
        return EXIT.invalid;
      default:
        throw usage(`unknown command ${JSON.stringify(command)}`, command);
    }
  } catch (error) {
    return fail(error, io);
  }
}

/** Reports an error as a JSON list of issues; returns the exit code. */
function fail(error: unknown, io: Io): number {
  if (isPolicyError(error)) {
    io.err(JSON.stringify(error.issues, null, 2));
    return EXIT.invalid;
  }
  if (error instanceof TypeError && (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
    io.err(JSON.stringify([{ code: "invalid_arguments", path: "", message: error.message }], null, 2));
    return EXIT.invalid;
  }
  io.err(JSON.stringify([{ code: "internal_error", path: "", message: error instanceof Error ? error.message : String(error) }], null, 2));
  return EXIT.invalid;
}
