/**
 * A decision as the analyst reads it: eligibility with reasons, priority
 * groups, the contract term, the fee split and staff pay as charts,
 * prescription, referral items and the trace with citations; and the same
 * text as `fdr evaluate --explain`.
 *
 * @module
 */
import { explain } from "../analysis/explain.js";
import type { Lang } from "../core/messages.js";
import type { Decision, LocalText, TraceEntry } from "../model/decision.js";
import type { PackData } from "../pack/schema.js";
import { h, s, type Child } from "./dom.js";
import { payerName, pick, t, TRACE_TITLES } from "./i18n.js";
import { citeButton } from "./reader.js";

/** The label a pack gives a rule id (priority groups, eligibility rules, benefits, limits…). */
function ruleLabel(pack: PackData, id: string): LocalText | undefined {
  const lists: readonly { id: string; label?: LocalText }[][] = [
    pack.eligibility,
    pack.priorityGroups,
    pack.benefits,
    pack.prescription.limits,
    pack.packages,
  ];
  for (const list of lists) {
    const found = list.find((rule) => rule.id === id);
    if (found?.label) return found.label;
  }
  return undefined;
}

/** An amount, with its unit outside the element a test reads. */
function money(amount: string, testId?: string): HTMLElement {
  return h("span", { class: "money" }, h("span", { class: "amount", ...(testId ? { "data-testid": testId } : {}) }, amount), " 元");
}

/** Horizontal bars, one per entry, in yuan; plain SVG with a text alternative. */
function barChart(entries: readonly [string, string][], label: string, name: (key: string) => string): SVGElement {
  const max = Math.max(...entries.map(([, amount]) => Number(amount)), 0) || 1;
  const row = 26;
  const labelWidth = 190;
  const width = 560;
  const barSpace = width - labelWidth - 90;
  return s(
    "svg",
    {
      class: "chart",
      viewBox: `0 0 ${width} ${entries.length * row + 6}`,
      role: "img",
      "aria-label": `${label}: ${entries.map(([key, amount]) => `${name(key)} ${amount}`).join(", ")}`,
    },
    entries.map(([key, amount], index) =>
      s(
        "g",
        { transform: `translate(0 ${index * row + 4})` },
        s("text", { x: labelWidth - 6, y: 15, class: "bar-label", "text-anchor": "end" }, name(key)),
        s("rect", {
          x: labelWidth,
          y: 2,
          width: Math.max(1, (Number(amount) / max) * barSpace),
          height: 18,
          rx: 3,
          class: `bar bar-${index % 4}`,
        }),
        s("text", { x: labelWidth + Math.max(1, (Number(amount) / max) * barSpace) + 6, y: 15, class: "bar-value" }, amount),
      ),
    ),
  );
}

function traceItem(pack: PackData, entry: TraceEntry, lang: Lang): HTMLElement {
  const label = ruleLabel(pack, entry.rule);
  return h(
    "li",
    { class: entry.outcome ? "held" : "not-held", "data-rule": entry.rule },
    h("span", { class: "outcome", "aria-label": entry.outcome ? t("held", lang) : t("notHeld", lang) }, entry.outcome ? "✓" : "·"),
    " ",
    label ? `${pick(label, lang)} ` : "",
    h("code", {}, entry.rule),
    entry.value !== undefined ? h("span", { class: "value" }, ` = ${entry.value}`) : null,
    entry.pack !== pack.id ? h("span", { class: "meta" }, ` (${entry.pack})`) : null,
    " ",
    citeButton(pack, entry.cite, lang),
    entry.note && pick(entry.note, lang) !== pick(label, lang) ? h("div", { class: "note" }, pick(entry.note, lang)) : null,
    entry.outcome && entry.cite.quote ? h("blockquote", { lang: "zh" }, `「${entry.cite.quote}」`) : null,
  );
}

function part(title: string, testId: string | undefined, ...children: Child[]): HTMLElement {
  return h("section", { class: "decision-part", ...(testId ? { "data-testid": testId } : {}) }, h("h3", {}, title), ...children);
}

/** The decision view. */
export function renderDecision(decision: Decision, pack: PackData, lang: Lang): HTMLElement {
  const parts: Child[] = [];
  const reasons = decision.eligibility.reasons;
  parts.push(
    part(
      t("eligible", lang),
      "eligibility",
      h(
        "p",
        { class: `verdict ${decision.eligibility.eligible ? "yes" : "no"}` },
        h(
          "strong",
          { "data-testid": "eligible", "data-value": String(decision.eligibility.eligible) },
          decision.eligibility.eligible ? `${t("yes", lang)} · ${t("eligible", lang)}` : `${t("no", lang)} · ${t("notEligible", lang)}`,
        ),
      ),
      h("h4", {}, t("reasons", lang)),
      h(
        "ul",
        { class: "trace" },
        reasons.map((entry) => traceItem(pack, entry, lang)),
      ),
    ),
  );
  parts.push(
    part(
      t("priorityGroups", lang),
      undefined,
      h(
        "ul",
        { class: "groups", "data-testid": "priority-groups", "data-value": decision.priorityGroups.join(",") },
        decision.priorityGroups.map((id) => h("li", { "data-id": id }, pick(ruleLabel(pack, id), lang), " ", h("code", {}, id))),
      ),
      decision.priorityGroups.length === 0 ? h("p", { class: "meta" }, t("none", lang)) : null,
    ),
  );
  const contract = decision.contract;
  if (contract) {
    parts.push(
      part(
        t("contract", lang),
        "contract",
        h(
          "p",
          {},
          h("span", { "data-testid": "contract-term" }, `${contract.start} – ${contract.end}`),
          ` · ${contract.inForce ? t("inForce", lang) : t("notInForce", lang)}`,
        ),
        contract.team
          ? h(
              "p",
              {},
              contract.team.complete ? t("teamComplete", lang) : `${t("teamIncomplete", lang)} ${contract.team.missingRoles.join(", ")}`,
            )
          : null,
      ),
    );
  }
  const fee = decision.fee;
  if (fee) {
    const payers = Object.entries(fee.payers);
    parts.push(
      part(
        t("fee", lang),
        "fee",
        h("p", { class: "total" }, `${t("total", lang)}: `, money(fee.total, "fee-total")),
        h("h4", {}, t("whoPays", lang)),
        barChart(payers, t("whoPays", lang), (id) => payerName(id, lang)),
        h(
          "table",
          { class: "payers" },
          h("caption", { class: "visually-hidden" }, t("whoPays", lang)),
          h(
            "tbody",
            {},
            payers.map(([id, amount]) =>
              h(
                "tr",
                {},
                h("th", { scope: "row" }, payerName(id, lang), " ", h("code", {}, id)),
                h("td", {}, money(amount, `payer-${id}`)),
              ),
            ),
          ),
        ),
        fee.packages.length > 1
          ? h(
              "ul",
              { class: "meta" },
              fee.packages.map((item) => h("li", {}, `${pick(ruleLabel(pack, item.id), lang) || item.id}: ${item.total} 元`)),
            )
          : null,
        fee.staffPool !== undefined ? h("p", {}, `${t("staffPool", lang)}: `, money(fee.staffPool, "staff-pool")) : null,
        fee.staffPay
          ? [
              h("h4", {}, t("staffPay", lang)),
              barChart(Object.entries(fee.staffPay), t("staffPay", lang), (id) => id),
              h(
                "ul",
                { class: "staff-pay", "data-testid": "staff-pay" },
                Object.entries(fee.staffPay).map(([member, amount]) => h("li", {}, `${member}: `, money(amount, `staff-${member}`))),
              ),
            ]
          : null,
      ),
    );
  }
  const prescription = decision.prescription;
  if (prescription) {
    parts.push(
      part(
        t("prescription", lang),
        "prescription",
        h(
          "p",
          {},
          `${t("maxDays", lang)}: `,
          h("strong", { "data-testid": "max-supply-days" }, String(prescription.maxSupplyDays)),
          ` · ${prescription.allowed ? t("allowed", lang) : t("notAllowed", lang)}`,
          prescription.essentialListException ? ` · ${t("essentialException", lang)}` : "",
          " ",
          h("code", {}, prescription.limit),
        ),
      ),
    );
  }
  if (decision.registrationFee)
    parts.push(
      part(
        t("registrationFee", lang),
        "registration-fee",
        h(
          "p",
          {},
          `${t("charged", lang)} `,
          amountOrNotSet(decision.registrationFee.charged, lang),
          `, ${t("waived", lang)} `,
          amountOrNotSet(decision.registrationFee.waived, lang),
        ),
      ),
    );
  if (decision.inpatient)
    parts.push(part(t("inpatient", lang), "inpatient", h("p", {}, `${t("payable", lang)} `, money(decision.inpatient.deductiblePayable))));
  const referral = decision.referral;
  if (referral) {
    parts.push(
      part(
        t("referral", lang),
        "referral",
        h(
          "p",
          {},
          referral.discountApplies ? t("discountApplies", lang) : t("noDiscount", lang),
          ` · ${t("rate", lang)} ${referral.discountRate} · ${t("discount", lang)} `,
          money(referral.totalDiscount, "referral-discount"),
        ),
        referral.items.length > 0
          ? h(
              "table",
              { class: "items" },
              h(
                "thead",
                {},
                h(
                  "tr",
                  {},
                  h("th", { scope: "col" }, t("item", lang)),
                  h("th", { scope: "col" }, t("price", lang)),
                  h("th", { scope: "col" }, t("discount", lang)),
                  h("th", { scope: "col" }, t("payable", lang)),
                ),
              ),
              h(
                "tbody",
                {},
                referral.items.map((item) =>
                  h("tr", {}, h("td", {}, item.code), h("td", {}, item.price), h("td", {}, item.discount), h("td", {}, item.payable)),
                ),
              ),
            )
          : null,
      ),
    );
  }
  parts.push(
    part(
      t("benefits", lang),
      "benefits",
      h(
        "ul",
        {},
        decision.benefits.length === 0
          ? h("li", { class: "meta" }, t("none", lang))
          : decision.benefits.map((benefit) => h("li", {}, pick(benefit.label, lang), " ", citeButton(pack, benefit.cite, lang))),
      ),
    ),
  );
  if (decision.warnings.length > 0)
    parts.push(
      part(
        t("warningsTitle", lang),
        "warnings",
        h(
          "ul",
          {},
          decision.warnings.map((warning) => h("li", {}, h("code", {}, warning.path), ` ${warning.message}`)),
        ),
      ),
    );
  const sections = [...new Set(decision.trace.map((entry) => entry.section))];
  parts.push(
    part(
      t("trace", lang),
      "trace",
      sections.map((section) =>
        h(
          "div",
          { class: "trace-section" },
          h("h4", {}, pick(TRACE_TITLES[section], lang)),
          h(
            "ul",
            { class: "trace" },
            decision.trace.filter((entry) => entry.section === section).map((entry) => traceItem(pack, entry, lang)),
          ),
        ),
      ),
    ),
  );
  parts.push(
    h(
      "details",
      { class: "explain" },
      h("summary", {}, t("explanation", lang)),
      h("pre", { "data-testid": "explain", tabindex: 0 }, explain(decision)),
    ),
  );
  parts.push(
    h(
      "details",
      { class: "decision-json" },
      h("summary", {}, t("decisionJson", lang)),
      h("pre", { "data-testid": "decision-json", tabindex: 0 }, JSON.stringify(decision, null, 2)),
    ),
  );
  return h(
    "div",
    { class: "decision", "data-testid": "decision", "data-pack-hash": decision.packHash },
    h("p", { class: "meta" }, h("code", {}, `${decision.pack} ${decision.packVersion}`), ` · ${decision.residentId} · ${decision.asOf}`),
    ...parts,
  );
}

/** An amount, or (where the document gives none: `amount-not-set`) a note that it is set locally. */
function amountOrNotSet(amount: string | null, lang: Lang): Node | string {
  return amount === null ? (lang === "zh" ? "文件未给出金额（由当地规定）" : "not set by the document (set locally)") : money(amount);
}
