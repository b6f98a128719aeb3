/**
 * The studio: one state (the language, the view, the packs and their edited
 * texts, the case) and the views drawn from it. Every edit re-checks the pack
 * and re-evaluates the case, in the page: nothing leaves the machine.
 *
 * @module
 */
import * as z from "zod";
import en from "zod/v4/locales/en.js";
import zhCN from "zod/v4/locales/zh-CN.js";
import { compilePack } from "../policy/evaluator.js";
import { isPolicyError, type Issue } from "../core/errors.js";
import { issueMessage, type Lang } from "../core/messages.js";
import { CaseSchema } from "../model/case.js";
import type { Decision } from "../model/decision.js";
import { BUNDLED_PACK_IDS, BUNDLED_PACK_JSON } from "../pack/bundled.js";
import { overlayJsonSchema, packJsonSchema } from "../pack/json-schema.js";
import { loadPack, type Pack } from "../pack/load.js";
import EXAMPLES from "studio:examples";
import { BudgetPanel } from "./budget-view.js";
import { renderCaseForm, type FormSchema } from "./case-form.js";
import { CasesPanel } from "./cases-view.js";
import { bundledIdNote, checkPackText, type PackCheck } from "./check.js";
import { caseLink, decodeCase } from "./codec.js";
import { renderDecision } from "./decision-view.js";
import { DiffPanel, type DiffPacks } from "./diff-view.js";
import { h, replace } from "./dom.js";
import { createJsonEditor, type JsonEditor } from "./editor.js";
import { t, type UiKey } from "./i18n.js";
import { renderReader } from "./reader.js";
import type { Schema } from "./schema-assist.js";

/** The views of the studio. */
export type View = "read" | "edit" | "run" | "cases" | "diff" | "budget";

const VIEWS: readonly View[] = ["read", "edit", "run", "cases", "diff", "budget"];
const isView = (value: string | null): value is View => VIEWS.includes(value as View);

/** A pack the studio offers: bundled, served beside it (`fdr studio --pack`), or opened from disk. */
export interface CatalogEntry {
  readonly key: string;
  readonly label: string;
  readonly origin: "bundled" | "file";
  /** The text as it was first loaded. */
  readonly original: string;
  /** The file name, for a pack from a file. */
  readonly file?: string;
}

/** A pack file served beside the app (packs.json). */
export interface ServedPack {
  readonly file: string;
  readonly text: string;
}

const CASE_JSON_SCHEMA = z.toJSONSchema(CaseSchema, { io: "input", unrepresentable: "any", target: "draft-2020-12" }) as FormSchema &
  Schema;

const DEFAULT_CASE = { asOf: "2023-06-01", resident: { id: "R1", birthDate: "1950-03-02", regionCode: "430602" } };

let packSchemaCache: Schema | undefined;
let overlaySchemaCache: Schema | undefined;
const packSchema = (): Schema => (packSchemaCache ??= packJsonSchema() as Schema);
const overlaySchema = (): Schema => (overlaySchemaCache ??= overlayJsonSchema() as Schema);

/** A case file with a name and expectations (`fdr test`) gives its case; anything else is the case. */
function unwrapCaseFile(value: unknown): unknown {
  return value && typeof value === "object" && !Array.isArray(value) && "case" in value && !("resident" in value)
    ? (value as { case: unknown }).case
    : value;
}

function pretty(value: unknown): string {
  return JSON.stringify(value, null, 2);
}

/** The studio application. */
export class Studio {
  private lang: Lang = "zh";
  private view: View = "read";
  private caseMode: "form" | "json" = "form";
  private readonly catalog: CatalogEntry[] = [];
  private readonly texts = new Map<string, string>();
  private current = "";
  private check: PackCheck = { overlay: false, findings: [] };
  /** The last valid pack of the current entry, used while the text has errors? No: a pack with errors is not run. */
  private caseValue: unknown = DEFAULT_CASE;
  private caseTextError: string | undefined;
  private packEditor: JsonEditor | undefined;
  private caseEditor: JsonEditor | undefined;
  private checkTimer: ReturnType<typeof setTimeout> | undefined;
  /** The reader is drawn when shown, not on every edit. */
  private readerStale = true;
  private readonly root: HTMLElement;
  private readonly cases: CasesPanel;
  private readonly diff: DiffPanel;
  private readonly budget: BudgetPanel;
  /** The pack as first loaded, by its text (the "before" of a diff or a budget). */
  private originalPack: { text: string; pack: Pack | undefined } | undefined;
  private readonly parts: Record<
    | "header"
    | "nav"
    | "read"
    | "edit"
    | "run"
    | "cases"
    | "diff"
    | "budget"
    | "problems"
    | "notices"
    | "caseForm"
    | "decision"
    | "status"
    | "caseTabs"
    | "caseJsonBox"
    | "examples"
    | "linkNote",
    HTMLElement
  >;

  constructor(root: HTMLElement, served: readonly ServedPack[]) {
    this.root = root;
    for (const id of BUNDLED_PACK_IDS) {
      const text = `${pretty(BUNDLED_PACK_JSON[id])}\n`;
      this.catalog.push({ key: id, label: id, origin: "bundled", original: text });
    }
    served.forEach((pack) => this.addFile(pack.file, pack.text));
    this.parts = {
      header: h("header", { class: "top" }),
      nav: h("nav", { class: "views", "aria-label": "views" }),
      read: h("main", { class: "view view-read", id: "view-read", tabindex: -1 }),
      edit: h("main", { class: "view view-edit", id: "view-edit", tabindex: -1 }),
      run: h("main", { class: "view view-run", id: "view-run", tabindex: -1 }),
      cases: h("main", { class: "view view-cases", id: "view-cases", tabindex: -1 }),
      diff: h("main", { class: "view view-diff", id: "view-diff", tabindex: -1 }),
      budget: h("main", { class: "view view-budget", id: "view-budget", tabindex: -1 }),
      problems: h("div", { class: "problems-box" }),
      notices: h("div", { class: "notices", role: "status" }),
      caseForm: h("div", { class: "case-form-box" }),
      decision: h("div", { class: "decision-box", "aria-live": "polite" }),
      status: h("p", { class: "visually-hidden", role: "status", "aria-live": "polite" }),
      caseTabs: h("div", { class: "case-tabs" }),
      caseJsonBox: h("div", { class: "case-json-box" }),
      examples: h("div", { class: "examples" }),
      linkNote: h("p", { class: "meta link-note" }),
    };
    this.cases = new CasesPanel(
      this.parts.cases,
      () => this.check.pack,
      () => this.view !== "cases" && this.setView("cases"),
    );
    this.diff = new DiffPanel(
      this.parts.diff,
      (before) => this.diffPacks(before),
      () => [
        ...(this.bundledTwin() ? [{ key: "loaded", label: t("diffAsLoaded", this.lang) }] : []),
        ...this.catalog.filter((entry) => entry.key !== this.current).map((entry) => ({ key: entry.key, label: entry.label })),
      ],
      () => {
        const bundled = this.bundledTwin();
        return bundled ? `${t("diffDefault", this.lang)}: ${bundled.label}` : t("diffAsLoaded", this.lang);
      },
      () => this.view !== "diff" && this.setView("diff"),
    );
    this.budget = new BudgetPanel(this.parts.budget, () => ({ before: this.original(), after: this.check.pack }));
  }

  private addFile(file: string, text: string): CatalogEntry {
    let id: string | undefined;
    try {
      const json = JSON.parse(text) as { id?: unknown };
      id = typeof json?.id === "string" ? json.id : undefined;
    } catch {
      id = undefined;
    }
    const key = `file:${file}`;
    const existing = this.catalog.findIndex((entry) => entry.key === key);
    const entry: CatalogEntry = { key, label: `${id ?? file} — ${file}`, origin: "file", original: text, file };
    if (existing >= 0) this.catalog[existing] = entry;
    else this.catalog.push(entry);
    this.texts.set(key, text);
    return entry;
  }

  /** Starts the studio from the page's address (`?pack=&case=`). */
  start(search: string): void {
    const params = new URLSearchParams(search);
    const packParam = params.get("pack");
    const caseParam = params.get("case");
    const langParam = params.get("lang");
    if (langParam === "en" || langParam === "zh") this.lang = langParam;
    const entry = packParam ? this.findEntry(packParam) : undefined;
    this.current = entry?.key ?? this.catalog[0]?.key ?? "";
    let caseFromLink = false;
    if (caseParam) {
      try {
        this.caseValue = unwrapCaseFile(decodeCase(caseParam));
        caseFromLink = true;
      } catch (error) {
        this.caseTextError = `case: ${(error as Error).message}`;
      }
    }
    this.check = checkPackText(this.text(), this.lang);
    if (!caseFromLink) this.loadFirstExample();
    const viewParam = params.get("view");
    this.view = caseParam ? "run" : isView(viewParam) ? viewParam : "read";
    this.build();
    this.recheck();
    if (packParam && !entry) this.notice(`${t("unknownPack", this.lang)} ${JSON.stringify(packParam)} → ${this.entry()?.label ?? ""}`);
  }

  private findEntry(id: string): CatalogEntry | undefined {
    return (
      this.catalog.find((entry) => entry.key === id || entry.key === `file:${id}`) ??
      this.catalog.find((entry) => entry.origin === "bundled" && entry.key === id) ??
      this.catalog.find((entry) => this.idOfText(this.texts.get(entry.key) ?? entry.original) === id)
    );
  }

  private idOfText(text: string): string | undefined {
    try {
      const json = JSON.parse(text) as { id?: unknown };
      return typeof json?.id === "string" ? json.id : undefined;
    } catch {
      return undefined;
    }
  }

  private entry(): CatalogEntry | undefined {
    return this.catalog.find((item) => item.key === this.current);
  }

  private text(): string {
    const entry = this.entry();
    return this.texts.get(this.current) ?? entry?.original ?? "";
  }

  private packId(): string | undefined {
    return this.check.pack?.id ?? this.idOfText(this.text());
  }

  /** The pack's first example case (or its base pack's), else a resident of its region on its first day. */
  private loadFirstExample(): void {
    const id = this.idOfText(this.text());
    const data = this.check.pack?.data;
    const base = data?.extends ?? id;
    const example = (id && EXAMPLES[id]?.[0]) || (base && EXAMPLES[base]?.[0]);
    if (example) this.caseValue = structuredClone(example.case);
    else if (data)
      this.caseValue = {
        asOf: data.effective.from,
        resident: { id: "R1", birthDate: "1950-03-02", regionCode: data.region.codePrefix.padEnd(6, "0") },
      };
  }

  // ── drawing ────────────────────────────────────────────────────────────

  private build(): void {
    document.documentElement.lang = this.lang === "zh" ? "zh-CN" : "en";
    z.config(this.lang === "zh" ? zhCN() : en());
    replace(
      this.root,
      this.parts.header,
      this.parts.nav,
      this.parts.notices,
      this.parts.read,
      this.parts.edit,
      this.parts.run,
      this.parts.cases,
      this.parts.diff,
      this.parts.budget,
      this.parts.status,
    );
    this.drawHeader();
    this.drawNav();
    this.drawEditView();
    this.drawRunView();
    // The population views are drawn at once, hidden: their file inputs exist from the start.
    this.cases.draw(this.lang);
    this.diff.draw(this.lang);
    this.budget.draw(this.lang);
    this.showView();
  }

  private drawHeader(): void {
    const lang = this.lang;
    const select = h(
      "select",
      {
        id: "pack-select",
        "data-testid": "pack-select",
        onchange: (event: Event) => this.choosePack((event.target as HTMLSelectElement).value),
      },
      this.catalog.map((entry) => {
        const edited = (this.texts.get(entry.key) ?? entry.original) !== entry.original;
        return h(
          "option",
          { value: entry.key, selected: entry.key === this.current },
          `${entry.label} (${t(entry.origin === "bundled" ? "bundled" : "fromFile", lang)}${edited ? `, ${t("edited", lang)}` : ""})`,
        );
      }),
    );
    const fileInput = h("input", {
      type: "file",
      id: "pack-file",
      "data-testid": "pack-file",
      accept: ".json,application/json",
      onchange: (event: Event) => void this.openPackFile(event.target as HTMLInputElement),
    });
    replace(
      this.parts.header,
      h("div", { class: "brand" }, h("h1", {}, t("title", lang)), h("p", { class: "subtitle" }, t("subtitle", lang))),
      h(
        "div",
        { class: "controls" },
        h("div", { class: "control" }, h("label", { for: "pack-select" }, t("pack", lang)), select),
        h("div", { class: "control file" }, h("label", { for: "pack-file" }, t("openPack", lang)), fileInput),
        h("button", { type: "button", id: "download", "data-testid": "download", onclick: () => this.download() }, t("download", lang)),
        h(
          "button",
          {
            type: "button",
            id: "lang-toggle",
            "data-testid": "lang-toggle",
            lang: lang === "zh" ? "en" : "zh",
            title: t("languageLabel", lang),
            onclick: () => this.setLang(lang === "zh" ? "en" : "zh"),
          },
          t("language", lang),
        ),
      ),
    );
  }

  private drawNav(): void {
    const views: [View, UiKey][] = [
      ["read", "read"],
      ["edit", "edit"],
      ["run", "run"],
      ["cases", "cases"],
      ["diff", "diff"],
      ["budget", "budgetTab"],
    ];
    replace(
      this.parts.nav,
      h(
        "ul",
        {},
        views.map(([view, key]) =>
          h(
            "li",
            {},
            h(
              "button",
              {
                type: "button",
                id: `tab-${view}`,
                "data-testid": `tab-${view}`,
                "aria-controls": `view-${view}`,
                "aria-pressed": String(this.view === view),
                onclick: () => this.setView(view),
              },
              t(key, this.lang),
            ),
          ),
        ),
      ),
    );
  }

  private showView(): void {
    for (const view of VIEWS) this.parts[view].hidden = view !== this.view;
    this.drawPanel();
    this.parts.nav
      .querySelectorAll("button")
      .forEach((button) => button.setAttribute("aria-pressed", String(button.id === `tab-${this.view}`)));
    if (this.view === "edit") this.packEditor?.view.requestMeasure();
    if (this.view === "run") this.caseEditor?.view.requestMeasure();
  }

  /** Draws the shown view when it is one of the population views (they follow the pack and the language). */
  private drawPanel(): void {
    if (this.view === "cases") this.cases.draw(this.lang);
    if (this.view === "diff") this.diff.draw(this.lang);
    if (this.view === "budget") this.budget.draw(this.lang);
  }

  /** The pack as first loaded (the entry's original text), or undefined when that text is not a valid pack. */
  private original(): Pack | undefined {
    const text = this.entry()?.original ?? "";
    if (this.originalPack?.text !== text) {
      let pack: Pack | undefined;
      try {
        pack = text === this.text() && this.check.pack ? this.check.pack : loadPack(JSON.parse(text) as object);
      } catch {
        pack = undefined;
      }
      this.originalPack = { text, pack };
    }
    return this.originalPack.pack;
  }

  /**
   * The bundled pack a pack from a file is an edited copy of (same id,
   * different text): by default a diff compares the file with it, as
   * `fdr diff <bundled id> <file>`.
   */
  private bundledTwin(): CatalogEntry | undefined {
    const entry = this.entry();
    if (entry?.origin !== "file") return undefined;
    const id = this.idOfText(entry.original);
    const bundled = this.catalog.find((item) => item.origin === "bundled" && item.key === id);
    return bundled && bundled.original !== this.text() ? bundled : undefined;
  }

  /**
   * The packs a population diff compares: the current pack as edited, against
   * the same pack as loaded (`before` ""), or another pack of the studio (its
   * key), as `fdr diff <before> <after>`.
   */
  private diffPacks(before: string): DiffPacks {
    const entry = this.entry();
    if (!this.check.pack || !entry) return { problem: t("packInvalid", this.lang) };
    const twin = before === "" ? this.bundledTwin() : undefined;
    if (twin) return this.diffPacks(twin.key);
    if (before === "" || before === "loaded") {
      if (!this.original()) return { problem: t("packInvalid", this.lang) };
      return {
        before: entry.original,
        after: this.text(),
        label: `${entry.label} (${t("diffAsLoaded", this.lang)} → ${t("diffAsEdited", this.lang)})`,
        edited: this.text() !== entry.original,
      };
    }
    const other = this.catalog.find((item) => item.key === before);
    const text = other ? (this.texts.get(other.key) ?? other.original) : "";
    if (!other || !checkPackText(text, this.lang).pack) return { problem: `${other?.label ?? before}: ${t("packInvalid", this.lang)}` };
    return { before: text, after: this.text(), label: `${other.label} → ${entry.label}`, edited: text !== this.text() };
  }

  private setView(view: View): void {
    this.view = view;
    if (view === "read" && this.readerStale) this.drawReader();
    this.showView();
  }

  private setLang(lang: Lang): void {
    this.lang = lang;
    document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
    z.config(lang === "zh" ? zhCN() : en());
    this.drawHeader();
    this.drawNav();
    this.drawEditChrome();
    this.drawCaseChrome();
    this.check = checkPackText(this.text(), lang);
    this.afterCheck();
    this.drawPanel();
    document.getElementById("lang-toggle")?.focus();
  }

  private drawEditView(): void {
    const editorBox = h("div", { class: "editor-box" });
    replace(this.parts.edit, h("div", { class: "edit-chrome" }), h("div", { class: "edit-layout" }, editorBox, this.parts.problems));
    this.drawEditChrome();
    this.packEditor = createJsonEditor({
      parent: editorBox,
      text: this.text(),
      label: t("editorLabel", this.lang),
      testId: "pack-editor",
      height: "74vh",
      schema: () => (this.check.overlay ? overlaySchema() : packSchema()),
      onChange: (text) => {
        this.texts.set(this.current, text);
        this.scheduleCheck();
      },
    });
  }

  private drawEditChrome(): void {
    const chrome = this.parts.edit.querySelector(".edit-chrome");
    if (!chrome) return;
    replace(chrome, h("h2", {}, t("edit", this.lang), " ", h("code", {}, this.entry()?.label ?? "")));
    this.packEditor?.view.contentDOM.setAttribute("aria-label", t("editorLabel", this.lang));
  }

  private drawRunView(): void {
    const caseEditorBox = h("div", { class: "case-editor" });
    this.parts.caseJsonBox.replaceChildren(caseEditorBox);
    replace(
      this.parts.run,
      h(
        "div",
        { class: "run-layout" },
        h(
          "section",
          { class: "case-input", "aria-labelledby": "case-title" },
          h("h2", { id: "case-title" }),
          this.parts.examples,
          this.parts.caseTabs,
          this.parts.caseForm,
          this.parts.caseJsonBox,
          this.parts.linkNote,
        ),
        h(
          "section",
          { class: "decision-panel", "aria-labelledby": "decision-title" },
          h("h2", { id: "decision-title" }),
          this.parts.decision,
        ),
      ),
    );
    this.caseEditor = createJsonEditor({
      parent: caseEditorBox,
      text: pretty(this.caseValue),
      label: t("caseEditorLabel", this.lang),
      testId: "case-editor",
      height: "60vh",
      schema: () => CASE_JSON_SCHEMA,
      onChange: (text) => this.caseTextChanged(text),
    });
    this.drawCaseChrome();
  }

  private drawCaseChrome(): void {
    const lang = this.lang;
    const caseTitle = this.parts.run.querySelector("#case-title");
    if (caseTitle) caseTitle.textContent = t("run", lang);
    const decisionTitle = this.parts.run.querySelector("#decision-title");
    if (decisionTitle) decisionTitle.textContent = t("decision", lang);
    const id = this.packId();
    const base = this.check.pack?.data.extends;
    const examples = [...((id && EXAMPLES[id]) || []), ...((base && EXAMPLES[base]) || [])];
    const caseFile = h("input", {
      type: "file",
      id: "case-file",
      "data-testid": "case-file",
      accept: ".json,application/json",
      onchange: (event: Event) => void this.openCaseFile(event.target as HTMLInputElement),
    });
    replace(
      this.parts.examples,
      examples.length > 0
        ? h(
            "div",
            { class: "control" },
            h("label", { for: "example-select" }, t("examples", lang)),
            h(
              "select",
              {
                id: "example-select",
                onchange: (event: Event) => {
                  const chosen = examples[Number((event.target as HTMLSelectElement).value)];
                  if (chosen) this.setCase(structuredClone(chosen.case), "all");
                },
              },
              h("option", { value: "" }, t("chooseExample", lang)),
              examples.map((example, index) => h("option", { value: String(index) }, example.name)),
            ),
          )
        : null,
      h("div", { class: "control file" }, h("label", { for: "case-file" }, t("openCase", lang)), caseFile),
    );
    replace(
      this.parts.caseTabs,
      h(
        "div",
        { class: "segmented", role: "group", "aria-label": `${t("caseForm", lang)} / ${t("caseJson", lang)}` },
        h(
          "button",
          {
            type: "button",
            id: "case-mode-form",
            "aria-pressed": String(this.caseMode === "form"),
            onclick: () => this.setCaseMode("form"),
          },
          t("caseForm", lang),
        ),
        h(
          "button",
          {
            type: "button",
            id: "case-mode-json",
            "aria-pressed": String(this.caseMode === "json"),
            onclick: () => this.setCaseMode("json"),
          },
          t("caseJson", lang),
        ),
        h(
          "button",
          { type: "button", id: "copy-link", "data-testid": "copy-link", onclick: () => void this.copyLink() },
          t("copyLink", lang),
        ),
      ),
    );
    this.parts.caseForm.hidden = this.caseMode !== "form";
    this.parts.caseJsonBox.hidden = this.caseMode !== "json";
    this.caseEditor?.view.contentDOM.setAttribute("aria-label", t("caseEditorLabel", lang));
    this.parts.linkNote.textContent = t("linkNote", lang);
    this.drawForm();
  }

  private setCaseMode(mode: "form" | "json"): void {
    this.caseMode = mode;
    this.drawCaseChrome();
    if (mode === "json") this.caseEditor?.view.requestMeasure();
  }

  private drawForm(): void {
    const active =
      document.activeElement instanceof HTMLElement && this.parts.caseForm.contains(document.activeElement)
        ? document.activeElement.id
        : undefined;
    if (this.caseValue === null || typeof this.caseValue !== "object" || Array.isArray(this.caseValue)) {
      replace(this.parts.caseForm, h("p", { class: "warning" }, t("notJson", this.lang)));
      return;
    }
    const packageIds = this.check.pack?.data.packages.map((item) => item.id) ?? [];
    replace(
      this.parts.caseForm,
      renderCaseForm({
        schema: CASE_JSON_SCHEMA,
        value: this.caseValue,
        lang: this.lang,
        packageIds,
        onChange: (value, structural) => this.setCase(value, structural ? "form-structure" : "form"),
      }),
    );
    if (active) document.getElementById(active)?.focus();
  }

  // ── changes ────────────────────────────────────────────────────────────

  private choosePack(key: string): void {
    if (!this.catalog.some((entry) => entry.key === key)) return;
    this.current = key;
    this.packEditor?.setText(this.text());
    this.recheck();
    this.loadFirstExample();
    this.setCase(this.caseValue, "all");
    this.drawHeader();
    this.drawEditChrome();
    document.getElementById("pack-select")?.focus();
  }

  private async openPackFile(input: HTMLInputElement): Promise<void> {
    const file = input.files?.[0];
    if (!file) return;
    try {
      const text = await file.text();
      const entry = this.addFile(file.name, text);
      this.current = entry.key;
      this.packEditor?.setText(text);
      this.recheck();
      this.drawHeader();
      this.drawEditChrome();
      if (this.check.findings.some((finding) => finding.severity === "error")) this.setView("edit");
    } catch (error) {
      this.notice(`${t("loadError", this.lang)} ${file.name}: ${(error as Error).message}`);
    }
  }

  private async openCaseFile(input: HTMLInputElement): Promise<void> {
    const file = input.files?.[0];
    if (!file) return;
    const text = await file.text();
    this.caseEditor?.setText(text);
    this.caseTextChanged(text);
    this.drawForm();
  }

  private caseTextChanged(text: string): void {
    try {
      const value = JSON.parse(text) as unknown;
      const kase = unwrapCaseFile(value);
      this.caseTextError = undefined;
      this.setCase(kase, kase === value ? "json" : "all");
    } catch (error) {
      this.caseTextError = (error as Error).message;
      this.drawDecision();
    }
  }

  /** A new case: from the form, the JSON editor, an example or a file; redraw the other input and the decision. */
  private setCase(value: unknown, from: "form" | "form-structure" | "json" | "all"): void {
    this.caseValue = value;
    this.caseTextError = undefined;
    if (from !== "json") this.caseEditor?.setText(pretty(value));
    if (from === "json" || from === "all" || from === "form-structure") this.drawForm();
    this.drawDecision();
    this.updateAddress();
  }

  private scheduleCheck(): void {
    if (this.checkTimer !== undefined) clearTimeout(this.checkTimer);
    this.checkTimer = setTimeout(() => {
      this.checkTimer = undefined;
      this.recheck();
      this.drawHeader();
    }, 150);
  }

  private recheck(): void {
    this.check = checkPackText(this.text(), this.lang);
    this.afterCheck();
  }

  private afterCheck(): void {
    this.drawProblems();
    this.packEditor?.showFindings(this.check.findings);
    this.readerStale = true;
    if (this.view === "read") this.drawReader();
    if (this.view === "budget" || this.view === "diff" || this.view === "cases") this.drawPanel();
    this.drawNotices();
    this.drawDecision();
  }

  // ── panels ─────────────────────────────────────────────────────────────

  private drawNotices(): void {
    const notes: string[] = [];
    if (this.check.overlay) notes.push(t("overlayNote", this.lang));
    const bundledHash = bundledIdNote(this.check.pack);
    if (bundledHash && this.entry()?.origin !== "bundled") notes.push(t("hashNote", this.lang));
    else if (bundledHash) notes.push(`${t("edited", this.lang)}: ${t("hashNote", this.lang)}`);
    replace(
      this.parts.notices,
      notes.map((note) => h("p", { class: "notice" }, note)),
    );
  }

  private drawProblems(): void {
    const lang = this.lang;
    const findings = this.check.findings;
    const errors = findings.filter((finding) => finding.severity === "error").length;
    replace(
      this.parts.problems,
      h(
        "section",
        { class: "problems", "aria-labelledby": "problems-title" },
        h(
          "h2",
          { id: "problems-title" },
          t("problems", lang),
          " ",
          h(
            "span",
            { class: "meta", "data-testid": "problem-count" },
            `${errors} ${t("errors", lang)}, ${findings.length - errors} ${t("warnings", lang)}`,
          ),
        ),
        h(
          "ul",
          { "data-testid": "problems", "data-count": findings.length },
          findings.length === 0
            ? h("li", { class: "ok", "data-testid": "no-problems" }, t("noProblems", lang))
            : findings.map((finding) =>
                h(
                  "li",
                  {
                    class: `finding ${finding.severity}`,
                    "data-code": finding.code,
                    "data-line": finding.line,
                    "data-column": finding.column,
                  },
                  h(
                    "button",
                    {
                      type: "button",
                      class: "where",
                      "aria-label": `${t(finding.severity, lang)} ${finding.line}:${finding.column}`,
                      onclick: () => this.packEditor?.goTo(finding.line, finding.column),
                    },
                    `${finding.line}:${finding.column}`,
                  ),
                  " ",
                  h("span", { class: `badge ${finding.severity}` }, t(finding.severity, lang)),
                  " ",
                  h("code", {}, finding.path || "/"),
                  " ",
                  h("span", { class: "code" }, `[${finding.code}]`),
                  " ",
                  h("span", { class: "message" }, finding.message),
                  finding.expected !== undefined || finding.found !== undefined
                    ? h(
                        "div",
                        { class: "detail" },
                        finding.expected !== undefined ? `${t("expected", lang)}: ${finding.expected}` : "",
                        finding.expected !== undefined && finding.found !== undefined ? "; " : "",
                        finding.found !== undefined ? `${t("found", lang)}: ${finding.found}` : "",
                      )
                    : null,
                ),
              ),
        ),
      ),
    );
  }

  private drawReader(): void {
    this.readerStale = false;
    const pack = this.check.pack;
    if (!pack) {
      replace(
        this.parts.read,
        h(
          "p",
          { class: "warning" },
          t("packInvalidRead", this.lang),
          " ",
          h("button", { type: "button", onclick: () => this.setView("edit") }, t("edit", this.lang)),
        ),
      );
      return;
    }
    replace(this.parts.read, renderReader({ pack, lang: this.lang }));
  }

  private decide(pack: Pack): { decision?: Decision; issues?: readonly Issue[]; error?: string } {
    try {
      // Closures, not generated code: the page's CSP refuses `new Function` (no unsafe-eval).
      return { decision: compilePack(pack, { codegen: false }).evaluate(this.caseValue) };
    } catch (error) {
      if (isPolicyError(error)) return { issues: error.issues };
      return { error: error instanceof Error ? error.message : String(error) };
    }
  }

  private drawDecision(): void {
    const lang = this.lang;
    const pack = this.check.pack;
    if (this.caseTextError !== undefined) {
      replace(
        this.parts.decision,
        h(
          "div",
          { class: "case-problems", "data-testid": "case-problems" },
          h("h3", {}, t("notJson", lang)),
          h("p", {}, this.caseTextError),
        ),
      );
      return;
    }
    if (!pack) {
      replace(this.parts.decision, h("p", { class: "warning", "data-testid": "pack-invalid" }, t("packInvalid", lang)));
      return;
    }
    const result = this.decide(pack);
    if (result.decision) {
      replace(this.parts.decision, renderDecision(result.decision, pack.data, lang));
      if (performance.getEntriesByName("fdr:first-decision").length === 0) performance.mark("fdr:first-decision");
      this.parts.status.textContent = `${t("decision", lang)}: ${result.decision.eligibility.eligible ? t("eligible", lang) : t("notEligible", lang)}`;
      return;
    }
    replace(
      this.parts.decision,
      h(
        "div",
        { class: "case-problems", "data-testid": "case-problems" },
        h("h3", {}, t("caseInvalid", lang)),
        h(
          "ul",
          {},
          (result.issues ?? []).map((issue) =>
            h(
              "li",
              { "data-code": issue.code },
              h("code", {}, issue.path || "/"),
              " ",
              issueMessage(issue, lang),
              issue.expected ? h("div", { class: "detail" }, `${t("expected", lang)}: ${issue.expected}`) : null,
            ),
          ),
        ),
        result.error ? h("p", {}, result.error) : null,
      ),
    );
  }

  private notice(text: string): void {
    this.parts.notices.appendChild(h("p", { class: "notice warning" }, text));
  }

  // ── links and files ────────────────────────────────────────────────────

  private linkPackId(): string {
    const entry = this.entry();
    if (entry?.origin === "file" && entry.file) return entry.file;
    return entry?.key ?? "";
  }

  private updateAddress(): void {
    if (this.view !== "run") return;
    try {
      history.replaceState(null, "", caseLink(location.href, this.linkPackId(), this.caseValue));
    } catch {
      // A case too large for an address is still shown; the link just is not updated.
    }
  }

  private async copyLink(): Promise<void> {
    const link = caseLink(location.href, this.linkPackId(), this.caseValue);
    try {
      await navigator.clipboard.writeText(link);
      this.parts.status.textContent = t("linkCopied", this.lang);
    } catch {
      window.prompt(t("copyLink", this.lang), link);
    }
  }

  private download(): void {
    const text = this.text();
    const name = this.entry()?.file ?? `${this.packId() ?? "pack"}.json`;
    const url = URL.createObjectURL(new Blob([text], { type: "application/json" }));
    const link = h("a", { href: url, download: name });
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }
}
