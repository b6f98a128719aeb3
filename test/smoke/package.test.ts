import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

/**
 * The package as a consumer gets it: `npm pack`, installed in an empty folder
 * (from the tarball; its dependencies from the npm cache), imported from ESM,
 * required from CJS, compiled by strict TypeScript consumers (NodeNext and
 * Bundler, skipLibCheck false, with and without @types/node), checked by
 * publint and arethetypeswrong, and its `fdr` binary run.
 */
describe("the packed package", () => {
  const consumer = mkdtempSync(join(tmpdir(), "fdr-consumer-"));
  let tarball = "";
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const kase = {
    asOf: "2023-06-01",
    resident: { id: "R1", birthDate: "1950-03-02", regionCode: "430602" },
    contract: { teamId: "T", signDate: "2023-06-01", packages: [{ id: "basic" }] },
  };

  beforeAll(() => {
    const packDir = mkdtempSync(join(tmpdir(), "fdr-pack-"));
    execFileSync(npm, ["pack", "--silent", "--pack-destination", packDir], { cwd: resolve("."), stdio: ["ignore", "pipe", "inherit"] });
    tarball = join(packDir, readdirSync(packDir).find((name) => name.endsWith(".tgz"))!);
    writeFileSync(join(consumer, "package.json"), JSON.stringify({ name: "consumer", version: "1.0.0", private: true, type: "module" }));
    execFileSync(npm, ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error", tarball], {
      cwd: consumer,
      stdio: ["ignore", "pipe", "inherit"],
    });
  });

  const node = (file: string, source: string) => {
    writeFileSync(join(consumer, file), source);
    return execFileSync(process.execPath, [file], { cwd: consumer, encoding: "utf8" });
  };

  it("imports from ESM and evaluates a case", () => {
    const out = node(
      "esm.mjs",
      `import { loadPack, evaluate } from "family-doctor-rules";\nconsole.log(JSON.stringify(evaluate(loadPack("yueyang-2023"), ${JSON.stringify(kase)}).fee));`,
    );
    expect(JSON.parse(out)).toMatchObject({ total: "40.00", staffPool: "28.00" });
  });

  it("requires from CJS and evaluates a case", () => {
    const out = node(
      "cjs.cjs",
      `const { loadPack, evaluate } = require("family-doctor-rules");\nconsole.log(JSON.stringify(evaluate(loadPack("yueyang-2023"), ${JSON.stringify(kase)}).priorityGroups));`,
    );
    expect(JSON.parse(out)).toEqual(["elderly"]);
  });

  it("ships the rule packs and the type declarations", () => {
    const files = readdirSync(join(consumer, "node_modules/family-doctor-rules/rules"));
    expect(files).toEqual(expect.arrayContaining(["yongzhou-2017.json", "yueyang-2023.json"]));
    expect(readdirSync(join(consumer, "node_modules/family-doctor-rules/dist"))).toEqual(
      expect.arrayContaining(["index.d.ts", "index.d.cts"]),
    );
    // fdr studio's app ships built.
    expect(readdirSync(join(consumer, "node_modules/family-doctor-rules/dist/studio"))).toEqual(
      expect.arrayContaining(["index.html", "studio.js", "studio.css"]),
    );
  });

  it("runs the fdr binary", () => {
    writeFileSync(join(consumer, "case.json"), JSON.stringify(kase));
    const result = spawnSync(join(consumer, "node_modules/.bin/fdr"), ["evaluate", "--pack", "yueyang-2023", "case.json"], {
      cwd: consumer,
      encoding: "utf8",
    });
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout).fee.payers.resident).toBe("8.00");
    const bad = spawnSync(join(consumer, "node_modules/.bin/fdr"), ["evaluate", "--pack", "nowhere", "case.json"], {
      cwd: consumer,
      encoding: "utf8",
    });
    expect(bad.status).toBe(2);
  });

  it("does not itself depend on @types/node (the consumers below compile with `types: []`, without Node types)", () => {
    // exceljs (the CLI's workbook reader) brings @types/node in through @fast-csv; the package's own dependencies must not.
    const installed = JSON.parse(readFileSync(join(consumer, "node_modules/family-doctor-rules/package.json"), "utf8")) as {
      dependencies?: Record<string, string>;
    };
    expect(Object.keys(installed.dependencies ?? {})).not.toContain("@types/node");
  });

  const tsc = resolve("node_modules/typescript/bin/tsc");
  const expectedHash = () =>
    JSON.parse(
      execFileSync(
        process.execPath,
        ["-e", `import("${resolve("dist/index.js")}").then((m) => console.log(JSON.stringify(m.loadPack("yueyang-2023").hash)))`],
        { encoding: "utf8" },
      ),
    ) as string;
  const variants = [
    { name: "nodenext-node", module: "NodeNext", moduleResolution: "NodeNext", node: true },
    { name: "nodenext-nonode", module: "NodeNext", moduleResolution: "NodeNext", node: false },
    { name: "bundler-node", module: "ESNext", moduleResolution: "Bundler", node: true },
    { name: "bundler-nonode", module: "ESNext", moduleResolution: "Bundler", node: false },
  ] as const;

  it.each(variants)(
    "compiles a strict TypeScript consumer ($name: skipLibCheck false) and runs it",
    ({ name, module, moduleResolution, node }) => {
      const dir = join(consumer, name);
      mkdirSync(dir, { recursive: true });
      const sources = ["main.ts", ...(node ? ["node-only.ts"] : []), ...(node && module === "NodeNext" ? ["cjs.cts"] : [])];
      for (const file of sources) copyFileSync(resolve("test/smoke/consumer", file), join(dir, file));
      const compilerOptions = {
        strict: true,
        noUncheckedIndexedAccess: true,
        exactOptionalPropertyTypes: true,
        skipLibCheck: false,
        target: "ES2022",
        module,
        moduleResolution,
        outDir: "out",
        // Without Node types a consumer is a browser or worker app: DOM lib, no @types at all.
        lib: node ? ["ES2022"] : ["ES2022", "DOM"],
        types: node ? ["node"] : [],
        ...(node ? { typeRoots: [resolve("node_modules/@types")] } : {}),
      };
      writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions, files: sources }));
      const compiled = spawnSync(process.execPath, [tsc, "-p", "tsconfig.json"], { cwd: dir, encoding: "utf8" });
      expect(compiled.stdout + compiled.stderr, `tsc (${name})`).toBe("");
      expect(compiled.status).toBe(0);

      const out = JSON.parse(execFileSync(process.execPath, [join("out", "main.js")], { cwd: dir, encoding: "utf8" })) as Record<
        string,
        unknown
      >;
      expect(out).toEqual({
        total: "40.00",
        groups: ["elderly", "chronic-disease"],
        same: true,
        closures: true,
        hash: expectedHash(),
        hashOf: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
        issue: "/asOf",
        explained: true,
        lint: true,
        schema: "https://family-doctor-rules.dev/schema/case.schema.json",
        rule: true,
      });
      if (node) {
        const batch = JSON.parse(execFileSync(process.execPath, [join("out", "node-only.js")], { cwd: dir, encoding: "utf8" })) as Record<
          string,
          unknown
        >;
        expect(batch).toMatchObject({ records: 1, pack: "yongzhou-2017", bytes: 0 });
      }
      if (sources.includes("cjs.cts")) {
        const cjs = JSON.parse(execFileSync(process.execPath, [join("out", "cjs.cjs")], { cwd: dir, encoding: "utf8" })) as Record<
          string,
          unknown
        >;
        expect(cjs).toEqual({ groups: ["elderly"], crossed: true, hash: expectedHash() });
      }
    },
    240_000,
  );

  it("is clean for publint and arethetypeswrong (run offline on the tarball)", () => {
    const publint = spawnSync(
      process.execPath,
      [resolve("node_modules/publint/src/cli.js"), "run", tarball, "--strict", "--level", "suggestion"],
      { encoding: "utf8" },
    );
    expect(publint.stdout + publint.stderr).toContain("All good!");
    expect(publint.status).toBe(0);
    const attw = spawnSync(process.execPath, [resolve("node_modules/@arethetypeswrong/cli/dist/index.js"), tarball, "--format", "ascii"], {
      encoding: "utf8",
    });
    expect(attw.stdout + attw.stderr).toContain("No problems found");
    expect(attw.status).toBe(0);
  }, 120_000);
});
