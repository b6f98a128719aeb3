/**
 * The CLI's usage texts, per command, in Chinese and English; "did you mean"
 * for a mistyped command; the package's version.
 *
 * @module
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Text } from "./messages.js";

/** Options every command takes (the dispatcher reads them before the command's own). */
const GLOBAL: Text = {
  en: `Options every command takes:
  --lang zh|en          language of messages (default: the locale; zh for zh_*)
  --encoding gb18030    read files without a byte-order mark as GB18030 (GBK) instead of UTF-8
                        (UTF-8 and UTF-16 files with a BOM are always recognised)
  --max-file-mb <n>     largest pack or case file read (default 64)
  -h, --help            this command's usage`,
  zh: `所有命令通用的选项：
  --lang zh|en          提示信息的语言（默认按系统区域设置；zh_* 为中文）
  --encoding gb18030    没有字节顺序标记（BOM）的文件按 GB18030（GBK）读取，而不是 UTF-8
                        （带 BOM 的 UTF-8、UTF-16 文件总能识别）
  --max-file-mb <n>     规则包或案例文件的最大大小（默认 64 MB）
  -h, --help            显示该命令的用法`,
};

/** Each command's usage. */
export const COMMAND_USAGE: Readonly<Record<string, Text>> = {
  evaluate: {
    en: `fdr evaluate [--pack <id|path>] [--explain] <case.json|->
  Evaluates one case and prints the decision as JSON (--explain: as text with citations).
  Without --pack: the bundled pack in force for the case's region and date.
Exit codes: 0 decided; 2 invalid case, pack, file or usage.`,
    zh: `fdr evaluate [--pack <规则包 id|路径>] [--explain] <case.json|->
  评估一个案例，以 JSON 输出决定（--explain：输出带政策依据的文字说明）。
  不给 --pack 时：按案例的行政区划和日期选用有效的内置规则包。
退出码：0 已得出决定；2 案例、规则包、文件或参数无效。`,
  },
  validate: {
    en: `fdr validate [--json] <pack.json>...
  Checks rule packs: every problem with its path, line and column.
Exit codes: 0 valid; 1 problems found (including a file that is not JSON); 2 unreadable file or usage.`,
    zh: `fdr validate [--json] <pack.json>...
  检查规则包：列出每个问题及其路径、行号和列号。
退出码：0 有效；1 发现问题（包括不是 JSON 的文件）；2 文件无法读取或参数无效。`,
  },
  lint: {
    en: `fdr lint [--json] <pack.json>...
  Static checks: unused parameters, shares that do not sum to the price, values below
  the document's minimum, conditions that never hold, dated values with gaps …
Exit codes: 0 no errors (warnings allowed); 1 errors found (including a file that is not JSON); 2 unreadable file or usage.`,
    zh: `fdr lint [--json] <pack.json>...
  静态检查：未使用的参数、分担额之和不等于价格、低于文件规定下限的值、永不成立的条件、有空档的分段取值……
退出码：0 无错误（可有警告）；1 发现错误（包括不是 JSON 的文件）；2 文件无法读取或参数无效。`,
  },
  test: {
    en: `fdr test [--pack <path>]... [dir|file]...
  Runs case files (JSON or YAML: name, case, expected); default folder test/cases.
Exit codes: 0 all passed; 1 a case failed; 2 invalid input or usage.`,
    zh: `fdr test [--pack <路径>]... [目录|文件]...
  运行案例文件（JSON 或 YAML：name、case、expected）；默认目录 test/cases。
退出码：0 全部通过；1 有案例未通过；2 输入或参数无效。`,
  },
  diff: {
    en: `fdr diff <old-pack> <new-pack> --cases <file.ndjson|-> [--json] [--fail-on-change]
  Which decisions an edit changes, and the payer totals before and after. The cases are read as fdr batch
  reads them: a line that holds no case is listed by its line, never skipped.
Exit codes: 0 done (or nothing changed with --fail-on-change); 1 a decision changed with --fail-on-change;
2 a line of the cases holds no case (after the diff of the others), invalid input or usage.`,
    zh: `fdr diff <旧规则包> <新规则包> --cases <file.ndjson|-> [--json] [--fail-on-change]
  修改规则包会改变哪些决定，以及修改前后各付费方的合计。案例文件的读取方式与 fdr batch 相同：
  不含案例的行按行号列出，绝不跳过。
退出码：0 完成（或使用 --fail-on-change 时没有变化）；1 使用 --fail-on-change 时有决定改变；
2 案例文件有不含案例的行（其余案例的对比照常输出）、输入或参数无效。`,
  },
  batch: {
    en: `fdr batch --pack <id|path> <input.ndjson|input.csv|input.xlsx|-> [--out file] [--summary file]
           [--format ndjson|csv|xlsx] [--sheet NAME] [--trace compact|full] [--workers N] [--fail-on-error]
           [--resume] [--oversubscribe]
  One output record per input record, in order. CSV and .xlsx headers may be English or Chinese
  (see docs/analyst-guide.md); --out and --summary ending in .xlsx write Excel workbooks.
  An interrupted run keeps <out>.partial; --resume continues it. --workers is capped at the number of
  cores (--oversubscribe lifts the cap).
Exit codes: 0 done (failed records are counted on stderr); 1 some record failed with --fail-on-error;
  2 invalid input or usage.`,
    zh: `fdr batch --pack <规则包 id|路径> <input.ndjson|input.csv|input.xlsx|-> [--out 文件] [--summary 文件]
           [--format ndjson|csv|xlsx] [--sheet 工作表名] [--trace compact|full] [--workers N] [--fail-on-error]
           [--resume] [--oversubscribe]
  每条输入记录输出一条结果，顺序不变。CSV 和 .xlsx 的表头可以用英文或中文（见 docs/analyst-guide.md）；
  --out、--summary 以 .xlsx 结尾时写出 Excel 工作簿。
  中断后写出的内容保留在 <out>.partial，加 --resume 可续接；--workers 最多为核心数（--oversubscribe 可超出）。
退出码：0 完成（失败记录数写在标准错误输出）；1 使用 --fail-on-error 且有记录失败；2 输入或参数无效。`,
  },
  budget: {
    en: `fdr budget --pack <id|path> --signed <n> [--personalized <amount>] [--as-of <date>]
  Funding per payer for n signed residents.
Exit codes: 0 done; 2 invalid input or usage.`,
    zh: `fdr budget --pack <规则包 id|路径> --signed <人数> [--personalized <金额>] [--as-of <日期>]
  n 名签约居民的各付费方经费。
退出码：0 完成；2 输入或参数无效。`,
  },
  coverage: {
    en: `fdr coverage --pack <id|path> --signed <n> (--residents <n> | --rate <r>)
             [--priority-signed <n> --priority-residents <n>]
  Signing rates against the pack's targets.
Exit codes: 0 done; 2 invalid input or usage.`,
    zh: `fdr coverage --pack <规则包 id|路径> --signed <人数> (--residents <人数> | --rate <比率>)
             [--priority-signed <人数> --priority-residents <人数>]
  签约率与规则包目标的对照。
退出码：0 完成；2 输入或参数无效。`,
  },
  examples: {
    en: `fdr examples
  Evaluates the bundled example cases of every pack.
Exit codes: 0 done; 2 an example could not be read.`,
    zh: `fdr examples
  评估每个内置规则包自带的示例案例。
退出码：0 完成；2 示例无法读取。`,
  },
  serve: {
    en: `fdr serve [--port N] [--host H] [--packs DIR] [--decision-log FILE] [--tokens FILE] [--cors ORIGIN]
  An HTTP decision service on 127.0.0.1 (docs/server.md): /v1/evaluate, /v1/evaluate-batch, /v1/packs,
  /v1/validate, /v1/lint, /openapi.json, /healthz, /readyz, /metrics. SIGTERM stops it gracefully.
Exit codes: 0 stopped by SIGTERM after finishing its requests; 2 invalid options or the port cannot be used.`,
    zh: `fdr serve [--port 端口] [--host 地址] [--packs 目录] [--decision-log 文件] [--tokens 文件] [--cors 来源]
  HTTP 决定服务，默认监听 127.0.0.1（见 docs/server.md）：/v1/evaluate、/v1/evaluate-batch、/v1/packs、
  /v1/validate、/v1/lint、/openapi.json、/healthz、/readyz、/metrics。收到 SIGTERM 后平稳停止。
退出码：0 收到 SIGTERM 并处理完请求后停止；2 选项无效或端口无法使用。`,
  },
  studio: {
    en: `fdr studio [--port N] [--pack FILE|DIR]... [--no-open]
  The workbench in the browser, served on 127.0.0.1 (docs/studio.md): read a pack beside its sources,
  edit it with live checks, run a case.
Exit codes: 0 stopped; 2 invalid options or the port cannot be used.`,
    zh: `fdr studio [--port 端口] [--pack 文件|目录]... [--no-open]
  浏览器中的工作台，在 127.0.0.1 上提供（见 docs/studio.md）：对照原文阅读规则包、边改边检查、运行案例。
退出码：0 已停止；2 选项无效或端口无法使用。`,
  },
  packs: {
    en: `fdr packs
  Lists the bundled packs.
Exit codes: 0 done.`,
    zh: `fdr packs
  列出内置规则包。
退出码：0 完成。`,
  },
  help: {
    en: `fdr help [command]
  The usage of fdr, or of one command.
Exit codes: 0 done; 2 unknown command.`,
    zh: `fdr help [命令]
  fdr 或某个命令的用法。
退出码：0 完成；2 未知命令。`,
  },
};

/** The command names, in the order the overall usage lists them. */
export const COMMANDS = Object.keys(COMMAND_USAGE);

/** One command's usage, with the options every command takes. */
export function commandUsage(command: string, lang: "zh" | "en"): string {
  const text = COMMAND_USAGE[command] as Text;
  return `${text[lang]}\n\n${GLOBAL[lang]}`;
}

/** The overall usage. */
export function overallUsage(lang: "zh" | "en"): string {
  const head =
    lang === "zh"
      ? "fdr — 家庭医生签约服务规则（family-doctor contract-service rules）\n\n用法："
      : "fdr — family-doctor contract-service rules (家庭医生签约服务)\n\nUsage:";
  const lines = COMMANDS.map((command) => `  ${(COMMAND_USAGE[command] as Text)[lang].split("\n")[0]}`);
  const tail =
    lang === "zh"
      ? `  fdr --version\n\n“fdr <命令> --help” 显示该命令的用法和退出码。\n退出码：0 成功；1 检查发现问题；2 输入、参数或读写错误（标准错误输出为 JSON 问题列表）。`
      : `  fdr --version\n\n"fdr <command> --help" shows a command's usage and exit codes.\nExit codes: 0 success; 1 a check found problems; 2 invalid input, usage or I/O error\n(a JSON list of issues on stderr).`;
  return `${head}\n${lines.join("\n")}\n${tail}\n\n${GLOBAL[lang]}`;
}

/** The edit distance between two words (insertions, deletions, substitutions, swaps). */
function distance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min((rows[i - 1] as number[])[j]! + 1, (rows[i] as number[])[j - 1]! + 1, (rows[i - 1] as number[])[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, (rows[i - 2] as number[])[j - 2]! + 1);
      (rows[i] as number[])[j] = best;
    }
  }
  return (rows[a.length] as number[])[b.length]!;
}

/** The command a mistyped word most likely meant, if one is close. */
export function didYouMean(word: string): string | undefined {
  const lower = word.toLowerCase();
  let best: { command: string; score: number } | undefined;
  for (const command of COMMANDS) {
    const score = command.startsWith(lower) && lower.length >= 2 ? 0 : distance(lower, command);
    if (score <= Math.max(1, Math.floor(command.length / 3)) && (!best || score < best.score)) best = { command, score };
  }
  return best?.command;
}

/** The package's version, from the nearest package.json above this file. */
export function packageVersion(): string {
  let folder = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 6; depth++) {
    const file = join(folder, "package.json");
    if (existsSync(file)) {
      const json = JSON.parse(readFileSync(file, "utf8")) as { name?: string; version?: string };
      if (json.name === "family-doctor-rules" && json.version) return json.version;
    }
    folder = dirname(folder);
  }
  return "unknown";
}
