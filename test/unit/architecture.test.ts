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

/** The layer a source file belongs to. */
function layer(path: string): string {
  if (path.startsWith("cli/")) return "cli";
  if (path.startsWith("server/")) return "server";
  if (path.startsWith("studio/")) return "studio";
  if (path.startsWith("policy/")) return "policy";
  if (path.startsWith("engine/")) return "engine";
  if (path.startsWith("pack/")) return "pack";
  if (path.startsWith("model/")) return "model";
  if (["money.ts", "dates.ts", "errors.ts", "frozen.ts"].includes(path)) return "base";
  return "index"; // index.ts, api.ts, explain.ts
}

/** What each layer may import (besides itself). */
const ALLOWED: Record<string, string[]> = {
  // The CLI imports the modules it uses directly (the public entries are for consumers), and starts the server.
  cli: ["index", "policy", "pack", "engine", "model", "base", "server"],
  // The HTTP service: an entry point like the CLI, reading the library's modules directly.
  server: ["index", "policy", "pack", "engine", "model", "base"],
  // The browser workbench: an entry point beside the CLI, importing library modules (never the CLI).
  studio: ["index", "policy", "pack", "engine", "model", "base"],
  index: ["policy", "pack", "engine", "model", "base"],
  policy: ["pack", "engine", "model", "base"],
  pack: ["engine", "model", "base"],
  engine: ["base"],
  model: ["base"],
  base: ["base"],
};

function localImports(text: string, from: string): string[] {
  return [...text.matchAll(/from\s+"(\.{1,2}\/[^"]+)"/g)].map((match) => {
    const target = join(from, "..", match[1] as string).replace(/\.js$/, ".ts");
    return relative(".", target);
  });
}

describe("architecture", () => {
  it("imports run one way: cli and studio → index → policy → engine and pack → model, money, dates", () => {
    const violations: string[] = [];
    for (const { path, text } of sources) {
      for (const target of localImports(text, path)) {
        if (target.endsWith(".json")) {
          // Pack data is bundled by pack/bundled.ts alone.
          if (path !== "pack/bundled.ts" || !target.startsWith("../rules/")) violations.push(`${path} imports ${target}`);
          continue;
        }
        const from = layer(path);
        const to = layer(target);
        if (from !== to && !ALLOWED[from]!.includes(to)) violations.push(`${path} (${from}) imports ${target} (${to})`);
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
        for (const match of code.matchAll(/from\s+"([^".][^"]*)"/g)) {
          const specifier = match[1] as string;
          if (specifier.startsWith("node:") || specifier === "csv-parse" || specifier.startsWith("csv-parse/") || ["fs", "path", "crypto", "os", "stream", "worker_threads"].includes(specifier)) {
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

  it("money and dates know nothing of the library", () => {
    for (const { path, text } of sources.filter((s) => ["money.ts", "dates.ts"].includes(s.path))) {
      expect(localImports(text, path), path).toEqual([]);
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
    const groupIds = /["'](elderly|chronic-disease|preschool-child|maternal|disabled|registered-poor|poverty-alleviated|family-planning-special|personalized)["']/;
    const offenders = sources.filter(({ text }) => groupIds.test(text.replace(/\/\*[\s\S]*?\*\//g, ""))).map(({ path }) => path);
    expect(offenders).toEqual([]);
  });
});
