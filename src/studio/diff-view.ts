/**
 * The studio's population view: open a population (NDJSON, CSV or .xlsx),
 * and see what the edit of the pack does to it — the diff runs in a Web
 * Worker (diff-worker.ts) with a progress bar and a cancel button, and shows
 * what `fdr diff` shows: how many decisions change and which fields, the
 * payer and staff-pool totals before and after (signed residents only), and
 * the changed residents, exportable as CSV or .xlsx.
 *
 * @module
 */
import type { Issue } from "../core/errors.js";
import { issueMessage, type Lang } from "../core/messages.js";
import { TOTALS_OF } from "../model/decision.js";
import type { PackDiff } from "../analysis/diff.js";
import { pairedBars } from "./charts.js";
import type { DiffReply, DiffRequest, PopulationInfo } from "./diff-protocol.js";
import { h, replace } from "./dom.js";
import { changesCsv, changesXlsx } from "./export.js";
import { payerName, t } from "./i18n.js";

/** The two packs to compare: before the edit (as loaded) and as edited; or why they cannot be compared. */
export type DiffPacks =
  | { readonly before: string; readonly after: string; readonly label: string; readonly edited: boolean }
  | { readonly problem: string };

/** What the edited pack can be compared with: "" (the default: see the label), or another pack of the studio. */
export interface BeforeChoice {
  readonly key: string;
  readonly label: string;
}

type State =
  | { readonly kind: "idle" }
  | { readonly kind: "running"; readonly done: number; readonly total: number; readonly population?: PopulationInfo }
  | {
      readonly kind: "done";
      readonly diff: PackDiff;
      readonly population: PopulationInfo;
      readonly ms: number;
      /** The two packs' texts the diff ran under: a result under other packs is stale. */
      readonly packs: string;
    }
  | { readonly kind: "cancelled"; readonly done: number; readonly total: number }
  | { readonly kind: "failed"; readonly issues: readonly Issue[] };

/** How many changed residents the page lists (the export has them all). */
const SHOWN = 200;

const grouped = (value: number, lang: Lang) => value.toLocaleString(lang === "zh" ? "zh-CN" : "en");

/** A count of lines set apart (no case read, or refused by both packs) beside the diff's figures; nothing when there are none. */
function countWarning(testId: string, count: number, label: string): HTMLElement | null {
  return count > 0 ? h("span", { class: "warning", "data-testid": testId, "data-count": count }, ` · ${count} ${label}`) : null;
}

/** The packs of a diff, as one value to compare. */
function packsKey(packs: { readonly before: string; readonly after: string }): string {
  return `${packs.before.length}:${packs.before}${packs.after}`;
}

/** The population view. */
export class DiffPanel {
  private state: State = { kind: "idle" };
  private file: { name: string; bytes: ArrayBuffer } | undefined;
  private worker: Worker | undefined;
  private lang: Lang = "zh";
  private readonly controls = h("div", { class: "diff-controls" });
  private readonly progress = h("div", { class: "diff-progress", "aria-live": "polite" });
  private readonly results = h("div", { class: "diff-results" });

  constructor(
    private readonly root: HTMLElement,
    private readonly packs: (before: string) => DiffPacks,
    private readonly choices: () => readonly BeforeChoice[],
    private readonly defaultLabel: () => string,
    private readonly onOpen: () => void = () => undefined,
  ) {}

  /** The pack compared with: "" for the pack as loaded, else another pack's key. */
  private before = "";
  /** The packs of the diff that runs (see `packsKey`). */
  private runningWith = "";

  /** Draws the whole view in a language. */
  draw(lang: Lang): void {
    this.lang = lang;
    replace(
      this.root,
      h("h2", {}, t("diffTitle", lang)),
      h("p", { class: "meta" }, t("diffIntro", lang)),
      this.controls,
      this.progress,
      this.results,
    );
    this.drawControls();
    this.drawProgress();
    this.drawResults();
  }

  private drawControls(): void {
    const lang = this.lang;
    const packs = this.packs(this.before);
    const running = this.state.kind === "running";
    const choices = this.choices();
    if (!choices.some((choice) => choice.key === this.before)) this.before = "";
    replace(
      this.controls,
      h(
        "div",
        { class: "control file" },
        h("label", { for: "population-file" }, t("openPopulation", lang)),
        h("input", {
          type: "file",
          id: "population-file",
          "data-testid": "population-file",
          accept: ".ndjson,.jsonl,.json,.csv,.xlsx,text/csv,application/x-ndjson",
          onchange: (event: Event) => void this.open(event.target as HTMLInputElement),
        }),
      ),
      h(
        "div",
        { class: "control" },
        h("label", { for: "diff-before" }, t("diffBefore", lang)),
        h(
          "select",
          {
            id: "diff-before",
            "data-testid": "diff-before",
            onchange: (event: Event) => {
              this.before = (event.target as HTMLSelectElement).value;
              this.drawControls();
            },
          },
          h("option", { value: "", selected: this.before === "" }, this.defaultLabel()),
          choices.map((choice) => h("option", { value: choice.key, selected: this.before === choice.key }, choice.label)),
        ),
      ),
      h(
        "p",
        { class: "meta", "data-testid": "diff-packs" },
        "problem" in packs
          ? h("span", { class: "warning" }, packs.problem)
          : `${t("diffComparing", lang)} ${packs.label}${packs.edited ? "" : ` — ${t("diffNotEdited", lang)}`}`,
      ),
      h(
        "div",
        { class: "segmented" },
        h(
          "button",
          {
            type: "button",
            id: "diff-run",
            "data-testid": "diff-run",
            disabled: running || !this.file || "problem" in packs,
            onclick: () => this.run(),
          },
          t("diffRun", lang),
        ),
        h(
          "button",
          { type: "button", id: "diff-cancel", "data-testid": "diff-cancel", disabled: !running, onclick: () => this.cancel() },
          t("cancel", lang),
        ),
      ),
    );
  }

  private drawProgress(): void {
    const lang = this.lang;
    const state = this.state;
    if (state.kind === "running" || state.kind === "cancelled") {
      const label =
        state.kind === "running"
          ? state.total === 0
            ? t("diffReading", lang)
            : `${grouped(state.done, lang)} / ${grouped(state.total, lang)}`
          : `${t("diffCancelled", lang)} ${grouped(state.done, lang)} / ${grouped(state.total, lang)}`;
      replace(
        this.progress,
        h("progress", {
          id: "diff-progress",
          "data-testid": "diff-progress",
          max: Math.max(1, state.total),
          value: state.done,
          "aria-label": t("diffProgress", lang),
          "data-state": state.kind,
        }),
        " ",
        h("span", { class: "meta", "data-testid": "diff-status", "data-state": state.kind }, label),
      );
      return;
    }
    if (state.kind === "done") {
      replace(
        this.progress,
        h(
          "span",
          { class: "meta", "data-testid": "diff-status", "data-state": "done" },
          `${t("diffDone", lang)} ${grouped(state.population.cases, lang)} ${t("residents", lang)}, ${Math.round(state.ms)} ms (${grouped(Math.round((state.population.cases / Math.max(1, state.ms)) * 1000), lang)} ${t("perSecond", lang)})`,
        ),
      );
      return;
    }
    replace(this.progress);
  }

  private drawResults(): void {
    const lang = this.lang;
    const state = this.state;
    if (state.kind === "failed") {
      replace(
        this.results,
        h(
          "div",
          { class: "case-problems", "data-testid": "diff-problems" },
          h("h3", {}, t("diffFailed", lang)),
          h(
            "ul",
            {},
            state.issues.map((issue) => h("li", { "data-code": issue.code }, issueMessage(issue, lang))),
          ),
        ),
      );
      return;
    }
    if (state.kind !== "done") {
      replace(this.results);
      return;
    }
    const packs = this.packs(this.before);
    if ("problem" in packs || packsKey(packs) !== state.packs) {
      // The pack was edited, or another chosen, since: the figures are not those of the packs shown.
      replace(this.results, h("p", { class: "warning", "data-testid": "diff-stale" }, t("diffStale", lang)));
      return;
    }
    const { diff, population } = state;
    const payers = Object.keys(diff.payerTotals.before);
    const rows = [
      ...payers.map((payer) => ({
        key: payer,
        label: payerName(payer, lang),
        before: diff.payerTotals.before[payer] ?? "0.00",
        after: diff.payerTotals.after[payer] ?? "0.00",
      })),
      { key: "staff-pool", label: t("staffPool", lang), before: diff.staffPoolTotals.before, after: diff.staffPoolTotals.after },
    ];
    const fieldCounts = new Map<string, number>();
    for (const change of diff.changed) {
      if (change.groupsGained.length + change.groupsLost.length > 0)
        fieldCounts.set("/priorityGroups", (fieldCounts.get("/priorityGroups") ?? 0) + 1);
      for (const field of new Set(change.fields.map((item) => fieldGroup(item.path))))
        fieldCounts.set(field, (fieldCounts.get(field) ?? 0) + 1);
    }
    replace(
      this.results,
      h(
        "section",
        { class: "diff-summary", "aria-labelledby": "diff-summary-title" },
        h("h3", { id: "diff-summary-title" }, t("diffSummary", lang)),
        h(
          "p",
          { class: "big" },
          h("strong", { "data-testid": "diff-changed" }, String(diff.changed.length)),
          ` ${t("diffChangedOf", lang)} `,
          h("strong", { "data-testid": "diff-cases" }, String(diff.cases)),
          ` ${t("diffDecisions", lang)}`,
          countWarning("diff-unreadable", population.unreadable.length, t("diffUnreadable", lang)),
          countWarning("diff-refused", diff.refused.length, t("diffRefused", lang)),
        ),
        diff.refused.length > 0
          ? h(
              "details",
              { class: "unreadable" },
              h("summary", {}, t("diffRefused", lang)),
              h(
                "ul",
                {},
                diff.refused
                  .slice(0, 200)
                  .map((entry) =>
                    h(
                      "li",
                      { "data-line": entry.line },
                      `${t("line", lang)} ${entry.line}: ${entry.errors.map((issue) => issueMessage(issue, lang)).join("; ")}`,
                    ),
                  ),
              ),
            )
          : null,
        h("p", { class: "meta" }, `${population.format.toUpperCase()} · ${population.encoding}`),
        population.unreadable.length > 0
          ? h(
              "details",
              { class: "unreadable" },
              h("summary", {}, t("diffUnreadable", lang)),
              population.format === "ndjson"
                ? h("p", { class: "meta" }, t("diffUnreadableNdjson", lang))
                : h("p", { class: "meta" }, t("diffUnreadableRows", lang)),
              h(
                "ul",
                {},
                population.unreadable
                  .slice(0, SHOWN)
                  .map((record) =>
                    h("li", {}, `${t("line", lang)} ${record.line}: ${record.issues.map((issue) => issueMessage(issue, lang)).join("; ")}`),
                  ),
              ),
            )
          : null,
      ),
      h(
        "section",
        { class: "diff-totals", "aria-labelledby": "diff-totals-title" },
        h("h3", { id: "diff-totals-title" }, t("diffTotals", lang)),
        h("p", { class: "note", "data-testid": "totals-of" }, TOTALS_OF.note[lang]),
        pairedBars(rows, t("diffTotals", lang), { before: t("before", lang), after: t("after", lang) }, "diff-chart"),
        h(
          "table",
          { class: "payers diff-table" },
          h(
            "thead",
            {},
            h(
              "tr",
              {},
              h("th", { scope: "col" }, t("payer", lang)),
              h("th", { scope: "col" }, t("before", lang)),
              h("th", { scope: "col" }, t("after", lang)),
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
                h(
                  "td",
                  { "data-testid": row.key === "staff-pool" ? "diff-staff-pool-before" : `diff-total-before-${row.key}` },
                  row.before,
                ),
                h("td", { "data-testid": row.key === "staff-pool" ? "diff-staff-pool-after" : `diff-total-after-${row.key}` }, row.after),
              ),
            ),
          ),
        ),
      ),
      h(
        "section",
        { class: "diff-fields", "aria-labelledby": "diff-fields-title" },
        h("h3", { id: "diff-fields-title" }, t("diffFields", lang)),
        fieldCounts.size === 0
          ? h("p", { "data-testid": "diff-no-change" }, t("diffNoChange", lang))
          : h(
              "ul",
              { "data-testid": "diff-fields" },
              [...fieldCounts]
                .sort((a, b) => b[1] - a[1])
                .slice(0, 40)
                .map(([path, count]) => h("li", { "data-path": path }, h("code", {}, path), ` — ${grouped(count, lang)}`)),
            ),
      ),
      h(
        "section",
        { class: "diff-changes", "aria-labelledby": "diff-changes-title" },
        h("h3", { id: "diff-changes-title" }, t("diffChanges", lang)),
        h(
          "div",
          { class: "segmented" },
          h(
            "button",
            { type: "button", "data-testid": "diff-export-csv", disabled: diff.changed.length === 0, onclick: () => this.exportCsv(diff) },
            t("exportCsv", lang),
          ),
          h(
            "button",
            {
              type: "button",
              "data-testid": "diff-export-xlsx",
              disabled: diff.changed.length === 0,
              onclick: () => void this.exportXlsx(diff),
            },
            t("exportXlsx", lang),
          ),
        ),
        diff.changed.length > SHOWN
          ? h("p", { class: "meta" }, `${t("diffShowing", lang)} ${SHOWN} / ${grouped(diff.changed.length, lang)}`)
          : null,
        diff.changed.length === 0
          ? null
          : h(
              "table",
              { class: "items changes", "data-testid": "diff-change-list" },
              h(
                "thead",
                {},
                h(
                  "tr",
                  {},
                  [t("line", lang), t("resident", lang), t("priorityGroups", lang), t("diffFieldChanges", lang)].map((title) =>
                    h("th", { scope: "col" }, title),
                  ),
                ),
              ),
              h(
                "tbody",
                {},
                diff.changed.slice(0, SHOWN).map((change) =>
                  h(
                    "tr",
                    {},
                    h("td", {}, String(change.line)),
                    h("td", {}, change.residentId ?? ""),
                    h(
                      "td",
                      {},
                      [...change.groupsGained.map((group) => `+${group}`), ...change.groupsLost.map((group) => `−${group}`)].join(" "),
                    ),
                    h(
                      "td",
                      { class: "fields" },
                      change.fields.map((field) =>
                        h("div", {}, h("code", {}, field.path), ` ${show(field.before)} → ${show(field.after)}`),
                      ),
                    ),
                  ),
                ),
              ),
            ),
      ),
    );
  }

  private async open(input: HTMLInputElement): Promise<void> {
    const file = input.files?.[0];
    if (!file) return;
    this.file = { name: file.name, bytes: await file.arrayBuffer() };
    // A file chosen while the view is not shown (a script, a test) shows it.
    this.onOpen();
    this.run();
  }

  /** Starts a diff of the open file (cancelling one that runs). */
  run(): void {
    const packs = this.packs(this.before);
    if (!this.file) return;
    if ("problem" in packs) {
      this.setState({ kind: "failed", issues: [{ code: "invalid_value", path: "", message: packs.problem }] });
      return;
    }
    this.stopWorker();
    const worker = new Worker(new URL("diff-worker.js", document.baseURI), { type: "module", name: "fdr-diff" });
    this.worker = worker;
    worker.onmessage = (event: MessageEvent<DiffReply>) => this.reply(worker, event.data);
    worker.onerror = (event) => {
      if (worker !== this.worker) return;
      this.stopWorker();
      this.setState({
        kind: "failed",
        issues: [{ code: "internal_error", path: "", message: event.message || "the diff worker stopped" }],
      });
    };
    this.setState({ kind: "running", done: 0, total: 0 });
    this.runningWith = packsKey(packs);
    const request: DiffRequest = {
      type: "diff",
      before: packs.before,
      after: packs.after,
      file: { name: this.file.name, bytes: this.file.bytes.slice(0) },
    };
    worker.postMessage(request, [request.file.bytes]);
  }

  /** Stops a running diff: the worker is terminated at once. */
  cancel(): void {
    if (this.state.kind !== "running") return;
    const { done, total } = this.state;
    this.stopWorker();
    this.setState({ kind: "cancelled", done, total });
    document.getElementById("diff-run")?.focus();
  }

  private stopWorker(): void {
    this.worker?.terminate();
    this.worker = undefined;
  }

  private reply(worker: Worker, message: DiffReply): void {
    if (worker !== this.worker) return;
    if (message.type === "read")
      this.setState({ kind: "running", done: 0, total: message.population.cases, population: message.population }, false);
    else if (message.type === "progress") this.setState({ kind: "running", done: message.done, total: message.total }, false);
    else {
      this.stopWorker();
      this.setState(
        message.type === "done"
          ? { kind: "done", diff: message.diff, population: message.population, ms: message.ms, packs: this.runningWith }
          : { kind: "failed", issues: message.issues },
      );
    }
  }

  private setState(state: State, all = true): void {
    const wasRunning = this.state.kind === "running";
    this.state = state;
    if (all || wasRunning !== (state.kind === "running")) {
      this.drawControls();
      this.drawResults();
    }
    this.drawProgress();
  }

  private exportCsv(diff: PackDiff): void {
    save(new Blob([changesCsv(diff)], { type: "text/csv;charset=utf-8" }), `${this.baseName()}-changes.csv`);
  }

  private async exportXlsx(diff: PackDiff): Promise<void> {
    const bytes = await changesXlsx(diff);
    save(
      new Blob([bytes as BlobPart], { type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" }),
      `${this.baseName()}-changes.xlsx`,
    );
  }

  private baseName(): string {
    return (this.file?.name ?? "population").replace(/\.[^.]+$/, "");
  }
}

/** A field's path for counting: staff pay per team member counts as one field, `/fee/staffPay/*`. */
function fieldGroup(path: string): string {
  return path.replace(/^(\/fee\/staffPay)\/.+$/, "$1/*");
}

function show(value: unknown): string {
  return value === undefined ? "—" : typeof value === "string" ? value : JSON.stringify(value);
}

/** Saves a blob as a download. */
export function save(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = h("a", { href: url, download: name });
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
