/**
 * Issue messages in Chinese and English. The library's messages are English
 * sentences with the detail of each problem; this gives each issue code its
 * Chinese text, so a tool can show an issue in either language.
 *
 * @module
 */
import { DECISION_WARNING_CODES, type DecisionWarningCode, type Issue, type IssueCode } from "./errors.js";

/** A language the messages are written in. */
export type Lang = "zh" | "en";

/** The Chinese text of each issue code. */
export const ISSUE_TEXT_ZH: Readonly<Record<IssueCode, string>> = Object.freeze({
  invalid_type: "类型不符",
  invalid_value: "取值无效",
  invalid_format: "格式不符",
  invalid_date: "不是有效的日期（YYYY-MM-DD）",
  invalid_amount: "不是最多两位小数的金额",
  too_small: "小于允许的最小值",
  too_big: "大于允许的最大值",
  unrecognized_keys: "未知字段（可能是拼写错误）",
  unknown_field: "未知字段，已忽略",
  missing_field: "缺少必填字段",
  unknown_package: "规则包中没有该服务包",
  duplicate_member: "团队成员重复",
  date_order: "日期先后顺序不对",
  out_of_period: "决定日期不在规则包有效期内",
  unknown_pack: "未知的规则包",
  invalid_pack: "规则包内容无效",
  unknown_parameter: "引用了未定义的参数",
  parameter_type: "参数值与类型不符",
  parameter_not_in_force: "该日期没有有效的参数值",
  unknown_fact: "未知的事实名称",
  invalid_json: "不是有效的 JSON",
  duplicate_key: "同一对象中键名重复",
  too_deep: "嵌套层级过深",
  invalid_arguments: "命令参数无效",
  io_error: "无法读取文件",
  internal_error: "内部错误",
  "not-eligible-no-fee": "不符合签约条件：不计签约服务费、补助和薪酬池",
  "overlapping-contract": "与另一份签约期限重叠",
  "amount-not-set": "文件未给出金额，由当地规定",
  "order-presumed": "案例未说明是否依照二三级医院处方医嘱，按依照处理",
  "referral-disease-not-recorded": "转诊病种不在居民已登记的疾病中",
  "pregnancy-sex-mismatch": "男性居民记录了妊娠或产后信息",
});

/** The English title of each decision warning code (the issue's `message` gives the detail). */
export const WARNING_TEXT_EN: Readonly<Record<DecisionWarningCode, string>> = {
  "not-eligible-no-fee": "not eligible: no fee, funding or staff pool",
  "overlapping-contract": "another contract overlaps this one",
  "amount-not-set": "the document gives no amount; it is set locally",
  "order-presumed": "the case does not say whether the higher hospital's order is followed; presumed",
  "referral-disease-not-recorded": "the referral's disease is not among the resident's conditions",
  "pregnancy-sex-mismatch": "a pregnancy is recorded for a resident recorded as male",
};

/** A JSON string literal in a message: a name or a value, shown as it is in either language. */
const QUOTED = /"(?:[^"\\]|\\.)*"/g;

/** zod's type names, as Chinese text says them. */
const TYPE_ZH: Readonly<Record<string, string>> = {
  object: "对象",
  array: "数组",
  string: "文本",
  number: "数字",
  boolean: "布尔值",
  null: "null",
  undefined: "空缺",
  bigint: "整数",
  int: "整数",
  date: "日期",
  // A pack parameter's types.
  money: "金额",
  rate: "比率",
  integer: "整数",
  code: "代码",
  codes: "代码列表",
};

const WARNING_CODES: ReadonlySet<string> = new Set(DECISION_WARNING_CODES);

/** How a bound is said in an issue's `expected` (what a valid value is), and in Chinese. */
const LIMITS: readonly (readonly [RegExp, string])[] = [
  [/(?:≤|<=|\bat most)\s*(-?\d+(?:\.\d+)?)(?![\d-])/, "应 ≤ "],
  [/(?:≥|>=|\bat least)\s*(-?\d+(?:\.\d+)?)(?![\d-])/, "应 ≥ "],
  [/\bon or before (\d{4}-\d{2}-\d{2})\b/, "应不晚于 "],
  [/\bon or after (\d{4}-\d{2}-\d{2})\b/, "应不早于 "],
];

/** The codes whose `expected` states a bound the value broke. */
const BOUNDED: ReadonlySet<string> = new Set(["too_big", "too_small", "date_order"]);

/** The codes whose `found` is not a value of the input (a parameter's periods, a file). */
const FOUND_IS_NOT_A_VALUE: ReadonlySet<string> = new Set(["parameter_not_in_force", "io_error"]);

/** What a bound counts, when it is not the value itself. */
const UNITS_ZH: readonly (readonly [RegExp, string])[] = [
  [/^\s*characters?\b|^\s*character\(s\)/, " 个字符"],
  [/^\s*(?:items?|elements?)\b|^\s*(?:item|element)\(s\)/, " 项"],
  [/^\s*bytes?\b/, " 字节"],
  [/^\s*days?\b/, " 天"],
];

/** The bound an issue's `expected` states, in Chinese: `应 ≤ 3650`, `应 ≥ 1 个字符`, `应不晚于 2023-06-01`. */
function limitZh(expected: string): string | undefined {
  for (const [pattern, zh] of LIMITS) {
    const match = pattern.exec(expected);
    if (!match) continue;
    const after = expected.slice(match.index + match[0].length);
    const unit = UNITS_ZH.find(([word]) => word.test(after))?.[1] ?? "";
    return `${zh}${match[1]}${unit}`;
  }
  return undefined;
}

/** A bare option of a list in `expected`: an id, never words. */
const BARE_OPTION = /^[A-Za-z0-9][\w.-]*$/;

/**
 * The options a message lists in single quotes after "Expected" (zod's
 * discriminator, V8's JSON errors: `'a' | 'b'`, `',' or '}'`), or `expected`
 * lists bare after "one of" when each is an id, as JSON strings.
 */
function optionsOf(message: string, expected: string | undefined): string[] {
  const quoted = /\bExpected ('[^']*'(?:\s*(?:\||or|,)\s*'[^']*')*)/.exec(message)?.[1];
  if (quoted !== undefined) return [...quoted.matchAll(/'([^']*)'/g)].map((option) => JSON.stringify(option[1]));
  const bare = /^one of (.+)$/.exec(expected ?? "")?.[1]?.split(", ");
  return bare?.every((option) => BARE_OPTION.test(option)) ? bare.map((option) => JSON.stringify(option)) : [];
}

/** The index of the first match of `pattern` in `text`, or -1. */
function indexOf(text: string, pattern: RegExp): number {
  return pattern.exec(text)?.index ?? -1;
}

/**
 * The details of an English issue message that Chinese text can show
 * without its English words: the value found (the issue's `found`, JSON
 * text), the values expected or an example (the quoted values after
 * "expected", "one of" or "such as"; a type zod expected; the bound the
 * issue's `expected` states for a value out of bounds), the other quoted
 * names, where a JSON text failed, an empty input.
 */
function detailsZh(issue: Omit<Issue, "code"> & { readonly code: string }): string {
  const message = issue.message;
  const found = FOUND_IS_NOT_A_VALUE.has(issue.code) ? undefined : issue.found;
  // A quoted value that is the value found is shown once, as such; a `found` that is not a value leaves the quotes as names.
  const isFound = (quoted: string) => found !== undefined && (quoted === found || quoted === JSON.stringify(found));
  // Quotes after "expected" or "one of" (and before "received") are values expected; right after "such as", examples.
  const expectedFrom = indexOf(message, /\b(?:expected|one of)\b/);
  const receivedFrom = indexOf(message, /\b(?:received|got)\b/);
  const names: string[] = [];
  const expected: string[] = [];
  const examples: string[] = [];
  for (const match of message.matchAll(QUOTED)) {
    const quoted = match[0];
    if (isFound(quoted)) continue;
    const at = match.index;
    if (/\b(?:such as|e\.g\.)\s*$/.test(message.slice(Math.max(0, at - 12), at))) examples.push(quoted);
    else if (expectedFrom !== -1 && expectedFrom < at && (receivedFrom === -1 || at < receivedFrom)) expected.push(quoted);
    else names.push(quoted);
  }
  const parts: string[] = [];
  if (names.length > 0) parts.push(names.join("、"));
  if (found !== undefined) parts.push(`实际值 ${found}`);
  if (expected.length === 0) expected.push(...optionsOf(message, issue.expected));
  if (expected.length > 1) parts.push(`应为 ${expected.join("、")} 之一`);
  else if (expected.length === 1) parts.push(`应为 ${expected[0]}`);
  else {
    const type =
      /\bexpected (\w+), received\b/.exec(message)?.[1] ??
      /^the value of \S+ does not fit its type (\w+)$/.exec(message)?.[1] ??
      /^a value of type (\w+)$/.exec(issue.expected ?? "")?.[1];
    if (type !== undefined && TYPE_ZH[type] !== undefined) parts.push(`应为${TYPE_ZH[type]}`);
    const limit = BOUNDED.has(issue.code) && issue.expected !== undefined ? limitZh(issue.expected) : undefined;
    if (limit !== undefined) parts.push(limit);
  }
  if (examples.length > 0) parts.push(`例如 ${examples.join("、")}`);
  let text = parts.join("，");
  const position = /\bat position (\d{1,15})\b/.exec(message)?.[1];
  if (position !== undefined) text += `（第 ${Number(position) + 1} 个字符处）`;
  else if (/\bis empty$/.test(message)) text += "（内容为空）";
  return text;
}

/**
 * An issue's message in a language, never mixing the two in one line. In
 * Chinese: the code's Chinese text, then the detail when the message is
 * already Chinese (zod's Chinese locale) or holds no English words, else
 * what of the English message Chinese text can show: the quoted names, the
 * value found, the values expected or an example, where a JSON text failed
 * (the English message stays available in English). A decision warning
 * keeps its quoted names only: its Chinese text is a whole sentence.
 * `titles` gives the Chinese text of codes the library does not have (a
 * server's, say).
 *
 * @example
 * issueMessage({ code: "unknown_parameter", path: "/packages/0/price/param", message: 'no parameter "x" is defined' }, "zh");
 * //=> '引用了未定义的参数："x"'
 * issueMessage({ code: "invalid_value", path: "/resident/sex", message: 'Invalid option: expected one of "female"|"male"', found: "5" }, "zh");
 * //=> '取值无效：实际值 5，应为 "female"、"male" 之一'
 */
export function issueMessage(
  issue: Omit<Issue, "code"> & { readonly code: string },
  lang: Lang,
  titles: Readonly<Record<string, string>> = {},
): string {
  if (lang !== "zh") return issue.message;
  const title = titles[issue.code] ?? (ISSUE_TEXT_ZH as Readonly<Record<string, string>>)[issue.code] ?? issue.code;
  const unquoted = issue.message.replace(QUOTED, "");
  if (/[\u4e00-\u9fff]/.test(issue.message) || !/[A-Za-z]{2,}/.test(unquoted))
    return issue.message === "" ? title : `${title}：${issue.message}`;
  if (WARNING_CODES.has(issue.code)) {
    const quoted = issue.message.match(QUOTED) ?? [];
    return quoted.length > 0 ? `${title}：${quoted.join("、")}` : title;
  }
  const details = detailsZh(issue);
  return details === "" ? title : details.startsWith("（") ? `${title}${details}` : `${title}：${details}`;
}

/** The language of the environment's locale (`LC_ALL`, `LC_MESSAGES`, `LANG`): zh for Chinese, else en. */
export function langFromEnvironment(env: Readonly<Record<string, string | undefined>>): Lang {
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || "";
  return locale.toLowerCase().startsWith("zh") ? "zh" : "en";
}
