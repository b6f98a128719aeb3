/**
 * Plain SVG charts for the population views, each with a text alternative:
 * amounts before and after an edit side by side, and rates against targets.
 * Amounts are drawn from their two-decimal strings; no sum is computed here.
 *
 * @module
 */
import { s } from "./dom.js";

/** One row of a before/after chart: a label and two amounts ("40.00"). */
export interface PairedRow {
  readonly key: string;
  readonly label: string;
  readonly before: string;
  readonly after: string;
}

const scale = (value: string, max: number, space: number) => Math.max(1, (Math.abs(Number(value)) / max) * space);

/** Two bars per row, before (lighter) and after (darker), in yuan; `testId` names the chart for tests (one id a view). */
export function pairedBars(
  rows: readonly PairedRow[],
  label: string,
  legend: { before: string; after: string },
  testId: string,
): SVGElement {
  const max = Math.max(...rows.flatMap((row) => [Math.abs(Number(row.before)), Math.abs(Number(row.after))]), 0) || 1;
  const rowHeight = 46;
  const labelWidth = 200;
  const width = 640;
  const space = width - labelWidth - 130;
  return s(
    "svg",
    {
      class: "chart paired",
      "data-testid": testId,
      viewBox: `0 0 ${width} ${rows.length * rowHeight + 28}`,
      role: "img",
      "aria-label": `${label}: ${rows.map((row) => `${row.label} ${row.before} → ${row.after}`).join(", ")}`,
    },
    s("rect", { x: labelWidth, y: 4, width: 12, height: 10, class: "bar before" }),
    s("text", { x: labelWidth + 16, y: 13, class: "bar-label" }, legend.before),
    s("rect", { x: labelWidth + 130, y: 4, width: 12, height: 10, class: "bar after" }),
    s("text", { x: labelWidth + 146, y: 13, class: "bar-label" }, legend.after),
    rows.map((row, index) =>
      s(
        "g",
        { transform: `translate(0 ${index * rowHeight + 24})` },
        s("text", { x: labelWidth - 6, y: 24, class: "bar-label", "text-anchor": "end" }, row.label),
        s("rect", { x: labelWidth, y: 2, width: scale(row.before, max, space), height: 17, rx: 2, class: "bar before" }),
        s("text", { x: labelWidth + scale(row.before, max, space) + 6, y: 15, class: "bar-value" }, row.before),
        s("rect", { x: labelWidth, y: 21, width: scale(row.after, max, space), height: 17, rx: 2, class: "bar after" }),
        s("text", { x: labelWidth + scale(row.after, max, space) + 6, y: 34, class: "bar-value" }, row.after),
      ),
    ),
  );
}

/** One bar per row, in yuan. */
export function amountBars(rows: readonly { key: string; label: string; amount: string }[], label: string): SVGElement {
  const max = Math.max(...rows.map((row) => Math.abs(Number(row.amount))), 0) || 1;
  const rowHeight = 26;
  const labelWidth = 200;
  const width = 640;
  const space = width - labelWidth - 150;
  return s(
    "svg",
    {
      class: "chart",
      viewBox: `0 0 ${width} ${rows.length * rowHeight + 6}`,
      role: "img",
      "aria-label": `${label}: ${rows.map((row) => `${row.label} ${row.amount}`).join(", ")}`,
    },
    rows.map((row, index) =>
      s(
        "g",
        { transform: `translate(0 ${index * rowHeight + 4})` },
        s("text", { x: labelWidth - 6, y: 15, class: "bar-label", "text-anchor": "end" }, row.label),
        s("rect", { x: labelWidth, y: 2, width: scale(row.amount, max, space), height: 18, rx: 3, class: `bar bar-${index % 4}` }),
        s("text", { x: labelWidth + scale(row.amount, max, space) + 6, y: 15, class: "bar-value" }, row.amount),
      ),
    ),
  );
}

/** One row of a rates chart: the rate reached (or null, not given) against the target, both 0…1 as text ("0.6500"). */
export interface RateRow {
  readonly key: string;
  readonly label: string;
  readonly rate: string | null;
  readonly required: string;
  readonly met: boolean | null;
}

/** Rates as bars from 0 to 100 %, each target a mark; a met target's bar is green, a missed one red. */
export function rateBars(rows: readonly RateRow[], label: string, percent: (rate: string) => string): SVGElement {
  const rowHeight = 30;
  const labelWidth = 220;
  const width = 640;
  const space = width - labelWidth - 150;
  return s(
    "svg",
    {
      class: "chart rates",
      "data-testid": "coverage-chart",
      viewBox: `0 0 ${width} ${rows.length * rowHeight + 8}`,
      role: "img",
      "aria-label": `${label}: ${rows.map((row) => `${row.label} ${row.rate === null ? "—" : percent(row.rate)} / ${percent(row.required)}`).join(", ")}`,
    },
    rows.map((row, index) => {
      const reached = row.rate === null ? 0 : Math.min(1, Number(row.rate));
      const target = Math.min(1, Number(row.required));
      return s(
        "g",
        { transform: `translate(0 ${index * rowHeight + 4})` },
        s("text", { x: labelWidth - 6, y: 16, class: "bar-label", "text-anchor": "end" }, row.label),
        s("rect", { x: labelWidth, y: 3, width: space, height: 18, rx: 3, class: "track" }),
        s("rect", {
          x: labelWidth,
          y: 3,
          width: Math.max(1, reached * space),
          height: 18,
          rx: 3,
          class: `bar ${row.met === null ? "unknown" : row.met ? "met" : "missed"}`,
        }),
        s("line", { x1: labelWidth + target * space, x2: labelWidth + target * space, y1: 0, y2: 24, class: "target" }),
        s(
          "text",
          { x: labelWidth + space + 6, y: 16, class: "bar-value" },
          `${row.rate === null ? "—" : percent(row.rate)} / ${percent(row.required)}`,
        ),
      );
    }),
  );
}
