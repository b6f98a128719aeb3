/**
 * `fdr studio`, part 2, in headless Chromium: a population diffed under an
 * edited pack in a Web Worker (the same counts and totals as `fdr diff` on the
 * same residents, from NDJSON, a GB18030 CSV with Chinese headers and .xlsx),
 * the page answering clicks while the worker runs, cancel stopping it, the
 * export of changed residents, the golden case files run as `fdr test` runs
 * them, and budget and coverage as `fdr budget` / `fdr coverage` give them.
 * Runs when a Chromium is found (CHROMIUM_PATH, /usr/bin/chromium,
 * /usr/bin/chromium-browser); REQUIRE_BROWSER=1 makes a missing one a failure.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { budget, checkCoverage } from "../../src/analysis/coverage.js";
import { runCaseFile } from "../../src/analysis/casefile.js";
import type { PackDiff } from "../../src/analysis/diff.js";
import { csvTextRecords } from "../../src/batch/population-text.js";
import { loadPack } from "../../src/index.js";
// @ts-expect-error a plain JavaScript module of the scripts (the benchmark's seeded population)
import { population } from "../../scripts/population.mjs";

const CANDIDATES = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].filter((path): path is string =>
  Boolean(path),
);
const executablePath = CANDIDATES.find((path) => existsSync(path));
const required = process.env.REQUIRE_BROWSER === "1";
if (!executablePath && !required) console.log("browser tests skipped: no Chromium found (set CHROMIUM_PATH, or REQUIRE_BROWSER=1 to fail)");

/** Where screenshots go: docs/img with FDR_SCREENSHOTS=1 (to refresh the guide's pictures), else a temporary folder, so a test run leaves the tree clean. */
const SHOTS = process.env.FDR_SCREENSHOTS === "1" ? "docs/img" : mkdtempSync(join(tmpdir(), "fdr-shots-"));
const PAYERS = ["public-health-subsidy", "medical-insurance-fund", "resident"];

/** A pack's text with one parameter's (first) value set. */
function edit(text: string, id: string, value: string): string {
  return text.replace(new RegExp(`("${id.replace(/\./g, "\\.")}": \\{[\\s\\S]*?"value": )"[^"]*"`), `$1"${value}"`);
}

/** The Yueyang pack as the analyst edits it: resident share 10.00, price 42.00. */
const EDITED = edit(
  edit(readFileSync("rules/yueyang-2023.json", "utf8"), "basicPackage.price", "42.00"),
  "basicPackage.residentShare",
  "10.00",
);

type Case = {
  asOf: string;
  resident: Record<string, unknown>;
  contract?: { teamId: string; signDate: string; packages: { id: string }[] };
};

/** The seeded synthetic population of the benchmark (scripts/population.mjs). */
const people = (count: number, options: { teams?: boolean } = {}): Case[] => [
  ...(population(count, "430602", 42, options) as Iterable<Case>),
];

/** The CSV columns (Chinese header names, as a local system exports them) and each case's cells. */
const CSV_COLUMNS: [string, (kase: Case) => string][] = [
  ["评估日期", (kase) => kase.asOf],
  ["居民编号", (kase) => String(kase.resident.id)],
  ["出生日期", (kase) => String(kase.resident.birthDate)],
  ["行政区划代码", (kase) => String(kase.resident.regionCode)],
  ["慢性病", (kase) => ((kase.resident.conditions as string[] | undefined) ?? []).join(";")],
  ["孕产状态", (kase) => (kase.resident.pregnancy as { status: string } | undefined)?.status ?? ""],
  ["持证残疾人", (kase) => String((kase.resident.disability as { certified?: boolean } | undefined)?.certified ?? "")],
  [
    "生活自理困难",
    (kase) => String((kase.resident.disability as { dailyLivingDifficulty?: boolean } | undefined)?.dailyLivingDifficulty ?? ""),
  ],
  ["已脱贫", (kase) => String(kase.resident.povertyAlleviated ?? "")],
  ["团队编号", (kase) => kase.contract?.teamId ?? ""],
  ["签约日期", (kase) => kase.contract?.signDate ?? ""],
  ["服务包", (kase) => kase.contract?.packages[0]?.id ?? ""],
];

/** The cases as a CSV row can hold them (no empty condition list): what `fdr diff` reads as NDJSON. */
const csvShaped = (cases: Case[]): Case[] =>
  cases.map((kase) => {
    const resident = { ...kase.resident };
    if ((resident.conditions as string[]).length === 0) delete resident.conditions;
    return { ...kase, resident };
  });

describe.runIf(executablePath !== undefined || required)(
  "fdr studio in Chromium: population diff, case files, budget",
  { timeout: 180_000 },
  () => {
    let server: ChildProcessWithoutNullStreams;
    let base = "";
    let browser: Browser;
    let dir = "";
    const foreign: string[] = [];
    const violations: string[] = [];
    const files = { edited: "", ndjson: "", csvNdjson: "", csv: "", xlsx: "", big: "" };

    beforeAll(async () => {
      expect(executablePath, "no Chromium found and REQUIRE_BROWSER=1").toBeDefined();
      expect(existsSync("dist/studio/diff-worker.js"), "dist/studio is built by npm run build").toBe(true);
      mkdirSync(SHOTS, { recursive: true });
      dir = mkdtempSync(join(tmpdir(), "fdr-studio-population-"));
      files.edited = join(dir, "yueyang-edited.json");
      writeFileSync(files.edited, EDITED);
      // A few thousand residents, with their teams (staff pay moves too).
      files.ndjson = join(dir, "residents.ndjson");
      writeFileSync(
        files.ndjson,
        `${people(3000, { teams: true })
          .map((kase) => JSON.stringify(kase))
          .join("\n")}\n`,
      );
      // The same 2,500 residents as NDJSON, as a GB18030 CSV with Chinese headers, and as .xlsx.
      const shaped = csvShaped(people(2500));
      files.csvNdjson = join(dir, "csv-residents.ndjson");
      writeFileSync(files.csvNdjson, `${shaped.map((kase) => JSON.stringify(kase)).join("\n")}\n`);
      const rows = shaped.map((kase) => CSV_COLUMNS.map(([, cell]) => cell(kase)));
      files.csv = join(dir, "居民名单.csv");
      writeFileSync(
        files.csv,
        iconv.encode(`${[CSV_COLUMNS.map(([name]) => name), ...rows].map((row) => row.join(",")).join("\r\n")}\r\n`, "gb18030"),
      );
      const workbook = new ExcelJS.Workbook();
      const sheet = workbook.addWorksheet("居民");
      sheet.addRow(CSV_COLUMNS.map(([name]) => name));
      for (const row of rows) sheet.addRow(row);
      files.xlsx = join(dir, "residents.xlsx");
      await workbook.xlsx.writeFile(files.xlsx);
      // Enough residents for the worker to run a few seconds: the page is used meanwhile, then the diff cancelled.
      files.big = join(dir, "many.ndjson");
      writeFileSync(
        files.big,
        `${people(40_000)
          .map((kase) => JSON.stringify(kase))
          .join("\n")}\n`,
      );
      server = spawn(process.execPath, ["dist/cli.js", "studio", "--no-open", "--port", "0"]);
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
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    async function open(query: string): Promise<Page> {
      const page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
      page.on("request", (request) => {
        if (!request.url().startsWith(base) && !request.url().startsWith("data:") && !request.url().startsWith("blob:"))
          foreign.push(request.url());
      });
      page.on("console", (message) => {
        if (message.type() === "error" && /Content Security Policy|Refused/.test(message.text())) violations.push(message.text());
      });
      page.on("pageerror", (error) => violations.push(`page error: ${error.message}`));
      await page.goto(`${base}${query}`);
      await page.waitForSelector("body[data-ready]");
      return page;
    }

    /** Waits for the check of the edited text (the pack list marks it edited), clean. */
    async function checkedAsEdited(page: Page): Promise<void> {
      await expect.poll(async () => (await page.locator("#pack-select option:checked").textContent()) ?? "").toContain("已修改");
      await page.getByTestId("no-problems").waitFor({ state: "visible" });
    }

    /** Opens the studio with the Yueyang pack edited in the editor (resident share 10.00, price 42.00). */
    async function editedStudio(view: string): Promise<Page> {
      const page = await open("?pack=yueyang-2023&view=edit");
      await pasteInto(page, "pack-editor", EDITED);
      await checkedAsEdited(page);
      await page.getByTestId(`tab-${view}`).click();
      return page;
    }

    /** `fdr diff` in Node on the same files. */
    function cliDiff(cases: string): PackDiff {
      const run = spawnSync(process.execPath, ["dist/cli.js", "diff", "yueyang-2023", files.edited, "--cases", cases, "--json"], {
        encoding: "utf8",
        maxBuffer: 256 * 1024 * 1024,
      });
      expect(run.status, run.stderr).toBe(0);
      return JSON.parse(run.stdout) as PackDiff;
    }

    async function diffOf(page: Page, file: string): Promise<void> {
      await page.getByTestId("population-file").setInputFiles(file);
      await page.locator('[data-testid="diff-status"][data-state="done"]').waitFor({ timeout: 120_000 });
    }

    async function expectShows(page: Page, expected: PackDiff): Promise<void> {
      expect(Number(await page.getByTestId("diff-changed").textContent())).toBe(expected.changed.length);
      expect(Number(await page.getByTestId("diff-cases").textContent())).toBe(expected.cases);
      for (const payer of Object.keys(expected.payerTotals.before)) {
        expect(await page.getByTestId(`diff-total-before-${payer}`).textContent(), payer).toBe(expected.payerTotals.before[payer]);
        expect(await page.getByTestId(`diff-total-after-${payer}`).textContent(), payer).toBe(expected.payerTotals.after[payer]);
      }
      expect(await page.getByTestId("diff-staff-pool-before").textContent()).toBe(expected.staffPoolTotals.before);
      expect(await page.getByTestId("diff-staff-pool-after").textContent()).toBe(expected.staffPoolTotals.after);
    }

    it("a few thousand residents diffed under the edited Yueyang pack show what fdr diff shows; the changed residents export as CSV and .xlsx", async () => {
      const expected = cliDiff(files.ndjson);
      // The edit moves the resident's share and the staff pool, and nothing else.
      expect(expected.changed.length).toBeGreaterThan(1000);
      expect(expected.payerTotals.after.resident).not.toBe(expected.payerTotals.before.resident);
      expect(Object.keys(expected.payerTotals.before).sort()).toEqual([...PAYERS].sort());
      const page = await editedStudio("diff");
      await diffOf(page, files.ndjson);
      await expectShows(page, expected);
      await expect.poll(async () => (await page.getByTestId("totals-of").textContent()) ?? "").toContain("签约居民");
      expect(await page.getByTestId("diff-chart").getAttribute("aria-label")).toContain(
        `${expected.payerTotals.before.resident} → ${expected.payerTotals.after.resident}`,
      );
      expect(await page.locator('[data-testid="diff-fields"] li[data-path="/fee/payers/resident"]').textContent()).toContain(
        expected.changed.length.toLocaleString("zh-CN"),
      );
      await page.screenshot({ path: `${SHOTS}/studio-diff.png` });

      // Every change, one row per value, in the CSV; the same rows in the workbook.
      const rows = expected.changed.reduce((sum, change) => sum + Math.max(1, change.fields.length), 0);
      const [csvDownload] = await Promise.all([page.waitForEvent("download"), page.getByTestId("diff-export-csv").click()]);
      expect(csvDownload.suggestedFilename()).toBe("residents-changes.csv");
      const csv = readFileSync((await csvDownload.path()) as string, "utf8");
      const records = csvTextRecords(csv);
      expect(records.length).toBe(rows + 1);
      expect(new Set(records.slice(1).map((record) => ("cells" in record ? Number(record.cells[0]) : -1)))).toEqual(
        new Set(expected.changed.map((change) => change.line)),
      );
      const resident = expected.changed[0]!.fields.find((field) => field.path === "/fee/payers/resident")!;
      expect(csv).toContain(`,/fee/payers/resident,${resident.before as string},${resident.after as string}`);
      const [xlsxDownload] = await Promise.all([page.waitForEvent("download"), page.getByTestId("diff-export-xlsx").click()]);
      expect(xlsxDownload.suggestedFilename()).toBe("residents-changes.xlsx");
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.readFile((await xlsxDownload.path()) as string);
      const sheet = workbook.getWorksheet("changes")!;
      expect(sheet.rowCount).toBe(rows + 1);
      expect(sheet.getRow(1).values).toEqual([undefined, "line", "residentId", "groupsGained", "groupsLost", "field", "before", "after"]);
      await page.close();
    });

    it("compares an edited pack opened from a file with the bundled pack, as fdr diff <bundled> <file> does", async () => {
      const expected = cliDiff(files.ndjson);
      const page = await open("?pack=yueyang-2023");
      await page.getByTestId("pack-file").setInputFiles(files.edited);
      await expect
        .poll(async () => (await page.locator("#pack-select option:checked").textContent()) ?? "")
        .toContain("yueyang-edited.json");
      await page.getByTestId("tab-diff").click();
      // A file keeping a bundled pack's id is an edited copy: by default it is compared with that pack.
      await expect
        .poll(async () => (await page.getByTestId("diff-packs").textContent()) ?? "")
        .toMatch(/^比较： yueyang-2023 → yueyang-2023 — yueyang-edited\.json$/);
      await diffOf(page, files.ndjson);
      await expectShows(page, expected);
      // As loaded, the file is compared with itself: nothing changes, the totals are the edited pack's.
      await page.getByTestId("diff-before").selectOption("loaded");
      await page.getByTestId("diff-run").click();
      await expect.poll(() => page.getByTestId("diff-changed").textContent(), { timeout: 60_000 }).toBe("0");
      expect(await page.getByTestId("diff-total-before-resident").textContent()).toBe(expected.payerTotals.after.resident);
      // Chosen explicitly, the bundled pack gives fdr diff's answer again.
      await page.getByTestId("diff-before").selectOption("yueyang-2023");
      await page.getByTestId("diff-run").click();
      await expect.poll(() => page.getByTestId("diff-changed").textContent(), { timeout: 60_000 }).toBe(String(expected.changed.length));
      await page.close();
    });

    it("the same residents as a GB18030 CSV with Chinese headers and as .xlsx show what fdr diff shows on them as NDJSON", async () => {
      const expected = cliDiff(files.csvNdjson);
      expect(expected.cases).toBe(2500);
      // From the editor: choosing the population shows the population view.
      const page = await editedStudio("edit");
      await diffOf(page, files.csv);
      await expectShows(page, expected);
      expect(await page.getByTestId("diff-unreadable").count()).toBe(0);
      expect(await page.locator(".diff-summary").textContent()).toContain("CSV · GB18030");
      await diffOf(page, files.xlsx);
      await expect.poll(async () => await page.locator(".diff-summary").textContent()).toContain("XLSX");
      await expectShows(page, expected);
      // A row that is not the documented codes is listed at its line, not lost and not a case.
      const bad = join(dir, "bad-row.csv");
      writeFileSync(
        bad,
        "asOf,id,birthDate,regionCode,sex,teamId,signDate,package\n2023-06-01,R1,1950-03-02,430602,male,T1,2023-05-01,basic\n2023-06-01,R2,1950-03-02,430602,male,T1,2023-05-01,basic,extra\n2023-06-01,R3,1950-03-02,430602,female,T1,2023-05-01,basic\n",
      );
      await diffOf(page, bad);
      await expect.poll(() => page.getByTestId("diff-cases").textContent()).toBe("2");
      expect(await page.getByTestId("diff-unreadable").getAttribute("data-count")).toBe("1");
      expect(await page.locator("details.unreadable li").first().textContent()).toContain("3");
      await page.close();
    });

    it("answers clicks while the worker runs, and cancel stops the worker", async () => {
      const page = await editedStudio("diff");
      await page.getByTestId("population-file").setInputFiles(files.big);
      const progress = page.getByTestId("diff-progress");
      await expect.poll(async () => Number(await progress.getAttribute("value")), { timeout: 60_000 }).toBeGreaterThan(0);
      expect(page.workers().length).toBe(1);
      // The page answers while the worker works: another view opens, the language changes, and back.
      await page.getByTestId("tab-read").click();
      await page.locator("#view-read").waitFor({ state: "visible" });
      await page.getByTestId("lang-toggle").click();
      await expect.poll(() => page.locator("h1").textContent()).toBe("Rules studio");
      await page.getByTestId("tab-diff").click();
      await page.locator("#view-diff").waitFor({ state: "visible" });
      const running = page.locator('[data-testid="diff-status"][data-state="running"]');
      expect(await running.count(), "the diff still runs after the clicks were answered").toBe(1);
      const before = Number(await progress.getAttribute("value"));
      expect(before).toBeLessThan(40_000);
      await page.getByTestId("diff-cancel").click();
      await page.locator('[data-testid="diff-status"][data-state="cancelled"]').waitFor();
      const stoppedAt = Number(await page.getByTestId("diff-progress").getAttribute("value"));
      await page.waitForTimeout(1500);
      // Nothing more comes: no result, the count where it stopped.
      expect(await page.getByTestId("diff-changed").count()).toBe(0);
      expect(Number(await page.getByTestId("diff-progress").getAttribute("value"))).toBe(stoppedAt);
      expect(await page.getByTestId("diff-status").textContent()).toContain("Cancelled");
      // And it runs again on request, to the end.
      await page.getByTestId("population-file").setInputFiles(files.ndjson);
      await page.locator('[data-testid="diff-status"][data-state="done"]').waitFor({ timeout: 120_000 });
      await page.close();
    });

    it.each(["yueyang-2023", "yongzhou-2017"])(
      "runs the golden case files of %s as fdr test does, with their results shown",
      async (id) => {
        const folder = `test/cases/${id}`;
        const paths = readdirSync(folder)
          .sort()
          .map((name) => join(folder, name));
        // Opened on the reader: choosing the files (the input is in a view not shown) shows the case-files view.
        const page = await open(`?pack=${id}`);
        await page.getByTestId("case-files").setInputFiles(paths);
        await page.locator("#view-cases").waitFor({ state: "visible" });
        const results = page.getByTestId("case-results");
        await expect.poll(() => results.locator(":scope > li").count()).toBe(paths.length);
        for (const path of paths) {
          const cli = runCaseFile(path);
          const item = results.locator(`:scope > li[data-file="${path.split("/").pop()}"]`);
          expect(await item.getAttribute("data-passed"), path).toBe(String(cli.passed));
          expect(await item.locator(".name").textContent()).toBe(cli.name);
        }
        expect(await page.getByTestId("case-summary").getAttribute("data-passed")).toBe(String(paths.length));
        await page.close();
      },
    );

    it("runs the golden case files of both packs chosen at once, without their folders: each under the pack it names", async () => {
      const paths = ["yueyang-2023", "yongzhou-2017"].flatMap((id) =>
        readdirSync(`test/cases/${id}`)
          .sort()
          .map((name) => join(`test/cases/${id}`, name)),
      );
      const page = await open("");
      await page.getByTestId("case-files").setInputFiles(paths);
      const results = page.getByTestId("case-results");
      await expect.poll(() => results.locator(":scope > li").count()).toBe(paths.length);
      expect(await results.locator(':scope > li[data-passed="false"]').count()).toBe(0);
      expect(await page.getByTestId("case-summary").getAttribute("data-passed")).toBe(String(paths.length));
      await page.close();
    });

    it("a diff's figures go stale when the pack is edited after it ran, and show again when it runs under the new text", async () => {
      const page = await editedStudio("diff");
      await diffOf(page, files.ndjson);
      expect(Number(await page.getByTestId("diff-changed").textContent())).toBeGreaterThan(0);
      await page.getByTestId("tab-edit").click();
      await pasteInto(page, "pack-editor", edit(EDITED, "basicPackage.price", "43.00"));
      await page.getByTestId("no-problems").waitFor({ state: "visible" });
      await page.getByTestId("tab-diff").click();
      await page.getByTestId("diff-stale").waitFor({ state: "visible" });
      expect(await page.getByTestId("diff-changed").count()).toBe(0);
      expect(await page.getByTestId("diff-total-after-resident").count()).toBe(0);
      await page.getByTestId("diff-run").click();
      await page.locator('[data-testid="diff-status"][data-state="done"]').waitFor({ timeout: 120_000 });
      expect(await page.getByTestId("diff-stale").count()).toBe(0);
      expect(Number(await page.getByTestId("diff-changed").textContent())).toBeGreaterThan(0);
      await page.close();
    });

    it("re-runs the case files under the edited pack: each failure lists what was expected and what was decided, as fdr test --pack does", async () => {
      const folder = "test/cases/yueyang-2023";
      const paths = readdirSync(folder)
        .sort()
        .map((name) => join(folder, name));
      const edited = loadPack(JSON.parse(EDITED) as object);
      const cli = paths.map((path) => runCaseFile(path, new Map([[edited.id, edited]])));
      const failing = cli.filter((result) => !result.passed);
      expect(failing.length).toBeGreaterThan(0);
      const page = await open("?pack=yueyang-2023&view=cases");
      await page.getByTestId("case-files").setInputFiles(paths);
      await expect.poll(() => page.getByTestId("case-summary").getAttribute("data-failed")).toBe("0");
      await page.getByTestId("tab-edit").click();
      await pasteInto(page, "pack-editor", EDITED);
      await checkedAsEdited(page);
      await page.getByTestId("tab-cases").click();
      await page.getByTestId("cases-rerun").click();
      await expect.poll(() => page.getByTestId("case-summary").getAttribute("data-failed")).toBe(String(failing.length));
      for (const result of failing) {
        const item = page.getByTestId("case-results").locator(`:scope > li[data-file="${result.file.split("/").pop()}"]`);
        expect(await item.getAttribute("data-passed")).toBe("false");
        const shown = await item.locator("tr[data-path]").evaluateAll((rows) => rows.map((row) => row.getAttribute("data-path")));
        expect(shown).toEqual(result.mismatches.map((mismatch) => mismatch.path));
        const first = result.mismatches[0]!;
        expect(await item.locator(`tr[data-path="${first.path}"] td.expected`).textContent()).toBe(JSON.stringify(first.expected));
        expect(await item.locator(`tr[data-path="${first.path}"] td.actual`).textContent()).toBe(JSON.stringify(first.actual));
      }
      await page.screenshot({ path: `${SHOTS}/studio-cases.png`, fullPage: true });
      await page.close();
    });

    it("gives budget and coverage as fdr budget and fdr coverage do, with the pack's targets as a chart", async () => {
      const pack = loadPack("yongzhou-2017");
      const page = await open("?pack=yongzhou-2017&view=budget");
      await page.getByTestId("budget-signed").fill("330");
      await page.getByTestId("budget-residents").fill("1000");
      const expected = budget(pack, 330);
      for (const [payer, amount] of Object.entries(expected.payers))
        await expect.poll(() => page.getByTestId(`budget-${payer}`).textContent()).toBe(amount);
      if (expected.staffPool !== undefined) expect(await page.getByTestId("budget-staff-pool").textContent()).toBe(expected.staffPool);
      const targets = checkCoverage(pack, { signed: 330, residents: 1000 });
      expect(targets.length).toBeGreaterThan(0);
      for (const target of targets)
        expect(await page.getByTestId(`coverage-${target.id}`).getAttribute("data-met")).toBe(String(target.met));
      expect(await page.getByTestId("coverage-chart").getAttribute("aria-label")).toBeTruthy();
      await page.screenshot({ path: `${SHOTS}/studio-budget.png` });
      // Fewer signed: a target missed, in the chart and the list.
      await page.getByTestId("budget-signed").fill("100");
      const fewer = checkCoverage(pack, { signed: 100, residents: 1000 });
      for (const target of fewer)
        await expect.poll(() => page.getByTestId(`coverage-${target.id}`).getAttribute("data-met")).toBe(String(target.met));
      expect(fewer.some((target) => target.met === false)).toBe(true);
      await page.close();
      // The edited Yueyang pack: funding before and after the edit.
      const yueyang = await editedStudio("budget");
      await yueyang.getByTestId("budget-signed").fill("3743100");
      const was = budget(loadPack("yueyang-2023"), 3_743_100);
      const now = budget(loadPack(JSON.parse(EDITED) as object), 3_743_100);
      await expect.poll(() => yueyang.getByTestId("budget-resident").textContent()).toBe(now.payers.resident);
      expect(await yueyang.getByTestId("budget-before-resident").textContent()).toBe(was.payers.resident);
      await yueyang.close();
    });

    it("has no serious accessibility violations (axe-core) in the case-files, population and budget views, with their results shown; every control has a name", async () => {
      const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
      const page = await editedStudio("cases");
      await page.getByTestId("case-files").setInputFiles(
        readdirSync("test/cases/yueyang-2023")
          .sort()
          .map((name) => join("test/cases/yueyang-2023", name)),
      );
      await page.getByTestId("case-summary").waitFor();
      await page.getByTestId("tab-diff").click();
      await diffOf(page, files.csv);
      await page.getByTestId("tab-budget").click();
      await page.getByTestId("budget-signed").fill("3743100");
      await page.getByTestId("budget-residents").fill("5276431");
      await page.evaluate(`${axeSource}\n;0`);
      const serious: string[] = [];
      const unnamed: string[] = [];
      for (const view of ["cases", "diff", "budget"]) {
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
        const names = (await page.evaluate(
          `[...document.querySelectorAll("#view-${view} button, #view-${view} input, #view-${view} select")].filter((el) => el.getClientRects().length > 0).map((el) => ({ tag: el.tagName + "#" + el.id, name: (el.getAttribute("aria-label") || (el.labels && [...el.labels].map((l) => l.textContent).join(" ")) || el.textContent || "").trim() }))`,
        )) as { tag: string; name: string }[];
        expect(names.length, view).toBeGreaterThan(0);
        unnamed.push(...names.filter((control) => control.name === "").map((control) => `${view}: ${control.tag}`));
      }
      expect(serious.join("\n")).toBe("");
      expect(unnamed).toEqual([]);
      await page.close();
    });

    it("asked for nothing beyond its own origin and broke no CSP rule (worker and exceljs included)", () => {
      expect(foreign).toEqual([]);
      expect(violations).toEqual([]);
    });
  },
);

/** Selects all of an editor's text and pastes `text` over it, in one go (as an analyst pasting an edited pack). */
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
