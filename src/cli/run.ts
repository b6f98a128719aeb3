/**
 * The `fdr` command's logic: argument parsing and the commands, writing
 * through an {@link Io} so tests can run it in process.
 *
 * Exit codes, for every command: 0 success; 1 a check found problems
 * (validate, lint, test); 2 invalid input or usage, with a JSON list of issues
 * on stderr. Never a stack trace.
 *
 * @module
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import * as z from "zod";
import {
  budget,
  bundledPackIds,
  checkCoverage,
  diffPacks,
  impliedResidents,
  rateOf,
  evaluate,
  findCaseFiles,
  runCaseFile,
  explain,
  findPack,
  isPolicyError,
  issueMessage,
  langFromEnvironment,
  lintPack,
  loadPack,
  parseCase,
  PolicyError,
  validatePack,
  type Issue,
  type Lang,
  type Pack,
} from "../index.js";
import { commandBatch, type BatchStreams } from "./batch-command.js";
import { jsonPositions, positionAt, positionOf } from "./json-positions.js";

/** Exit codes shared by every command. */
export const EXIT = { ok: 0, problems: 1, invalid: 2 } as const;

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
  fdr examples                                 evaluate the bundled example cases of every pack
  fdr packs                                    list the bundled packs
  fdr help

Exit codes: 0 success; 1 a check found problems; 2 invalid input or usage
(a JSON list of issues on stderr).`;

/** Where the package's files are (dist/.. when built). */
function packageRoot(): string {
  return fileURLToPath(new URL("..", import.meta.url));
}

function usage(message: string, found?: string): PolicyError {
  const issue: Issue = found === undefined ? { code: "invalid_arguments", path: "", message } : { code: "invalid_arguments", path: "", message, found };
  return new PolicyError([issue]);
}

function readText(path: string): string {
  try {
    return path === "-" ? readFileSync(0, "utf8") : readFileSync(path, "utf8");
  } catch (error) {
    throw new PolicyError([{ code: "io_error", path: "", message: `cannot read ${path === "-" ? "standard input" : path}: ${(error as Error).message}` }]);
  }
}

/** Parses JSON text, turning a syntax error into an `invalid_json` issue. */
export function parseJsonText(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new PolicyError([{ code: "invalid_json", path: "", message: `${source} is not valid JSON: ${(error as Error).message}`, expected: "a JSON document" }]);
  }
}

/** A bundled pack by id, or a pack file by path. */
export function resolvePack(idOrPath: string): Pack {
  return resolvePackSource(idOrPath).pack;
}

/** A pack, and what a worker thread needs to load it again (its id, or its JSON). */
export function resolvePackSource(idOrPath: string): { pack: Pack; source: string | object } {
  if (bundledPackIds().includes(idOrPath)) return { pack: loadPack(idOrPath), source: idOrPath };
  if (existsSync(idOrPath)) {
    const json = parseJsonText(readText(idOrPath), idOrPath) as object;
    return { pack: loadPack(json), source: json };
  }
  throw new PolicyError([
    {
      code: "unknown_pack",
      path: "",
      message: `no bundled pack has the id ${JSON.stringify(idOrPath)} and no file has that path`,
      expected: `one of ${bundledPackIds().join(", ")}, or the path of a pack file`,
      found: idOrPath,
    },
  ]);
}

/** Where the CLI writes. */
export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}

function commandEvaluate(args: string[], io: Io): number {
  const { values, positionals } = parseArgs({
    args,
    options: { pack: { type: "string" }, explain: { type: "boolean", default: false } },
    allowPositionals: true,
  });
  if (positionals.length !== 1) throw usage("fdr evaluate needs one case file, or - for standard input", positionals.join(" "));
  const source = positionals[0] as string;
  const input = parseJsonText(readText(source), source);
  let pack: Pack;
  if (values.pack) {
    pack = resolvePack(values.pack);
  } else {
    const { case: kase } = parseCase(input);
    pack = findPack(kase.resident.regionCode, kase.asOf);
  }
  const decision = evaluate(pack, input);
  io.out(values.explain ? explain(decision) : JSON.stringify(decision, null, 2));
  return EXIT.ok;
}

/** One problem in a file, located. */
export interface Finding {
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
  readonly code: string;
  readonly path: string;
  readonly message: string;
  readonly expected?: string;
  readonly found?: string;
  /** Lint only: error or warning. */
  readonly severity?: string;
}

/** An issue, or a lint finding with its severity, before it is located in its file. */
type Located = Pick<Issue, "path" | "message" | "expected" | "found"> & { readonly code: string; readonly severity?: string };

function parseLang(value: string | undefined): Lang {
  if (value === undefined) return langFromEnvironment(process.env);
  if (value !== "zh" && value !== "en") throw usage("--lang takes zh or en", value);
  return value;
}

/** Reads a JSON file and locates each of the issues `check` finds in it. */
export function checkJsonFile(file: string, lang: Lang, check: (json: unknown) => readonly Located[]): Finding[] {
  const text = readText(file);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const offset = Number(/position (\d+)/.exec(message)?.[1] ?? 0);
    const issue: Issue = { code: "invalid_json", path: "", message };
    return [{ file, ...positionAt(text, offset), code: issue.code, path: "", message: issueMessage(issue, lang) }];
  }
  const positions = jsonPositions(text);
  return check(json).map((issue) => {
    const finding: Finding = { file, ...positionOf(positions, issue.path, issue.code === "unrecognized_keys"), code: issue.code, path: issue.path, message: issueMessage(issue as Issue, lang) };
    return {
      ...finding,
      ...(issue.expected !== undefined ? { expected: issue.expected } : {}),
      ...(issue.found !== undefined ? { found: issue.found } : {}),
      ...(issue.severity !== undefined ? { severity: issue.severity } : {}),
    };
  });
}

/** Writes findings as `file:line:column  path  message`, with what was expected and found. */
export function formatFinding(finding: Finding, lang: Lang): string {
  const where = `${finding.file}:${finding.line ?? 1}:${finding.column ?? 1}`;
  const words = lang === "zh" ? { expected: "应为", found: "实际" } : { expected: "expected", found: "found" };
  const detail = [finding.expected !== undefined ? `${words.expected}: ${finding.expected}` : "", finding.found !== undefined ? `${words.found}: ${finding.found}` : ""].filter(Boolean).join("; ");
  return `${where}  ${finding.path || "/"}  [${finding.code}] ${finding.message}${detail ? `\n    ${detail}` : ""}`;
}

function commandValidate(args: string[], io: Io): number {
  const { values, positionals } = parseArgs({ args, options: { lang: { type: "string" }, json: { type: "boolean", default: false } }, allowPositionals: true });
  const lang = parseLang(values.lang);
  if (positionals.length === 0) throw usage("fdr validate needs at least one pack file");
  if (lang === "zh") z.config(z.locales.zhCN());
  const findings = positionals.flatMap((file) => checkJsonFile(file, lang, validatePack));
  if (values.json) io.out(JSON.stringify(findings, null, 2));
  else {
    for (const finding of findings) io.out(formatFinding(finding, lang));
    const valid = positionals.filter((file) => !findings.some((finding) => finding.file === file));
    for (const file of valid) io.out(lang === "zh" ? `${file}：有效` : `${file}: valid`);
  }
  return findings.length > 0 ? EXIT.problems : EXIT.ok;
}

function commandLint(args: string[], io: Io): number {
  const { values, positionals } = parseArgs({ args, options: { lang: { type: "string" }, json: { type: "boolean", default: false } }, allowPositionals: true });
  const lang = parseLang(values.lang);
  if (positionals.length === 0) throw usage("fdr lint needs at least one pack file");
  // An invalid pack's validation issues are lint errors; a valid pack is linted.
  const findings = positionals.flatMap((file) =>
    checkJsonFile(file, lang, (json) => {
      const issues = validatePack(json);
      return issues.length > 0 ? issues.map((issue) => ({ ...issue, severity: "error" })) : lintPack(loadPack(json as object).data);
    }),
  );
  if (values.json) io.out(JSON.stringify(findings, null, 2));
  else for (const finding of findings) io.out(`${finding.severity}  ${formatFinding(finding, lang)}`);
  const errors = findings.filter((finding) => finding.severity === "error").length;
  if (!values.json) io.out(`${errors} error(s), ${findings.length - errors} warning(s)`);
  return errors > 0 ? EXIT.problems : EXIT.ok;
}

function show(value: unknown): string {
  return value === undefined ? "(absent)" : JSON.stringify(value);
}

function commandTest(args: string[], io: Io): number {
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

/** The records of an NDJSON text, numbered from 1; blank lines are skipped, malformed lines kept as errors. */
export function ndjsonRecords(text: string): { line: number; input: unknown }[] {
  return text.split("\n").flatMap((raw, index) => {
    const line = raw.trim();
    if (line === "") return [];
    try {
      return [{ line: index + 1, input: JSON.parse(line) as unknown }];
    } catch (error) {
      return [{ line: index + 1, input: { malformedJson: (error as Error).message } }];
    }
  });
}

function commandDiff(args: string[], io: Io): number {
  const { values, positionals } = parseArgs({
    args,
    options: { cases: { type: "string" }, json: { type: "boolean", default: false }, "fail-on-change": { type: "boolean", default: false } },
    allowPositionals: true,
  });
  if (positionals.length !== 2) throw usage("fdr diff needs an old and a new pack", positionals.join(" "));
  if (!values.cases) throw usage("fdr diff needs --cases <file.ndjson>");
  const [before, after] = positionals.map(resolvePack) as [Pack, Pack];
  const diff = diffPacks(before, after, ndjsonRecords(readText(values.cases)));
  if (values.json) io.out(JSON.stringify(diff, null, 2));
  else {
    for (const change of diff.changed) {
      const parts = [
        ...change.groupsGained.map((group) => `+${group}`),
        ...change.groupsLost.map((group) => `−${group}`),
        ...change.fields.map((field) => `${field.path} ${show(field.before)} → ${show(field.after)}`),
      ];
      io.out(`line ${change.line}${change.residentId ? ` ${change.residentId}` : ""}: ${parts.join("; ")}`);
    }
    io.out("fee totals per payer (before → after):");
    for (const payer of Object.keys(diff.payerTotals.before)) io.out(`  ${payer}  ${diff.payerTotals.before[payer]} → ${diff.payerTotals.after[payer]}`);
    io.out(`${diff.cases} case(s), ${diff.changed.length} changed`);
  }
  return values["fail-on-change"] && diff.changed.length > 0 ? EXIT.problems : EXIT.ok;
}

function wholeNumber(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value))) throw usage(`--${name} takes a whole number`, value);
  return Number(value);
}

function commandBudget(args: string[], io: Io): number {
  const { values } = parseArgs({ args, options: { pack: { type: "string" }, signed: { type: "string" }, personalized: { type: "string" }, "as-of": { type: "string" } } });
  if (!values.pack) throw usage("fdr budget needs --pack <id|path>");
  const signed = wholeNumber(values.signed, "signed");
  if (signed === undefined) throw usage("fdr budget needs --signed <n>");
  const pack = resolvePack(values.pack);
  const options: { asOf?: string; personalized?: string } = {};
  if (values["as-of"] !== undefined) options.asOf = values["as-of"];
  if (values.personalized !== undefined) options.personalized = values.personalized;
  io.out(JSON.stringify({ pack: pack.id, ...budget(pack, signed, options) }, null, 2));
  return EXIT.ok;
}

function commandCoverage(args: string[], io: Io): number {
  const { values } = parseArgs({
    args,
    options: { pack: { type: "string" }, signed: { type: "string" }, residents: { type: "string" }, rate: { type: "string" }, "priority-signed": { type: "string" }, "priority-residents": { type: "string" } },
  });
  if (!values.pack) throw usage("fdr coverage needs --pack <id|path>");
  const signed = wholeNumber(values.signed, "signed");
  if (signed === undefined) throw usage("fdr coverage needs --signed <n>");
  let residents = wholeNumber(values.residents, "residents");
  const implied = residents === undefined && values.rate !== undefined;
  if (residents === undefined && values.rate === undefined) throw usage("fdr coverage needs --residents <n> or --rate <r>");
  if (implied) {
    if (!/^(0|1)(\.\d+)?$/.test(values.rate as string)) throw usage("--rate takes a decimal between 0 and 1 such as 0.7094", values.rate);
    residents = impliedResidents(signed, values.rate as string);
  }
  const pack = resolvePack(values.pack);
  const counts = {
    signed,
    residents: residents as number,
    ...(values["priority-signed"] !== undefined ? { prioritySigned: wholeNumber(values["priority-signed"], "priority-signed") as number } : {}),
    ...(values["priority-residents"] !== undefined ? { priorityResidents: wholeNumber(values["priority-residents"], "priority-residents") as number } : {}),
  };
  io.out(JSON.stringify({ pack: pack.id, ...counts, impliedResidents: implied, rate: rateOf(signed, residents as number), targets: checkCoverage(pack, counts) }, null, 2));
  return EXIT.ok;
}

function commandExamples(io: Io): number {
  const root = join(packageRoot(), "examples");
  for (const id of bundledPackIds()) {
    const pack = loadPack(id);
    const folder = join(root, id);
    const files = existsSync(folder) ? readdirSync(folder).filter((name) => name.endsWith(".json")).sort() : [];
    io.out(`\n════ ${pack.data.title.zh}\n════ ${pack.data.title.en}\n`);
    for (const file of files) {
      const kase = parseJsonText(readText(join(folder, file)), file);
      io.out(`──── ${id}/${file}`);
      try {
        io.out(explain(evaluate(pack, kase)));
      } catch (error) {
        if (!isPolicyError(error)) throw error;
        io.out(`错误 error: ${JSON.stringify(error.issues)}`);
      }
      io.out("");
    }
  }
  return EXIT.ok;
}

function commandPacks(io: Io): number {
  for (const id of bundledPackIds()) {
    const { data } = loadPack(id);
    io.out(`${id}\t${data.version}\t${data.region.codePrefix}\t${data.effective.from}..${data.effective.to ?? ""}\t${data.title.zh}`);
  }
  return EXIT.ok;
}

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
