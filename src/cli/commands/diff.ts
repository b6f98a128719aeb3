/**
 * `fdr diff`.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { diffPacks } from "../../diff.js";
import type { Pack } from "../../pack/load.js";
import { EXIT, readText, resolvePack, show, usage, type Io } from "../io.js";

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

/** `fdr diff`. */
export function commandDiff(args: string[], io: Io): number {
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
