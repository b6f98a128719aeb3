/**
 * The studio's budget and coverage view: for a number of signed residents,
 * the funding each payer brings and the least staff pool (as `fdr budget`
 * gives them, under the pack as loaded and as edited), and signing rates
 * against the pack's coverage targets (as `fdr coverage`), as charts. The
 * figures come from analysis/coverage.ts; nothing is computed here.
 *
 * @module
 */
import { budget, checkCoverage, type Budget, type CoverageCounts } from "../analysis/coverage.js";
import { isPolicyError } from "../core/errors.js";
import { issueMessage, type Lang } from "../core/messages.js";
import type { Pack } from "../pack/load.js";
import { amountBars, pairedBars, rateBars } from "./charts.js";
import { h, replace } from "./dom.js";
import { payerName, t } from "./i18n.js";

/** The inputs, as typed. */
interface Inputs {
  signed: string;
  residents: string;
  prioritySigned: string;
  priorityResidents: string;
  asOf: string;
  spending: string;
}

const whole = (text: string): number | undefined => (/^\d{1,15}$/.test(text.trim()) ? Number(text.trim()) : undefined);

/** A rate "0.6500" as a percentage "65.00 %" (text only, no arithmetic on money). */
function percent(rate: string): string {
  const [units = "0", fraction = ""] = rate.split(".");
  const digits = `${units}${fraction.padEnd(4, "0")}`.replace(/^0+(?=\d{3})/, "");
  return `${digits.slice(0, -2) || "0"}.${digits.slice(-2)} %`;
}

/** The budget and coverage view. */
export class BudgetPanel {
  private lang: Lang = "zh";
  private inputs: Inputs = { signed: "", residents: "", prioritySigned: "", priorityResidents: "", asOf: "", spending: "" };
  private readonly output = h("div", { class: "budget-output", "aria-live": "polite" });

  constructor(
    private readonly root: HTMLElement,
    private readonly packs: () => { readonly before?: Pack; readonly after?: Pack },
  ) {}

  /** Draws the view in a language. */
  draw(lang: Lang): void {
    this.lang = lang;
    const field = (key: keyof Inputs, label: string, type: "text" | "date" = "text") =>
      h(
        "div",
        { class: "control" },
        h("label", { for: `budget-${key}` }, label),
        h("input", {
          type,
          id: `budget-${key}`,
          "data-testid": `budget-${key}`,
          value: this.inputs[key],
          inputmode: type === "text" ? "decimal" : undefined,
          oninput: (event: Event) => this.set(key, (event.target as HTMLInputElement).value),
        }),
      );
    replace(
      this.root,
      h("h2", {}, t("budgetTitle", lang)),
      h("p", { class: "meta" }, t("budgetIntro", lang)),
      h(
        "div",
        { class: "budget-inputs" },
        field("signed", t("signedResidents", lang)),
        field("residents", t("allResidents", lang)),
        field("prioritySigned", t("prioritySigned", lang)),
        field("priorityResidents", t("priorityResidents", lang)),
        field("asOf", t("asOf", lang), "date"),
        field("spending", t("spending", lang)),
      ),
      this.output,
    );
    this.drawOutput();
  }

  private set(key: keyof Inputs, value: string): void {
    this.inputs[key] = value;
    this.drawOutput();
  }

  private drawOutput(): void {
    const lang = this.lang;
    const { before, after } = this.packs();
    if (!after) {
      replace(this.output, h("p", { class: "warning" }, t("packInvalid", lang)));
      return;
    }
    const signed = whole(this.inputs.signed);
    if (signed === undefined) {
      replace(this.output, h("p", { class: "warning", "data-testid": "budget-problem" }, t("signedNeeded", lang)));
      return;
    }
    const options = {
      ...(this.inputs.asOf ? { asOf: this.inputs.asOf } : {}),
      ...(this.inputs.spending.trim() ? { personalized: this.inputs.spending.trim() } : {}),
    };
    let now: Budget;
    let was: Budget | undefined;
    try {
      now = budget(after, signed, options);
      was = before && before.hash !== after.hash ? budget(before, signed, options) : undefined;
    } catch (error) {
      replace(
        this.output,
        h(
          "p",
          { class: "warning", "data-testid": "budget-problem" },
          isPolicyError(error) ? error.issues.map((issue) => issueMessage(issue, lang)).join("; ") : String(error),
        ),
      );
      return;
    }
    const payers = [...new Set([...Object.keys(was?.payers ?? {}), ...Object.keys(now.payers)])];
    const rows = [
      ...payers.map((payer) => ({
        key: payer,
        label: payerName(payer, lang),
        before: (was ?? now).payers[payer] ?? "0.00",
        after: now.payers[payer] ?? "0.00",
      })),
      ...(now.staffPool !== undefined
        ? [{ key: "staff-pool", label: t("staffPool", lang), before: (was ?? now).staffPool ?? "0.00", after: now.staffPool }]
        : []),
    ];
    const residents = whole(this.inputs.residents);
    const prioritySigned = whole(this.inputs.prioritySigned);
    const priorityResidents = whole(this.inputs.priorityResidents);
    const counts: CoverageCounts | undefined =
      residents !== undefined && residents > 0
        ? {
            signed,
            residents,
            ...(prioritySigned !== undefined && priorityResidents !== undefined && priorityResidents > 0
              ? { prioritySigned, priorityResidents }
              : {}),
          }
        : undefined;
    const targets = counts ? checkCoverage(after, counts) : [];
    const noTargets = (after.data.coverageTargets ?? []).length === 0;
    replace(
      this.output,
      h(
        "section",
        { "aria-labelledby": "budget-title" },
        h("h3", { id: "budget-title" }, `${t("budget", lang)} · ${now.asOf}`),
        was
          ? pairedBars(rows, t("budget", lang), { before: t("before", lang), after: t("after", lang) }, "budget-chart")
          : amountBars(
              rows.map((row) => ({ key: row.key, label: row.label, amount: row.after })),
              t("budget", lang),
            ),
        h(
          "table",
          { class: "payers", "data-testid": "budget-table" },
          h(
            "thead",
            {},
            h(
              "tr",
              {},
              h("th", { scope: "col" }, t("payer", lang)),
              was ? h("th", { scope: "col" }, t("before", lang)) : null,
              h("th", { scope: "col" }, was ? t("after", lang) : t("amount", lang)),
            ),
          ),
          h(
            "tbody",
            {},
            rows.map((row) =>
              h(
                "tr",
                {},
                h("th", { scope: "row" }, row.label),
                was ? h("td", { "data-testid": `budget-before-${row.key}` }, row.before) : null,
                h("td", { "data-testid": `budget-${row.key}` }, row.after),
              ),
            ),
          ),
        ),
      ),
      h(
        "section",
        { "aria-labelledby": "coverage-title" },
        h("h3", { id: "coverage-title" }, t("coverage", lang)),
        noTargets
          ? h("p", { "data-testid": "coverage-none" }, t("noTargets", lang))
          : !counts
            ? h("p", { class: "meta" }, t("residentsNeeded", lang))
            : [
                rateBars(
                  targets.map((target) => ({
                    key: target.id,
                    label: `${target.population === "overall" ? t("overall", lang) : t("priority", lang)} · ${target.by}`,
                    rate: target.rate,
                    required: target.required,
                    met: target.met,
                  })),
                  t("coverage", lang),
                  percent,
                ),
                h(
                  "ul",
                  { class: "targets", "data-testid": "coverage-targets" },
                  targets.map((target) =>
                    h(
                      "li",
                      { "data-testid": `coverage-${target.id}`, "data-met": String(target.met) },
                      `${target.id} (${target.clause}): ${target.rate === null ? "—" : percent(target.rate)} / ${percent(target.required)} — ${target.met === null ? t("notGiven", lang) : target.met ? t("met", lang) : t("notMet", lang)}`,
                    ),
                  ),
                ),
              ],
      ),
    );
  }
}
