import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { servedPacks, STUDIO_CSP, studioHandler } from "../../src/cli/commands/studio.js";
import { run } from "../../src/cli/run.js";

async function fdr(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run(argv, { out: (text) => out.push(text), err: (text) => err.push(text) });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

describe("fdr studio: arguments", () => {
  it("refuses a port that is not a number, positional arguments and a pack that does not exist (exit 2, JSON issues)", async () => {
    for (const argv of [
      ["--port", "http"],
      ["--port", "70000"],
      ["rules/yueyang-2023.json"],
      ["--pack", "no/such/pack.json"],
      ["--bogus"],
    ]) {
      const result = await fdr("studio", "--no-open", ...argv);
      expect(result.code, argv.join(" ")).toBe(2);
      const issues = JSON.parse(result.err) as { code: string }[];
      expect(["invalid_arguments", "io_error"]).toContain(issues[0]?.code);
    }
  });

  it("lists the command in its usage", async () => {
    expect((await fdr("help")).out).toContain("fdr studio [--port N] [--pack FILE|DIR]... [--no-open]");
  });

  it("reads --pack files and every .json of a --pack folder, broken ones too", () => {
    const dir = mkdtempSync(join(tmpdir(), "fdr-studio-packs-"));
    writeFileSync(join(dir, "a.json"), '{"id": "a"}');
    writeFileSync(join(dir, "b.json"), "not json");
    writeFileSync(join(dir, "notes.txt"), "ignored");
    const packs = servedPacks([dir, "rules/yueyang-2023.json"]);
    expect(packs.map((pack) => pack.file)).toEqual(["a.json", "b.json", "yueyang-2023.json"]);
    expect(packs[1]?.text).toBe("not json");
  });
});

describe("fdr studio: what it serves", () => {
  let server: Server;
  let base = "";
  beforeAll(async () => {
    server = createServer(studioHandler(resolve("dist/studio"), [{ file: "mine.json", text: '{"id":"mine"}' }]));
    await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
    const address = server.address();
    base = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  });
  afterAll(() => new Promise<void>((done) => server.close(() => done())));

  it("serves the app with the CSP on every response", async () => {
    for (const path of ["/", "/studio.js", "/studio.css", "/packs.json", "/nothing-here"]) {
      const response = await fetch(`${base}${path}`);
      expect(response.headers.get("content-security-policy"), path).toBe(STUDIO_CSP);
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    }
    expect(STUDIO_CSP).toMatch(/default-src 'self'/);
    expect(STUDIO_CSP).not.toMatch(/unsafe-eval/);
    const page = await fetch(`${base}/`);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await page.text()).toContain('<script type="module" src="studio.js"></script>');
  });

  it("gives the served packs as packs.json", async () => {
    expect(await (await fetch(`${base}/packs.json`)).json()).toEqual([{ file: "mine.json", text: '{"id":"mine"}' }]);
  });

  it("serves nothing outside its folder, and only GET and HEAD", async () => {
    for (const path of ["/../package.json", "/%2e%2e/package.json", "/..%2fpackage.json", "/%00", "/studio.js%00.css"]) {
      expect((await fetch(`${base}${path}`)).status, path).toBe(404);
    }
    expect((await fetch(`${base}/`, { method: "POST", body: "x" })).status).toBe(405);
  });
});

describe("fdr studio: the command", () => {
  it("prints its address on 127.0.0.1, serves until stopped by a signal, then exits 128 + signal", async () => {
    const child = spawn(process.execPath, ["dist/cli.js", "studio", "--no-open", "--port", "0", "--pack", "rules/examples"]);
    let out = "";
    const address = await new Promise<string>((found, failed) => {
      child.stdout.on("data", (chunk: Buffer) => {
        out += String(chunk);
        const match = /http:\/\/127\.0\.0\.1:\d+\//.exec(out);
        if (match) found(match[0]);
      });
      child.on("exit", (code) => failed(new Error(`exited ${code}`)));
    });
    expect(out).toContain("packs: yongzhou-lingling-example.json");
    const packs = (await (await fetch(`${address}packs.json`)).json()) as { file: string }[];
    expect(packs.map((pack) => pack.file)).toEqual(["yongzhou-lingling-example.json"]);
    const exit = new Promise<number | null>((done) => child.on("exit", (code) => done(code)));
    child.kill("SIGINT");
    expect(await exit).toBe(130);
    expect(out).toContain("stopped");
  });
});
