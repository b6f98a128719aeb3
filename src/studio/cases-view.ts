/**
 * The studio's case-files view: open `fdr test` case files (JSON or YAML,
 * several at once, or a folder) and run them as `fdr test` runs them — the
 * same check (analysis/case-check.ts) — with pass or fail and, for each
 * failure, what was expected and what was decided, field by field. The pack
 * open in the studio, as edited, stands for its id (as `fdr test --pack`); a
 * file opened without its folder and naming no pack runs under it too.
 *
 * @module
 */
import { checkCaseFile, parseCaseFile, type CaseResult } from "../analysis/case-check.js";
import { isPolicyError, type Issue } from "../core/errors.js";
import { readJsonText } from "../core/json-text.js";
import { PolicyError } from "../core/errors.js";
import { issueMessage, type Lang } from "../core/messages.js";
import type { Pack } from "../pack/load.js";
import { h, replace } from "./dom.js";
import { t } from "./i18n.js";

/** One opened case file: its path (folder/name where the browser gives it) and text. */
interface OpenedFile {
  readonly path: string;
  readonly text: string;
}

type Outcome = { readonly path: string; readonly result: CaseResult } | { readonly path: string; readonly issues: readonly Issue[] };

/** JSON text of a case file, read as `fdr test` reads it: keys given twice are refused. */
function parseJson(text: string, file: string): unknown {
  const read = readJsonText(text, file);
  const problems = read.stop ? [...read.duplicates, read.stop] : read.duplicates;
  if (problems.length > 0)
    throw new PolicyError(
      problems.map(({ issue, position }) => ({ ...issue, message: `${file}:${position.line}:${position.column}: ${issue.message}` })) as [
        Issue,
        ...Issue[],
      ],
    );
  return read.value;
}

const show = (value: unknown) => (value === undefined ? "—" : JSON.stringify(value));

/** The case-files view. */
export class CasesPanel {
  private files: OpenedFile[] = [];
  private outcomes: Outcome[] = [];
  private lang: Lang = "zh";
  private readonly results = h("div", { class: "case-results-box" });

  constructor(
    private readonly root: HTMLElement,
    private readonly pack: () => Pack | undefined,
    private readonly onOpen: () => void = () => undefined,
  ) {}

  /** Draws the view in a language. */
  draw(lang: Lang): void {
    this.lang = lang;
    const pack = this.pack();
    replace(
      this.root,
      h("h2", {}, t("casesTitle", lang)),
      h("p", { class: "meta" }, t("casesIntro", lang), pack ? ` ${t("casesUnder", lang)} ${pack.id} (${pack.hash.slice(0, 15)}…)` : ""),
      h(
        "div",
        { class: "segmented" },
        h(
          "div",
          { class: "control file" },
          h("label", { for: "case-files" }, t("openCaseFiles", lang)),
          h("input", {
            type: "file",
            id: "case-files",
            "data-testid": "case-files",
            multiple: true,
            accept: ".json,.yaml,.yml,application/json",
            onchange: (event: Event) => void this.open(event.target as HTMLInputElement),
          }),
        ),
        h(
          "div",
          { class: "control file" },
          h("label", { for: "case-folder" }, t("openCaseFolder", lang)),
          h("input", {
            type: "file",
            id: "case-folder",
            "data-testid": "case-folder",
            webkitdirectory: true,
            onchange: (event: Event) => void this.open(event.target as HTMLInputElement),
          }),
        ),
        h(
          "button",
          { type: "button", "data-testid": "cases-rerun", disabled: this.files.length === 0, onclick: () => this.rerun() },
          t("casesRerun", lang),
        ),
      ),
      this.results,
    );
    this.drawResults();
  }

  /** Runs the open files again (after an edit of the pack). */
  rerun(): void {
    const pack = this.pack();
    const packs = new Map(pack ? [[pack.id, pack] as const] : []);
    this.outcomes = this.files.map((file) => {
      const path = file.path.includes("/") || !pack ? file.path : `${pack.id}/${file.path}`;
      try {
        return { path: file.path, result: checkCaseFile(path, parseCaseFile(file.text, file.path, parseJson), packs) };
      } catch (error) {
        return {
          path: file.path,
          issues: isPolicyError(error)
            ? error.issues
            : [{ code: "internal_error", path: "", message: error instanceof Error ? error.message : String(error) }],
        };
      }
    });
    this.drawResults();
  }

  private async open(input: HTMLInputElement): Promise<void> {
    const chosen = [...(input.files ?? [])].filter((file) => /\.(json|ya?ml)$/i.test(file.name));
    chosen.sort((a, b) => (a.webkitRelativePath || a.name).localeCompare(b.webkitRelativePath || b.name));
    this.files = await Promise.all(chosen.map(async (file) => ({ path: file.webkitRelativePath || file.name, text: await file.text() })));
    this.rerun();
    this.draw(this.lang);
    // Files chosen while the view is not shown (a script, a test) show it.
    this.onOpen();
  }

  private drawResults(): void {
    const lang = this.lang;
    if (this.files.length === 0) {
      replace(this.results);
      return;
    }
    const passed = this.outcomes.filter((outcome) => "result" in outcome && outcome.result.passed).length;
    const failed = this.outcomes.length - passed;
    replace(
      this.results,
      h(
        "p",
        { class: `big ${failed > 0 ? "warning" : "ok"}`, "data-testid": "case-summary", "data-passed": passed, "data-failed": failed },
        `${passed} ${t("passed", lang)}, ${failed} ${t("failed", lang)}`,
      ),
      h(
        "ul",
        { class: "case-results", "data-testid": "case-results", "data-count": this.outcomes.length },
        this.outcomes.map((outcome) => {
          const ok = "result" in outcome && outcome.result.passed;
          return h(
            "li",
            { class: ok ? "pass" : "fail", "data-file": outcome.path, "data-passed": String(ok), "data-result": ok ? "pass" : "fail" },
            h("span", { class: "outcome", "aria-hidden": "true" }, ok ? "✓" : "✗"),
            h("span", { class: "visually-hidden" }, ok ? t("pass", lang) : t("fail", lang)),
            " ",
            "result" in outcome ? h("span", { class: "name" }, outcome.result.name) : null,
            " ",
            h("code", { class: "file" }, outcome.path),
            "issues" in outcome
              ? h(
                  "ul",
                  { class: "mismatches" },
                  outcome.issues.map((issue) =>
                    h("li", { "data-code": issue.code }, h("code", {}, issue.path || "/"), " ", issueMessage(issue, lang)),
                  ),
                )
              : outcome.result.passed
                ? null
                : h(
                    "table",
                    { class: "items mismatches", "data-testid": "mismatches" },
                    h(
                      "thead",
                      {},
                      h(
                        "tr",
                        {},
                        h("th", { scope: "col" }, t("field", lang)),
                        h("th", { scope: "col" }, t("expected", lang)),
                        h("th", { scope: "col" }, t("decided", lang)),
                      ),
                    ),
                    h(
                      "tbody",
                      {},
                      outcome.result.mismatches.map((mismatch) =>
                        h(
                          "tr",
                          { "data-path": mismatch.path },
                          h("td", {}, h("code", {}, mismatch.path || "/")),
                          h("td", { class: "expected" }, show(mismatch.expected)),
                          h("td", { class: "actual" }, show(mismatch.actual)),
                        ),
                      ),
                    ),
                  ),
          );
        }),
      ),
    );
  }
}
