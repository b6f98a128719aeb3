import { defineConfig } from "tsup";

/** The package's entries: the main entry runs anywhere; batch and node need Node. */
const entries = {
  index: "src/index.ts",
  engine: "src/entries/engine.ts",
  analysis: "src/entries/analysis.ts",
  "json-schema": "src/entries/json-schema.ts",
  batch: "src/entries/batch.ts",
  node: "src/entries/node.ts",
};

export default defineConfig([
  {
    entry: entries,
    format: ["esm", "cjs"],
    dts: true,
    sourcemap: true,
    clean: true,
    // ES2022 runs in Node >= 20 and every current browser; "neutral" keeps
    // Node built-ins out of the browser-safe entries (a test bundles them for the browser).
    target: "es2022",
    platform: "neutral",
  },
  {
    entry: { cli: "src/cli/main.ts", "batch-worker": "src/cli/batch-worker.ts", "serve-worker": "src/server/batch-worker.ts" },
    format: ["esm"],
    sourcemap: true,
    target: "node20",
    platform: "node",
    banner: { js: "#!/usr/bin/env node" },
  },
]);
