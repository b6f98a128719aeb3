/**
 * `fdr evaluate`.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { evaluate } from "../../api.js";
import { explain } from "../../explain.js";
import { parseCase } from "../../model/parse.js";
import { findPack } from "../../pack/find.js";
import type { Pack } from "../../pack/load.js";
import { EXIT, type Io, usage, readText, parseJsonText, resolvePack } from "../io.js";

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
    pack = resolvePack(values.pack);
  } else {
    const { case: kase } = parseCase(input);
    pack = findPack(kase.resident.regionCode, kase.asOf);
  }
  const decision = evaluate(pack, input);
  io.out(values.explain ? explain(decision) : JSON.stringify(decision, null, 2));
  return EXIT.ok;
}
