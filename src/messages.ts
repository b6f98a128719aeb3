/**
 * Issue messages in Chinese and English. The library's messages are English
 * sentences with the detail of each problem; this gives each issue code its
 * Chinese text, so a tool can show an issue in either language.
 *
 * @module
 */
import type { Issue, IssueCode } from "./errors.js";

/** A language the messages are written in. */
export type Lang = "zh" | "en";

/** The Chinese text of each issue code. */
export const ISSUE_TEXT_ZH: Readonly<Record<IssueCode, string>> = {
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
  invalid_arguments: "命令参数无效",
  io_error: "无法读取文件",
  internal_error: "内部错误",
};

/**
 * An issue's message in a language, never mixing the two in one line. In
 * Chinese: the code's Chinese text, then the detail when the message is
 * already Chinese (zod's Chinese locale), else the quoted names and values of
 * the English message (which stays available in English).
 *
 * @example
 * issueMessage({ code: "unknown_parameter", path: "/packages/0/price/param", message: 'no parameter "x" is defined' }, "zh");
 * //=> '引用了未定义的参数："x"'
 */
export function issueMessage(issue: Issue, lang: Lang): string {
  if (lang !== "zh") return issue.message;
  const title = ISSUE_TEXT_ZH[issue.code] ?? issue.code;
  const quoted = issue.message.match(/"(?:[^"\\]|\\.)*"/g) ?? [];
  const unquoted = issue.message.replace(/"(?:[^"\\]|\\.)*"/g, "");
  if (/[\u4e00-\u9fff]/.test(issue.message) || !/[A-Za-z]{2,}/.test(unquoted)) return issue.message === "" ? title : `${title}：${issue.message}`;
  return quoted.length > 0 ? `${title}：${quoted.join("、")}` : title;
}

/** The language of the environment's locale (`LC_ALL`, `LC_MESSAGES`, `LANG`): zh for Chinese, else en. */
export function langFromEnvironment(env: Readonly<Record<string, string | undefined>>): Lang {
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || "";
  return locale.toLowerCase().startsWith("zh") ? "zh" : "en";
}
