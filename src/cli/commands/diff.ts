/**
 * `fdr diff`: the decisions of a set of cases under an old and a new pack,
 * compared. The NDJSON cases file is read by the batch's reader (see
 * `../input.ts`): a line that holds no case is reported at its line with the
 * issues `fdr batch` writes for it, never skipped; the run then exits 2.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { diffPacks, type PackDiff, type UnreadableLine } from "../../analysis/diff.js";
import { PolicyError, type Issue } from "../../core/errors.js";
import type { Pack } from "../../pack/load.js";
import { readNdjsonCases } from "../input.js";
import { EXIT, resolvePack, show, usage, type Io } from "../io.js";
import { issueMessage } from "../../core/messages.js";
import { cliIssue, localizeIssue, say as localText } from "../messages.js";
import { terminalSafe } from "../terminal.js";

/** The issues of unreadable lines, each naming the file and the line, in the run's language. */
function unreadableIssues(source: string, unreadable: readonly UnreadableLine[]): Issue[] {
  return unreadable.flatMap(({ line, errors }) =>
    errors.map((issue) => {
      const en = issue.message.includes(`line ${line}`) ? `${source}: ${issue.message}` : `${source}, line ${line}: ${issue.message}`;
      const zh = `${source}：第 ${line} 行：${issueMessage(issue, "zh")}`;
      return cliIssue(
        issue.code,
        { en, zh },
        {
          path: issue.path,
          ...(issue.expected !== undefined ? { expected: issue.expected } : {}),
          ...(issue.found !== undefined ? { found: issue.found } : {}),
        },
      );
    }),
  );
}

function printDiff(diff: PackDiff, io: Io): void {
  // Resident ids come from the cases: escaped for the terminal.
  const say = (text: string) => io.out(terminalSafe(text));
  for (const change of diff.changed) {
    const parts = [
      ...change.groupsGained.map((group) => `+${group}`),
      ...change.groupsLost.map((group) => `−${group}`),
      ...change.fields.map((field) => `${field.path} ${show(field.before)} → ${show(field.after)}`),
    ];
    say(
      `${localText({ en: `line ${change.line}`, zh: `第 ${change.line} 行` })}${change.residentId ? ` ${change.residentId}` : ""}: ${parts.join("; ")}`,
    );
  }
  for (const { line, errors } of diff.unreadable) {
    const reasons = errors.map((issue) => `[${issue.code}] ${localizeIssue(issue).message}`).join("; ");
    say(localText({ en: `line ${line}: no case read: ${reasons}`, zh: `第 ${line} 行：未能读取案例：${reasons}` }));
  }
  for (const { line, errors } of diff.refused) {
    const reasons = errors.map((issue) => `[${issue.code}] ${localizeIssue(issue).message}`).join("; ");
    say(localText({ en: `line ${line}: refused under both packs: ${reasons}`, zh: `第 ${line} 行：两个规则包均拒绝该案例：${reasons}` }));
  }
  say(
    localText({
      en: "fee totals per payer, signed residents only (eligible, contract in force on the decision date) (before → after):",
      zh: "各付费方费用合计，仅计已签约居民（符合签约条件且签约在决定日有效）（修改前 → 修改后）：",
    }),
  );
  for (const payer of Object.keys(diff.payerTotals.before))
    say(`  ${payer}  ${diff.payerTotals.before[payer]} → ${diff.payerTotals.after[payer]}`);
  say(`  ${localText({ en: "staff pool", zh: "薪酬池" })}  ${diff.staffPoolTotals.before} → ${diff.staffPoolTotals.after}`);
  const unreadable = diff.unreadable.length;
  const refused = diff.refused.length;
  const tail =
    (refused > 0 ? localText({ en: `, ${refused} refused under both packs`, zh: `，${refused} 个被两个规则包均拒绝` }) : "") +
    (unreadable > 0 ? localText({ en: `, ${unreadable} line(s) unreadable`, zh: `，${unreadable} 行无法读取` }) : "");
  say(
    localText({
      en: `${diff.cases} case(s), ${diff.changed.length} changed${tail}`,
      zh: `${diff.cases} 个案例，${diff.changed.length} 个有变化${tail}`,
    }),
  );
}

/**
 * `fdr diff`. Returns the exit code: 0 done, 1 a decision changed with
 * `--fail-on-change`, 2 when a line of the cases holds no case or a case both
 * packs refuse (after the diff of the others, with the lines' issues on
 * stderr) or on invalid input.
 */
export function commandDiff(args: string[], io: Io): number {
  const { values, positionals } = parseArgs({
    args,
    options: {
      cases: { type: "string" },
      json: { type: "boolean", default: false },
      "fail-on-change": { type: "boolean", default: false },
    },
    allowPositionals: true,
  });
  if (positionals.length !== 2)
    throw usage({ en: "fdr diff needs an old and a new pack", zh: "fdr diff 需要旧、新两个规则包" }, positionals.join(" "));
  if (!values.cases) throw usage({ en: "fdr diff needs --cases <file.ndjson>", zh: "fdr diff 需要 --cases <file.ndjson>" });
  const [before, after] = positionals.map((idOrPath) => resolvePack(idOrPath, io.err)) as [Pack, Pack];
  const diff = diffPacks(before, after, readNdjsonCases(values.cases));
  if (values.json) io.out(JSON.stringify(diff, null, 2));
  else printDiff(diff, io);
  if (diff.unreadable.length > 0 || diff.refused.length > 0) {
    const source = values.cases === "-" ? localText({ en: "standard input", zh: "标准输入" }) : values.cases;
    const lines = [...diff.unreadable, ...diff.refused].sort((a, b) => a.line - b.line);
    throw new PolicyError(unreadableIssues(source, lines) as [Issue, ...Issue[]]);
  }
  return values["fail-on-change"] && diff.changed.length > 0 ? EXIT.problems : EXIT.ok;
}
