/**
 * A decision as readable text, in Chinese and English, with every citation.
 *
 * @module
 */
import type { Decision, TraceEntry, TraceSection } from "./model/decision.js";

const SECTION_TITLES: Record<TraceSection, string> = {
  eligibility: "签约资格 Eligibility",
  "priority-groups": "重点人群 Priority groups",
  contract: "签约期限 Contract",
  fee: "签约服务费 Fee",
  "staff-pool": "人员薪酬 Staff pay",
  prescription: "处方用量 Prescription",
  "registration-fee": "挂号费 Registration fee",
  inpatient: "住院起付线 Inpatient deductible",
  referral: "转诊优惠 Referral discount",
  benefits: "签约待遇 Benefits",
};

function yesNo(value: boolean): string {
  return value ? "是 yes" : "否 no";
}

function summaryLines(decision: Decision): Map<TraceSection, string[]> {
  const lines = new Map<TraceSection, string[]>();
  const put = (section: TraceSection, text: string) => lines.set(section, [...(lines.get(section) ?? []), text]);
  put("eligibility", `可以签约 eligible: ${yesNo(decision.eligibility.eligible)}`);
  put("priority-groups", `所属 in: ${decision.priorityGroups.length > 0 ? decision.priorityGroups.join(", ") : "无 none"}`);
  const contract = decision.contract;
  if (contract) {
    put("contract", `${contract.start} — ${contract.end}, 有效 in force: ${yesNo(contract.inForce)}`);
    if (contract.team) {
      put("contract", `团队完整 team complete: ${yesNo(contract.team.complete)}${contract.team.missingRoles.length ? ` (缺 missing: ${contract.team.missingRoles.join(", ")})` : ""}`);
    }
  }
  const fee = decision.fee;
  if (fee) {
    const payers = Object.entries(fee.payers).map(([payer, amount]) => `${payer} ${amount}`).join(", ");
    put("fee", `合计 total ${fee.total} 元 = ${payers}`);
    if (fee.staffPool) put("staff-pool", `薪酬池 staff pool ${fee.staffPool} 元`);
    if (fee.staffPay) put("staff-pool", Object.entries(fee.staffPay).map(([member, amount]) => `${member} ${amount}`).join(", "));
  }
  const prescription = decision.prescription;
  if (prescription) {
    put("prescription", `最长 max ${prescription.maxSupplyDays} 天 days; 允许 allowed: ${yesNo(prescription.allowed)}; 可突破基本药物 beyond essential list: ${yesNo(prescription.essentialListException)}`);
  }
  if (decision.registrationFee) put("registration-fee", `收取 charged ${decision.registrationFee.charged} 元, 减免 waived ${decision.registrationFee.waived} 元`);
  if (decision.inpatient) put("inpatient", `应付起付线 payable ${decision.inpatient.deductiblePayable} 元`);
  const referral = decision.referral;
  if (referral) {
    put("referral", `优惠 applies: ${yesNo(referral.discountApplies)}, 比例 rate ${referral.discountRate}, 合计优惠 total discount ${referral.totalDiscount} 元`);
    for (const item of referral.items) put("referral", `  ${item.code}: ${item.price} − ${item.discount} = ${item.payable}`);
  }
  put("benefits", decision.benefits.length > 0 ? decision.benefits.map((benefit) => `${benefit.label.zh} / ${benefit.label.en}`).join("; ") : "无 none");
  return lines;
}

function traceLine(entry: TraceEntry): string[] {
  const value = entry.value !== undefined ? ` = ${entry.value}` : "";
  const where = `[${entry.cite.doc} ${entry.cite.clause}]`;
  if (!entry.outcome) {
    // Rules that did not hold, and silences: one line each (two when the note is long).
    const note = entry.note ? ` — ${entry.note.zh} / ${entry.note.en}` : "";
    return [`    · ${entry.rule}${value}${note}  ${where}`];
  }
  const lines = [`    ✓ ${entry.rule}${value}  ${where}`];
  if (entry.note) lines.push(`        ${entry.note.zh}`, `        ${entry.note.en}`);
  if (entry.cite.quote) lines.push(`        「${entry.cite.quote}」`);
  return lines;
}

/**
 * Writes a decision as text: each section's result in Chinese and English,
 * then the rules behind it with their citations and the quoted source
 * sentence.
 *
 * @example
 * console.log(explain(evaluate(loadPack("yongzhou-2017"), caseJson)));
 * // yongzhou-2017 1.0.0 · R1 · 2023-06-01
 * // 签约资格 Eligibility
 * //   可以签约 eligible: 是 yes
 * //     ✓ region  [永政办函〔2017〕71号 YZ §5.1] …
 */
export function explain(decision: Decision): string {
  const out = [`${decision.pack} ${decision.packVersion} · ${decision.residentId} · ${decision.asOf}`];
  const summaries = summaryLines(decision);
  for (const section of Object.keys(SECTION_TITLES) as TraceSection[]) {
    const entries = decision.trace.filter((entry) => entry.section === section);
    const summary = summaries.get(section) ?? [];
    if (entries.length === 0 && !["eligibility", "priority-groups", "benefits"].includes(section)) continue;
    out.push(SECTION_TITLES[section], ...summary.map((line) => `  ${line}`));
    for (const entry of entries) out.push(...traceLine(entry));
  }
  for (const warning of decision.warnings) out.push(`警告 warning ${warning.path}: ${warning.message}`);
  return out.join("\n");
}
