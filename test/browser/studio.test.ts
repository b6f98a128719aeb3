/**
 * `fdr studio` in headless Chromium: the served app (dist/studio, built by
 * `npm run build`), driven as an analyst would. Runs when a Chromium is found
 * (CHROMIUM_PATH, /usr/bin/chromium, /usr/bin/chromium-browser); without one
 * it says so in one line, unless REQUIRE_BROWSER=1, which makes it a failure.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { createRequire } from "node:module";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluate, loadPack } from "../../src/index.js";
import { decodeCase, encodeCase } from "../../src/studio/codec.js";

const CANDIDATES = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].filter((path): path is string =>
  Boolean(path),
);
const executablePath = CANDIDATES.find((path) => existsSync(path));
const required = process.env.REQUIRE_BROWSER === "1";
if (!executablePath && !required) console.log("browser tests skipped: no Chromium found (set CHROMIUM_PATH, or REQUIRE_BROWSER=1 to fail)");

/** Where screenshots go: docs/img with FDR_SCREENSHOTS=1 (to refresh the guide's pictures), else a temporary folder, so a test run leaves the tree clean. */
const SHOTS = process.env.FDR_SCREENSHOTS === "1" ? "docs/img" : mkdtempSync(join(tmpdir(), "fdr-shots-"));
const squeeze = (text: string) => text.replace(/\s+/g, "");
const packText = (id: string) => readFileSync(`rules/${id}.json`, "utf8");

/** The example cases of a pack in test/cases (JSON files: { case }). */
function casesOf(id: string): { name: string; case: Record<string, unknown> }[] {
  const dir = `test/cases/${id}`;
  return readdirSync(dir)
    .filter((name) => name.endsWith(".json"))
    .sort()
    .map((name) => ({ name, case: (JSON.parse(readFileSync(join(dir, name), "utf8")) as { case: Record<string, unknown> }).case }));
}

describe.runIf(executablePath !== undefined || required)("fdr studio in Chromium", { timeout: 120_000 }, () => {
  let server: ChildProcessWithoutNullStreams;
  let base = "";
  let browser: Browser;
  const foreign: string[] = [];
  const violations: string[] = [];

  beforeAll(async () => {
    expect(executablePath, "no Chromium found and REQUIRE_BROWSER=1").toBeDefined();
    expect(existsSync("dist/studio/index.html"), "dist/studio is built by npm run build").toBe(true);
    mkdirSync(SHOTS, { recursive: true });
    server = spawn(process.execPath, ["dist/cli.js", "studio", "--no-open", "--port", "0", "--pack", "rules/examples"]);
    base = await new Promise<string>((resolve, reject) => {
      let seen = "";
      server.stdout.on("data", (chunk: Buffer) => {
        seen += String(chunk);
        const match = /http:\/\/127\.0\.0\.1:\d+\//.exec(seen);
        if (match) resolve(match[0]);
      });
      server.on("exit", (code) => reject(new Error(`fdr studio exited with ${code}: ${seen}`)));
    });
    browser = await chromium.launch({ executablePath: executablePath as string, args: ["--no-sandbox", "--disable-gpu"] });
  });

  afterAll(async () => {
    await browser?.close();
    server?.kill("SIGTERM");
  });

  async function open(query = "", lang?: "en"): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.on("request", (request) => {
      if (!request.url().startsWith(base) && !request.url().startsWith("data:") && !request.url().startsWith("blob:"))
        foreign.push(request.url());
    });
    page.on("console", (message) => {
      if (message.type() === "error" && /Content Security Policy/.test(message.text())) violations.push(message.text());
    });
    page.on("pageerror", (error) => violations.push(`page error: ${error.message}`));
    // A refused `new Function` caught by the code logs nothing, but it is still a violation the page reports.
    await page.exposeFunction("reportCspViolation", (text: string) => violations.push(`securitypolicyviolation: ${text}`));
    await page.addInitScript(
      `document.addEventListener("securitypolicyviolation", (event) => window.reportCspViolation(event.violatedDirective + " " + event.blockedURI + " " + event.sourceFile + ":" + event.lineNumber));`,
    );
    await page.goto(`${base}${query}${lang ? `${query ? "&" : "?"}lang=${lang}` : ""}`);
    await page.waitForSelector("body[data-ready]");
    return page;
  }

  async function decisionShown(page: Page): Promise<unknown> {
    await page.getByTestId("decision").waitFor();
    return JSON.parse((await page.getByTestId("decision-json").textContent()) ?? "null");
  }

  it("is served on 127.0.0.1 with a strict CSP: own origin only, no eval, no inline script", async () => {
    const response = await fetch(base);
    const csp = response.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline/);
    const html = await response.text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/\sstyle=/);
    expect((await fetch(`${base}../../package.json`)).status).toBe(404);
    expect((await fetch(`${base}%2e%2e/%2e%2e/package.json`)).status).toBe(404);
  });

  it("reads a bundled pack beside its sources: timelines, citations opening the quoted sentence, interpretations, secondary sources, not encoded", async () => {
    const page = await open("?pack=yueyang-2023");
    const pack = loadPack("yueyang-2023");
    await page.getByRole("heading", { level: 2, name: pack.data.title.zh }).waitFor({ state: "visible" });
    expect(await page.getByTestId("timeline").count()).toBe(Object.keys(pack.data.parameters).length);
    expect(await page.getByTestId("interpretation").count()).toBeGreaterThan(5);
    // Citations of 国卫基层发〔2022〕10号 (known from secondary sources) are marked.
    expect(await page.locator("button.cite.secondary").count()).toBeGreaterThan(0);
    expect((await page.locator("button.cite.secondary").allTextContents()).some((text) => text.includes("国卫基层发〔2022〕10号"))).toBe(
      true,
    );
    await expect.poll(() => page.getByTestId("not-encoded").locator("article").count()).toBe(pack.data.notEncoded?.length ?? 0);
    await page.screenshot({ path: `${SHOTS}/studio-read.png` });
    // The basic package's citation opens the Yueyang text with its sentence highlighted.
    const cite = pack.data.packages[0]!.cite;
    await page.locator("#section-packages button.cite").first().click();
    const quote = page.getByTestId("source-quote");
    await quote.waitFor({ state: "visible" });
    expect(squeeze((await quote.textContent()) ?? "")).toBe(squeeze(cite.quote!));
    await page.screenshot({ path: `${SHOTS}/studio-source.png` });
    await page.keyboard.press("Escape");
    await page.getByTestId("source-dialog").waitFor({ state: "hidden" });
    await page.close();
  });

  it.each(["yueyang-2023", "yongzhou-2017"])("opens a case's decision from a link, equal to evaluate() in Node (%s)", async (id) => {
    const pack = loadPack(id);
    const page = await open();
    for (const { name, case: kase } of casesOf(id)) {
      await page.goto(`${base}?pack=${id}&case=${encodeCase(kase)}`);
      await page.waitForSelector("body[data-ready]");
      const expected = evaluate(pack, kase);
      expect(await decisionShown(page), name).toEqual(JSON.parse(JSON.stringify(expected)));
      await expect.poll(() => page.getByTestId("eligible").getAttribute("data-value")).toBe(String(expected.eligibility.eligible));
      await expect.poll(() => page.getByTestId("priority-groups").getAttribute("data-value")).toBe(expected.priorityGroups.join(","));
      if (expected.fee) {
        await expect.poll(() => page.getByTestId("fee-total").textContent()).toBe(expected.fee.total);
        for (const [payer, amount] of Object.entries(expected.fee.payers))
          await expect.poll(() => page.getByTestId(`payer-${payer}`).textContent()).toBe(amount);
      }
      expect(await page.getByTestId("explain").textContent()).toContain(
        `${expected.pack} ${expected.packVersion} · resident ${expected.residentId} · decision date ${expected.asOf}`,
      );
      if (id === "yueyang-2023" && name.startsWith("01-")) await page.screenshot({ path: `${SHOTS}/studio-run.png`, fullPage: true });
    }
    await page.close();
  });

  it("evaluates a case built in the form, equal to evaluate() in Node", async () => {
    const start = { asOf: "2023-06-01", resident: { id: "F1", birthDate: "1980-01-15", regionCode: "430602" } };
    const page = await open(`?pack=yueyang-2023&case=${encodeCase(start)}`);
    await page.locator("#case-resident-birthDate").fill("1950-03-02");
    await page.locator("#case-resident-conditions-diabetes").check();
    await page.locator("#case-resident-sex").selectOption("male");
    await page.locator("#case-contract-include").check();
    await page.locator("#case-contract-teamId").fill("T1");
    await page.locator("#case-contract-packages-add").click();
    await page.locator("#case-contract-packages-0-id").selectOption("basic");
    await page.locator("#case-contract-team-add").click();
    await page.locator("#case-contract-team-0-memberId").fill("D1");
    await page.locator("#case-contract-team-0-score").fill("80");
    await page.locator("#case-contract-team-add").click();
    await page.locator("#case-contract-team-1-memberId").fill("D2");
    await page.locator("#case-contract-team-1-role").selectOption("health-manager");
    await page.locator("#case-contract-team-1-score").fill("20");
    const kase = {
      asOf: "2023-06-01",
      resident: { id: "F1", birthDate: "1950-03-02", regionCode: "430602", conditions: ["diabetes"], sex: "male" },
      contract: {
        teamId: "T1",
        signDate: "2023-06-01",
        packages: [{ id: "basic" }],
        team: [
          { memberId: "D1", role: "specialist", score: 80 },
          { memberId: "D2", role: "health-manager", score: 20 },
        ],
      },
    };
    const expected = evaluate(loadPack("yueyang-2023"), kase as unknown);
    await expect.poll(() => page.getByTestId("staff-D2").textContent()).toBe(expected.fee!.staffPay!.D2!);
    expect(await decisionShown(page)).toEqual(JSON.parse(JSON.stringify(expected)));
    // The address now carries the case, for a colleague.
    const link = new URL(page.url());
    expect(link.searchParams.get("pack")).toBe("yueyang-2023");
    expect(decodeCase(link.searchParams.get("case") ?? "")).toEqual(kase);
    await page.close();
  });

  it("shows a broken pack file's finding at its line and column", async () => {
    const page = await open();
    const text = packText("yueyang-2023").replace('"id": "basic",', '"id": "basic",\n      "pirce": "40.00",');
    const line = text.split("\n").findIndex((row) => row.includes('"pirce"')) + 1;
    const column = (text.split("\n")[line - 1] ?? "").indexOf('"pirce"') + 1;
    await page.getByTestId("pack-file").setInputFiles({ name: "broken.json", mimeType: "application/json", buffer: Buffer.from(text) });
    const problems = page.getByTestId("problems");
    await problems.waitFor({ state: "visible" });
    const finding = problems.locator('li[data-code="unrecognized_keys"]');
    await expect.poll(() => finding.count()).toBe(1);
    await expect.poll(async () => (await finding.textContent()) ?? "").toContain(`${line}:${column}`);
    await expect.poll(async () => (await finding.textContent()) ?? "").toContain("pirce");
    await page.screenshot({ path: `${SHOTS}/studio-edit.png` });
    // The run view says the pack must be fixed first.
    await page.getByTestId("tab-run").click();
    await page.getByTestId("pack-invalid").waitFor({ state: "visible" });
    await page.close();
  });

  it("an edit of the Yueyang shares keeps lint clean when they sum to the price, and the case's fee follows", async () => {
    const basicCase = {
      asOf: "2023-06-01",
      resident: { id: "S1", birthDate: "1980-01-15", regionCode: "430602" },
      contract: { teamId: "T1", signDate: "2023-06-01", packages: [{ id: "basic" }] },
    };
    const page = await open(`?pack=yueyang-2023&case=${encodeCase(basicCase)}`);
    await page.getByTestId("tab-edit").click();
    const original = packText("yueyang-2023");
    const setValue = (text: string, id: string, value: string) =>
      text.replace(new RegExp(`("${id.replace(/\./g, "\\.")}": \\{[\\s\\S]*?"value": )"[^"]*"`), `$1"${value}"`);
    // Only the price: the shares no longer sum to it, and lint says so at once.
    await pasteInto(page, "pack-editor", setValue(original, "basicPackage.price", "42.00"));
    await expect.poll(() => page.getByTestId("problems").locator('li[data-code="shares-not-price"]').count()).toBe(1);
    // And the resident's share, the whole text typed in one go: clean again. (The editor's own
    // select-all, not the DOM's: the editor draws only the lines in view, so a DOM selection
    // may not reach the end of the document.)
    await page.getByTestId("pack-editor").click();
    await page.keyboard.press("Control+a");
    await page.keyboard.insertText(setValue(setValue(original, "basicPackage.price", "42.00"), "basicPackage.residentShare", "10.00"));
    await expect
      .poll(() =>
        page
          .getByTestId("problems")
          .locator("li.finding")
          .evaluateAll((items) => items.map((item) => item.getAttribute("data-code"))),
      )
      .toEqual([]);
    await page.getByTestId("no-problems").waitFor({ state: "visible" });
    await page.getByTestId("tab-run").click();
    await expect.poll(() => page.getByTestId("fee-total").textContent()).toBe("42.00");
    await expect.poll(() => page.getByTestId("payer-resident").textContent()).toBe("10.00");
    const edited = loadPack(
      JSON.parse(setValue(setValue(original, "basicPackage.price", "42.00"), "basicPackage.residentShare", "10.00")) as object,
    );
    expect(await decisionShown(page)).toEqual(JSON.parse(JSON.stringify(evaluate(edited, basicCase))));
    // The edited pack downloads as it stands in the editor.
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("download").click()]);
    const saved = JSON.parse(readFileSync((await download.path()) as string, "utf8")) as object;
    expect(loadPack(saved).hash).toBe(edited.hash);
    expect(download.suggestedFilename()).toBe("yueyang-2023.json");
    await page.close();
  });

  it("completes keys from the pack's JSON Schema and describes a key on hover", async () => {
    const page = await open("?pack=yueyang-2023&view=edit");
    const shadow = (selector: string) =>
      `[...document.querySelector(".editor-box").shadowRoot.querySelectorAll(${JSON.stringify(selector)})].map((el) => el.textContent)`;
    await page.getByTestId("pack-editor").click();
    await page.keyboard.press("Control+Home");
    await page.keyboard.press("End");
    await page.keyboard.press("Enter");
    await page.keyboard.type('"');
    await page.keyboard.press("Control+Space");
    // Keys the pack does not have yet are offered (with the schema's description); keys it has are not.
    await expect
      .poll(async () => ((await page.evaluate(shadow(".cm-tooltip-autocomplete li"))) as string[]).join(" "))
      .toContain("coverageTargets");
    expect(((await page.evaluate(shadow(".cm-tooltip-autocomplete li"))) as string[]).join(" ")).not.toMatch(/\bregion\b/);
    // (CodeMirror ignores Enter for 75 ms after the list opens, against accidental picks.)
    await page.waitForTimeout(300);
    await page.keyboard.press("Enter");
    await expect.poll(async () => ((await page.evaluate(shadow(".cm-line"))) as string[])[1]).toMatch(/^ {2}"[A-Za-z$]+": $/);
    await page.keyboard.press("Control+z");
    await page.keyboard.press("Control+z");
    // Hover over a key: the schema's description of that field.
    await page
      .locator(".cm-line", { hasText: '"version"' })
      .first()
      .hover({ position: { x: 30, y: 5 } });
    await expect.poll(async () => ((await page.evaluate(shadow(".schema-hover"))) as string[]).join(" ")).toContain("The pack's version");
    await page.close();
  });

  it("switches the language of labels, findings and decisions", async () => {
    const page = await open("?pack=yueyang-2023&view=edit");
    await expect.poll(() => page.locator("html").getAttribute("lang")).toBe("zh-CN");
    await expect.poll(() => page.locator("h1").textContent()).toBe("规则工作台");
    await page.getByTestId("lang-toggle").click();
    await expect.poll(() => page.locator("html").getAttribute("lang")).toBe("en");
    await expect.poll(() => page.locator("h1").textContent()).toBe("Rules studio");
    await expect.poll(async () => (await page.getByTestId("no-problems").textContent()) ?? "").toContain("No problems");
    await page.getByTestId("tab-read").click();
    await page.getByRole("heading", { level: 2, name: loadPack("yueyang-2023").data.title.en }).waitFor({ state: "visible" });
    await page.screenshot({ path: `${SHOTS}/studio-read-en.png` });
    await page.getByTestId("lang-toggle").click();
    await expect.poll(() => page.locator("h1").textContent()).toBe("规则工作台");
    await page.close();
  });

  it("has no serious accessibility violations (axe-core) in any view", async () => {
    const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
    const kase = casesOf("yueyang-2023")[0]!.case;
    const page = await open(`?pack=yueyang-2023&case=${encodeCase(kase)}`);
    await page.evaluate(`${axeSource}\n;0`);
    const serious: string[] = [];
    for (const view of ["read", "edit", "run"]) {
      await page.getByTestId(`tab-${view}`).click();
      const result = (await page.evaluate(`axe.run(document, { resultTypes: ["violations"] })`)) as {
        violations: { id: string; impact: string; nodes: { target: string[] }[] }[];
      };
      for (const violation of result.violations) {
        if (violation.impact === "serious" || violation.impact === "critical")
          serious.push(
            `${view}: ${violation.id} (${violation.impact}) at ${violation.nodes
              .slice(0, 3)
              .map((node) => node.target.join(" "))
              .join(", ")}`,
          );
      }
    }
    expect(serious.join("\n")).toBe("");
    await page.close();
  });

  it("reaches every control by keyboard, and every control has a name", async () => {
    const kase = casesOf("yueyang-2023")[0]!.case;
    const page = await open(`?pack=yueyang-2023&case=${encodeCase(kase)}`);
    for (const view of ["read", "edit", "run"]) {
      await page.getByTestId(`tab-${view}`).click();
      // Every visible control of the page, with its accessible name (its label, aria-label or text).
      const controls = (await page.evaluate(`(() => {
        const all = [];
        const walk = (root) => root.querySelectorAll("*").forEach((el) => { if (el.shadowRoot) walk(el.shadowRoot); all.push(el); });
        walk(document);
        const focusable = all.filter((el) => el.matches("a[href], button, select, input, textarea, [tabindex]:not([tabindex='-1']), [contenteditable='true']") && !el.disabled && el.getClientRects().length > 0 && !el.closest("[hidden]") && !el.closest("details:not([open]) > :not(summary)"));
        const nameOf = (el) => {
          if (el.getAttribute("aria-label")) return el.getAttribute("aria-label");
          if (el.labels && el.labels.length) return [...el.labels].map((l) => l.textContent).join(" ");
          const by = el.getAttribute("aria-labelledby");
          if (by) return by.split(" ").map((id) => document.getElementById(id)?.textContent ?? "").join(" ");
          return (el.textContent || el.getAttribute("title") || "").trim();
        };
        focusable.forEach((el, index) => el.setAttribute("data-kb", String(index)));
        return focusable.map((el) => ({ key: el.getAttribute("data-kb"), tag: el.tagName, name: (nameOf(el) || "").trim() }));
      })()`)) as { key: string; tag: string; name: string }[];
      expect(controls.length).toBeGreaterThan(3);
      expect(
        controls.filter((control) => control.name === "").map((control) => control.tag),
        `${view}: controls without a name`,
      ).toEqual([]);
      // Tab from the top of the page until focus comes round again.
      const reached = new Set<string>();
      await page.locator("body").focus();
      await page.evaluate(`document.activeElement && document.activeElement.blur()`);
      for (let step = 0; step < controls.length * 2 + 10; step++) {
        await page.keyboard.press("Tab");
        const key = (await page.evaluate(
          `(() => { let el = document.activeElement; while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement; return el ? el.getAttribute("data-kb") : null; })()`,
        )) as string | null;
        if (key !== null) {
          if (reached.has(key) && reached.size >= controls.length) break;
          reached.add(key);
        }
      }
      const missed = controls.filter((control) => !reached.has(control.key)).map((control) => `${control.tag} ${control.name}`);
      expect(missed.join("\n"), `${view}: not reachable by Tab`).toBe("");
    }
    await page.close();
  });

  it("asked for nothing beyond its own origin and broke no CSP rule", () => {
    expect(foreign).toEqual([]);
    expect(violations).toEqual([]);
  });
});

/** Selects all of an editor's text and pastes `text` over it, as an analyst pasting an edited pack would. */
async function pasteInto(page: Page, testId: string, text: string): Promise<void> {
  await page.getByTestId(testId).click();
  await page.keyboard.press("Control+a");
  // The page's DOM types are not in this (Node) program: reach them through globalThis.
  await page.getByTestId(testId).evaluate((element, pasted) => {
    const page = globalThis as unknown as {
      DataTransfer: new () => { setData(type: string, data: string): void };
      ClipboardEvent: new (type: string, init: object) => unknown;
    };
    const data = new page.DataTransfer();
    data.setData("text/plain", pasted);
    (element as unknown as { dispatchEvent(event: unknown): boolean }).dispatchEvent(
      new page.ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }),
    );
  }, text);
}
