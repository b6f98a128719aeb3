/**
 * `fdr lint`.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { lintPack } from "../../pack/lint.js";
import { loadPack, validatePack } from "../../pack/load.js";
import { EXIT, type Io, usage, parseLang } from "../io.js";
import { checkJsonFile, formatFinding } from "../findings.js";

/** A severity as the human output shows it. */
function severityWord(severity: string | undefined, lang: "zh" | "en"): string {
  if (lang === "en") return severity ?? "error";
  return severity === "warning" ? "警告" : "错误";
}

/** `fdr lint`. */
export function commandLint(args: string[], io: Io): number {
  const { values, positionals } = parseArgs({
    args,
    options: { lang: { type: "string" }, json: { type: "boolean", default: false } },
    allowPositionals: true,
  });
  const lang = parseLang(values.lang);
  if (positionals.length === 0) throw usage({ en: "fdr lint needs at least one pack file", zh: "fdr lint 至少需要一个规则包文件" });
  // An invalid pack's validation issues are lint errors; a valid pack is linted.
  const findings = positionals.flatMap((file) =>
    checkJsonFile(
      file,
      lang,
      (json) => {
        const issues = validatePack(json);
        return issues.length > 0 ? issues.map((issue) => ({ ...issue, severity: "error" })) : lintPack(loadPack(json as object).data);
      },
      { severity: "error" },
    ),
  );
  if (values.json) io.out(JSON.stringify(findings, null, 2));
  else for (const finding of findings) io.out(`${severityWord(finding.severity, lang)}  ${formatFinding(finding, lang)}`);
  const errors = findings.filter((finding) => finding.severity === "error").length;
  if (!values.json)
    io.out(
      lang === "zh" ? `${errors} 个错误，${findings.length - errors} 个警告` : `${errors} error(s), ${findings.length - errors} warning(s)`,
    );
  return errors > 0 ? EXIT.problems : EXIT.ok;
}
