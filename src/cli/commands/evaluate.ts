/**
 * `fdr evaluate`.
 *
 * @module
 */
import { parseArgs } from "node:util";
import {
  evaluate,
  explain,
  findPack,
  parseCase,
  type Pack,
} from "../../index.js";
import { EXIT, type Io, usage, readText, parseJsonText, resolvePack } from "../io.js";
import { terminalSafe } from "../terminal.js";

/** `fdr evaluate`. */
export function commandEvaluate(args: string[], io: Io): number {
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
    pack = resolvePack(values.pack, io.err);
  } else {
    const { case: kase } = parseCase(input);
    pack = findPack(kase.resident.regionCode, kase.asOf);
  }
  const decision = evaluate(pack, input);
  io.out(values.explain ? terminalSafe(explain(decision)) : JSON.stringify(decision, null, 2));
  return EXIT.ok;
}
