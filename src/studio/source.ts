/**
 * The source text of a citation: the document's text (sources/*.txt, bundled)
 * in a dialog, with the quoted sentence highlighted and scrolled into view.
 *
 * @module
 */
import SOURCES from "studio:sources";
import type { Lang } from "../core/messages.js";
import type { Cite } from "../model/decision.js";
import type { PackData } from "../pack/schema.js";
import { h, replace } from "./dom.js";
import { pick, t } from "./i18n.js";
import { findQuote } from "./quote.js";

/** The bundled text of a pack's document, when it has one (its `source` names a seed file). */
export function sourceText(pack: PackData, docId: string): string | undefined {
  const doc = pack.documents.find((item) => item.id === docId);
  const file = /seeds\/(\S+?\.txt)/.exec(doc?.source ?? "")?.[1];
  return file ? SOURCES[file] : undefined;
}

/** The kind of a cited document (primary, national, secondary, example), if the pack lists it. */
export function documentKind(pack: PackData, docId: string): string | undefined {
  return pack.documents.find((item) => item.id === docId)?.kind;
}

let dialog: HTMLDialogElement | undefined;

function ensureDialog(): HTMLDialogElement {
  if (!dialog) {
    dialog = h("dialog", { class: "source-dialog", "aria-labelledby": "source-title", "data-testid": "source-dialog" });
    document.body.appendChild(dialog);
  }
  return dialog;
}

/** Opens a citation's source text with the quoted sentence highlighted. */
export function openSource(pack: PackData, cite: Cite, lang: Lang): void {
  const box = ensureDialog();
  const doc = pack.documents.find((item) => item.id === cite.doc);
  const text = sourceText(pack, cite.doc);
  const close = h("button", { type: "button", class: "close", onclick: () => box.close() }, t("close", lang));
  const heading = h("h2", { id: "source-title" }, `${cite.doc} · ${cite.clause}`);
  const subtitle = doc ? h("p", { class: "doc-title" }, pick(doc.title, lang), doc.issuer ? ` — ${doc.issuer}` : "") : null;
  let body: HTMLElement;
  let mark: HTMLElement | undefined;
  if (text === undefined) {
    body = h(
      "div",
      { class: "source-missing" },
      h("p", {}, t("noSource", lang), doc?.source ? ` (${doc.source})` : ""),
      cite.quote ? h("blockquote", { lang: "zh" }, h("mark", {}, cite.quote)) : null,
    );
  } else {
    const found = cite.quote ? findQuote(text, cite.quote) : undefined;
    if (found) {
      mark = h("mark", { "data-testid": "source-quote" }, text.slice(found.start, found.end));
      body = h(
        "div",
        { class: "source-text", lang: "zh", tabindex: 0, role: "document", "aria-label": t("source", lang) },
        text.slice(0, found.start),
        mark,
        text.slice(found.end),
      );
    } else {
      body = h(
        "div",
        {},
        cite.quote ? h("p", { class: "warning" }, t("quoteNotFound", lang), " ", h("q", { lang: "zh" }, cite.quote)) : null,
        h("div", { class: "source-text", lang: "zh", tabindex: 0 }, text),
      );
    }
  }
  replace(box, h("header", {}, heading, close), subtitle, body);
  if (!box.open) box.showModal();
  mark?.scrollIntoView({ block: "center" });
  close.focus();
}
