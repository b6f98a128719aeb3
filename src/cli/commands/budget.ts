/**
 * `fdr budget`.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { budget } from "../../analysis/coverage.js";
import { EXIT, type Io, usage, resolvePack, wholeNumber } from "../io.js";

/** `fdr budget`. */
export function commandBudget(args: string[], io: Io): number {
  const { values } = parseArgs({
    args,
    options: { pack: { type: "string" }, signed: { type: "string" }, personalized: { type: "string" }, "as-of": { type: "string" } },
  });
  if (!values.pack) throw usage({ en: "fdr budget needs --pack <id|path>", zh: "fdr budget 需要 --pack <规则包 id|路径>" });
  const signed = wholeNumber(values.signed, "signed");
  if (signed === undefined) throw usage({ en: "fdr budget needs --signed <n>", zh: "fdr budget 需要 --signed <人数>" });
  const pack = resolvePack(values.pack, io.err);
  const options: { asOf?: string; personalized?: string } = {};
  if (values["as-of"] !== undefined) options.asOf = values["as-of"];
  if (values.personalized !== undefined) options.personalized = values.personalized;
  io.out(JSON.stringify({ pack: pack.id, ...budget(pack, signed, options) }, null, 2));
  return EXIT.ok;
}
