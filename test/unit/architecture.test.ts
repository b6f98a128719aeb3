import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith(".ts") ? [path] : [];
  });
}

const sources = files("src").map((path) => ({ path: relative("src", path), text: readFileSync(path, "utf8") }));

/**
 * The layers, lowest first: a file may import its own layer and the layers
 * below it, never one above. Entry points (the main index, subpath entries,
 * the CLI, the server, the studio) sit on top.
 */
const LAYERS = ["core", "model", "engine", "pack", "policy", "batch", "analysis", "entry"] as const;

/** The layer a source file belongs to: its folder, or `entry` for the files at the root and the entry points. */
function layer(path: string): (typeof LAYERS)[number] {
  const folder = path.split("/")[0] as string;
  return (LAYERS as readonly string[]).includes(folder) ? (folder as (typeof LAYERS)[number]) : "entry";
}

/**
 * Every module specifier a source names: `import … from`, `export … from`,
 * a bare `import "…"`, and `import("…")`, in either quotes.
 */
function specifiers(text: string): string[] {
  return [...text.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)(["'])([^"'\n]+)\1/g)].map((match) => match[2] as string);
}

function localImports(text: string, from: string): string[] {
  return specifiers(text)
    .filter((specifier) => specifier.startsWith("./") || specifier.startsWith("../"))
    .map((specifier) => relative(".", join(from, "..", specifier).replace(/\.js$/, ".ts")));
}

describe("architecture", () => {
  it("reads every form of import: from, export from, a bare import and import(), in either quotes", () => {
    const text = [
      'import { a } from "../batch/a.js";',
      "export { b } from '../analysis/b.js';",
      'import "../cli/c.js";',
      "const d = () => import('../server/d.js');",
      'export * from "node:fs";',
    ].join("\n");
    expect(specifiers(text)).toEqual(["../batch/a.js", "../analysis/b.js", "../cli/c.js", "../server/d.js", "node:fs"]);
    expect(localImports(text, "model/case.ts")).toEqual(["batch/a.ts", "analysis/b.ts", "cli/c.ts", "server/d.ts"]);
  });

  it("imports run one way, down the layers: core → model → engine → pack → policy → batch → analysis → entry points", () => {
    const violations: string[] = [];
    for (const { path, text } of sources) {
      for (const target of localImports(text, path)) {
        if (target.endsWith(".json")) {
          // Pack data is bundled by pack/bundled.ts alone.
          if (path !== "pack/bundled.ts" || !target.startsWith("../rules/")) violations.push(`${path} imports ${target}`);
          continue;
        }
        const from = LAYERS.indexOf(layer(path));
        const to = LAYERS.indexOf(layer(target));
        if (to > from) violations.push(`${path} (${layer(path)}) imports ${target} (${layer(target)})`);
      }
    }
    expect(violations).toEqual([]);
  });

  it("the main entry and the browser-safe subpaths reach no Node built-in, csv-parse or Buffer", () => {
    const byPath = new Map(sources.map((source) => [source.path, source.text]));
    for (const entry of ["index.ts", "entries/engine.ts", "entries/analysis.ts", "entries/json-schema.ts"]) {
      const seen = new Set<string>();
      const queue = [entry];
      const offenders: string[] = [];
      while (queue.length > 0) {
        const path = queue.pop() as string;
        if (seen.has(path)) continue;
        seen.add(path);
        const text = byPath.get(path) ?? "";
        const code = text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/.*$/gm, "");
        for (const specifier of specifiers(code)) {
          if (specifier.startsWith(".")) continue;
          if (
            specifier.startsWith("node:") ||
            specifier === "csv-parse" ||
            specifier.startsWith("csv-parse/") ||
            ["fs", "path", "crypto", "os", "stream", "worker_threads"].includes(specifier)
          ) {
            offenders.push(`${path} imports ${specifier}`);
          }
        }
        if (/\bBuffer\b/.test(code)) offenders.push(`${path} uses Buffer`);
        for (const target of localImports(text, path)) if (!target.endsWith(".json")) queue.push(target);
      }
      expect(seen.size, entry).toBeGreaterThan(entry === "index.ts" ? 20 : 1);
      expect(offenders, entry).toEqual([]);
    }
  });

  it("entry points stay apart: the server and the studio never import the CLI, the studio never the server", () => {
    const violations: string[] = [];
    for (const { path, text } of sources) {
      const from = path.split("/")[0];
      if (from !== "server" && from !== "studio") continue;
      for (const target of localImports(text, path)) {
        if (target.startsWith("cli/") || (from === "studio" && target.startsWith("server/"))) violations.push(`${path} imports ${target}`);
      }
    }
    expect(violations).toEqual([]);
  });

  it("every source file sits in a layer folder, an entry folder or is the main entry", () => {
    const folders = new Set([...LAYERS, "cli", "server", "studio", "entries"]);
    const loose = sources.map((s) => s.path).filter((path) => path !== "index.ts" && !folders.has(path.split("/")[0] as never));
    expect(loose).toEqual([]);
  });

  it("the core (dates, money, errors) imports nothing outside itself", () => {
    for (const { path, text } of sources.filter((s) => s.path.startsWith("core/"))) {
      expect(
        localImports(text, path).filter((target) => !target.startsWith("core/")),
        path,
      ).toEqual([]);
    }
  });

  it("keeps policy figures out of TypeScript code (comments aside)", () => {
    const figures = /['"](40|20|12|10|8)\.00['"]|\b0\.(7|70|05)\b|\b(56|42|65)\b/;
    const offenders = sources.flatMap(({ path, text }) =>
      text
        .replace(/\/\*[\s\S]*?\*\//g, "")
        .split("\n")
        .map((line) => line.replace(/\/\/.*$/, ""))
        .filter((line) => figures.test(line))
        .map((line) => `${path}: ${line.trim()}`),
    );
    expect(offenders).toEqual([]);
  });

  it("names no priority group or package in TypeScript code", () => {
    // (tuberculosis is also a condition code and bedridden a case field, so neither is listed here.)
    const groupIds =
      /["'](elderly|chronic-disease|preschool-child|maternal|disabled|registered-poor|poverty-alleviated|family-planning-special|personalized)["']/;
    const offenders = sources.filter(({ text }) => groupIds.test(text.replace(/\/\*[\s\S]*?\*\//g, ""))).map(({ path }) => path);
    expect(offenders).toEqual([]);
  });
});
