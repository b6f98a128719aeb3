import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import SwaggerParser from "@apidevtools/swagger-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { DecisionSchema, loadPack } from "../../src/index.js";
import { BatchRecordSchema } from "../../src/model/decision.js";
import {
  ErrorBodySchema,
  LintBodySchema,
  PackDetailSchema,
  PackSummarySchema,
  ParametersBodySchema,
  ValidateBodySchema,
} from "../../src/server/schemas.js";
import { call, serve, yyCase, type Served } from "./support.js";

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), "fdr-serve-"));
let server: Served;
beforeAll(async () => {
  server = await serve();
});
afterAll(async () => {
  expect(await server.stop()).toBe(0);
});

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  call(server.url + path, {
    body: typeof body === "string" ? body : JSON.stringify(body),
    headers: { "content-type": "application/json", ...headers },
  });

describe("fdr serve: single cases", () => {
  it("prints where it listens, on 127.0.0.1 by default", () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it("decides every golden case as fdr evaluate does (decision, or the same issues)", async () => {
    const files = readdirSync("test/cases").flatMap((pack) =>
      readdirSync(join("test/cases", pack)).map((name) => join("test/cases", pack, name)),
    );
    expect(files.length).toBeGreaterThanOrEqual(10);
    // Two CLI processes at a time: gentle on a 2-core machine running other tests.
    const queue = files.map((file, index) => [file, index] as const);
    const worker = async () => {
      for (let next = queue.shift(); next; next = queue.shift()) await check(...next);
    };
    const check = async (file: string, index: number) => {
      const text = readFileSync(file, "utf8");
      const golden = (file.endsWith(".json") ? JSON.parse(text) : parseYaml(text)) as { case: unknown };
      const caseFile = join(dir, `case-${index}.json`);
      writeFileSync(caseFile, JSON.stringify(golden.case));
      const cli = await run(process.execPath, ["dist/cli.js", "evaluate", caseFile]).then(
        ({ stdout }) => ({ ok: true as const, value: JSON.parse(stdout) as unknown }),
        (error: { stderr: string; code: number }) => ({ ok: false as const, value: JSON.parse(error.stderr) as unknown, code: error.code }),
      );
      const reply = await post("/v1/evaluate", golden.case);
      if (cli.ok) {
        expect(reply.status, file).toBe(200);
        expect(reply.json(), file).toEqual(cli.value);
        expect(reply.headers["x-pack-hash"]).toBe((cli.value as { packHash: string }).packHash);
      } else {
        expect(cli.code).toBe(2);
        expect(reply.status, file).toBe(400);
        expect(reply.json<{ errors: unknown }>().errors, file).toEqual(cli.value);
      }
    };
    await Promise.all([worker(), worker()]);
  }, 180_000);

  it("takes ?pack=, ?trace=compact (a batch record) and ?explain= without changing the decision", async () => {
    const full = await post("/v1/evaluate?pack=yueyang-2023", yyCase("R1"));
    expect(full.status).toBe(200);
    const decision = DecisionSchema.parse(full.json());
    expect(decision.pack).toBe("yueyang-2023");
    const compact = await post("/v1/evaluate?pack=yueyang-2023&trace=compact", yyCase("R1"));
    const record = BatchRecordSchema.parse(compact.json());
    expect(record.fee).toEqual(decision.fee);
    expect(record.priorityGroups).toEqual(decision.priorityGroups);
    const explained = await post("/v1/evaluate?pack=yueyang-2023&explain=both", yyCase("R1"));
    const body = explained.json<{ decision: unknown; explanation: { zh: string; en: string } }>();
    expect(body.decision).toEqual(decision);
    // Chinese lines name the pack by its Chinese title, English lines by its id: one language per line.
    expect(body.explanation.zh).toContain("居民 R1");
    expect(body.explanation.zh).not.toContain("resident R1");
    expect(body.explanation.en).toContain("yueyang-2023");
    const english = await post("/v1/evaluate?pack=yueyang-2023&explain=en", yyCase("R1"), { "accept-language": "zh-CN" });
    expect(Object.keys(english.json<{ explanation: object }>().explanation)).toEqual(["en"]);
  });

  it("writes a compact record as fdr batch does, whichever way the pack is chosen, and refuses a bad case alike", async () => {
    const input = yyCase("C1", { resident: { id: "C1", birthDate: "1950-03-02", regionCode: "430602", shoeSize: 42 } });
    const named = await post("/v1/evaluate?pack=yueyang-2023&trace=compact", input);
    const found = await post("/v1/evaluate?trace=compact", input);
    expect(named.status).toBe(200);
    expect(named.text).toBe(found.text);
    const file = join(dir, "one.ndjson");
    writeFileSync(file, JSON.stringify(input) + "\n");
    const { stdout } = await run(process.execPath, ["dist/cli.js", "batch", "--pack", "yueyang-2023", file]);
    expect(named.text + "\n").toBe(stdout);
    const bad = yyCase("C2", { asOf: "2023-02-30" });
    const compactBad = await post("/v1/evaluate?pack=yueyang-2023&trace=compact", bad);
    const fullBad = await post("/v1/evaluate?pack=yueyang-2023", bad);
    expect(compactBad.status).toBe(400);
    expect(compactBad.json()).toEqual(fullBad.json());
  });

  it("answers with an X-Request-Id, echoing a client's", async () => {
    const reply = await post("/v1/evaluate", yyCase("R1"), { "x-request-id": "his-42" });
    expect(reply.headers["x-request-id"]).toBe("his-42");
    const other = await post("/v1/evaluate", yyCase("R1"));
    expect(other.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("refuses an invalid case with 400 and the library's issues, in Chinese when asked", async () => {
    const reply = await post("/v1/evaluate?pack=yueyang-2023", yyCase("R1", { asOf: "2023-02-30" }));
    expect(reply.status).toBe(400);
    const body = ErrorBodySchema.parse(reply.json());
    expect(body.errors[0]).toMatchObject({ code: "invalid_date", path: "/asOf" });
    const zh = await post("/v1/evaluate?pack=yueyang-2023&lang=zh", yyCase("R1", { asOf: "2023-02-30" }));
    const issue = ErrorBodySchema.parse(zh.json()).errors[0];
    expect(issue?.code).toBe("invalid_date");
    expect(issue?.message).toMatch(/^不是有效的日期/);
    // The server's own codes too: their Chinese text, and no English words beside it.
    const missing = await post("/v1/nowhere?lang=zh", yyCase("R1"));
    expect(missing.status).toBe(404);
    const notFound = ErrorBodySchema.parse(missing.json()).errors[0];
    expect(notFound?.code).toBe("not_found");
    expect(notFound?.message).toMatch(/^没有这个地址/);
    expect(notFound?.message.replace(/"(?:[^"\\]|\\.)*"/g, "")).not.toMatch(/[A-Za-z]{2,}/);
  });

  it("400 for malformed JSON, an empty body and bad query values", async () => {
    for (const [path, body, code] of [
      ["/v1/evaluate", "{not json", "invalid_json"],
      ["/v1/evaluate", "", "invalid_json"],
      ["/v1/evaluate?trace=long", JSON.stringify(yyCase("R1")), "invalid_value"],
      ["/v1/evaluate?explain=fr", JSON.stringify(yyCase("R1")), "invalid_value"],
      ["/v1/validate", "[1,", "invalid_json"],
    ] as const) {
      const reply = await post(path, body);
      expect(reply.status, path + body).toBe(400);
      expect(ErrorBodySchema.parse(reply.json()).errors[0]?.code).toBe(code);
    }
  });

  it("404 for an unknown pack and an unknown route, 405 with Allow for a wrong method", async () => {
    const unknownPack = await post("/v1/evaluate?pack=atlantis-2030", yyCase("R1"));
    expect(unknownPack.status).toBe(404);
    expect(ErrorBodySchema.parse(unknownPack.json()).errors[0]).toMatchObject({ code: "unknown_pack", found: '"atlantis-2030"' });
    expect((await call(server.url + "/v1/packs/atlantis-2030")).status).toBe(404);
    const route = await call(server.url + "/v2/evaluate");
    expect(route.status).toBe(404);
    expect(ErrorBodySchema.parse(route.json()).errors[0]?.code).toBe("not_found");
    const method = await call(server.url + "/v1/evaluate");
    expect(method.status).toBe(405);
    expect(method.headers.allow).toBe("POST");
    expect(ErrorBodySchema.parse(method.json()).errors[0]?.code).toBe("method_not_allowed");
    expect((await call(server.url + "/v1/packs", { method: "DELETE" })).headers.allow).toBe("GET");
  });

  it("413 with an issue for a body over the limit", async () => {
    const big = JSON.stringify({ ...yyCase("R1"), padding: "x".repeat(2 * 1024 * 1024) });
    const reply = await post("/v1/evaluate", big);
    expect(reply.status).toBe(413);
    expect(ErrorBodySchema.parse(reply.json()).errors[0]?.code).toBe("too_big");
  });
});

describe("fdr serve: packs, parameters, validate, lint", () => {
  it("lists the packs with version, hash and period", async () => {
    const reply = await call(server.url + "/v1/packs");
    const packs = reply.json<unknown[]>().map((pack) => PackSummarySchema.parse(pack));
    expect(packs.map((pack) => pack.id)).toEqual(["yongzhou-2017", "yueyang-2023"]);
    expect(packs[1]).toMatchObject({ hash: loadPack("yueyang-2023").hash, version: loadPack("yueyang-2023").version, origin: "bundled" });
  });

  it("gives one pack's metadata and documents", async () => {
    const detail = PackDetailSchema.parse((await call(server.url + "/v1/packs/yongzhou-2017")).json());
    expect(detail.documents.map((doc) => doc.id)).toEqual(loadPack("yongzhou-2017").data.documents.map((doc) => doc.id));
    expect(detail.effective.from).toBe(loadPack("yongzhou-2017").data.effective.from);
  });

  it("gives each parameter's value on a date with its citation", async () => {
    const pack = loadPack("yueyang-2023");
    const body = ParametersBodySchema.parse((await call(server.url + "/v1/packs/yueyang-2023/parameters?asOf=2023-06-01")).json());
    expect(body.asOf).toBe("2023-06-01");
    expect(body.parameters.map((parameter) => parameter.id)).toEqual(Object.keys(pack.data.parameters));
    for (const parameter of body.parameters) {
      const source = pack.data.parameters[parameter.id]!;
      const dated = source.values.find((value) => value.from <= "2023-06-01" && (value.to === undefined || "2023-06-01" < value.to));
      expect(parameter.inForce).toBe(dated !== undefined);
      if (dated) expect(parameter.value).toEqual(dated.value);
      // Every value is cited; a quote is given where the document is one we hold (a secondary source may have none).
      expect(parameter.cite).toMatchObject({ doc: source.cite.doc, clause: source.cite.clause });
    }
    const bad = await call(server.url + "/v1/packs/yueyang-2023/parameters?asOf=2023-13-01");
    expect(bad.status).toBe(400);
    expect(ErrorBodySchema.parse(bad.json()).errors[0]).toMatchObject({ code: "invalid_date", path: "?asOf" });
  });

  it("validates and lints a pack body without serving it", async () => {
    const json = JSON.parse(readFileSync("rules/yueyang-2023.json", "utf8")) as Record<string, unknown>;
    const valid = ValidateBodySchema.parse((await post("/v1/validate", json)).json());
    expect(valid).toMatchObject({ valid: true, id: "yueyang-2023", hash: loadPack("yueyang-2023").hash, issues: [] });
    const broken = ValidateBodySchema.parse((await post("/v1/validate", { ...json, version: "one" })).json());
    expect(broken.valid).toBe(false);
    expect(broken.issues.map((issue) => issue.path)).toContain("/version");
    const lint = LintBodySchema.parse((await post("/v1/lint", { ...json, version: "one" })).json());
    expect(lint.errors).toBeGreaterThan(0);
    expect(lint.findings.every((finding) => finding.severity === "error")).toBe(true);
    const clean = LintBodySchema.parse((await post("/v1/lint", json)).json());
    expect(clean.errors).toBe(0);
    expect((await call(server.url + "/v1/packs")).json<unknown[]>()).toHaveLength(2);
  });
});

describe("fdr serve: OpenAPI, health, metrics", () => {
  it("serves an OpenAPI 3.1 document that a real validator accepts, with the library's schemas", async () => {
    const document = (await call(server.url + "/openapi.json")).json<Record<string, unknown>>();
    expect(document.openapi).toBe("3.1.0");
    const validated = (await SwaggerParser.validate(structuredClone(document) as never)) as unknown as { paths: Record<string, unknown> };
    expect(Object.keys(validated.paths)).toEqual(
      expect.arrayContaining([
        "/v1/evaluate",
        "/v1/evaluate-batch",
        "/v1/packs",
        "/v1/packs/{id}",
        "/v1/packs/{id}/parameters",
        "/v1/validate",
        "/v1/lint",
        "/healthz",
        "/readyz",
        "/metrics",
        "/openapi.json",
      ]),
    );
    const schemas = (document.components as { schemas: Record<string, { properties?: Record<string, unknown> }> }).schemas;
    expect(Object.keys(schemas.Decision?.properties ?? {})).toEqual(Object.keys(DecisionSchema.shape));
    expect(schemas.Case?.properties).toHaveProperty("resident");
    expect(schemas.Pack?.properties).toHaveProperty("parameters");
  });

  it("is alive and ready", async () => {
    expect((await call(server.url + "/healthz")).json()).toEqual({ status: "ok" });
    const ready = await call(server.url + "/readyz");
    expect(ready.status).toBe(200);
    expect(ready.json()).toMatchObject({ status: "ok", packs: 2 });
  });

  it("counts requests, decisions, latency and errors in Prometheus text", async () => {
    await post("/v1/evaluate?pack=yongzhou-2017", {
      asOf: "2023-06-01",
      resident: { id: "M1", birthDate: "1950-01-01", regionCode: "431102" },
    });
    await post("/v1/evaluate", "{");
    const reply = await call(server.url + "/metrics");
    expect(reply.headers["content-type"]).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = reply.text;
    expect(text).toMatch(/^fdr_http_requests_total\{route="\/v1\/evaluate",method="POST",status="200"\} \d+$/m);
    expect(text).toMatch(/^fdr_decisions_total\{pack="yongzhou-2017",version="1\.0\.0"\} [1-9]\d*$/m);
    expect(text).toMatch(/^fdr_decision_duration_seconds_bucket\{le="\+Inf"\} [1-9]\d*$/m);
    expect(text).toMatch(/^fdr_errors_total\{code="invalid_json"\} [1-9]\d*$/m);
    expect(text).toMatch(/^# TYPE fdr_pack_reloads_total counter$/m);
    for (const line of text.trim().split("\n")) expect(line).toMatch(/^(# (HELP|TYPE) \w+ .+|\w+(\{(\w+="[^"]*",?)+\})? -?[\d.e+-]+)$/);
  });
});

describe("fdr serve: access", () => {
  it("asks for a bearer token from the tokens file (probes stay open), and sends CORS headers only for the configured origin", async () => {
    const tokens = join(dir, "tokens.txt");
    writeFileSync(tokens, "# HIS integration\nalpha-token-123\n\nbeta-token-456\n");
    const guarded = await serve(["--tokens", tokens, "--cors", "https://his.example"]);
    try {
      const none = await call(guarded.url + "/v1/packs");
      expect(none.status).toBe(401);
      expect(none.headers["www-authenticate"]).toMatch(/^Bearer/);
      expect(ErrorBodySchema.parse(none.json()).errors[0]?.code).toBe("unauthorized");
      expect((await call(guarded.url + "/v1/packs", { headers: { authorization: "Bearer alpha-token-12" } })).status).toBe(401);
      expect((await call(guarded.url + "/v1/packs", { headers: { authorization: "Bearer beta-token-456" } })).status).toBe(200);
      expect((await call(guarded.url + "/metrics")).status).toBe(401);
      expect((await call(guarded.url + "/healthz")).status).toBe(200);
      const allowed = await call(guarded.url + "/v1/packs", {
        headers: { authorization: "Bearer alpha-token-123", origin: "https://his.example" },
      });
      expect(allowed.headers["access-control-allow-origin"]).toBe("https://his.example");
      const other = await call(guarded.url + "/v1/packs", {
        headers: { authorization: "Bearer alpha-token-123", origin: "https://evil.example" },
      });
      expect(other.headers["access-control-allow-origin"]).toBeUndefined();
      const preflight = await call(guarded.url + "/v1/evaluate", {
        method: "OPTIONS",
        headers: { origin: "https://his.example", "access-control-request-method": "POST" },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers["access-control-allow-headers"]).toMatch(/Authorization/);
    } finally {
      expect(await guarded.stop()).toBe(0);
    }
    const open = await call(server.url + "/v1/packs", { headers: { origin: "https://his.example" } });
    expect(open.headers["access-control-allow-origin"]).toBeUndefined();
  });

  it("refuses bad options with exit 2 and a JSON issue list", async () => {
    const failed = await run(process.execPath, ["dist/cli.js", "serve", "--port", "70000"]).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect((failed as { code: number }).code).toBe(2);
    expect(JSON.parse((failed as { stderr: string }).stderr)[0]).toMatchObject({ code: "invalid_arguments" });
  });
});

describe("fdr serve: defaults", () => {
  it("listens on 127.0.0.1:8080 with no option, with the documented limits", async () => {
    const { defaultServeOptions, DEFAULT_PORT } = await import("../../src/server/server.js");
    expect(DEFAULT_PORT).toBe(8080);
    expect(defaultServeOptions()).toMatchObject({ host: "127.0.0.1", port: 8080, maxBody: 1024 * 1024, maxConcurrent: 64, watch: true });
  });

  it("says which address is taken, as an io_error (exit 2)", async () => {
    const port = new URL(server.url).port;
    const failed = await run(process.execPath, ["dist/cli.js", "serve", "--port", port]).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect((failed as { code: number }).code).toBe(2);
    expect(JSON.parse((failed as { stderr: string }).stderr)[0]).toMatchObject({
      code: "io_error",
      message: expect.stringContaining("EADDRINUSE"),
    });
  });
});
