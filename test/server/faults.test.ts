import { existsSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { Agent, request, type ClientRequest } from "node:http";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadPack } from "../../src/index.js";
import { DecisionLog } from "../../src/server/decision-log.js";
import { ErrorBodySchema } from "../../src/server/schemas.js";
import { call, serve, yyCase } from "./support.js";

const dir = mkdtempSync(join(tmpdir(), "fdr-serve-faults-"));

/** A request whose body is sent in two parts: the headers and a first part now, the rest on `finish()`. */
function halfSent(
  url: string,
  body: string,
): { request: ClientRequest; finish: () => void; reply: Promise<{ status: number; text: string; headers: Record<string, unknown> }> } {
  let req!: ClientRequest;
  const reply = new Promise<{ status: number; text: string; headers: Record<string, unknown> }>((resolve, reject) => {
    req = request(
      url,
      { method: "POST", agent: false, headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) } },
      (response) => {
        let text = "";
        response.setEncoding("utf8").on("data", (chunk: string) => (text += chunk));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, text, headers: response.headers }));
        response.on("error", reject);
      },
    );
    req.on("error", reject);
  });
  const cut = Math.floor(body.length / 2);
  req.write(body.slice(0, cut));
  req.flushHeaders();
  return { request: req, finish: () => req.end(body.slice(cut)), reply };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Raw bytes to the server; resolves to what it answered before closing. */
function raw(url: string, text: string, waitMs = 10_000): Promise<string> {
  const { port, hostname } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    let answer = "";
    const timer = setTimeout(() => socket.destroy(), waitMs);
    socket.setEncoding("utf8").on("data", (chunk: string) => (answer += chunk));
    socket.on("close", () => {
      clearTimeout(timer);
      resolve(answer);
    });
    socket.on("error", () => undefined);
    socket.write(text);
  });
}

describe("fdr serve: limits and timeouts", () => {
  it("answers 503 with Retry-After at its bound of concurrent work, not a queue, and recovers", async () => {
    const server = await serve(["--max-concurrent", "1", "--max-batches", "1"]);
    try {
      const holding = halfSent(`${server.url}/v1/evaluate?pack=yueyang-2023`, JSON.stringify(yyCase("H1")));
      await sleep(300);
      const refused = await call(`${server.url}/v1/evaluate`, { body: JSON.stringify(yyCase("R2")) });
      expect(refused.status).toBe(503);
      expect(refused.headers["retry-after"]).toBe("1");
      expect(ErrorBodySchema.parse(refused.json()).errors[0]?.code).toBe("overloaded");
      expect((await call(`${server.url}/healthz`)).status).toBe(200);
      holding.finish();
      expect((await holding.reply).status).toBe(200);
      expect((await call(`${server.url}/v1/evaluate`, { body: JSON.stringify(yyCase("R3")) })).status).toBe(200);

      const batch = halfSent(
        `${server.url}/v1/evaluate-batch?pack=yueyang-2023`,
        JSON.stringify(yyCase("B1")) + "\n" + JSON.stringify(yyCase("B2")) + "\n",
      );
      await sleep(300);
      const second = await call(`${server.url}/v1/evaluate-batch?pack=yueyang-2023`, { body: "{}\n" });
      expect(second.status).toBe(503);
      expect(second.headers["retry-after"]).toBe("1");
      batch.finish();
      expect((await batch.reply).text).toMatch(/"complete":true/);
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });

  it("closes a connection whose headers or body are too slow (408)", async () => {
    const server = await serve(["--headers-timeout", "1", "--request-timeout", "1"]);
    try {
      // raw() gives up after 10 s: an answer means the server closed the slow connection itself.
      const headers = await raw(server.url, "GET /healthz HTTP/1.1\r\nhost: x\r\n");
      expect(headers).toMatch(/^HTTP\/1\.1 408/);
      const body = await raw(
        server.url,
        `POST /v1/evaluate HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 500\r\n\r\n{"asOf":`,
      );
      expect(body).toMatch(/^HTTP\/1\.1 408/);
      expect(body).toMatch(/"code":"timeout"/);
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });
});

describe("fdr serve: packs from a folder", () => {
  it("reloads under load with no failed request, each decision under the old or the new pack; a broken pack is refused and the previous one keeps serving", async () => {
    const folder = mkdtempSync(join(dir, "packs-"));
    const base = JSON.parse(readFileSync("rules/yueyang-2023.json", "utf8")) as Record<string, unknown>;
    const v1 = { ...base, id: "yy-local", version: "1.0.0" };
    const v2 = { ...base, id: "yy-local", version: "1.1.0" };
    const [h1, h2] = [loadPack(v1).hash, loadPack(v2).hash];
    expect(h1).not.toBe(h2);
    writeFileSync(join(folder, "yy-local.json"), JSON.stringify(v1));
    const server = await serve(["--packs", folder, "--reload", "signal"]);
    const agent = new Agent({ keepAlive: true, maxSockets: 8 });
    const seen: string[] = [];
    const failures: string[] = [];
    let running = true;
    const client = async (index: number) => {
      for (let n = 0; running; n++) {
        const reply = await new Promise<{ status: number; text: string }>((resolve) => {
          const req = request(
            `${server.url}/v1/evaluate?pack=yy-local`,
            { method: "POST", agent, headers: { "content-type": "application/json" } },
            (response) => {
              let text = "";
              response.setEncoding("utf8").on("data", (chunk: string) => (text += chunk));
              response.on("end", () => resolve({ status: response.statusCode ?? 0, text }));
            },
          );
          req.on("error", (error) => resolve({ status: 0, text: error.message }));
          req.end(JSON.stringify(yyCase(`L${index}-${n}`)));
        });
        if (reply.status !== 200) failures.push(`${reply.status} ${reply.text}`);
        else seen.push((JSON.parse(reply.text) as { packHash: string }).packHash);
      }
    };
    try {
      const clients = Array.from({ length: 8 }, (_, index) => client(index));
      await sleep(700);
      const before = seen.length;
      writeFileSync(join(folder, "next.tmp"), JSON.stringify(v2));
      renameSync(join(folder, "next.tmp"), join(folder, "yy-local.json"));
      server.process.kill("SIGHUP");
      await sleep(700);
      // A broken pack: refused, whole; the previous set keeps serving.
      writeFileSync(join(folder, "broken.json"), JSON.stringify({ ...base, id: "yy-broken", version: "x" }));
      server.process.kill("SIGHUP");
      await sleep(700);
      running = false;
      await Promise.all(clients);
      expect(failures).toEqual([]);
      expect(before).toBeGreaterThan(0);
      expect(new Set(seen)).toEqual(new Set([h1, h2]));
      const last = seen.slice(-20);
      expect(last.every((hash) => hash === h2)).toBe(true);
      // Once a decision came from v2, no later one came from v1 (per the order responses arrived).
      expect(seen.slice(seen.indexOf(h2)).filter((hash) => hash === h1).length).toBeLessThan(9);
      const packs = (await call(`${server.url}/v1/packs`)).json<{ id: string; hash: string; origin: string }[]>();
      expect(packs.find((pack) => pack.id === "yy-local")).toMatchObject({ hash: h2, origin: "yy-local.json" });
      expect(packs.some((pack) => pack.id === "yy-broken")).toBe(false);
      const ready = (await call(`${server.url}/readyz`)).json<{ lastReload: { ok: boolean } }>();
      expect(ready.lastReload.ok).toBe(false);
      const metrics = (await call(`${server.url}/metrics`)).text;
      expect(metrics).toMatch(/^fdr_pack_reloads_total\{result="success"\} 1$/m);
      expect(metrics).toMatch(/^fdr_pack_reloads_total\{result="failure"\} 1$/m);
      const refused = server
        .stderr()
        .split("\n")
        .filter((line) => line.includes('"pack_reload_refused"'));
      expect(refused).toHaveLength(1);
      expect(JSON.parse(refused[0] as string).failures[0]).toMatchObject({
        file: "broken.json",
        issues: [expect.objectContaining({ path: "/version" })],
      });
    } finally {
      running = false;
      agent.destroy();
      expect(await server.stop()).toBe(0);
    }
  }, 60_000);

  it("watches the folder: a change reloads without a signal", async () => {
    const folder = mkdtempSync(join(dir, "watched-"));
    const server = await serve(["--packs", folder]);
    try {
      expect((await call(`${server.url}/v1/packs`)).json<unknown[]>()).toHaveLength(2);
      const base = JSON.parse(readFileSync("rules/yongzhou-2017.json", "utf8")) as Record<string, unknown>;
      writeFileSync(join(folder, "yz-local.json"), JSON.stringify({ ...base, id: "yz-local" }));
      let ids: string[] = [];
      for (let tries = 0; tries < 50 && !ids.includes("yz-local"); tries++) {
        await sleep(100);
        ids = (await call(`${server.url}/v1/packs`)).json<{ id: string }[]>().map((pack) => pack.id);
      }
      expect(ids).toContain("yz-local");
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });

  it("refuses to start on a broken pack folder (exit 2, the issues on stderr)", async () => {
    const folder = mkdtempSync(join(dir, "broken-"));
    writeFileSync(join(folder, "bad.json"), "{ not json");
    await expect(serve(["--packs", folder])).rejects.toThrow(/exited with 2[\s\S]*invalid_json/);
  });
});

describe("fdr serve: graceful stop and the decision log", () => {
  it("on SIGTERM stops accepting, answers every in-flight request (single and batch), writes the whole log and exits 0", async () => {
    const log = join(dir, "decisions.ndjson");
    const server = await serve(["--decision-log", log]);
    const singles = Array.from({ length: 5 }, (_, index) =>
      halfSent(`${server.url}/v1/evaluate?pack=yueyang-2023${index === 0 ? "&trace=compact" : ""}`, JSON.stringify(yyCase(`S${index}`))),
    );
    const batchBody = Array.from({ length: 300 }, (_, index) => JSON.stringify(yyCase(`BT${index}`))).join("\n") + "\n";
    const batch = halfSent(`${server.url}/v1/evaluate-batch?pack=yueyang-2023`, batchBody);
    // Load alongside: new connections until the server stops accepting them.
    const loadReplies: { status: number; id: unknown; text: string }[] = [];
    const refusals: string[] = [];
    const loadClient = async (index: number) => {
      for (let n = 0; ; n++) {
        const outcome = await call(`${server.url}/v1/evaluate?pack=yueyang-2023`, { body: JSON.stringify(yyCase(`LD${index}-${n}`)) }).then(
          (reply) => ({ status: reply.status, id: reply.headers["x-request-id"], text: reply.text }),
          (error: NodeJS.ErrnoException) => error.code ?? "error",
        );
        if (typeof outcome === "string") {
          refusals.push(outcome);
          return;
        }
        loadReplies.push(outcome);
      }
    };
    const load = Array.from({ length: 4 }, (_, index) => loadClient(index));
    await sleep(500);
    const exited = server.stop("SIGTERM");
    await sleep(300);
    const late = await call(`${server.url}/healthz`).then(
      (reply) => reply.status,
      (error: NodeJS.ErrnoException) => error.code,
    );
    expect(late).toBe("ECONNREFUSED");
    for (const single of [...singles, batch]) single.finish();
    const replies = await Promise.all(singles.map((single) => single.reply));
    for (const reply of replies) expect(reply.status).toBe(200);
    const batchReply = await batch.reply;
    const lines = batchReply.text.trim().split("\n");
    expect(lines).toHaveLength(301);
    expect(JSON.parse(lines[300] as string)).toMatchObject({ summary: { complete: true, records: 300, errors: 0 } });
    expect(await exited).toBe(0);
    await Promise.all(load);
    // Each load request was answered whole (a decision, or 503 while stopping), or never reached the server.
    for (const reply of loadReplies) {
      expect([200, 503]).toContain(reply.status);
      expect(() => JSON.parse(reply.text)).not.toThrow();
    }
    expect(refusals.every((code) => code === "ECONNREFUSED" || code === "ECONNRESET")).toBe(true);
    const answered = loadReplies.filter((reply) => reply.status === 200);
    expect(answered.length).toBeGreaterThan(0);
    const logged = readFileSync(log, "utf8");
    expect(logged.endsWith("\n")).toBe(true);
    const records = logged
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records).toHaveLength(305 + answered.length);
    const ids = new Set([...replies.map((reply) => reply.headers["x-request-id"]), ...answered.map((reply) => reply.id)]);
    expect(
      records
        .filter((record) => record.route === "evaluate")
        .map((record) => record.requestId)
        .sort(),
    ).toEqual([...ids].sort());
    const batchRecords = records.filter((record) => record.route === "evaluate-batch");
    expect(batchRecords.map((record) => record.line)).toEqual(Array.from({ length: 300 }, (_, index) => index + 1));
    expect(batchRecords[0]).toMatchObject({
      pack: "yueyang-2023",
      packHash: loadPack("yueyang-2023").hash,
      residentId: "BT0",
      outcome: { eligible: true },
    });
    expect(records.find((record) => record.residentId === "S0")).toMatchObject({
      route: "evaluate",
      outcome: { eligible: true, benefits: expect.any(Array) },
    });
    expect(records[0]).toMatchObject({ requestHash: expect.stringMatching(/^sha256:[0-9a-f]{64}$/), packVersion: "1.0.0" });
  }, 60_000);

  it("answers 503 rather than a decision the log could not hold", async () => {
    if (!existsSync("/dev/full")) return expect(process.platform).not.toBe("linux");
    const server = await serve(["--decision-log", "/dev/full"]);
    try {
      const reply = await call(`${server.url}/v1/evaluate?pack=yueyang-2023`, { body: JSON.stringify(yyCase("F1")) });
      expect(reply.status).toBe(503);
      expect(ErrorBodySchema.parse(reply.json()).errors[0]).toMatchObject({ code: "io_error" });
      expect(server.stderr()).toMatch(/"event":"decision_log_error"/);
    } finally {
      await server.stop();
    }
  });

  it("rotates the log by size, keeping the number of files asked, whole lines only", () => {
    const path = join(dir, "rotating.ndjson");
    const log = new DecisionLog({ path, maxBytes: 2000, files: 2 });
    for (let index = 0; index < 200; index++) void log.append({ index, padding: "x".repeat(40) });
    log.close();
    expect(existsSync(`${path}.1`)).toBe(true);
    expect(existsSync(`${path}.2`)).toBe(true);
    expect(existsSync(`${path}.3`)).toBe(false);
    const kept = [`${path}.2`, `${path}.1`, path].flatMap((file) => {
      const text = readFileSync(file, "utf8");
      expect(text.length).toBeLessThanOrEqual(2000);
      expect(text.endsWith("\n")).toBe(true);
      return text
        .trim()
        .split("\n")
        .map((line) => (JSON.parse(line) as { index: number }).index);
    });
    // The newest records, in order, none missing among those kept.
    expect(kept[kept.length - 1]).toBe(199);
    expect(kept).toEqual(Array.from({ length: kept.length }, (_, offset) => 200 - kept.length + offset));
    expect(log.rotations).toBeGreaterThan(2);
  });

  it("cuts a partial last line (a crash mid-write) when it opens, and appends after the last whole line", async () => {
    const path = join(dir, "crashed.ndjson");
    writeFileSync(path, '{"a":1}\n{"b":2}\n{"c":');
    const log = new DecisionLog({ path, maxBytes: 1 << 20, files: 3 });
    await log.append({ d: 4 });
    log.close();
    expect(readFileSync(path, "utf8")).toBe('{"a":1}\n{"b":2}\n{"d":4}\n');
  });
});
