/**
 * `fdr diff`.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { diffPacks } from "../../analysis/diff.js";
import { ndjsonRecords } from "../../batch/population-text.js";
import type { Pack } from "../../pack/load.js";
import { EXIT, readText, resolvePack, show, usage, type Io } from "../io.js";
import { terminalSafe } from "../terminal.js";
import { say as localText } from "../messages.js";

/** The records of an NDJSON text (the studio reads a population with the same function). */
export { ndjsonRecords } from "../../batch/population-text.js";

/** `fdr diff`. */
export function commandDiff(args: string[], io: Io): number {
  const { values, positionals } = parseArgs({
    args,
    options: { cases: { type: "string" }, json: { type: "boolean", default: false }, "fail-on-change": { type: "boolean", default: false } },
    allowPositionals: true,
  });
  if (positionals.length !== 2) throw usage({ en: "fdr diff needs an old and a new pack", zh: "fdr diff 需要旧、新两个规则包" }, positionals.join(" "));
  if (!values.cases) throw usage({ en: "fdr diff needs --cases <file.ndjson>", zh: "fdr diff 需要 --cases <file.ndjson>" });
  const [before, after] = positionals.map((idOrPath) => resolvePack(idOrPath, io.err)) as [Pack, Pack];
  const diff = diffPacks(before, after, ndjsonRecords(readText(values.cases)));
  if (values.json) io.out(JSON.stringify(diff, null, 2));
  else {
    // Resident ids come from the cases: escaped for the terminal.
    const say = (text: string) => io.out(terminalSafe(text));
    for (const change of diff.changed) {
      const parts = [
        ...change.groupsGained.map((group) => `+${group}`),
        ...change.groupsLost.map((group) => `−${group}`),
        ...change.fields.map((field) => `${field.path} ${show(field.before)} → ${show(field.after)}`),
      ];
      say(`${localText({ en: `line ${change.line}`, zh: `第 ${change.line} 行` })}${change.residentId ? ` ${change.residentId}` : ""}: ${parts.join("; ")}`);
    }
    say(localText({ en: "fee totals per payer, signed residents only (eligible, contract in force on the decision date) (before → after):", zh: "各付费方费用合计，仅计已签约居民（符合签约条件且签约在决定日有效）（修改前 → 修改后）：" }));
    for (const payer of Object.keys(diff.payerTotals.before)) say(`  ${payer}  ${diff.payerTotals.before[payer]} → ${diff.payerTotals.after[payer]}`);
    say(`  ${localText({ en: "staff pool", zh: "薪酬池" })}  ${diff.staffPoolTotals.before} → ${diff.staffPoolTotals.after}`);
    say(localText({ en: `${diff.cases} case(s), ${diff.changed.length} changed`, zh: `${diff.cases} 个案例，${diff.changed.length} 个有变化` }));
  }
  return values["fail-on-change"] && diff.changed.length > 0 ? EXIT.problems : EXIT.ok;
}
