import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

/**
 * The package as a consumer gets it: `npm pack`, installed in an empty folder,
 * imported from ESM, required from CJS, and its `fdr` binary run.
 */
describe("the packed package", () => {
  const consumer = mkdtempSync(join(tmpdir(), "fdr-consumer-"));
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const kase = { asOf: "2023-06-01", resident: { id: "R1", birthDate: "1950-03-02", regionCode: "430602" }, contract: { teamId: "T", signDate: "2023-06-01", packages: [{ id: "basic" }] } };

  beforeAll(() => {
    const packDir = mkdtempSync(join(tmpdir(), "fdr-pack-"));
    execFileSync(npm, ["pack", "--silent", "--pack-destination", packDir], { cwd: resolve("."), stdio: ["ignore", "pipe", "inherit"] });
    const tarball = join(packDir, readdirSync(packDir).find((name) => name.endsWith(".tgz"))!);
    writeFileSync(join(consumer, "package.json"), JSON.stringify({ name: "consumer", version: "1.0.0", private: true }));
    execFileSync(npm, ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error", tarball], { cwd: consumer, stdio: ["ignore", "pipe", "inherit"] });
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
    expect(readdirSync(join(consumer, "node_modules/family-doctor-rules/dist"))).toEqual(expect.arrayContaining(["index.d.ts", "index.d.cts"]));
    // fdr studio's app ships built.
    expect(readdirSync(join(consumer, "node_modules/family-doctor-rules/dist/studio"))).toEqual(expect.arrayContaining(["index.html", "studio.js", "studio.css"]));
  });

  it("runs the fdr binary", () => {
    writeFileSync(join(consumer, "case.json"), JSON.stringify(kase));
    const result = spawnSync(join(consumer, "node_modules/.bin/fdr"), ["evaluate", "--pack", "yueyang-2023", "case.json"], { cwd: consumer, encoding: "utf8" });
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout).fee.payers.resident).toBe("8.00");
    const bad = spawnSync(join(consumer, "node_modules/.bin/fdr"), ["evaluate", "--pack", "nowhere", "case.json"], { cwd: consumer, encoding: "utf8" });
    expect(bad.status).toBe(2);
  });
});
