import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { build } from "esbuild";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/**
 * The main entry in a browser: bundled by esbuild for the browser (a Node
 * built-in anywhere in it fails the bundle), loaded by headless Chromium in a
 * page whose Content-Security-Policy is `script-src 'self'` (no eval, so the
 * conditions run as closures), and its decisions and pack hashes compared
 * with Node's. Runs when a Chromium is found (CHROMIUM_PATH, /usr/bin/chromium);
 * without one it says so in one line, and fails only under REQUIRE_BROWSER=1 (CI).
 */
const candidates = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].filter((path): path is string =>
  Boolean(path),
);
const executablePath = candidates.find((path) => existsSync(path));
const required = process.env.REQUIRE_BROWSER === "1";
const dist = resolve("dist/index.js");

const cases: Record<string, unknown> = {
  elderly: {
    asOf: "2023-06-01",
    resident: { id: "R1", birthDate: "1950-03-02", regionCode: "430602", conditions: ["hypertension"] },
    contract: {
      teamId: "T",
      signDate: "2023-06-01",
      packages: [{ id: "basic" }],
      team: [
        { memberId: "D1", role: "general-practitioner", score: 90 },
        { memberId: "N1", role: "health-manager", score: 60 },
      ],
    },
  },
  referral: JSON.parse(readFileSync("test/cases/yueyang-2023/02-pregnant-diabetic-referred-city-tertiary.json", "utf8")).case,
  badDate: { asOf: "2023-02-30", resident: { id: "R1", birthDate: "1950-03-02", regionCode: "430602" } },
};

/** What the page and Node both compute: the decision (or the issues) of each case, and the packs' hashes. */
const PROBE = `
export function probe(lib, cases) {
  const pack = lib.loadPack("yueyang-2023");
  const decisions = {};
  for (const [name, input] of Object.entries(cases)) {
    try {
      decisions[name] = lib.evaluate(pack, input);
    } catch (error) {
      decisions[name] = { isPolicyError: lib.isPolicyError(error), issues: error.issues };
    }
  }
  return {
    decisions,
    hashes: lib.bundledPackIds().map((id) => lib.loadPack(id).hash),
    mode: lib.compilePack(pack).mode,
    explained: lib.explain(decisions.elderly),
  };
}
`;

describe("the main entry in a browser (headless Chromium, CSP script-src 'self')", () => {
  it(executablePath ? `finds a Chromium (${executablePath})` : "finds a Chromium, or says so", () => {
    if (!executablePath) {
      console.log("browser tests skipped: no Chromium found (set CHROMIUM_PATH; .ci/run installs chromium and sets REQUIRE_BROWSER=1)");
      expect(required, "REQUIRE_BROWSER=1 but no Chromium was found").toBe(false);
    } else {
      expect(existsSync(executablePath)).toBe(true);
    }
  });

  it.each(["index", "engine", "analysis", "json-schema"])(
    "bundles dist/%s.js for the browser (a Node built-in would fail the bundle)",
    async (entry) => {
      const result = await build({
        entryPoints: [resolve(`dist/${entry}.js`)],
        bundle: true,
        platform: "browser",
        format: "esm",
        target: "es2022",
        write: false,
        metafile: true,
        logLevel: "silent",
      });
      expect(result.errors).toEqual([]);
      expect(Object.keys(result.metafile.inputs).filter((input) => /csv-parse|^node:/.test(input))).toEqual([]);
    },
  );

  it("cannot bundle the Node subpaths for the browser (they are Node's)", async () => {
    await expect(
      build({ entryPoints: [resolve("dist/node.js")], bundle: true, platform: "browser", format: "esm", write: false, logLevel: "silent" }),
    ).rejects.toThrow(/node:fs|fs/);
  });

  describe.skipIf(!executablePath)("with Chromium", () => {
    let browser: Browser;
    let bundle = "";
    let inputs: string[] = [];

    beforeAll(async () => {
      const result = await build({
        stdin: {
          contents: `import * as lib from ${JSON.stringify(dist)};\n${PROBE}\nconst cases = ${JSON.stringify(cases)};\nconst evalRefused = (() => { try { new Function("return 1"); return false; } catch (error) { return error instanceof EvalError; } })();\ntry { window.__result = JSON.stringify({ ...probe(lib, cases), evalRefused }); } catch (error) { window.__result = JSON.stringify({ crashed: String(error && error.stack || error) }); }\n`,
          resolveDir: resolve("."),
          sourcefile: "app.js",
        },
        bundle: true,
        platform: "browser",
        format: "iife",
        target: "es2022",
        write: false,
        metafile: true,
        logLevel: "silent",
      });
      bundle = result.outputFiles[0]!.text;
      inputs = Object.keys(result.metafile.inputs);
      browser = await chromium.launch({ executablePath: executablePath!, headless: true, args: ["--no-sandbox"] });
    });

    afterAll(async () => {
      await browser?.close();
    });

    it("bundles the main entry for the browser: no Node built-in (esbuild would refuse it), no csv-parse, the packs inlined", () => {
      expect(bundle.length).toBeGreaterThan(10_000);
      expect(bundle).not.toMatch(/require\("(node:)?(fs|path|crypto|os|stream|worker_threads)"\)/);
      expect(inputs.filter((input) => /csv-parse|node:|record\.ts|batch\.ts/.test(input))).toEqual([]);
      expect(inputs).toEqual(expect.arrayContaining([expect.stringContaining("@noble/hashes")]));
      expect(bundle).toContain("yueyang-2023");
    });

    it("evaluates cases with the decisions and pack hashes Node gives, conditions running as closures under the CSP", async () => {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on("pageerror", (error) => errors.push(String(error)));
      await page.route("http://fdr.test/**", async (route) => {
        const url = new URL(route.request().url());
        if (url.pathname === "/app.js") return route.fulfill({ status: 200, contentType: "text/javascript; charset=utf-8", body: bundle });
        return route.fulfill({
          status: 200,
          contentType: "text/html; charset=utf-8",
          headers: { "Content-Security-Policy": "script-src 'self'" },
          body: '<!doctype html><meta charset="utf-8"><title>家庭医生签约服务</title><script src="/app.js"></script>',
        });
      });
      await page.goto("http://fdr.test/");
      await page.waitForFunction(() => typeof (globalThis as unknown as { __result?: string }).__result === "string");
      const fromBrowser = JSON.parse(await page.evaluate(() => (globalThis as unknown as { __result: string }).__result)) as Record<
        string,
        unknown
      >;
      await page.close();

      expect(errors).toEqual([]);
      expect(fromBrowser.crashed).toBeUndefined();
      // The CSP is in force: the page's own script may not generate code.
      expect(fromBrowser.evalRefused).toBe(true);
      expect(fromBrowser.mode).toBe("closures");

      const lib = (await import(dist)) as Parameters<typeof probeInNode>[0];
      const fromNode = probeInNode(lib);
      expect(fromNode.mode).toBe("generated");
      expect(fromBrowser.hashes).toEqual(fromNode.hashes);
      expect(fromBrowser.decisions).toEqual(JSON.parse(JSON.stringify(fromNode.decisions)));
      expect(fromBrowser.explained).toBe(fromNode.explained);
      expect((fromBrowser.decisions as Record<string, { isPolicyError?: boolean }>).badDate?.isPolicyError).toBe(true);
    });
  });
});

/** The probe, run in Node on the same build. */
function probeInNode(lib: typeof import("../../src/index.js")) {
  const pack = lib.loadPack("yueyang-2023");
  const decisions: Record<string, unknown> = {};
  for (const [name, input] of Object.entries(cases)) {
    try {
      decisions[name] = lib.evaluate(pack, input);
    } catch (error) {
      decisions[name] = { isPolicyError: lib.isPolicyError(error), issues: (error as { issues: unknown }).issues };
    }
  }
  return {
    decisions,
    hashes: lib.bundledPackIds().map((id) => lib.loadPack(id).hash),
    mode: lib.compilePack(pack).mode,
    explained: lib.explain(decisions.elderly as never),
  };
}
