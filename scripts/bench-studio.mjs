// The studio's speed in headless Chromium, served by `fdr studio` on 127.0.0.1:
// first contentful paint, and time to first decision (navigation start to the
// first decision drawn, from a ?pack=&case= link), cold cache each run.
// The floor, from the same run and server: the first paint of a plain text
// file (no script). Median of BENCH_STUDIO_RUNS (default 5) runs.
//
//   node scripts/bench-studio.mjs        (needs npm run build and a Chromium)
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const RUNS = Number(process.env.BENCH_STUDIO_RUNS ?? 5);
const executablePath = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].find((path) => path && existsSync(path));

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
    console.log("4. fdr studio: skipped (no Chromium found; set CHROMIUM_PATH)");
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
    const kase = JSON.parse(readFileSync(join(root, "examples", "yueyang-2023", "01-elderly-hypertension-basic-and-personalised.json"), "utf8"));
    const link = `${base}?pack=yueyang-2023&case=${encodeCase(kase)}`;
    const browser = await chromium.launch({ executablePath, args: ["--no-sandbox", "--disable-gpu"] });
    const paints = [];
    const decisions = [];
    const floors = [];
    const firstPaint = (page) => page.evaluate(() => new Promise((done) => {
      const seen = performance.getEntriesByName("first-contentful-paint")[0];
      if (seen) return done(seen.startTime);
      new PerformanceObserver((list) => done(list.getEntries()[0].startTime)).observe({ type: "paint", buffered: true });
    }));
    for (let run = 0; run < RUNS; run++) {
      const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
      const page = await context.newPage();
      await page.goto(`${base}studio.js.LEGAL.txt`);
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
    console.log(`4. fdr studio in headless Chromium (served on 127.0.0.1, cold cache), median of ${RUNS} runs:`);
    console.log(`   first contentful paint: ${ms(median(paints))} (runs ${paints.map(ms).join(" / ")}); floor, a plain text file from the same server: ${ms(median(floors))}`);
    console.log(`   time to first decision from a ?pack=&case= link: ${ms(median(decisions))} (runs ${decisions.map(ms).join(" / ")})`);
  } finally {
    server.kill("SIGTERM");
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await studioBench();
