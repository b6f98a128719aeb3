/**
 * A decision as readable text, in Chinese and English, with every citation.
 *
 * Each line is written in both languages and printed as two separate lines,
 * the Chinese first; `lang` keeps one. Chinese lines name payers, roles,
 * groups, limits and rules by their Chinese labels from the pack — never by
 * an English id — and English lines by the English labels. Every refusal and
 * every zero gives its reason; rates are percentages; interpretations are
 * marked (解释 / interpretation) with their note.
 *
 * @module
 */
import { periodAt } from "../core/periods.js";
import { ISSUE_TEXT_ZH, type Lang } from "../core/messages.js";
import type { Decision, LocalText, TraceEntry, TraceSection } from "../model/decision.js";
import { TRACE_SECTION_TITLES } from "../model/areas.js";
import { bundledPackIds, loadPack, type Pack } from "../pack/load.js";
import { namedParts } from "../pack/rules.js";
import { isSilent } from "../pack/schema.js";

/** Options of {@link explain}. */
export interface ExplainOptions {
  /** One language only; both (Chinese line, then English line) when absent. */
  readonly lang?: Lang;
}

type Line = LocalText;
const both = (zh: string, en: string): Line => ({ zh, en });

const SECTION_TITLES: Readonly<Record<TraceSection, Line>> = TRACE_SECTION_TITLES;

/** Labels of the trace entries the library writes itself (terms, silences). */
const FIXED_LABELS: Record<string, Line> = {
  "contract-term": both("签约服务期限", "Contract term"),
  "team-shape": both("团队构成", "Team shape"),
  "staff-pool": both("人员薪酬分配", "Staff pay"),
  "essential-list": both("基本药物目录", "Essential-drug list"),
  "not-modelled": both("未建模的部分", "Not modelled"),
  "registration-fee": both("挂号费减免", "Registration-fee waiver"),
  "inpatient-deductible": both("住院起付线", "Inpatient deductible"),
  "referral-discount": both("转诊检查优惠", "Referral test discount"),
};

const yesNo = (value: boolean): Line => (value ? both("是", "yes") : both("否", "no"));

/** A rate as a percentage: "0.05" → "5%", "0.7" → "70%"; English text puts a space before the sign ("5 %"). */
export function percent(rate: string, space = ""): string {
  const [whole = "0", fraction = ""] = rate.split(".");
  const digits = `${whole}${fraction.padEnd(2, "0")}`;
  const integer = digits.slice(0, whole.length + 2).replace(/^0+(?=\d)/, "");
  const rest = fraction.slice(2).replace(/0+$/, "");
  return `${integer}${rest ? `.${rest}` : ""}${space}%`;
}

/** Labels of the pack's rules, by section and id. */
function ruleLabels(pack: Pack | undefined): Map<string, Line> {
  const labels = new Map<string, Line>();
  if (!pack) return labels;
  // Every rule and named part of the pack, area by area (POLICY_AREAS).
  for (const part of namedParts(pack.data)) labels.set(`${part.section}/${part.id}`, part.label);
  return labels;
}

/** The pack a decision came from: the one given, else the bundled pack of that id, else none. */
function packOf(decision: Decision, pack: Pack | undefined): Pack | undefined {
  if (pack) return pack;
  return bundledPackIds().includes(decision.pack) ? loadPack(decision.pack) : undefined;
}

class Writer {
  readonly lines: Line[] = [];
  private readonly labels: Map<string, Line>;

  constructor(
    readonly decision: Decision,
    readonly pack: Pack | undefined,
  ) {
    this.labels = ruleLabels(pack);
  }

  add(zh: string, en: string): void {
    this.lines.push({ zh, en });
  }

  /** A rule's label; its id only when the pack is unknown. */
  label(section: TraceSection, rule: string): Line {
    return this.labels.get(`${section}/${rule}`) ?? FIXED_LABELS[rule] ?? both(rule, rule);
  }

  payer(id: string): Line {
    return this.pack?.data.labels?.payers?.[id] ?? both(id, id);
  }

  role(id: string): Line {
    return this.pack?.data.labels?.roles?.[id] ?? both(id, id);
  }

  group(id: string): Line {
    return this.label("priority-groups", id);
  }

  /** One trace entry: held (✓) or not (✗), its label, value, citation, quote (Chinese line) and interpretation. */
  entry(entry: TraceEntry): void {
    const mark = entry.outcome ? "✓" : "✗";
    const label = this.label(entry.section, entry.rule);
    const value =
      entry.value === undefined
        ? ""
        : entry.section === "referral"
          ? ` = ${percent(entry.value)}`
          : /^[\d./-]+$/.test(entry.value)
            ? ` = ${entry.value.replace("/", " 至 ")}`
            : "";
    const valueEn =
      entry.value === undefined
        ? ""
        : entry.section === "referral"
          ? ` = ${percent(entry.value, " ")}`
          : /^[\d./-]+$/.test(entry.value)
            ? ` = ${entry.value.replace("/", " to ")}`
            : "";
    const where = `${entry.cite.doc} ${entry.cite.clause}`;
    const secondary = entry.cite.source === "secondary";
    const quote = entry.cite.quote ? `「${entry.cite.quote}」` : "";
    this.add(
      `    ${mark} ${label.zh}${value}〔${where}${secondary ? "，二手资料，未逐字核对" : ""}〕${quote}`,
      `    ${mark} ${label.en}${valueEn} [${where}${secondary ? ", secondary source, not checked word for word" : ""}]`,
    );
    if (entry.interpretation && entry.note) this.add(`        （解释：${entry.note.zh}）`, `        (interpretation: ${entry.note.en})`);
    else if (entry.note && !entry.outcome && this.isSilence(entry)) this.add(`        ${entry.note.zh}`, `        ${entry.note.en}`);
    else if (entry.note && entry.section === "prescription" && entry.rule === "not-modelled")
      this.add(`        ${entry.note.zh}`, `        ${entry.note.en}`);
  }

  private isSilence(entry: TraceEntry): boolean {
    return FIXED_LABELS[entry.rule] !== undefined && !this.labels.has(`${entry.section}/${entry.rule}`);
  }
}

function eligibilityLines(w: Writer): void {
  const { eligible, reasons } = w.decision.eligibility;
  const failed = reasons.filter((reason) => !reason.outcome).map((reason) => w.label("eligibility", reason.rule));
  w.add(
    eligible ? "  可以签约：是" : `  可以签约：否（未满足：${failed.map((label) => label.zh).join("；")}）`,
    eligible ? "  Eligible: yes" : `  Eligible: no (not met: ${failed.map((label) => label.en).join("; ")})`,
  );
}

function groupLines(w: Writer): void {
  const groups = w.decision.priorityGroups.map((id) => w.group(id));
  w.add(
    `  所属：${groups.length > 0 ? groups.map((label) => label.zh).join("；") : "无"}`,
    `  In: ${groups.length > 0 ? groups.map((label) => label.en).join(", ") : "none"}`,
  );
}

function contractLines(w: Writer): void {
  const contract = w.decision.contract;
  if (!contract) return;
  const inForce = yesNo(contract.inForce);
  w.add(
    `  ${contract.start} 至 ${contract.end}，决定日期有效：${inForce.zh}`,
    `  ${contract.start} to ${contract.end}, in force on the decision date: ${inForce.en}`,
  );
  if (contract.team) {
    const missing = contract.team.missingRoles.map((role) => w.role(role));
    w.add(
      contract.team.complete ? "  团队完整：是" : `  团队完整：否（缺少：${missing.map((label) => label.zh).join("、")}）`,
      contract.team.complete ? "  Team complete: yes" : `  Team complete: no (missing: ${missing.map((label) => label.en).join(", ")})`,
    );
  }
}

function signed(decision: Decision): boolean {
  return decision.eligibility.eligible && decision.contract?.inForce === true;
}

function feeLines(w: Writer): void {
  const fee = w.decision.fee;
  if (!fee) {
    if (w.decision.warnings.some((warning) => warning.code === "not-eligible-no-fee")) {
      w.add(
        "  不计费用、补助和薪酬池：居民不符合签约条件（两份文件均按签约居民计付）",
        "  No fee, funding or staff pool: the resident is not eligible (both documents pay per signed resident)",
      );
    }
    return;
  }
  const parts = (payers: Record<string, string>, lang: "zh" | "en") =>
    Object.entries(payers)
      .map(([payer, amount]) => (lang === "zh" ? `${w.payer(payer).zh} ${amount} 元` : `${w.payer(payer).en} ${amount}`))
      .join(" + ");
  w.add(`  合计 ${fee.total} 元 = ${parts(fee.payers, "zh")}`, `  Total ${fee.total} yuan = ${parts(fee.payers, "en")}`);
  if (fee.packages.length > 1) {
    for (const item of fee.packages) {
      const label = w.label("fee", item.id);
      w.add(
        `    ${label.zh} ${item.total} 元 = ${parts(item.payers, "zh")}`,
        `    ${label.en} ${item.total} = ${parts(item.payers, "en")}`,
      );
    }
  }
  if (!signed(w.decision))
    w.add(
      "  签约尚未生效：此为签约的费用，不计入该日期的合计",
      "  The contract is not in force yet: this is what signing will cost, not counted in the totals of this date",
    );
}

function staffLines(w: Writer): void {
  const fee = w.decision.fee;
  if (!fee?.staffPool) return;
  const rate =
    w.pack && !isSilent(w.pack.data.staffPool)
      ? periodAt(w.pack.data.parameters[w.pack.data.staffPool.rate.param]?.values ?? [], w.decision.asOf)?.value
      : undefined;
  const how = typeof rate === "string" ? ` × ${percent(rate)}` : "";
  w.add(
    `  薪酬池 ${fee.staffPool} 元${how ? `（计入的服务包费用${how}）` : ""}`,
    `  Staff pool ${fee.staffPool} yuan${how ? ` (fee of the counted packages${how.replace("%", " %")})` : ""}`,
  );
  if (fee.staffPay) {
    w.add(
      `  分配：${Object.entries(fee.staffPay)
        .map(([member, amount]) => `${member} ${amount} 元`)
        .join("，")}`,
      `  Shares: ${Object.entries(fee.staffPay)
        .map(([member, amount]) => `${member} ${amount}`)
        .join(", ")}`,
    );
  }
}

function prescriptionLines(w: Writer): void {
  const p = w.decision.prescription;
  if (!p) return;
  const limit = w.label("prescription", p.limit);
  w.add(
    `  申请 ${p.requestedDays} 天，上限 ${p.maxSupplyDays} 天（${limit.zh}）`,
    `  Asked ${p.requestedDays} days; limit ${p.maxSupplyDays} days (${limit.en})`,
  );
  const reasons: Line[] = [];
  if (p.requestedDays > p.maxSupplyDays)
    reasons.push(
      both(
        `申请 ${p.requestedDays} 天超过上限 ${p.maxSupplyDays} 天（${limit.zh}）`,
        `${p.requestedDays} days asked exceed the ${p.maxSupplyDays}-day limit (${limit.en})`,
      ),
    );
  if (p.beyondEssentialList && !p.essentialListException)
    reasons.push(
      both(
        "含基本药物目录外药品，且不符合下转病人例外",
        "includes drugs beyond the essential-drug list without the down-referral exception",
      ),
    );
  if (p.allowed) w.add("  允许：是", "  Allowed: yes");
  else
    w.add(
      `  允许：否（${reasons.map((reason) => reason.zh).join("；")}）`,
      `  Allowed: no (${reasons.map((reason) => reason.en).join("; ")})`,
    );
  const exception = yesNo(p.essentialListException);
  w.add(`  可突破基本药物目录：${exception.zh}`, `  May go beyond the essential-drug list: ${exception.en}`);
}

function registrationLines(w: Writer): void {
  const r = w.decision.registrationFee;
  if (!r) return;
  if (r.charged === null || r.waived === null) {
    w.add(
      `  挂号费 ${r.fee} 元：文件承诺减免但未给金额，由当地规定；收取和减免金额未定`,
      `  Registration fee ${r.fee} yuan: the document promises a reduction but gives no amount, set locally; charged and waived are not set`,
    );
    return;
  }
  w.add(
    `  挂号费 ${r.fee} 元：收取 ${r.charged} 元，减免 ${r.waived} 元`,
    `  Registration fee ${r.fee} yuan: charged ${r.charged}, waived ${r.waived}`,
  );
  if (r.waived === "0.00") {
    const silent = w.decision.trace.some(
      (entry) => entry.section === "registration-fee" && entry.rule === "registration-fee" && !entry.outcome,
    );
    w.add(
      silent ? "  不减免：文件未规定签约居民挂号费减免" : "  不减免：没有减免规则适用（须为签约居民，在所属基层机构或转诊医院就医）",
      silent
        ? "  Nothing waived: the documents set no waiver for signed residents"
        : "  Nothing waived: no waiver rule holds (a signed resident, at the own primary institution or a referred-to hospital)",
    );
  }
}

function inpatientLines(w: Writer): void {
  const i = w.decision.inpatient;
  if (!i) return;
  const applied = w.decision.trace.some((entry) => entry.section === "inpatient" && entry.outcome);
  if (applied) {
    w.add(
      `  应付起付线 ${i.deductible} − ${i.paidInEpisode} = ${i.deductiblePayable} 元（本次住院已付 ${i.paidInEpisode} 元，不低于零）`,
      `  Deductible payable ${i.deductible} − ${i.paidInEpisode} = ${i.deductiblePayable} yuan (already paid in the episode, never below zero)`,
    );
  } else {
    w.add(
      `  应付起付线 ${i.deductiblePayable} 元（全额：不重复计算起付线的规定不适用）`,
      `  Deductible payable ${i.deductiblePayable} yuan (in full: the not-charged-twice rule does not apply)`,
    );
  }
}

function referralLines(w: Writer): void {
  const r = w.decision.referral;
  if (!r) return;
  const categories =
    w.pack && !isSilent(w.pack.data.referralDiscount)
      ? w.pack.data.parameters[w.pack.data.referralDiscount.categories.param]?.values.at(-1)?.value
      : undefined;
  const discounted = Array.isArray(categories) ? categories : [];
  const CATEGORY: Record<string, Line> = {
    imaging: both("影像检查", "imaging"),
    biochemical: both("生化检验", "biochemical test"),
    other: both("其他", "other"),
  };
  const category = (id: string) => CATEGORY[id] ?? both(id, id);
  if (r.discountApplies) {
    w.add(
      `  优惠适用，比例 ${percent(r.discountRate)}，合计优惠 ${r.totalDiscount} 元`,
      `  Discount applies at ${percent(r.discountRate, " ")}, total discount ${r.totalDiscount} yuan`,
    );
  } else {
    const silent = w.pack ? isSilent(w.pack.data.referralDiscount) : false;
    const why: Line = silent
      ? both("文件未规定转诊检查费用优惠", "the documents give no discount on referred patients' tests")
      : !signed(w.decision)
        ? both(
            "居民未签约（须符合签约条件且签约在决定日期有效：“经家庭医生合理转诊”须有家庭医生）",
            "the resident is not signed (eligible with a contract in force: 经家庭医生合理转诊 needs a family doctor)",
          )
        : both(
            "未满足全部条件（经家庭医生转诊、规定病种、非急诊抢救、县级或城市二级以上医院、试点实施）",
            "not every condition holds (referred by the family doctor, a specified disease, not an emergency or rescue, a county or city secondary-or-above hospital, pilot in effect)",
          );
    w.add(`  优惠不适用：${why.zh}`, `  No discount: ${why.en}`);
  }
  for (const item of r.items) {
    const cat = category(item.category);
    const zero = item.discount === "0.00";
    const reasonZh = zero
      ? r.discountApplies
        ? discounted.includes(item.category)
          ? "（金额过小，优惠为零）"
          : `（${cat.zh}，不在优惠项目之内）`
        : "（优惠不适用）"
      : "";
    const reasonEn = zero
      ? r.discountApplies
        ? discounted.includes(item.category)
          ? " (too small: the discount rounds to zero)"
          : ` (${cat.en}: not a discounted category)`
        : " (no discount)"
      : "";
    w.add(
      `    ${item.code}（${cat.zh}）：${item.price} − ${item.discount} = ${item.payable} 元${reasonZh}`,
      `    ${item.code} (${cat.en}): ${item.price} − ${item.discount} = ${item.payable}${reasonEn}`,
    );
  }
}

function benefitLines(w: Writer): void {
  const benefits = w.decision.benefits;
  if (benefits.length === 0) {
    const why = signed(w.decision) ? both("无", "none") : both("无（未签约）", "none (not signed)");
    w.add(`  ${why.zh}`, `  ${why.en}`);
    return;
  }
  w.add(
    `  共 ${benefits.length} 项：${benefits.map((benefit) => benefit.label.zh).join("；")}`,
    `  ${benefits.length}: ${benefits.map((benefit) => benefit.label.en).join("; ")}`,
  );
}

const SUMMARIES: Partial<Record<TraceSection, (w: Writer) => void>> = {
  eligibility: eligibilityLines,
  "priority-groups": groupLines,
  contract: contractLines,
  fee: feeLines,
  "staff-pool": staffLines,
  prescription: prescriptionLines,
  "registration-fee": registrationLines,
  inpatient: inpatientLines,
  referral: referralLines,
  benefits: benefitLines,
};

/**
 * Writes a decision as text: each section's result, then the rules behind it
 * with their citations; the Chinese lines carry the quoted source sentence.
 * Labels (payers, roles, groups, limits, rules) come from `pack` — by default
 * the bundled pack of the decision's id. Without `options.lang` every line is
 * given twice, in Chinese and then in English, as separate lines.
 *
 * @example
 * console.log(explain(evaluate(pack, caseJson), pack, { lang: "zh" }));
 * // 永州市家庭医生签约服务工作实施方案（永政办函〔2017〕71号） 1.0.0 · 居民 R1 · 决定日期 2023-06-01
 * // 签约资格
 * //   可以签约：是
 * //     ✓ 居住在永州市〔永政办函〔2017〕71号 YZ §5.1〕「…」
 */
export function explain(decision: Decision, pack?: Pack, options: ExplainOptions = {}): string {
  const w = new Writer(decision, packOf(decision, pack));
  const title = w.pack?.data.title ?? both(decision.pack, decision.pack);
  w.add(
    `${title.zh} ${decision.packVersion} · 居民 ${decision.residentId} · 决定日期 ${decision.asOf}`,
    `${decision.pack} ${decision.packVersion} · resident ${decision.residentId} · decision date ${decision.asOf}`,
  );
  for (const section of Object.keys(SECTION_TITLES) as TraceSection[]) {
    const entries = decision.trace.filter((entry) => entry.section === section);
    const always =
      section === "eligibility" ||
      section === "priority-groups" ||
      section === "benefits" ||
      (section === "fee" && decision.fee === undefined && decision.warnings.some((warning) => warning.code === "not-eligible-no-fee"));
    if (entries.length === 0 && !always) continue;
    const heading = section === "fee" ? (w.pack?.data.labels?.fee ?? SECTION_TITLES.fee) : SECTION_TITLES[section];
    w.add(heading.zh, heading.en);
    SUMMARIES[section]?.(w);
    for (const entry of entries) w.entry(entry);
  }
  for (const warning of decision.warnings) {
    const zh = ISSUE_TEXT_ZH[warning.code as keyof typeof ISSUE_TEXT_ZH] ?? "警告";
    w.add(`警告 ${warning.path || "/"}：${zh}`, `warning ${warning.path || "/"}: ${warning.message}`);
  }
  return w.lines.flatMap((line) => (options.lang ? [line[options.lang]] : [line.zh, line.en])).join("\n");
}
