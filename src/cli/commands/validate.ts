/**
 * `fdr validate`.
 *
 * @module
 */
import { parseArgs } from "node:util";
import * as z from "zod";
import { validatePack } from "../../pack/load.js";
import { EXIT, type Io, usage, parseLang } from "../io.js";
import { checkJsonFile, formatFinding } from "../findings.js";

/** `fdr validate`. */
export function commandValidate(args: string[], io: Io): number {
  const { values, positionals } = parseArgs({
    args,
    options: { lang: { type: "string" }, json: { type: "boolean", default: false } },
    allowPositionals: true,
  });
  const lang = parseLang(values.lang);
  if (positionals.length === 0) throw usage({ en: "fdr validate needs at least one pack file", zh: "fdr validate 至少需要一个规则包文件" });
  // zod's locale is process-wide: set it both ways, so that an English run after a Chinese one stays English.
  z.config(lang === "zh" ? z.locales.zhCN() : z.locales.en());
  const findings = positionals.flatMap((file) => checkJsonFile(file, lang, validatePack));
  if (values.json) io.out(JSON.stringify(findings, null, 2));
  else {
    for (const finding of findings) io.out(formatFinding(finding, lang));
    const valid = positionals.filter((file) => !findings.some((finding) => finding.file === file));
    for (const file of valid) io.out(lang === "zh" ? `${file}：有效` : `${file}: valid`);
  }
  return findings.length > 0 ? EXIT.problems : EXIT.ok;
}
