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
});

/**
 * An issue's message in a language: in Chinese, the code's Chinese text
 * followed by the detail.
 *
 * @example
 * issueMessage({ code: "unknown_parameter", path: "/packages/0/price/param", message: 'no parameter "x" is defined' }, "zh");
 * //=> '引用了未定义的参数：no parameter "x" is defined'
 */
export function issueMessage(issue: Issue, lang: Lang): string {
  return lang === "zh" ? `${ISSUE_TEXT_ZH[issue.code] ?? issue.code}：${issue.message}` : issue.message;
}

/** The language of the environment's locale (`LC_ALL`, `LC_MESSAGES`, `LANG`): zh for Chinese, else en. */
export function langFromEnvironment(env: Readonly<Record<string, string | undefined>>): Lang {
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || "";
  return locale.toLowerCase().startsWith("zh") ? "zh" : "en";
}
