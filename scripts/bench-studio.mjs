// The studio's speed in headless Chromium, served by `fdr studio` on 127.0.0.1:
// first contentful paint, and time to first decision (navigation start to the
// first decision drawn, from a ?pack=&case= link), cold cache each run.
// The floor, from the same run and server: the first paint of a plain text
// file (no script). Median of BENCH_STUDIO_RUNS (default 5) runs.
//
//   node scripts/bench-studio.mjs        (needs npm run build and a Chromium)
//
// studioDiffBench(lines): the population diff of `fdr studio` (a Web Worker in
// headless Chromium) against `fdr diff` in Node, on the same BENCH_STUDIO_DIFF_LINES
// (default 100,000) residents and the same edit of the Yueyang pack (resident
// share 10.00, price 42.00), in residents/s, end to end (the file read, both
// packs, every decision compared, the totals).
//
//   BENCH_STUDIO_DIFF_LINES=5000 node scripts/bench-studio.mjs --diff
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { performance } from "node:perf_hooks";
import { writePopulation } from "./population.mjs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const RUNS = Number(process.env.BENCH_STUDIO_RUNS ?? 5);
const executablePath = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].find(
  (path) => path && existsSync(path),
);

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};
const ms = (value) => `${Math.round(value)} ms`;

function encodeCase(value) {
  return Buffer.from(JSON.stringify(value), "utf8").toString("base64url");
}

/** Runs the studio bench; prints one block. Returns without a Chromium. */
export async function studioBench() {
  if (!executablePath) {
    console.log("6. fdr studio: skipped (no Chromium found; set CHROMIUM_PATH)");
    return;
  }
  const { chromium } = await import("playwright-core");
  const server = spawn(process.execPath, [join(root, "dist", "cli.js"), "studio", "--no-open", "--port", "0"]);
  try {
    const base = await new Promise((found, failed) => {
      let seen = "";
      server.stdout.on("data", (chunk) => {
        seen += String(chunk);
        const match = /http:\/\/127\.0\.0\.1:\d+\//.exec(seen);
        if (match) found(match[0]);
      });
      server.on("exit", (code) => failed(new Error(`fdr studio exited with ${code}`)));
    });
    const kase = JSON.parse(
      readFileSync(join(root, "examples", "yueyang-2023", "01-elderly-hypertension-basic-and-personalised.json"), "utf8"),
    );
    const link = `${base}?pack=yueyang-2023&case=${encodeCase(kase)}`;
    const browser = await chromium.launch({ executablePath, args: ["--no-sandbox", "--disable-gpu"] });
    const paints = [];
    const decisions = [];
    const floors = [];
    const firstPaint = (page) =>
      page.evaluate(
        () =>
          new Promise((done) => {
            const seen = performance.getEntriesByName("first-contentful-paint")[0];
            if (seen) return done(seen.startTime);
            new PerformanceObserver((list) => done(list.getEntries()[0].startTime)).observe({ type: "paint", buffered: true });
          }),
      );
    for (let run = 0; run < RUNS; run++) {
      const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
      const page = await context.newPage();
      await page.goto(`${base}licenses.txt`);
      floors.push(await firstPaint(page));
      await context.close();
      const studio = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
      const app = await studio.newPage();
      await app.goto(link);
      await app.waitForSelector('[data-testid="decision"]');
      paints.push(await firstPaint(app));
      decisions.push(await app.evaluate(() => performance.getEntriesByName("fdr:first-decision")[0]?.startTime ?? Number.NaN));
      await studio.close();
    }
    await browser.close();
    console.log(`6. fdr studio in headless Chromium (served on 127.0.0.1, cold cache), median of ${RUNS} runs:`);
    console.log(
      `   first contentful paint: ${ms(median(paints))} (runs ${paints.map(ms).join(" / ")}); floor, a plain text file from the same server: ${ms(median(floors))}`,
    );
    console.log(`   time to first decision from a ?pack=&case= link: ${ms(median(decisions))} (runs ${decisions.map(ms).join(" / ")})`);
  } finally {
    server.kill("SIGTERM");
  }
}

/** Starts `fdr studio` on a free port; resolves with its address and the process. */
async function startStudio() {
  const server = spawn(process.execPath, [join(root, "dist", "cli.js"), "studio", "--no-open", "--port", "0"]);
  const base = await new Promise((found, failed) => {
    let seen = "";
    server.stdout.on("data", (chunk) => {
      seen += String(chunk);
      const match = /http:\/\/127\.0\.0\.1:\d+\//.exec(seen);
      if (match) found(match[0]);
    });
    server.on("exit", (code) => failed(new Error(`fdr studio exited with ${code}`)));
  });
  return { server, base };
}

/** A pack's text with one parameter's (first) value set. */
const setValue = (text, id, value) =>
  text.replace(new RegExp(`("${id.replace(/\./g, "\\.")}": \\{[\\s\\S]*?"value": )"[^"]*"`), `$1"${value}"`);

/** The population diff in the studio's worker against `fdr diff` in Node, same residents, same edit. */
export async function studioDiffBench(lines) {
  if (!executablePath) {
    console.log("7. population diff in the browser: skipped (no Chromium found; set CHROMIUM_PATH)");
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), "fdr-bench-studio-diff-"));
  const { server, base } = await startStudio();
  try {
    const cases = join(dir, "residents.ndjson");
    await writePopulation(cases, lines, { teams: true });
    const edited = setValue(
      setValue(readFileSync(join(root, "rules", "yueyang-2023.json"), "utf8"), "basicPackage.price", "42.00"),
      "basicPackage.residentShare",
      "10.00",
    );
    const editedFile = join(dir, "yueyang-edited.json");
    writeFileSync(editedFile, edited);
    // fdr diff in Node: the whole command, as an analyst runs it.
    let start = performance.now();
    const cli = spawnSync(
      process.execPath,
      [join(root, "dist", "cli.js"), "diff", "yueyang-2023", editedFile, "--cases", cases, "--json"],
      { encoding: "utf8", maxBuffer: 1024 * 1024 * 1024 },
    );
    const nodeMs = performance.now() - start;
    if (cli.status !== 0) throw new Error(`fdr diff failed: ${cli.stderr}`);
    const expected = JSON.parse(cli.stdout);
    // The studio: the edited pack pasted in, the file opened, until the totals are shown.
    const { chromium } = await import("playwright-core");
    const browser = await chromium.launch({ executablePath, args: ["--no-sandbox", "--disable-gpu"] });
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await page.goto(`${base}?pack=yueyang-2023&view=edit`);
    await page.waitForSelector("body[data-ready]");
    await page.getByTestId("pack-editor").click();
    await page.keyboard.press("Control+a");
    await page.getByTestId("pack-editor").evaluate((element, text) => {
      const data = new DataTransfer();
      data.setData("text/plain", text);
      element.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
    }, edited);
    await page.waitForFunction(() => document.querySelector("#pack-select option:checked")?.textContent?.includes("已修改"));
    await page.getByTestId("tab-diff").click();
    start = performance.now();
    await page.getByTestId("population-file").setInputFiles(cases);
    await page.locator('[data-testid="diff-status"][data-state="done"]').waitFor({ timeout: 3_600_000 });
    const browserMs = performance.now() - start;
    const changed = Number(await page.getByTestId("diff-changed").textContent());
    const resident = await page.getByTestId("diff-total-after-resident").textContent();
    await browser.close();
    const same = changed === expected.changed.length && resident === expected.payerTotals.after.resident;
    const browserRate = Math.round((lines / browserMs) * 1000);
    const nodeRate = Math.round((lines / nodeMs) * 1000);
    console.log(
      `7. population diff, ${lines.toLocaleString("en")} residents, yueyang-2023 edited (resident share 10.00, price 42.00), end to end:`,
    );
    console.log(
      `   fdr studio (Web Worker, headless Chromium): ${browserRate.toLocaleString("en")} residents/s (${ms(browserMs)}) · ${(browserRate / nodeRate).toFixed(2)}x fdr diff`,
    );
    console.log(`   fdr diff (Node, floor from the same run):   ${nodeRate.toLocaleString("en")} residents/s (${ms(nodeMs)})`);
    console.log(`   ${changed.toLocaleString("en")} changed; the same counts and totals as fdr diff: ${same ? "yes" : "NO"}`);
    if (!same) process.exitCode = 1;
  } finally {
    server.kill("SIGTERM");
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (process.argv.includes("--diff")) await studioDiffBench(Number(process.env.BENCH_STUDIO_DIFF_LINES ?? 100000));
  else await studioBench();
}
