import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkJsonFile } from "../../src/cli/findings.js";
import { loadPack, validatePack } from "../../src/index.js";
import { lintPack } from "../../src/pack/lint.js";
import { checkPackText } from "../../src/studio/check.js";
import { caseLink, decodeCase, encodeCase } from "../../src/studio/codec.js";
import { findQuote } from "../../src/studio/quote.js";

const yueyangText = readFileSync("rules/yueyang-2023.json", "utf8");

/** What `fdr lint` finds in a file, with its line and column: validation issues, else lint findings. */
function cliFindings(file: string) {
  return checkJsonFile(file, "en", (json) => {
    const issues = validatePack(json);
    return issues.length > 0 ? issues.map((issue) => ({ ...issue, severity: "error" })) : lintPack(loadPack(json as object).data);
  });
}

describe("studio: live checks of a pack's text", () => {
  it("a bundled pack is valid, lint-clean, and loads with the bundled hash", () => {
    const check = checkPackText(yueyangText, "en");
    expect(check.findings).toEqual([]);
    expect(check.pack?.hash).toBe(loadPack("yueyang-2023").hash);
  });

  it("places each finding where fdr lint does (same line, column, code and path)", () => {
    const files = ["rules/yongzhou-2017.json", "rules/examples/yongzhou-lingling-example.json"];
    const broken = yueyangText.replace('"id": "basic",', '"id": "basic",\n      "pirce": "40.00",');
    const shares = yueyangText.replace(/("basicPackage\.price": \{[\s\S]*?"value": )"40\.00"/, '$1"41.00"');
    const notJson = yueyangText.slice(0, 500);
    const missing = yueyangText.replace(/\n {2}"version": "1\.0\.0",/, "");
    const badFact = yueyangText.replace('"fact": "ageYears"', '"fact": "agYears"');
    const overlayBroken = readFileSync(files[1]!, "utf8").replace('"extends"', '"extnds"');
    const texts = [...files.map((file) => readFileSync(file, "utf8")), broken, shares, notJson, missing, badFact, overlayBroken];
    const dir = mkdtempSync(join(tmpdir(), "fdr-studio-"));
    const file = join(dir, "pack.json");
    for (const text of texts) {
      writeFileSync(file, text);
      const cli = cliFindings(file).map(({ line, column, code, path }) => ({ line, column, code, path }));
      const studio = checkPackText(text, "en").findings.map(({ line, column, code, path }) => ({ line, column, code, path }));
      const order = (a: { line?: number; column?: number }, b: { line?: number; column?: number }) =>
        (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0);
      expect(studio.sort(order)).toEqual(cli.sort(order));
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it("finds the unknown key at its own line, in Chinese or English", () => {
    const broken = yueyangText.replace('"id": "basic",', '"id": "basic",\n      "pirce": "40.00",');
    const line = broken.split("\n").findIndex((row) => row.includes('"pirce"')) + 1;
    for (const lang of ["zh", "en"] as const) {
      const [finding] = checkPackText(broken, lang).findings;
      expect(finding).toMatchObject({ code: "unrecognized_keys", line, severity: "error" });
      expect(finding?.message).toContain("pirce");
      if (lang === "zh") expect(finding?.message).toMatch(/^未知字段/);
    }
  });

  it("lint findings are worded in the chosen language", () => {
    const shares = yueyangText.replace(/("basicPackage\.price": \{[\s\S]*?"value": )"40\.00"/, '$1"42.00"');
    expect(checkPackText(shares, "zh").findings[0]?.message).toMatch(/^各方分担之和不等于价格：/);
    expect(checkPackText(shares, "en").findings[0]?.message).toMatch(/^on 2022-03-03 the shares of package basic sum to 40\.00/);
    // And with the resident's share raised to match, lint is clean.
    const fixed = shares.replace(/("basicPackage\.residentShare": \{[\s\S]*?"value": )"8\.00"/, '$1"10.00"');
    expect(checkPackText(fixed, "en").findings).toEqual([]);
  });
});

describe("studio: the case in a link", () => {
  it("round-trips any JSON case through base64url, Chinese text included", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const encoded = encodeCase(value);
        expect(encoded).toMatch(/^[A-Za-z0-9_-]*$/);
        expect(decodeCase(encoded)).toEqual(JSON.parse(JSON.stringify(value)));
      }),
    );
    expect(decodeCase(encodeCase({ name: "岳阳市 居民" }))).toEqual({ name: "岳阳市 居民" });
  });

  it("builds ?pack=&case= links and rejects text that is not base64url JSON", () => {
    const link = new URL(caseLink("http://127.0.0.1:7337/?view=edit#x", "yueyang-2023", { asOf: "2023-06-01" }));
    expect(link.searchParams.get("pack")).toBe("yueyang-2023");
    expect(decodeCase(link.searchParams.get("case") ?? "")).toEqual({ asOf: "2023-06-01" });
    expect(link.searchParams.get("view")).toBeNull();
    expect(() => decodeCase("not base64!")).toThrow();
    expect(() => decodeCase(encodeCase("x").slice(0, 2))).toThrow();
  });
});

describe("studio: quotations in the source text", () => {
  it("finds every quotation of a bundled pack's primary documents in its text", () => {
    for (const id of ["yueyang-2023", "yongzhou-2017"]) {
      const pack = loadPack(id);
      const texts = new Map(
        pack.data.documents.flatMap((doc) => {
          const seed = /seeds\/(\S+?\.txt)/.exec(doc.source ?? "")?.[1];
          return seed ? [[doc.id, readFileSync(`sources/${seed}`, "utf8")] as const] : [];
        }),
      );
      const quotes = JSON.stringify(pack.data).match(/"doc":"[^"]+","clause":"[^"]+","quote":"[^"]+"/g) ?? [];
      expect(quotes.length).toBeGreaterThan(10);
      for (const raw of quotes) {
        const cite = JSON.parse(`{${raw}}`) as { doc: string; quote: string };
        const text = texts.get(cite.doc);
        if (!text) continue;
        const found = findQuote(text, cite.quote);
        expect(found, cite.quote).toBeDefined();
        expect(text.slice(found!.start, found!.end).replace(/\s+/g, "")).toBe(cite.quote.replace(/\s+/g, ""));
      }
    }
  });

  it("ignores white space and reads regular-expression characters literally", () => {
    expect(findQuote("甲乙\n丙丁", "乙丙")).toEqual({ start: 1, end: 4 });
    expect(findQuote("a (b) c.d", "(b)c.d")).toEqual({ start: 2, end: 9 });
    expect(findQuote("abc", "x.")).toBeUndefined();
    expect(findQuote("abc", "  ")).toBeUndefined();
  });
});
