/**
 * Issue messages in Chinese and English. The library's messages are English
 * sentences with the detail of each problem; this gives each issue code its
 * Chinese text, so a tool can show an issue in either language.
 *
 * @module
 */
import type { DecisionWarningCode, Issue, IssueCode } from "./errors.js";

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
  if (/[\u4e00-\u9fff]/.test(issue.message) || !/[A-Za-z]{2,}/.test(unquoted))
    return issue.message === "" ? title : `${title}：${issue.message}`;
  return quoted.length > 0 ? `${title}：${quoted.join("、")}` : title;
}

/** The language of the environment's locale (`LC_ALL`, `LC_MESSAGES`, `LANG`): zh for Chinese, else en. */
export function langFromEnvironment(env: Readonly<Record<string, string | undefined>>): Lang {
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || "";
  return locale.toLowerCase().startsWith("zh") ? "zh" : "en";
}
