/**
 * `fdr evaluate`.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { evaluate } from "../../policy/api.js";
import { explain } from "../../analysis/explain.js";
import { parseCase } from "../../model/parse.js";
import { findPack } from "../../pack/find.js";
import type { Pack } from "../../pack/load.js";
import { EXIT, type Io, usage, readText, parseJsonText, parseLang, resolvePack } from "../io.js";
import { terminalSafe } from "../terminal.js";
import { current } from "../messages.js";

/** `fdr evaluate`. */
export function commandEvaluate(args: string[], io: Io): number {
  const { values, positionals } = parseArgs({
    args,
    options: { pack: { type: "string" }, explain: { type: "boolean", default: false }, lang: { type: "string" } },
    allowPositionals: true,
  });
  if (positionals.length !== 1)
    throw usage(
      { en: "fdr evaluate needs one case file, or - for standard input", zh: "fdr evaluate 需要一个案例文件，或用 - 表示标准输入" },
      positionals.join(" "),
    );
  const source = positionals[0] as string;
  const input = parseJsonText(readText(source), source);
  let pack: Pack;
  if (values.pack) {
    pack = resolvePack(values.pack, io.err);
  } else {
    const { case: kase } = parseCase(input);
    pack = findPack(kase.resident.regionCode, kase.asOf);
  }
  // --explain prints Chinese and English lines; --lang keeps one (the decision itself never depends on it).
  const lang = values.lang !== undefined ? parseLang(values.lang) : current().langGiven ? current().lang : undefined;
  const decision = evaluate(pack, input);
  io.out(values.explain ? terminalSafe(explain(decision, pack, lang ? { lang } : {})) : JSON.stringify(decision, null, 2));
  return EXIT.ok;
}
