/**
 * `fdr coverage`.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { checkCoverage, impliedResidents } from "../../analysis/coverage.js";
import { rateOf } from "../../core/money.js";
import { EXIT, type Io, usage, resolvePack, wholeNumber } from "../io.js";

/** `fdr coverage`. */
export function commandCoverage(args: string[], io: Io): number {
  const { values } = parseArgs({
    args,
    options: {
      pack: { type: "string" },
      signed: { type: "string" },
      residents: { type: "string" },
      rate: { type: "string" },
      "priority-signed": { type: "string" },
      "priority-residents": { type: "string" },
    },
  });
  if (!values.pack) throw usage({ en: "fdr coverage needs --pack <id|path>", zh: "fdr coverage 需要 --pack <规则包 id|路径>" });
  const signed = wholeNumber(values.signed, "signed");
  if (signed === undefined) throw usage({ en: "fdr coverage needs --signed <n>", zh: "fdr coverage 需要 --signed <人数>" });
  let residents = wholeNumber(values.residents, "residents");
  const implied = residents === undefined && values.rate !== undefined;
  if (residents === undefined && values.rate === undefined)
    throw usage({ en: "fdr coverage needs --residents <n> or --rate <r>", zh: "fdr coverage 需要 --residents <人数> 或 --rate <比率>" });
  if (implied) {
    if (!/^(0(\.\d+)?|1(\.0+)?)$/.test(values.rate as string))
      throw usage(
        { en: "--rate takes a decimal between 0 and 1 such as 0.7094", zh: "--rate 应为 0 到 1 之间的小数，例如 0.7094" },
        values.rate,
      );
    residents = impliedResidents(signed, values.rate as string);
  }
  const pack = resolvePack(values.pack, io.err);
  const counts = {
    signed,
    residents: residents as number,
    ...(values["priority-signed"] !== undefined
      ? { prioritySigned: wholeNumber(values["priority-signed"], "priority-signed") as number }
      : {}),
    ...(values["priority-residents"] !== undefined
      ? { priorityResidents: wholeNumber(values["priority-residents"], "priority-residents") as number }
      : {}),
  };
  io.out(
    JSON.stringify(
      {
        pack: pack.id,
        ...counts,
        impliedResidents: implied,
        rate: rateOf(signed, residents as number),
        targets: checkCoverage(pack, counts),
      },
      null,
      2,
    ),
  );
  return EXIT.ok;
}
