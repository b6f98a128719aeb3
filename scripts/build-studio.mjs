// Builds `fdr studio`, the browser workbench, into dist/studio/: a folder any
// static host can serve (index.html, studio.js, studio.css, packs.json).
//
//   node scripts/build-studio.mjs [--out dir]
//
// The app is bundled from src/studio/main.ts with esbuild for the browser, and
// the population diff's Web Worker from src/studio/diff-worker.ts (module
// chunks shared between them; exceljs's browser build is a chunk loaded only
// when a workbook is read or written). csv-parse/sync is mapped to
// csv-parse's browser build (no Node Buffer). The
// source texts of the bundled packs (sources/*.txt) are bundled through the
// virtual module "studio:sources", the example cases (examples/<pack>/*.json)
// through "studio:examples". The build fails if anything Node-only is
// left in the bundle.
import { build } from "esbuild";
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const outIndex = process.argv.indexOf("--out");
const out = resolve(outIndex > 0 ? process.argv[outIndex + 1] : join(root, "dist", "studio"));

/** The texts in sources/, as the virtual module "studio:sources" (file name → text). */
const sourcesPlugin = {
  name: "studio-sources",
  setup(b) {
    b.onResolve({ filter: /^studio:sources$/ }, () => ({ path: "sources", namespace: "studio-sources" }));
    b.onLoad({ filter: /.*/, namespace: "studio-sources" }, () => {
      const dir = join(root, "sources");
      const texts = Object.fromEntries(
        readdirSync(dir)
          .filter((name) => name.endsWith(".txt"))
          .sort()
          .map((name) => [name, readFileSync(join(dir, name), "utf8")]),
      );
      return { contents: `export default ${JSON.stringify(texts)};`, loader: "js", watchDirs: [dir] };
    });
    b.onResolve({ filter: /^studio:examples$/ }, () => ({ path: "examples", namespace: "studio-examples" }));
    b.onLoad({ filter: /.*/, namespace: "studio-examples" }, () => {
      const dir = join(root, "examples");
      const byPack = {};
      for (const id of readdirSync(dir, { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name)) {
        const files = readdirSync(join(dir, id))
          .filter((name) => name.endsWith(".json"))
          .sort();
        if (files.length === 0) continue;
        byPack[id] = files.map((name) => {
          const json = JSON.parse(readFileSync(join(dir, id, name), "utf8"));
          return { name: name.replace(/\.json$/, ""), case: json.case && !json.resident ? json.case : json };
        });
      }
      return { contents: `export default ${JSON.stringify(byPack)};`, loader: "js", watchDirs: [dir] };
    });
  },
};

/** Fails the build when a Node built-in is imported by the browser bundle. */
const noNodePlugin = {
  name: "studio-no-node",
  setup(b) {
    b.onResolve({ filter: /^node:|^(fs|path|os|url|util|stream|buffer|worker_threads|child_process)$/ }, (args) => ({
      errors: [{ text: `${args.path} is Node-only and cannot be in the browser bundle (imported by ${args.importer})` }],
    }));
  },
};

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const result = await build({
  entryPoints: { studio: join(root, "src", "studio", "main.ts"), "diff-worker": join(root, "src", "studio", "diff-worker.ts") },
  bundle: true,
  format: "esm",
  splitting: true,
  chunkNames: "chunks/[name]-[hash]",
  alias: { "csv-parse/sync": "csv-parse/browser/esm/sync" },
  platform: "browser",
  target: ["es2022", "chrome110", "firefox110", "safari16"],
  minify: true,
  // No source map: the package ships the app, and its source is in the repository.
  sourcemap: false,
  legalComments: "linked",
  outdir: out,
  metafile: true,
  logLevel: "warning",
  plugins: [sourcesPlugin, noNodePlugin],
  define: { "process.env.NODE_ENV": '"production"' },
  // At the top of every file (each chunk, whichever runs first): zod's config, read through this global, set
  // jitless before zod builds its first schema. Otherwise zod probes for code generation (`new Function("")`)
  // as it builds an object schema, and under the studio's Content-Security-Policy (no 'unsafe-eval') the
  // refused probe is reported as a violation, though zod catches it.
  banner: { js: "(globalThis.__zod_globalConfig ??= {}).jitless = true;" },
});
for (const name of ["index.html", "studio.css", "favicon.svg"]) copyFileSync(join(root, "src", "studio", name), join(out, name));
// Packs beside the app: none in a static build; `fdr studio --pack` serves its own list.
writeFileSync(join(out, "packs.json"), "[]\n");
// The licences of the packages bundled into the app.
const bundled = new Set(
  Object.keys(result.metafile.inputs)
    .map((input) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input)?.[1])
    .filter(Boolean),
);
const notices = [...bundled].sort().map((name) => {
  const dir = join(root, "node_modules", name);
  const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  const licenceFile = readdirSync(dir).find((file) => /^licen[cs]e/i.test(file));
  const text = licenceFile ? readFileSync(join(dir, licenceFile), "utf8").trim() : `License: ${manifest.license}`;
  return `${name} ${manifest.version} (${manifest.license})\n\n${text}\n`;
});
writeFileSync(
  join(out, "licenses.txt"),
  `Third-party software bundled in studio.js\n\n${notices.join("\n----------------------------------------\n\n")}`,
);
const bytes = Object.values(result.metafile.outputs).reduce((total, output) => total + output.bytes, 0);
if (!process.argv.includes("--quiet")) console.log(`studio: ${out} (${Math.round(bytes / 1024)} KiB)`);
