/**
 * The `fdr` command's dispatcher: picks the command, runs it through an
 * {@link Io} so tests can run it in process, and turns any error into a JSON
 * issue list. Each command lives in `commands/<name>.ts`.
 *
 * Exit codes, for every command: 0 success; 1 a check found problems
 * (validate, lint, test, diff --fail-on-change, batch --fail-on-error); 2
 * invalid input or usage, with a JSON list of issues on stderr, in the run's
 * language. Never a stack trace. `fdr <command> --help` prints that command's
 * usage (see `usage.ts`).
 *
 * @module
 */
import { isPolicyError } from "../core/errors.js";
import { langFromEnvironment, type Lang } from "../core/messages.js";
import { commandBatch, type BatchStreams } from "./commands/batch.js";
import { commandBudget } from "./commands/budget.js";
import { commandCoverage } from "./commands/coverage.js";
import { commandDiff } from "./commands/diff.js";
import { commandEvaluate } from "./commands/evaluate.js";
import { commandExamples } from "./commands/examples.js";
import { commandLint } from "./commands/lint.js";
import { commandPacks } from "./commands/packs.js";
import { commandServe } from "./commands/serve.js";
import { commandStudio } from "./commands/studio.js";
import { commandTest } from "./commands/test.js";
import { commandValidate } from "./commands/validate.js";
import { EXIT, resolvePackSource, usage, type Io } from "./io.js";
import { cliIssue, configure, current, localizeIssue, type Encoding, type Settings } from "./messages.js";
import { commandUsage, COMMAND_USAGE, didYouMean, overallUsage, packageVersion } from "./usage.js";

export { EXIT, parseJsonText, resolvePack, resolvePackSource, type Io } from "./io.js";
export { checkJsonFile, formatFinding, type Finding } from "./findings.js";

/**
 * Runs the CLI with the given arguments and returns the exit code. Issues go
 * to `io.err` as JSON; nothing throws.
 */
export function run(argv: readonly string[], io: Io, streams?: BatchStreams): number | Promise<number> {
  configure({ lang: langFromEnvironment(process.env) });
  try {
    const { settings, rest: args } = takeGlobalOptions(argv);
    configure(settings);
    const [command, ...rest] = args;
    if (command !== undefined && COMMAND_USAGE[command] && command !== "help" && asksForHelp(rest)) {
      io.out(commandUsage(command, current().lang));
      return EXIT.ok;
    }
    switch (command) {
      case "batch": {
        const batchStreams = streams ?? { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr };
        return commandBatch(rest, batchStreams, (idOrPath) => resolvePackSource(idOrPath, io.err)).catch((error: unknown) =>
          fail(error, io),
        );
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
      case "serve":
        return commandServe(rest, io).catch((error: unknown) => fail(error, io));
      case "help":
      case "--help":
      case "-h":
        return help(rest[0], io);
      case "--version":
      case "-V":
      case "version":
        io.out(packageVersion());
        return EXIT.ok;
      case undefined:
        io.err(overallUsage(current().lang));
        return EXIT.invalid;
      default:
        throw unknownCommand(command);
    }
  } catch (error) {
    return fail(error, io);
  }
}

/** `fdr help [command]`. */
function help(command: string | undefined, io: Io): number {
  if (command === "--help" || command === "-h") command = "help";
  if (command === undefined) {
    io.out(overallUsage(current().lang));
    return EXIT.ok;
  }
  if (!COMMAND_USAGE[command]) throw unknownCommand(command);
  io.out(commandUsage(command, current().lang));
  return EXIT.ok;
}

/** Whether a command's arguments ask for its usage (`--help` or `-h` before any `--`). */
function asksForHelp(args: readonly string[]): boolean {
  for (const arg of args) {
    if (arg === "--") return false;
    if (arg === "--help" || arg === "-h") return true;
  }
  return false;
}

/** The usage error for an unknown command, with the command it most likely meant. */
function unknownCommand(command: string) {
  const guess = didYouMean(command);
  return usage(
    guess
      ? {
          en: `unknown command ${JSON.stringify(command)}; did you mean "${guess}"? (fdr --help lists the commands)`,
          zh: `未知命令 ${JSON.stringify(command)}；是不是要输入 "${guess}"？（fdr --help 列出所有命令）`,
        }
      : {
          en: `unknown command ${JSON.stringify(command)} (fdr --help lists the commands)`,
          zh: `未知命令 ${JSON.stringify(command)}（fdr --help 列出所有命令）`,
        },
    command,
  );
}

const GLOBAL_OPTIONS = new Set(["--lang", "--encoding", "--max-file-mb"]);

/**
 * Takes the options every command shares (`--lang`, `--encoding`,
 * `--max-file-mb`, as `--x v` or `--x=v`, before any `--`) out of the
 * arguments.
 */
function takeGlobalOptions(argv: readonly string[]): { settings: Partial<Settings>; rest: string[] } {
  const rest: string[] = [];
  const found = new Map<string, string>();
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index] as string;
    if (arg === "--") {
      rest.push(...argv.slice(index));
      break;
    }
    const [name, inline] = arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    if (!GLOBAL_OPTIONS.has(name)) {
      rest.push(arg);
      continue;
    }
    const value = inline ?? argv[++index];
    if (value === undefined) throw usage({ en: `${name} needs a value`, zh: `${name} 需要一个值` });
    found.set(name, value);
  }
  const settings: Partial<Settings> = {};
  const lang = found.get("--lang");
  if (lang !== undefined) {
    if (lang !== "zh" && lang !== "en") throw usage({ en: "--lang takes zh or en", zh: "--lang 只能是 zh 或 en" }, lang);
    settings.lang = lang as Lang;
    settings.langGiven = true;
    configure({ lang: settings.lang, langGiven: true });
  }
  const encoding = found.get("--encoding")?.toLowerCase();
  if (encoding !== undefined) {
    const known: Record<string, Encoding> = { "utf-8": "utf-8", utf8: "utf-8", gb18030: "gb18030", gbk: "gb18030", gb2312: "gb18030" };
    if (!known[encoding])
      throw usage(
        {
          en: "--encoding takes utf-8 or gb18030 (gbk is read as gb18030)",
          zh: "--encoding 只能是 utf-8 或 gb18030（gbk 按 gb18030 读取）",
        },
        encoding,
      );
    settings.encoding = known[encoding];
  }
  const max = found.get("--max-file-mb");
  if (max !== undefined) {
    if (!/^\d+(\.\d+)?$/.test(max) || Number(max) <= 0)
      throw usage({ en: "--max-file-mb takes a positive number of megabytes", zh: "--max-file-mb 应为正数（单位 MB）" }, max);
    settings.maxFileBytes = Math.floor(Number(max) * 1024 * 1024);
  }
  return { settings, rest };
}

/** Node's parseArgs errors, in the run's language. */
function argumentIssue(error: TypeError & { code?: string }) {
  const option = /'([^']+)'/.exec(error.message)?.[1] ?? "";
  const texts: Record<string, { en: string; zh: string }> = {
    ERR_PARSE_ARGS_UNKNOWN_OPTION: { en: `unknown option ${option}`, zh: `未知选项 ${option}` },
    ERR_PARSE_ARGS_INVALID_OPTION_VALUE: {
      en: `option ${option.split(",")[0] ?? option} needs a value (or takes none)`,
      zh: `选项 ${option.split(",")[0] ?? option} 的取值不对（缺少值或不应有值）`,
    },
    ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL: { en: `unexpected argument ${option}`, zh: `多余的参数 ${option}` },
  };
  const text = texts[error.code ?? ""] ?? { en: error.message, zh: `命令参数无效：${error.message}` };
  return cliIssue("invalid_arguments", { en: `${text.en} (see --help)`, zh: `${text.zh}（见 --help）` }, option ? { found: option } : {});
}

/** Reports an error as a JSON list of issues, in the run's language; returns the exit code. */
function fail(error: unknown, io: Io): number {
  if (isPolicyError(error)) {
    io.err(JSON.stringify(error.issues.map(localizeIssue), null, 2));
    return EXIT.invalid;
  }
  if (error instanceof TypeError && (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
    io.err(JSON.stringify([argumentIssue(error as TypeError & { code?: string })], null, 2));
    return EXIT.invalid;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.err(JSON.stringify([cliIssue("internal_error", { en: message, zh: `内部错误：${message}` })], null, 2));
  return EXIT.invalid;
}
