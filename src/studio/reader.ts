/**
 * Reading a pack beside its sources: documents, parameters with their dated
 * values on a timeline, every section's rules, each citation opening the
 * source text; interpretations flagged with their notes, secondary citations
 * marked, and the list of what is not encoded.
 *
 * @module
 */
import { compareDates } from "../core/dates.js";
import type { Lang } from "../core/messages.js";
import type { Cite, LocalText } from "../model/decision.js";
import type { Pack } from "../pack/load.js";
import type { PackData, Parameter } from "../pack/schema.js";
import { h, s, type Child } from "./dom.js";
import { pick, SECTION_TITLES, t } from "./i18n.js";
import { documentKind, openSource } from "./source.js";

/** What the reader needs from the app. */
export interface ReaderContext {
  readonly pack: Pack;
  readonly lang: Lang;
}

/** A citation as a button that opens the source; a citation of a secondary source is marked. */
export function citeButton(pack: PackData, cite: Cite, lang: Lang): HTMLElement {
  const kind = documentKind(pack, cite.doc);
  const secondary = kind === "secondary";
  return h(
    "button",
    {
      type: "button",
      class: `cite${secondary ? " secondary" : ""}${kind === "national" ? " national" : ""}`,
      "data-testid": "cite",
      title: `${t("openSource", lang)}: ${cite.doc} ${cite.clause}${secondary ? ` (${t("secondary", lang)})` : ""}`,
      onclick: () => openSource(pack, cite, lang),
    },
    `${cite.doc} ${cite.clause}`,
    secondary ? h("span", { class: "badge secondary-badge" }, t("secondary", lang)) : null,
  );
}

/** The interpretation flag and note of a cited item, if any. */
function notes(item: { interpretation?: boolean; note?: LocalText }, lang: Lang): Child {
  if (!item.interpretation && !item.note) return null;
  return h(
    "div",
    { class: item.interpretation ? "note interpretation" : "note" },
    item.interpretation
      ? h("span", { class: "badge interpretation-badge", "data-testid": "interpretation" }, t("interpretation", lang))
      : null,
    item.note ? h("span", {}, pick(item.note, lang)) : null,
  );
}

function quote(cite: Cite): Child {
  return cite.quote ? h("blockquote", { lang: "zh" }, `「${cite.quote}」`) : null;
}

function showValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return value.join(", ");
  return String(value);
}

/** The dated values of a parameter as bars over the pack's period. */
function timeline(pack: PackData, parameter: Parameter, lang: Lang): SVGElement {
  const values = [...parameter.values].sort((a, b) => compareDates(a.from, b.from));
  const start = Date.parse(pack.effective.from);
  const lastDate = values.reduce((latest, value) => Math.max(latest, Date.parse(value.to ?? value.from)), start);
  const end = pack.effective.to ? Date.parse(pack.effective.to) : Math.max(lastDate, start) + 3 * 365 * 86_400_000;
  const width = 480;
  const x = (date: string | undefined) =>
    date === undefined ? width : Math.max(0, Math.min(width, ((Date.parse(date) - start) / (end - start || 1)) * width));
  const label = values.map((value) => `${value.from} – ${value.to ?? t("openEnded", lang)}: ${showValue(value.value)}`).join("; ");
  return s(
    "svg",
    {
      class: "timeline",
      viewBox: `0 0 ${width} 34`,
      role: "img",
      "aria-label": `${t("timeline", lang)}: ${label}`,
      "data-testid": "timeline",
    },
    values.map((value, index) =>
      s(
        "g",
        {},
        s("rect", {
          x: x(value.from),
          y: 2,
          width: Math.max(2, x(value.to) - x(value.from)),
          height: 18,
          rx: 3,
          class: `segment segment-${index % 3}`,
        }),
        s("text", { x: x(value.from) + 4, y: 15, class: "segment-label" }, showValue(value.value)),
        s("text", { x: x(value.from) + 2, y: 32, class: "date-label" }, value.from),
      ),
    ),
    pack.effective.to ? s("text", { x: width - 2, y: 32, class: "date-label end" }, pack.effective.to) : null,
  );
}

function parameterRow(pack: PackData, id: string, parameter: Parameter, lang: Lang): HTMLElement {
  return h(
    "article",
    { class: "card parameter", id: `param-${id}`, "data-testid": `parameter-${id}` },
    h("h4", {}, pick(parameter.label, lang), " ", h("code", {}, id)),
    h(
      "p",
      { class: "meta" },
      `${parameter.type}${parameter.unit ? ` · ${parameter.unit}` : ""}`,
      parameter.minimum !== undefined ? ` · ≥ ${parameter.minimum}` : "",
      parameter.maximum !== undefined ? ` · ≤ ${parameter.maximum}` : "",
    ),
    timeline(pack, parameter, lang),
    h(
      "ul",
      { class: "dated-values" },
      parameter.values.map((value) =>
        h(
          "li",
          {},
          h("span", { class: "dates" }, `${value.from} – ${value.to ?? t("openEnded", lang)}`),
          " ",
          h("strong", {}, showValue(value.value)),
        ),
      ),
    ),
    h("div", { class: "citation" }, citeButton(pack, parameter.cite, lang), quote(parameter.cite)),
    notes(parameter, lang),
  );
}

type Cited = {
  id?: string;
  label?: LocalText;
  cite?: Cite;
  interpretation?: boolean;
  note?: LocalText;
  when?: unknown;
  silent?: { cite: Cite; note: LocalText };
};
const SHOWN = new Set(["id", "label", "cite", "interpretation", "note", "when", "silent"]);

/** One cited item of a section: its label, condition or values, citation and notes. */
function citedItem(pack: PackData, item: Cited, lang: Lang): HTMLElement {
  if (item.silent) {
    return h(
      "article",
      { class: "card silent" },
      h("p", {}, h("span", { class: "badge silent-badge" }, t("silent", lang)), " ", pick(item.silent.note, lang)),
      h("div", { class: "citation" }, citeButton(pack, item.silent.cite, lang), quote(item.silent.cite)),
    );
  }
  const rest = Object.fromEntries(Object.entries(item).filter(([key]) => !SHOWN.has(key)));
  const nested = Object.entries(rest).filter(([, value]) => isCitedObject(value) || (Array.isArray(value) && value.some(isCitedObject)));
  const plain = Object.fromEntries(Object.entries(rest).filter(([key]) => !nested.some(([name]) => name === key)));
  return h(
    "article",
    { class: "card rule", ...(item.id ? { "data-rule": item.id } : {}) },
    item.label || item.id ? h("h4", {}, item.label ? pick(item.label, lang) : "", " ", item.id ? h("code", {}, item.id) : null) : null,
    item.when !== undefined ? h("pre", { class: "condition", "aria-label": "when" }, JSON.stringify(item.when, null, 1)) : null,
    Object.keys(plain).length > 0 ? h("pre", { class: "fields" }, JSON.stringify(plain, null, 1)) : null,
    item.cite ? h("div", { class: "citation" }, citeButton(pack, item.cite, lang), quote(item.cite)) : null,
    notes(item, lang),
    nested.map(([key, value]) =>
      h(
        "div",
        { class: "nested" },
        h("h5", {}, key),
        (Array.isArray(value) ? value : [value]).filter(isCitedObject).map((child) => citedItem(pack, child as Cited, lang)),
      ),
    ),
  );
}

function isCitedObject(value: unknown): boolean {
  return value !== null && typeof value === "object" && !Array.isArray(value) && ("cite" in value || "silent" in value);
}

/** A value of a section: cited items as cards, lists of them, parts of a section by name, or plain values. */
function block(pack: PackData, value: unknown, lang: Lang): Child {
  if (isCitedObject(value)) return citedItem(pack, value as Cited, lang);
  if (Array.isArray(value)) return value.map((item) => block(pack, item, lang));
  if (value !== null && typeof value === "object") {
    return Object.entries(value).map(([part, child]) =>
      h("div", { class: "nested" }, h("h5", {}, h("code", {}, part)), block(pack, child, lang)),
    );
  }
  return h("pre", { class: "fields" }, JSON.stringify(value));
}

function section(pack: PackData, key: ReaderSection, lang: Lang): HTMLElement | null {
  const value = (pack as unknown as Record<string, unknown>)[key];
  if (value === undefined) return null;
  const title = SECTION_TITLES[key];
  return h(
    "section",
    { class: "pack-section", id: `section-${key}`, "aria-labelledby": `section-${key}-title` },
    h("h3", { id: `section-${key}-title` }, pick(title, lang), " ", h("code", {}, key)),
    block(pack, value, lang),
  );
}

/** A pack section the reader shows (every area's, and the coverage targets). */
type ReaderSection = keyof typeof SECTION_TITLES;

/** The reader view of a pack. */
export function renderReader({ pack, lang }: ReaderContext): HTMLElement {
  const data = pack.data;
  const sections = (Object.keys(SECTION_TITLES) as ReaderSection[]).filter(
    (key) => (data as unknown as Record<string, unknown>)[key] !== undefined,
  );
  const effective = data.effective;
  return h(
    "div",
    { class: "reader", "data-testid": "reader" },
    h(
      "header",
      { class: "pack-head" },
      h("h2", {}, pick(data.title, lang)),
      h(
        "p",
        { class: "meta" },
        h("code", {}, `${data.id} ${data.version}`),
        ` · ${t("region", lang)}: ${pick(data.region.name, lang)} (${data.region.codePrefix}…)`,
        ` · ${t("effective", lang)}: ${effective.from} – ${effective.to ?? t("openEnded", lang)}`,
      ),
      h("p", { class: "meta hash" }, h("code", {}, pack.hash)),
      h("div", { class: "citation" }, citeButton(data, effective.cite, lang), quote(effective.cite)),
      notes(effective, lang),
    ),
    h(
      "nav",
      { class: "toc", "aria-label": t("sections", lang) },
      h(
        "ul",
        {},
        h("li", {}, h("a", { href: "#section-documents" }, t("documents", lang))),
        h("li", {}, h("a", { href: "#section-parameters" }, t("parameters", lang))),
        sections.map((key) => h("li", {}, h("a", { href: `#section-${key}` }, pick(SECTION_TITLES[key], lang)))),
        h("li", {}, h("a", { href: "#section-not-encoded" }, t("notEncoded", lang))),
      ),
    ),
    h(
      "section",
      { class: "pack-section", id: "section-documents", "aria-labelledby": "documents-title" },
      h("h3", { id: "documents-title" }, t("documents", lang)),
      h(
        "ul",
        { class: "documents" },
        data.documents.map((doc) =>
          h(
            "li",
            { class: `document kind-${doc.kind}` },
            h("strong", {}, doc.id),
            " ",
            h(
              "span",
              { class: `badge kind-badge kind-${doc.kind}` },
              doc.kind === "secondary" ? t("secondary", lang) : doc.kind === "national" ? t("national", lang) : doc.kind,
            ),
            " ",
            pick(doc.title, lang),
            doc.issuer ? ` — ${doc.issuer}` : "",
            doc.issued ? ` (${doc.issued})` : "",
            doc.source ? h("div", { class: "meta" }, doc.source) : null,
          ),
        ),
      ),
    ),
    h(
      "section",
      { class: "pack-section", id: "section-parameters", "aria-labelledby": "parameters-title" },
      h("h3", { id: "parameters-title" }, t("parameters", lang)),
      Object.entries(data.parameters).map(([id, parameter]) => parameterRow(data, id, parameter, lang)),
    ),
    sections.map((key) => section(data, key, lang)),
    h(
      "section",
      { class: "pack-section", id: "section-not-encoded", "aria-labelledby": "not-encoded-title", "data-testid": "not-encoded" },
      h("h3", { id: "not-encoded-title" }, t("notEncoded", lang)),
      (data.notEncoded ?? []).map((item) =>
        h(
          "article",
          { class: "card not-encoded" },
          h("h4", {}, h("code", {}, item.topic)),
          h("p", {}, pick(item.note, lang)),
          h("div", { class: "citation" }, citeButton(data, item.cite, lang), quote(item.cite)),
        ),
      ),
    ),
  );
}
