import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BatchSummaryLineSchema, ErrorBodySchema } from "../../src/server/schemas.js";
import { call, serve, yyCase, type Served } from "./support.js";

const dir = mkdtempSync(join(tmpdir(), "fdr-serve-batch-"));
let server: Served;
beforeAll(async () => {
  server = await serve(["--max-batch-bytes", "2000000", "--batch-idle-timeout", "1.5", "--workers", "2"]);
});
afterAll(async () => {
  expect(await server.stop()).toBe(0);
});

/** Good cases with bad lines among them: broken JSON, empty, an impossible date, bytes that are not UTF-8. */
function mixedInput(count: number): Buffer {
  const parts: Buffer[] = [];
  for (let i = 0; i < count; i++) {
    parts.push(
      Buffer.from(
        JSON.stringify(yyCase(`G${i}`, i % 3 === 0 ? { resident: { id: `G${i}`, birthDate: "2020-01-01", regionCode: "430602" } } : {})) +
          "\n",
      ),
    );
    if (i % 50 === 7) parts.push(Buffer.from("{not json\n"));
    if (i % 50 === 19) parts.push(Buffer.from("\n"));
    if (i % 50 === 31) parts.push(Buffer.from(JSON.stringify(yyCase(`B${i}`, { asOf: "2023-02-30" })) + "\n"));
    if (i % 50 === 43)
      parts.push(Buffer.concat([Buffer.from('{"asOf":"2023-06-01","resident":{"id":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}}\n')]));
  }
  return Buffer.concat(parts);
}

const postBatch = (query: string, body: Buffer | string) =>
  call(`${server.url}/v1/evaluate-batch${query}`, { body, headers: { "content-type": "application/x-ndjson" } });

describe("fdr serve: the batch route", () => {
  it("writes one line per input line, in order, byte for byte as fdr batch does, then a summary line", async () => {
    const input = mixedInput(3000);
    const file = join(dir, "mixed.ndjson");
    writeFileSync(file, input);
    const expected = execFileSync(process.execPath, ["dist/cli.js", "batch", "--pack", "yueyang-2023", file], {
      encoding: "utf8",
      maxBuffer: 1 << 28,
      stdio: ["ignore", "pipe", "ignore"],
    });
    const reply = await postBatch("?pack=yueyang-2023", input);
    expect(reply.status).toBe(200);
    expect(reply.headers["content-type"]).toMatch(/^application\/x-ndjson/);
    const lines = reply.text.split("\n");
    expect(lines.pop()).toBe("");
    const summary = BatchSummaryLineSchema.parse(JSON.parse(lines.pop() as string)).summary;
    expect(lines.join("\n") + "\n").toBe(expected);
    const inputLines = input.toString("latin1").split("\n").length - 1;
    expect(lines).toHaveLength(inputLines);
    lines.forEach((line, index) => {
      const record = JSON.parse(line) as { line?: number; errors?: unknown[]; pack?: string };
      if (record.errors) expect(record.line).toBe(index + 1);
      else expect(record.pack).toBe("yueyang-2023");
    });
    const errorLines = lines.filter((line) => line.startsWith('{"line":')).length;
    expect(errorLines).toBe(60 * 4);
    expect(summary).toMatchObject({
      complete: true,
      records: inputLines,
      errors: errorLines,
      decisions: inputLines - errorLines,
      pack: "yueyang-2023",
      residents: inputLines - errorLines,
    });
  });

  it("runs several batches at once on the workers, each in its own order and under its own pack", async () => {
    const bodies = [0, 1, 2].map(
      (batch) =>
        Array.from({ length: 400 }, (_, index) => (index % 97 === 5 ? "{oops" : JSON.stringify(yyCase(`K${batch}-${index}`)))).join("\n") +
        "\n",
    );
    const yz = { asOf: "2023-06-01", resident: { id: "YZ", birthDate: "1950-01-01", regionCode: "431102" } };
    const replies = await Promise.all([
      ...bodies.map((body) => postBatch("?pack=yueyang-2023", body)),
      postBatch("?pack=yongzhou-2017", (JSON.stringify(yz) + "\n").repeat(300)),
    ]);
    replies.slice(0, 3).forEach((reply, batch) => {
      const lines = reply.text.trim().split("\n");
      expect(lines).toHaveLength(401);
      lines.slice(0, 400).forEach((line, index) => {
        if (index % 97 === 5) expect(JSON.parse(line)).toMatchObject({ line: index + 1 });
        else expect(JSON.parse(line)).toMatchObject({ residentId: `K${batch}-${index}`, pack: "yueyang-2023" });
      });
    });
    const yzLines = (replies[3] as { text: string }).text.trim().split("\n");
    expect(yzLines).toHaveLength(301);
    expect(JSON.parse(yzLines[0] as string)).toMatchObject({ pack: "yongzhou-2017" });
    expect(JSON.parse(yzLines[300] as string)).toMatchObject({ summary: { complete: true, records: 300, pack: "yongzhou-2017" } });
  });

  it("streams both ways: records come back before the input ends", async () => {
    const url = new URL(`${server.url}/v1/evaluate-batch?pack=yueyang-2023`);
    const received: string[] = [];
    await new Promise<void>((resolve, reject) => {
      const req = request(url, { method: "POST", headers: { "content-type": "application/x-ndjson" } }, (response) => {
        response.setEncoding("utf8");
        let text = "";
        response.on("data", (chunk: string) => {
          text += chunk;
          const done = text.split("\n").slice(0, -1);
          if (received.length === 0 && done.length >= 2) {
            received.push(...done);
            // Only now the rest of the input, and the end.
            req.end(JSON.stringify(yyCase("LAST")) + "\n");
          }
        });
        response.on("end", () => {
          received.push(...text.split("\n").slice(received.length, -1));
          resolve();
        });
        response.on("error", reject);
      });
      req.on("error", reject);
      req.write(JSON.stringify(yyCase("FIRST")) + "\n{broken\n");
    });
    expect(JSON.parse(received[0] as string)).toMatchObject({ residentId: "FIRST" });
    expect(JSON.parse(received[1] as string)).toMatchObject({ line: 2 });
    expect(JSON.parse(received[2] as string)).toMatchObject({ residentId: "LAST" });
    expect(JSON.parse(received[3] as string)).toMatchObject({ summary: { complete: true, records: 3, errors: 1 } });
  });

  it("takes trace=full (whole decisions), and refuses a missing or unknown pack and a bad trace before reading", async () => {
    const full = await postBatch("?pack=yueyang-2023&trace=full", JSON.stringify(yyCase("F1")) + "\n");
    const [record] = full.text.split("\n");
    expect(JSON.parse(record as string).trace[0]).toHaveProperty("cite");
    expect((await postBatch("", "{}\n")).status).toBe(400);
    const unknown = await postBatch("?pack=nowhere-1999", "{}\n");
    expect(unknown.status).toBe(404);
    expect(ErrorBodySchema.parse(unknown.json()).errors[0]?.code).toBe("unknown_pack");
    expect((await postBatch("?pack=yueyang-2023&trace=some", "{}\n")).status).toBe(400);
  });

  it("413 for a declared length over the batch limit; a chunked stream over it is cut, with an incomplete summary", async () => {
    const big = Buffer.alloc(2_100_000, "\n");
    const declared = await postBatch("?pack=yueyang-2023", big);
    expect(declared.status).toBe(413);
    const text = await new Promise<string>((resolve, reject) => {
      const req = request(
        `${server.url}/v1/evaluate-batch?pack=yueyang-2023`,
        { method: "POST", headers: { "transfer-encoding": "chunked" } },
        (response) => {
          let body = "";
          response.setEncoding("utf8").on("data", (chunk: string) => (body += chunk));
          response.on("end", () => resolve(body));
          response.on("error", reject);
        },
      );
      req.on("error", () => undefined);
      const line = JSON.stringify(yyCase("C")) + "\n";
      const block = line.repeat(Math.ceil(100_000 / line.length));
      let sent = 0;
      const pump = () => {
        while (sent < 3_000_000) {
          sent += block.length;
          if (!req.write(block)) return void req.once("drain", pump);
        }
        req.end();
      };
      pump();
    });
    const lines = text.trim().split("\n");
    const summary = BatchSummaryLineSchema.parse(JSON.parse(lines.pop() as string)).summary;
    expect(summary.complete).toBe(false);
    expect(summary.issues?.[0]?.code).toBe("too_big");
    expect(lines.length).toBe(summary.records);
    expect(summary.records).toBeGreaterThan(0);
  });

  it("cuts a batch whose client goes quiet (idle timeout), answering what it had and an incomplete summary", async () => {
    const url = new URL(server.url);
    const text = await new Promise<string>((resolve) => {
      const socket = connect(Number(url.port), url.hostname);
      let body = "";
      socket.setEncoding("utf8").on("data", (chunk: string) => (body += chunk));
      socket.on("close", () => resolve(body));
      const line = JSON.stringify(yyCase("Q1")) + "\n";
      socket.write(
        `POST /v1/evaluate-batch?pack=yueyang-2023 HTTP/1.1\r\nhost: x\r\ntransfer-encoding: chunked\r\n\r\n${line.length.toString(16)}\r\n${line}\r\n`,
      );
    });
    const lines = text
      .split("\r\n\r\n")
      .slice(1)
      .join("")
      .split("\n")
      .filter((line) => line.startsWith("{"));
    expect(JSON.parse(lines[0] as string)).toMatchObject({ residentId: "Q1" });
    const summary = JSON.parse(lines[lines.length - 1] as string);
    expect(summary).toMatchObject({ summary: { complete: false, records: 1, issues: [{ code: "timeout" }] } });
  });
});
