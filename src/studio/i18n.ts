/**
 * The studio's words in Chinese and English. Chinese is the default; the
 * language toggle switches every label, message and finding.
 *
 * @module
 */
import type { Lang } from "../core/messages.js";
import type { LocalText } from "../model/decision.js";
import { TRACE_SECTION_TITLES, type AreaPackSection, type AreaTraceSection } from "../model/areas.js";

/** The text of a {zh, en} pair in a language. */
export function pick(text: LocalText | undefined, lang: Lang): string {
  return text ? text[lang] : "";
}

const UI = {
  title: { zh: "规则工作台", en: "Rules studio" },
  subtitle: {
    zh: "家庭医生签约服务规则包：对照原文阅读、编辑、试算",
    en: "Family-doctor rule packs: read beside the source, edit, run a case",
  },
  pack: { zh: "规则包", en: "Pack" },
  openPack: { zh: "打开规则包文件", en: "Open a pack file" },
  openCase: { zh: "打开案例文件", en: "Open a case file" },
  download: { zh: "下载规则包", en: "Download the pack" },
  language: { zh: "English", en: "中文" },
  languageLabel: { zh: "切换到英文", en: "Switch to Chinese" },
  read: { zh: "阅读", en: "Read" },
  edit: { zh: "编辑", en: "Edit" },
  run: { zh: "试算", en: "Run a case" },
  bundled: { zh: "内置", en: "bundled" },
  fromFile: { zh: "文件", en: "file" },
  edited: { zh: "已修改", en: "edited" },
  documents: { zh: "文件", en: "Documents" },
  parameters: { zh: "参数", en: "Parameters" },
  rules: { zh: "规则", en: "Rules" },
  sections: { zh: "章节", en: "Sections" },
  notEncoded: { zh: "未编码的内容", en: "Not encoded" },
  interpretation: { zh: "解释", en: "Interpretation" },
  secondary: { zh: "二手资料", en: "Secondary source" },
  national: { zh: "国家规定", en: "National rule" },
  silent: { zh: "文件未规定", en: "The document is silent" },
  effective: { zh: "有效期", en: "In force" },
  region: { zh: "地区", en: "Region" },
  from: { zh: "起", en: "from" },
  until: { zh: "至", en: "until" },
  openEnded: { zh: "无截止日期", en: "no end date" },
  value: { zh: "取值", en: "Value" },
  timeline: { zh: "取值时间线", en: "Values over time" },
  source: { zh: "原文", en: "Source text" },
  noSource: { zh: "本文件原文未随软件提供；引文如下。", en: "This document's text is not bundled; the quotation is shown." },
  quoteNotFound: { zh: "未在原文中找到引文。", en: "The quotation was not found in the text." },
  close: { zh: "关闭", en: "Close" },
  problems: { zh: "检查结果", en: "Problems" },
  noProblems: { zh: "没有问题：规则包有效，静态检查通过。", en: "No problems: the pack is valid and lint is clean." },
  errors: { zh: "错误", en: "errors" },
  warnings: { zh: "警告", en: "warnings" },
  error: { zh: "错误", en: "error" },
  warning: { zh: "警告", en: "warning" },
  expected: { zh: "应为", en: "expected" },
  found: { zh: "实际", en: "found" },
  editorLabel: { zh: "规则包 JSON 编辑器", en: "Pack JSON editor" },
  caseEditorLabel: { zh: "案例 JSON 编辑器", en: "Case JSON editor" },
  overlayNote: { zh: "这是覆盖包（extends），检查的是合并后的规则包。", en: "This is an overlay (extends): the merged pack is checked." },
  hashNote: {
    zh: "此规则包沿用内置规则包的编号，但内容不同：决定带有它自己的哈希值。",
    en: "This pack keeps a bundled pack's id but differs from it: its decisions carry its own hash.",
  },
  packInvalidRead: {
    zh: "规则包有错误，无法显示；请在编辑中查看检查结果。",
    en: "The pack has errors and cannot be shown: see the problems in Edit.",
  },
  packInvalid: { zh: "规则包有错误，改正后才能试算。", en: "The pack has errors: fix them to run the case." },
  caseForm: { zh: "案例表单", en: "Case form" },
  caseJson: { zh: "案例 JSON", en: "Case as JSON" },
  examples: { zh: "示例案例", en: "Example cases" },
  chooseExample: { zh: "选择示例…", en: "Choose an example…" },
  copyLink: { zh: "复制链接", en: "Copy link" },
  linkCopied: { zh: "链接已复制", en: "Link copied" },
  linkNote: {
    zh: "链接带有规则包编号和案例；对规则包的修改不在链接中。",
    en: "The link carries the pack id and the case; edits to the pack are not in it.",
  },
  decision: { zh: "决定", en: "Decision" },
  caseInvalid: { zh: "案例有问题", en: "The case has problems" },
  notJson: { zh: "案例不是有效的 JSON", en: "The case is not valid JSON" },
  eligible: { zh: "可以签约", en: "Eligible" },
  notEligible: { zh: "不能签约", en: "Not eligible" },
  reasons: { zh: "理由", en: "Reasons" },
  priorityGroups: { zh: "重点人群", en: "Priority groups" },
  none: { zh: "无", en: "none" },
  contract: { zh: "签约期限", en: "Contract term" },
  inForce: { zh: "有效", en: "in force" },
  notInForce: { zh: "无效", en: "not in force" },
  team: { zh: "团队", en: "Team" },
  teamComplete: { zh: "团队完整", en: "team complete" },
  teamIncomplete: { zh: "团队不完整，缺", en: "team incomplete, missing" },
  fee: { zh: "签约服务费", en: "Fee" },
  total: { zh: "合计", en: "Total" },
  yuan: { zh: "元", en: "yuan" },
  whoPays: { zh: "谁付多少", en: "Who pays what" },
  staffPool: { zh: "薪酬池", en: "Staff pool" },
  staffPay: { zh: "人员薪酬", en: "Staff pay by member" },
  prescription: { zh: "处方用量", en: "Prescription" },
  maxDays: { zh: "最长天数", en: "Maximum days" },
  allowed: { zh: "允许", en: "allowed" },
  notAllowed: { zh: "超出限量", en: "over the limit" },
  essentialException: { zh: "可突破基本药物目录", en: "beyond the essential list allowed" },
  registrationFee: { zh: "挂号费", en: "Registration fee" },
  charged: { zh: "收取", en: "charged" },
  waived: { zh: "减免", en: "waived" },
  inpatient: { zh: "住院起付线", en: "Inpatient deductible" },
  payable: { zh: "应付", en: "payable" },
  referral: { zh: "转诊优惠", en: "Referral discount" },
  discountApplies: { zh: "享受优惠", en: "discount applies" },
  noDiscount: { zh: "不享受优惠", en: "no discount" },
  rate: { zh: "比例", en: "rate" },
  item: { zh: "项目", en: "Item" },
  price: { zh: "价格", en: "Price" },
  discount: { zh: "优惠", en: "Discount" },
  benefits: { zh: "签约待遇", en: "Benefits" },
  trace: { zh: "推理过程与出处", en: "Trace with citations" },
  explanation: { zh: "文字说明（同 fdr evaluate --explain）", en: "Explanation (as fdr evaluate --explain)" },
  decisionJson: { zh: "决定 JSON", en: "Decision as JSON" },
  held: { zh: "成立", en: "held" },
  notHeld: { zh: "不成立", en: "did not hold" },
  warningsTitle: { zh: "警告", en: "Warnings" },
  yes: { zh: "是", en: "yes" },
  no: { zh: "否", en: "no" },
  unset: { zh: "（未填）", en: "(not given)" },
  include: { zh: "填写", en: "Include" },
  add: { zh: "添加", en: "Add" },
  remove: { zh: "删除", en: "Remove" },
  loadError: { zh: "无法读取文件", en: "Cannot read the file" },
  packs: { zh: "规则包", en: "Packs" },
  cite: { zh: "出处", en: "Citation" },
  openSource: { zh: "打开原文", en: "Open the source" },
  rulesOf: { zh: "条规则", en: "rules" },
  unknownPack: { zh: "没有此编号的规则包", en: "No pack has the id" },
  cases: { zh: "案例文件", en: "Case files" },
  diff: { zh: "人群影响", en: "Population" },
  budgetTab: { zh: "预算与签约率", en: "Budget & coverage" },
  diffTitle: { zh: "修改对人群的影响（同 fdr diff）", en: "What the edit does to a population (as fdr diff)" },
  diffIntro: {
    zh: "打开一份人群文件（NDJSON、CSV 或 .xlsx），在修改前、后的规则包下逐一计算每位居民的决定并比较。计算在后台线程进行，页面仍可操作；可随时取消。数据不离开本机。",
    en: "Open a population (NDJSON, CSV or .xlsx): every resident is decided under the pack as loaded and as edited, and the decisions compared. It runs in a background thread, the page stays usable, and it can be cancelled. Nothing leaves the machine.",
  },
  openPopulation: { zh: "打开人群文件", en: "Open a population file" },
  diffComparing: { zh: "比较：", en: "Comparing:" },
  diffBefore: { zh: "与之比较的规则包（修改前）", en: "Compare with (before)" },
  diffAsLoaded: { zh: "同一规则包，修改前", en: "the same pack as loaded" },
  diffAsEdited: { zh: "修改后", en: "as edited" },
  diffDefault: { zh: "默认，同编号的内置规则包", en: "default, the bundled pack of the same id" },
  pass: { zh: "通过", en: "pass" },
  fail: { zh: "未通过", en: "fail" },
  diffNotEdited: { zh: "规则包尚未修改，不会有变化", en: "the pack is not edited: nothing will change" },
  diffRefused: { zh: "个案例被两个规则包均拒绝（不计入变化）", en: "refused under both packs (not counted as changes)" },
  diffStale: {
    zh: "规则包在这次比较之后已修改或更换：这些数字不属于当前的规则包，请重新运行。",
    en: "The pack was edited or changed since this diff ran: its figures are not those of the packs shown. Run it again.",
  },
  diffRun: { zh: "重新计算", en: "Run again" },
  cancel: { zh: "取消", en: "Cancel" },
  diffReading: { zh: "正在读取文件…", en: "Reading the file…" },
  diffCancelled: { zh: "已取消：", en: "Cancelled at" },
  diffProgress: { zh: "计算进度", en: "Progress" },
  diffDone: { zh: "完成：", en: "Done:" },
  residents: { zh: "位居民", en: "residents" },
  perSecond: { zh: "位/秒", en: "per second" },
  diffFailed: { zh: "无法计算", en: "The diff could not run" },
  diffSummary: { zh: "变化", en: "Changes" },
  diffChangedOf: { zh: "个决定有变化，共", en: "decisions change, of" },
  diffDecisions: { zh: "个", en: "" },
  diffUnreadable: { zh: "条记录无法读取", en: "records could not be read" },
  diffUnreadableNdjson: {
    zh: "这些行计为案例，在修改前后都被拒绝（与 fdr diff 的计数相同）。",
    en: "These lines count as cases refused under both packs (as fdr diff counts them).",
  },
  diffUnreadableRows: {
    zh: "这些行不计入案例（与 fdr batch 一样作为出错记录报告）。",
    en: "These rows are not cases (fdr batch reports them as error records).",
  },
  line: { zh: "行", en: "Line" },
  diffTotals: { zh: "各付费方合计与薪酬池（修改前 → 修改后）", en: "Payer and staff-pool totals (before → after)" },
  before: { zh: "修改前", en: "Before" },
  after: { zh: "修改后", en: "After" },
  payer: { zh: "付费方", en: "Payer" },
  diffFields: { zh: "变化的字段（居民数）", en: "Fields that change (residents)" },
  diffNoChange: { zh: "没有决定发生变化。", en: "No decision changes." },
  diffChanges: { zh: "有变化的居民", en: "Residents whose decision changes" },
  exportCsv: { zh: "导出 CSV", en: "Export CSV" },
  exportXlsx: { zh: "导出 Excel（.xlsx）", en: "Export Excel (.xlsx)" },
  diffShowing: { zh: "页面显示前", en: "Showing the first" },
  resident: { zh: "居民", en: "Resident" },
  diffFieldChanges: { zh: "变化（修改前 → 修改后）", en: "Changes (before → after)" },
  casesTitle: { zh: "案例文件（同 fdr test）", en: "Case files (as fdr test)" },
  casesIntro: {
    zh: "打开 fdr test 的案例文件（JSON 或 YAML，可多选，或选择文件夹），逐一计算并与预期比较。",
    en: "Open fdr test case files (JSON or YAML, several at once, or a folder): each is decided and compared with what it expects.",
  },
  casesUnder: {
    zh: "未写明规则包、也不在规则包文件夹中的文件，用当前规则包：",
    en: "Files naming no pack and not in a pack's folder run under the open pack:",
  },
  openCaseFiles: { zh: "打开案例文件", en: "Open case files" },
  openCaseFolder: { zh: "打开案例文件夹", en: "Open a folder of case files" },
  casesRerun: { zh: "重新运行", en: "Run again" },
  passed: { zh: "个通过", en: "passed" },
  failed: { zh: "个未通过", en: "failed" },
  field: { zh: "字段", en: "Field" },
  decided: { zh: "实际决定", en: "Decided" },
  budgetTitle: { zh: "预算与签约率（同 fdr budget / fdr coverage）", en: "Budget and coverage (as fdr budget / fdr coverage)" },
  budgetIntro: {
    zh: "输入签约人数，得出各付费方的经费和薪酬池下限；再输入常住居民数，对照规则包的签约率目标。",
    en: "Give a number of signed residents for each payer's funding and the least staff pool; give the number of residents too to check the pack's coverage targets.",
  },
  signedResidents: { zh: "签约居民人数", en: "Signed residents" },
  allResidents: { zh: "常住居民人数", en: "Residents" },
  prioritySigned: { zh: "重点人群签约人数", en: "Priority-group residents signed" },
  priorityResidents: { zh: "重点人群人数", en: "Priority-group residents" },
  asOf: { zh: "日期（默认规则包生效日）", en: "Date (default: the pack's first day)" },
  spending: { zh: "个性化服务包支出（元，可选）", en: "Personalised-package spending (yuan, optional)" },
  signedNeeded: { zh: "请填写签约居民人数（整数）。", en: "Give the number of signed residents (a whole number)." },
  budget: { zh: "经费", en: "Funding" },
  amount: { zh: "金额（元）", en: "Amount (yuan)" },
  coverage: { zh: "签约率目标", en: "Coverage targets" },
  noTargets: { zh: "此规则包没有签约率目标。", en: "This pack has no coverage targets." },
  residentsNeeded: { zh: "填写常住居民人数以对照签约率目标。", en: "Give the number of residents to check the coverage targets." },
  overall: { zh: "全体居民", en: "All residents" },
  priority: { zh: "重点人群", en: "Priority groups" },
  notGiven: { zh: "未提供人数", en: "counts not given" },
  met: { zh: "达标", en: "met" },
  notMet: { zh: "未达标", en: "not met" },
} as const satisfies Record<string, LocalText>;

/** A UI string's key. */
export type UiKey = keyof typeof UI;

/** A UI string in a language. */
export function t(key: UiKey, lang: Lang): string {
  return UI[key][lang];
}

/** Titles of the pack's sections, as the reader shows them. */
export const SECTION_TITLES: Readonly<Record<AreaPackSection | "coverageTargets", LocalText>> = {
  eligibility: { zh: "签约资格", en: "Eligibility" },
  priorityGroups: { zh: "重点人群", en: "Priority groups" },
  contract: { zh: "签约期限与团队", en: "Contract term and team" },
  packages: { zh: "服务包与费用分担", en: "Packages and fee split" },
  staffPool: { zh: "人员薪酬", en: "Staff pay" },
  prescription: { zh: "处方用量", en: "Prescription" },
  registrationFee: { zh: "挂号费", en: "Registration fee" },
  inpatientDeductible: { zh: "住院起付线", en: "Inpatient deductible" },
  referralDiscount: { zh: "转诊优惠", en: "Referral discount" },
  benefits: { zh: "签约待遇", en: "Benefits" },
  coverageTargets: { zh: "签约率目标", en: "Coverage targets" },
};

/** Titles of a decision's trace sections. */
export const TRACE_TITLES: Readonly<Record<AreaTraceSection, LocalText>> = TRACE_SECTION_TITLES;

/** Who pays: payer ids the packs use. Unknown payers show their id. */
const PAYERS: Readonly<Record<string, LocalText>> = {
  "public-health-subsidy": { zh: "基本公共卫生补助经费", en: "Public-health subsidy" },
  "medical-insurance-fund": { zh: "基本医疗保险基金", en: "Medical-insurance fund" },
  resident: { zh: "签约居民", en: "Resident" },
};

/** A payer's name. */
export function payerName(id: string, lang: Lang): string {
  return PAYERS[id]?.[lang] ?? id;
}

/** Chinese text of each lint code (the library's lint messages are English). */
const LINT_ZH: Readonly<Record<string, string>> = {
  "unused-parameter": "参数未被任何规则使用",
  "shares-not-price": "各方分担之和不等于价格",
  "below-minimum": "低于文件允许的最小值",
  "above-maximum": "高于文件允许的最大值",
  "never-true": "条件永远不成立",
  "always-true": "条件永远成立",
  "dated-gap": "参数取值在时间上有空档",
  "dated-overlap": "参数取值在时间上重叠",
  "interpretation-without-note": "解释缺少说明（note）",
};

/** A lint finding's message in a language: in Chinese, the code's text then the detail. */
export function lintMessage(code: string, message: string, lang: Lang): string {
  return lang === "zh" ? `${LINT_ZH[code] ?? code}：${message}` : message;
}

/** Chinese names of case fields; English shows the field's own name. */
const FIELD_ZH: Readonly<Record<string, string>> = {
  asOf: "决定日期",
  resident: "居民",
  id: "编号",
  birthDate: "出生日期",
  regionCode: "行政区划代码",
  sex: "性别",
  conditions: "疾病",
  pregnancy: "孕产情况",
  status: "状态",
  deliveryDate: "分娩日期",
  disability: "残疾",
  certified: "持残疾证",
  dailyLivingDifficulty: "生活自理困难",
  bedridden: "长期卧床",
  povertyRegistered: "建档立卡贫困户",
  povertyDueToIllness: "因病致贫",
  povertyAlleviated: "脱贫人口",
  familyPlanningSpecial: "计划生育特殊家庭",
  otherContracts: "与其他团队的签约",
  teamId: "团队编号",
  signDate: "签约日期",
  contract: "签约",
  packages: "服务包",
  items: "项目",
  code: "项目编码",
  unitPrice: "单价",
  quantity: "数量",
  team: "团队成员",
  memberId: "成员编号",
  role: "角色",
  score: "考核分数",
  prescription: "处方",
  supplyDays: "用药天数",
  forCondition: "所治疾病",
  emergency: "急诊",
  downReferred: "下转患者",
  beyondEssentialList: "含基本药物目录外药品",
  referral: "转诊",
  byFamilyDoctor: "经家庭医生转诊",
  disease: "转诊病种",
  receivingLevel: "接收医院级别",
  category: "类别",
  price: "价格",
  visit: "门诊",
  setting: "就诊机构",
  registrationFee: "挂号费",
  inpatient: "住院",
  followedPrimaryFirst: "基层首诊、未越级",
  deductible: "起付线",
  deductiblePaidInEpisode: "本次已付起付线",
};

/** A case field's label: its Chinese name in Chinese, its own name in English. */
export function fieldLabel(name: string, lang: Lang): string {
  return lang === "zh" ? (FIELD_ZH[name] ?? name) : name;
}
