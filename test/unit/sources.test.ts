import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadPack } from "../../src/index.js";

/** Every `cite` object in a value, with its path. */
function cites(value: unknown, path = ""): { path: string; doc: string; quote: string }[] {
  if (value === null || typeof value !== "object") return [];
  if (Array.isArray(value)) return value.flatMap((item, index) => cites(item, `${path}/${index}`));
  return Object.entries(value).flatMap(([key, child]) =>
    key === "cite" && child && typeof child === "object" && "quote" in child
      ? [{ path: `${path}/cite`, doc: (child as { doc: string }).doc, quote: (child as { quote: string }).quote }]
      : cites(child, `${path}/${key}`),
  );
}

/** Every `cite` object in a value, whole, with its path. */
function allCites(value: unknown, path = ""): { path: string; doc: string; quote?: string; source?: string; note?: unknown }[] {
  if (value === null || typeof value !== "object") return [];
  if (Array.isArray(value)) return value.flatMap((item, index) => allCites(item, `${path}/${index}`));
  return Object.entries(value).flatMap(([key, child]) =>
    key === "cite" && child && typeof child === "object" && "doc" in child
      ? [{ path: `${path}/cite`, ...(child as { doc: string }) }]
      : allCites(child, `${path}/${key}`),
  );
}

const squeeze = (text: string) => text.replace(/\s+/g, "");

describe.each(["yongzhou-2017", "yueyang-2023"])("%s quotes its sources", (id) => {
  const pack = loadPack(id);
  const sources = new Map(
    pack.data.documents.flatMap((doc) => {
      const seed = /seeds\/(\S+\.txt)/.exec(doc.source ?? "")?.[1];
      return seed ? [[doc.id, squeeze(readFileSync(`sources/${seed}`, "utf8"))] as const] : [];
    }),
  );

  it("has a source text for each primary document", () => {
    for (const doc of pack.data.documents.filter((d) => d.kind === "primary")) expect(sources.has(doc.id)).toBe(true);
  });

  it("quotes each sentence of a primary document word for word", () => {
    const quoted = cites(pack.data).filter((cite) => sources.has(cite.doc));
    expect(quoted.length).toBeGreaterThan(20);
    for (const cite of quoted) {
      expect.soft(sources.get(cite.doc), `${cite.path}: ${cite.quote}`).toContain(squeeze(cite.quote));
    }
  });

  it("marks every cite of a document without seed text secondary, and quotes only what it can", () => {
    const seeded = new Set(sources.keys());
    const unseeded = cites(pack.data).filter((cite) => !seeded.has(cite.doc));
    expect(unseeded.length).toBeGreaterThan(0);
    const all = allCites(pack.data);
    for (const cite of all) {
      if (seeded.has(cite.doc)) expect(cite.source, `${cite.path} quotes a seed`).toBeUndefined();
      else expect(cite.source, `${cite.path} cites ${cite.doc}, which has no seed`).toBe("secondary");
      if (cite.quote === undefined) expect(cite.source === "secondary" && cite.note !== undefined, cite.path).toBe(true);
    }
  });

  it("cites every parameter and rule", () => {
    for (const [name, parameter] of Object.entries(pack.data.parameters)) {
      expect(parameter.cite.quote ?? (parameter.cite.source === "secondary" ? parameter.cite.note?.en : undefined), name).toBeTruthy();
      if (parameter.interpretation) expect(parameter.note?.en, `${name} is an interpretation and needs a note`).toBeTruthy();
    }
  });
});
