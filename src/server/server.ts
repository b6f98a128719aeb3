/**
 * `fdr serve`: an HTTP decision service over the library, on `node:http`.
 *
 * @module
 */
import { randomUUID, createHash, timingSafeEqual } from "node:crypto";
import { watch, type FSWatcher } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { readLineChunks, type RecordOptions } from "../batch/batch.js";
import { isPolicyError, PolicyError, type Issue } from "../core/errors.js";
import type { Lang } from "../core/messages.js";
import { auditRecord, sha256, type AuditedDecision } from "./audit.js";
import { BatchPool, type EvaluatedChunk } from "./batch-pool.js";
import { DecisionLog, type DecisionLogOptions } from "./decision-log.js";
import {
  HttpError,
  httpError,
  parseJsonBody,
  parseJsonText,
  readBody,
  requestLang,
  sendIssues,
  sendJson,
  sendText,
  statusOfPolicyError,
  localIssues,
  type ServerIssue,
} from "./http.js";
import { Metrics } from "./metrics.js";
import { openApiDocument } from "./openapi.js";
import { loadPackFolder, requirePack, type PackSet } from "./packs.js";
import {
  compactRecord,
  evaluateCase,
  evaluateQuery,
  lintBody,
  packDetail,
  packForCase,
  packParameters,
  packSummary,
  validateBody,
} from "./routes.js";

/** The default port of `fdr serve`. */
export const DEFAULT_PORT = 8080;

/** How a server runs; {@link defaultServeOptions} gives every default. */
export interface ServeOptions {
  readonly port: number;
  readonly host: string;
  /** A folder of packs and overlays served besides the bundled packs. */
  readonly packsDir?: string;
  /** Watch the packs folder and reload on a change (SIGHUP reloads in any case). */
  readonly watch: boolean;
  readonly decisionLog?: DecisionLogOptions;
  /** Bearer tokens; none: no authentication. */
  readonly tokens?: readonly string[];
  /** The origin allowed by CORS (`*` for any); none: no CORS headers. */
  readonly cors?: string;
  /** Largest JSON body, in bytes. */
  readonly maxBody: number;
  /** Largest batch input, in bytes. */
  readonly maxBatchBytes: number;
  /** Requests doing work at once (single case, validate, lint) before a 503. */
  readonly maxConcurrent: number;
  /** Batch requests at once before a 503. */
  readonly maxBatches: number;
  /** Batch worker threads. */
  readonly workers: number;
  readonly headersTimeoutMs: number;
  /** Time to receive a whole JSON body. */
  readonly requestTimeoutMs: number;
  /** A batch whose client neither sends nor reads for this long is cut. */
  readonly batchIdleTimeoutMs: number;
  readonly keepAliveTimeoutMs: number;
  /** On SIGTERM, in-flight requests get this long to finish. */
  readonly shutdownTimeoutMs: number;
  /** Where server events go (one JSON object per line). */
  readonly log: (line: string) => void;
  /** The batch worker's script (default: `serve-worker.js` beside the built CLI). */
  readonly workerScript?: string | URL;
  /** The version the OpenAPI document names. */
  readonly version: string;
}

/** The defaults of every option. */
export function defaultServeOptions(): ServeOptions {
  return {
    port: DEFAULT_PORT,
    host: "127.0.0.1",
    watch: true,
    maxBody: 1024 * 1024,
    maxBatchBytes: 1024 * 1024 * 1024,
    maxConcurrent: 64,
    maxBatches: 4,
    workers: 1,
    headersTimeoutMs: 10_000,
    requestTimeoutMs: 30_000,
    batchIdleTimeoutMs: 60_000,
    keepAliveTimeoutMs: 5_000,
    shutdownTimeoutMs: 10_000,
    log: (line) => process.stderr.write(line + "\n"),
    version: "0.0.0",
  };
}

/** A running server. */
export interface RunningServer {
  /** `http://host:port`. */
  readonly url: string;
  readonly port: number;
  readonly metrics: Metrics;
  /** Reloads the packs folder; refused (previous set kept) when any pack is broken. */
  reload(): boolean;
  /** Graceful stop: no new connections, in-flight requests finish (until the deadline), the log is flushed. */
  close(): Promise<void>;
}

type Handler = (context: RequestContext) => Promise<void> | void;

interface RequestContext {
  readonly request: IncomingMessage;
  readonly response: ServerResponse;
  readonly url: URL;
  readonly requestId: string;
  readonly params: readonly string[];
  lang: Lang;
}

interface Route {
  readonly name: string;
  readonly pattern: RegExp;
  readonly methods: Readonly<Record<string, Handler>>;
  /** Open without a token (probes). */
  readonly open?: boolean;
  /** Counts against the bound of concurrent work. */
  readonly work?: boolean;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Starts a server; resolves once it listens. */
export async function startServer(given: Partial<ServeOptions> = {}): Promise<RunningServer> {
  const options: ServeOptions = { ...defaultServeOptions(), ...given };
  const event = (name: string, fields: Record<string, unknown> = {}) =>
    options.log(JSON.stringify({ time: new Date().toISOString(), event: name, ...fields }));
  const metrics = new Metrics();

  const first = loadPackFolder(options.packsDir);
  if (!first.ok)
    throw new PolicyError(
      first.failures.flatMap((failure) =>
        failure.issues.map((issue) => ({ ...issue, message: `${failure.file}: ${issue.message}` })),
      ) as unknown as [Issue, ...Issue[]],
    );
  let packs: PackSet = first.set;
  for (const warning of first.warnings) event("pack_warning", { message: warning });
  let lastReload: { ok: boolean; at: string } | undefined;

  const decisionLog = options.decisionLog ? new DecisionLog(options.decisionLog) : undefined;
  const pool = new BatchPool(options.workerScript ?? new URL("./serve-worker.js", import.meta.url), options.workers);
  let inflight = 0;
  let working = 0;
  let batches = 0;
  let stopping = false;
  // Batches waiting for their next chunk, woken when the shutdown deadline cuts them. Each wait registers here
  // and leaves when it ends: racing every chunk against one long-lived promise would keep every chunk reachable.
  let batchesAreCut = false;
  const cutWaits = new Set<() => void>();
  const cutBatches = (): void => {
    batchesAreCut = true;
    for (const wake of cutWaits) wake();
    cutWaits.clear();
  };
  /** `work`, or "stopping" when the shutdown deadline cuts the batches first. */
  const untilCut = <T>(work: Promise<T>): Promise<T | "stopping"> => {
    if (batchesAreCut) return Promise.resolve("stopping");
    let wake: () => void = () => undefined;
    const cut = new Promise<"stopping">((resolve) => (wake = () => resolve("stopping")));
    cutWaits.add(wake);
    return Promise.race([work, cut]).finally(() => cutWaits.delete(wake));
  };
  const idle: (() => void)[] = [];
  const active = new Set<ServerResponse>();

  metrics.gauge("fdr_inflight_requests", "Requests being handled.", () => inflight);
  metrics.gauge("fdr_batch_requests_active", "Batch requests running.", () => batches);
  metrics.gauge("fdr_packs_served", "Packs served (bundled and from the folder).", () => packs.packs.length);
  metrics.gauge("fdr_decision_log_lines", "Lines written to the decision log since start.", () => decisionLog?.written ?? 0);

  function reload(): boolean {
    const result = loadPackFolder(options.packsDir);
    lastReload = { ok: result.ok, at: new Date().toISOString() };
    if (!result.ok) {
      metrics.reloads.inc({ result: "failure" });
      event("pack_reload_refused", {
        failures: result.failures,
        serving: packs.packs.map((served) => ({ id: served.pack.id, hash: served.pack.hash })),
      });
      return false;
    }
    packs = result.set;
    metrics.reloads.inc({ result: "success" });
    for (const warning of result.warnings) event("pack_warning", { message: warning });
    event("pack_reload", {
      packs: packs.packs.map((served) => ({ id: served.pack.id, version: served.pack.version, hash: served.pack.hash })),
    });
    return true;
  }

  const tokenDigests = (options.tokens ?? []).map((token) => createHash("sha256").update(token).digest());
  function authorized(request: IncomingMessage): boolean {
    if (tokenDigests.length === 0) return true;
    const header = String(request.headers.authorization ?? "");
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    const given = createHash("sha256")
      .update(match?.[1] ?? "")
      .digest();
    let ok = false;
    // Every token is compared, in constant time, whatever matched before.
    for (const digest of tokenDigests) ok = timingSafeEqual(digest, given) || ok;
    return ok && match !== null;
  }

  async function jsonBody(context: RequestContext): Promise<{ json: unknown; body: Buffer }> {
    const body = await readBody(context.request, options.maxBody, options.requestTimeoutMs);
    return { json: parseJsonBody(body), body };
  }

  const routes: Route[] = [
    {
      name: "/healthz",
      pattern: /^\/healthz$/,
      open: true,
      methods: { GET: ({ response }) => sendJson(response, 200, { status: stopping ? "stopping" : "ok" }) },
    },
    {
      name: "/readyz",
      pattern: /^\/readyz$/,
      open: true,
      methods: {
        GET: ({ response }) => {
          const body = {
            status: stopping ? "stopping" : "ok",
            packs: packs.packs.length,
            loadedAt: packs.loadedAt,
            ...(lastReload ? { lastReload } : {}),
          };
          sendJson(response, stopping || packs.packs.length === 0 ? 503 : 200, body);
        },
      },
    },
    {
      name: "/metrics",
      pattern: /^\/metrics$/,
      methods: { GET: ({ response }) => sendText(response, 200, metrics.render(), "text/plain; version=0.0.4; charset=utf-8") },
    },
    {
      name: "/openapi.json",
      pattern: /^\/openapi\.json$/,
      methods: { GET: ({ response }) => sendJson(response, 200, openApiDocument(options.version)) },
    },
    {
      name: "/v1/evaluate",
      pattern: /^\/v1\/evaluate$/,
      work: true,
      methods: {
        POST: async (context) => {
          const query = evaluateQuery(context.url.searchParams);
          const body = await readBody(context.request, options.maxBody, options.requestTimeoutMs);
          const { json, text } = parseJsonText(body);
          const started = process.hrtime.bigint();
          const packId = context.url.searchParams.get("pack");
          const pack = packForCase(packs, packId, json);
          let result: { text: string; decision: AuditedDecision | undefined };
          if (query.trace === "compact" && !query.explain && packId !== null) {
            // The batch route's template path: the same record, several times faster.
            const record = compactRecord(pack, text);
            if ("issues" in record) throw new HttpError(400, record.issues);
            result = { text: record.text, decision: decisionLog ? (JSON.parse(record.text) as AuditedDecision) : undefined };
          } else result = evaluateCase(pack, json, query);
          metrics.decisionSeconds.observe(Number(process.hrtime.bigint() - started) / 1e9);
          metrics.decisions.inc({ pack: pack.id, version: pack.version });
          if (decisionLog && result.decision) {
            try {
              await decisionLog.append(
                auditRecord(result.decision, { requestId: context.requestId, route: "evaluate", requestHash: sha256(body) }),
              );
            } catch (error) {
              // No decision goes out that the audit trail does not hold.
              event("decision_log_error", { message: (error as Error).message });
              throw httpError(503, "io_error", `the decision log cannot be written: ${(error as Error).message}`, {
                headers: { "retry-after": "5" },
              });
            }
          }
          sendText(context.response, 200, result.text, "application/json; charset=utf-8", { "x-pack-hash": pack.hash });
        },
      },
    },
    { name: "/v1/evaluate-batch", pattern: /^\/v1\/evaluate-batch$/, methods: { POST: (context) => evaluateBatch(context) } },
    {
      name: "/v1/packs",
      pattern: /^\/v1\/packs$/,
      methods: { GET: ({ response }) => sendJson(response, 200, packs.packs.map(packSummary)) },
    },
    {
      name: "/v1/packs/{id}",
      pattern: /^\/v1\/packs\/([^/]+)$/,
      methods: { GET: ({ response, params }) => sendJson(response, 200, packDetail(requirePack(packs, params[0] as string), packs)) },
    },
    {
      name: "/v1/packs/{id}/parameters",
      pattern: /^\/v1\/packs\/([^/]+)\/parameters$/,
      methods: {
        GET: ({ response, params, url }) =>
          sendJson(response, 200, packParameters(requirePack(packs, params[0] as string), url.searchParams.get("asOf"))),
      },
    },
    {
      name: "/v1/validate",
      pattern: /^\/v1\/validate$/,
      work: true,
      methods: { POST: async (context) => sendJson(context.response, 200, validateBody((await jsonBody(context)).json, context.lang)) },
    },
    {
      name: "/v1/lint",
      pattern: /^\/v1\/lint$/,
      work: true,
      methods: { POST: async (context) => sendJson(context.response, 200, lintBody((await jsonBody(context)).json, context.lang)) },
    },
  ];

  async function evaluateBatch(context: RequestContext): Promise<void> {
    const { request, url } = context;
    const packId = url.searchParams.get("pack");
    if (packId === null)
      throw httpError(400, "missing_field", "the batch route needs ?pack=<id>", { path: "?pack", expected: "the id of a served pack" });
    const trace = url.searchParams.get("trace") ?? "compact";
    if (trace !== "full" && trace !== "compact")
      throw httpError(400, "invalid_value", "trace takes compact or full", {
        path: "?trace",
        expected: "compact or full",
        found: JSON.stringify(trace),
      });
    const served = requirePack(packs, packId);
    const declared = Number(request.headers["content-length"]);
    if (Number.isFinite(declared) && declared > options.maxBatchBytes) {
      throw httpError(413, "too_big", `the batch is larger than ${options.maxBatchBytes} bytes`, {
        expected: `at most ${options.maxBatchBytes} bytes`,
        found: `${declared} bytes`,
      });
    }
    if (batches >= options.maxBatches) throw overloaded();
    batches++;
    try {
      await streamBatch(context, served, { trace, format: "ndjson" });
    } finally {
      batches--;
    }
  }

  async function streamBatch(context: RequestContext, served: ReturnType<typeof requirePack>, recordOptions: RecordOptions): Promise<void> {
    const { request, response } = context;
    const { pack } = served;
    let cut: ServerIssue | undefined;
    let closed = false;
    response.on("close", () => (closed = !response.writableFinished));
    const timeout = (what: string) => ({
      code: "timeout" as const,
      path: "",
      message: `the client ${what} for ${options.batchIdleTimeoutMs} ms`,
      expected: `activity at least every ${options.batchIdleTimeoutMs} ms`,
    });
    // One timer per wait, cleared when the wait ends: a long upload leaves no timers behind.
    const idleRace = async <T>(work: Promise<T>): Promise<T | "idle"> => {
      let timer: NodeJS.Timeout | undefined;
      const idle = new Promise<"idle">((resolve) => (timer = setTimeout(() => resolve("idle"), options.batchIdleTimeoutMs)));
      try {
        return await Promise.race([work, idle]);
      } finally {
        clearTimeout(timer);
      }
    };
    async function* input(): AsyncGenerator<Uint8Array> {
      const chunks = request[Symbol.asyncIterator]();
      let bytes = 0;
      for (;;) {
        const next = await idleRace(untilCut(chunks.next()));
        if (next === "idle") {
          cut = timeout("sent nothing");
          return;
        }
        if (next === "stopping") {
          cut = { code: "stopping", path: "", message: "the server stopped before the batch ended (shutdown deadline)" };
          return;
        }
        if (next.done || closed) return;
        const chunk = next.value as Buffer;
        bytes += chunk.length;
        if (bytes > options.maxBatchBytes) {
          cut = {
            code: "too_big",
            path: "",
            message: `the batch is larger than ${options.maxBatchBytes} bytes; the rest was not read`,
            expected: `at most ${options.maxBatchBytes} bytes`,
          };
          return;
        }
        yield chunk;
      }
    }
    response.writeHead(200, {
      "content-type": "application/x-ndjson; charset=utf-8",
      "x-pack-hash": pack.hash,
      "cache-control": "no-store",
    });
    response.flushHeaders();
    let records = 0;
    let errors = 0;
    const write = async (chunk: EvaluatedChunk) => {
      records += chunk.lines;
      errors += chunk.errors;
      metrics.batchRecords.inc({ kind: "decision" }, chunk.lines - chunk.errors);
      if (chunk.errors > 0) metrics.batchRecords.inc({ kind: "error" }, chunk.errors);
      for (const code of chunk.errorCodes) metrics.errors.inc({ code });
      if (chunk.lines > chunk.errors) metrics.decisions.inc({ pack: pack.id, version: pack.version }, chunk.lines - chunk.errors);
      if (chunk.audit) decisionLog?.appendLines(chunk.audit);
      if (closed || chunk.bytes.length === 0) return;
      if (!response.write(chunk.bytes)) {
        const drained = new Promise<"drained">((resolve) => {
          const done = () => {
            response.off("drain", done);
            response.off("close", done);
            resolve("drained");
          };
          response.on("drain", done);
          response.on("close", done);
        });
        if ((await idleRace(drained)) === "idle") {
          cut = timeout("read nothing");
          closed = true;
          response.destroy();
        }
      }
    };
    let summary: Record<string, unknown> = {};
    try {
      const data = await pool.run(
        served,
        recordOptions,
        readLineChunks(input()),
        write,
        decisionLog ? { requestId: context.requestId, time: new Date().toISOString() } : undefined,
      );
      summary = { ...data };
    } catch (error) {
      cut ??= { code: "internal_error", path: "", message: `the batch stopped: ${error instanceof Error ? error.message : String(error)}` };
    }
    if (closed) return;
    if (cut) metrics.errors.inc({ code: cut.code });
    const line = {
      summary: {
        complete: cut === undefined,
        records,
        decisions: records - errors,
        errors,
        pack: pack.id,
        packVersion: pack.version,
        packHash: pack.hash,
        ...summary,
        ...(cut ? { issues: localIssues([cut], context.lang) } : {}),
      },
    };
    response.end(JSON.stringify(line) + "\n");
    // The rest of a cut request is not evaluated: the connection closes.
    if (cut) lingerClose(request, response);
  }

  /**
   * Closes a connection whose request body was not read to its end, once the
   * answer is sent: the rest of the body is read and dropped for a moment (a
   * client still sending then reads the answer instead of a reset), then the
   * connection ends.
   */
  function lingerClose(request: IncomingMessage, response: ServerResponse): void {
    response.on("finish", () => {
      const socket = request.socket;
      socket.end();
      request.removeAllListeners("readable");
      request.on("data", () => undefined);
      request.resume();
      setTimeout(() => socket.destroy(), 2000).unref();
    });
  }

  function overloaded(): HttpError {
    return httpError(503, "overloaded", "the server is at its bound of concurrent work; retry later", { headers: { "retry-after": "1" } });
  }

  function corsHeaders(request: IncomingMessage): Record<string, string> {
    if (!options.cors) return {};
    const origin = request.headers.origin;
    if (typeof origin !== "string") return {};
    if (options.cors !== "*" && origin !== options.cors) return {};
    return {
      "access-control-allow-origin": options.cors === "*" ? "*" : origin,
      vary: "Origin",
      "access-control-expose-headers": "X-Request-Id, X-Pack-Hash, Retry-After",
    };
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    inflight++;
    const given = request.headers["x-request-id"];
    const requestId = typeof given === "string" && REQUEST_ID.test(given) ? given : randomUUID();
    let routeName = "unmatched";
    let url: URL;
    try {
      url = new URL(request.url ?? "/", "http://localhost");
    } catch {
      url = new URL("http://localhost/");
    }
    const route = routes.find((candidate) => candidate.pattern.test(url.pathname));
    if (route) routeName = route.name;
    active.add(response);
    response.on("finish", () => {
      metrics.requests.inc({ route: routeName, method: request.method ?? "", status: String(response.statusCode) });
      // While stopping, a connection is closed as soon as it has nothing left to answer.
      if (stopping) setImmediate(() => server.closeIdleConnections());
    });
    response.on("close", () => {
      active.delete(response);
      inflight--;
      if (inflight === 0) for (const resolve of idle.splice(0)) resolve();
    });
    response.setHeader("x-request-id", requestId);
    for (const [name, value] of Object.entries(corsHeaders(request))) response.setHeader(name, value);
    if (stopping) response.setHeader("connection", "close");
    let lang: Lang = "en";
    let counted = false;
    try {
      lang = requestLang(url, request);
      const method = request.method ?? "GET";
      if (method === "OPTIONS" && options.cors && request.headers["access-control-request-method"]) {
        response.writeHead(204, {
          "access-control-allow-methods": "GET, POST",
          "access-control-allow-headers": "Authorization, Content-Type, X-Request-Id, Accept-Language",
          "access-control-max-age": "600",
        });
        response.end();
        return;
      }
      if (!route)
        throw httpError(404, "not_found", `no route ${url.pathname}`, {
          expected:
            "one of /v1/evaluate, /v1/evaluate-batch, /v1/packs, /v1/packs/<id>, /v1/packs/<id>/parameters, /v1/validate, /v1/lint, /openapi.json, /healthz, /readyz, /metrics",
          found: JSON.stringify(url.pathname),
        });
      if (!route.open && !authorized(request))
        throw httpError(401, "unauthorized", "a valid bearer token is required", { headers: { "www-authenticate": 'Bearer realm="fdr"' } });
      const handler = route.methods[method];
      if (!handler) {
        const allow = Object.keys(route.methods).join(", ");
        throw httpError(405, "method_not_allowed", `${route.name} takes ${allow}, not ${method}`, {
          expected: allow,
          found: method,
          headers: { allow },
        });
      }
      if (stopping && !route.open) throw httpError(503, "stopping", "the server is stopping", { headers: { "retry-after": "1" } });
      if (route.work) {
        if (working >= options.maxConcurrent) throw overloaded();
        working++;
        counted = true;
      }
      const params = (route.pattern.exec(url.pathname)?.slice(1) ?? []).map((param) => {
        try {
          return decodeURIComponent(param);
        } catch {
          throw httpError(400, "invalid_value", `${JSON.stringify(param)} is not a valid URL path segment`, {
            expected: "percent-encoded UTF-8",
            found: JSON.stringify(param),
          });
        }
      });
      await handler({ request, response, url, requestId, params, lang });
    } catch (error) {
      fail(request, response, error, lang);
    } finally {
      if (counted) working--;
    }
  }

  function fail(request: IncomingMessage, response: ServerResponse, error: unknown, lang: Lang): void {
    let status: number;
    let issues: readonly ServerIssue[];
    let headers: Record<string, string> = {};
    if (error instanceof HttpError) {
      status = error.status;
      issues = error.issues;
      headers = { ...error.headers };
    } else if (isPolicyError(error)) {
      status = statusOfPolicyError(error);
      issues = error.issues;
    } else {
      status = 500;
      issues = [{ code: "internal_error", path: "", message: error instanceof Error ? error.message : String(error) }];
      event("internal_error", { message: issues[0]?.message, url: request.url });
    }
    for (const issue of issues) metrics.errors.inc({ code: issue.code });
    // A body not read to its end is not read at all: the connection closes.
    const unread =
      !request.complete && (Number(request.headers["content-length"] ?? 0) > 0 || request.headers["transfer-encoding"] !== undefined);
    if (unread) headers.connection = "close";
    if (response.headersSent) {
      response.destroy();
      return;
    }
    sendIssues(response, status, issues, lang, headers);
    if (unread) lingerClose(request, response);
  }

  const server: Server = createServer(
    {
      requestTimeout: 0,
      headersTimeout: options.headersTimeoutMs,
      keepAliveTimeout: options.keepAliveTimeoutMs,
      connectionsCheckingInterval: Math.min(1000, options.headersTimeoutMs),
    },
    (request, response) => {
      void handle(request, response);
    },
  );
  server.on("clientError", (error: NodeJS.ErrnoException, socket) => {
    if (!socket.writable) return socket.destroy();
    const status = error.code === "HPE_HEADER_OVERFLOW" ? 431 : error.code === "ERR_HTTP_REQUEST_TIMEOUT" ? 408 : 400;
    const body = JSON.stringify({
      errors: [
        {
          code: status === 408 ? "timeout" : "invalid_value",
          path: "",
          message:
            status === 408
              ? `the request headers did not arrive within ${options.headersTimeoutMs} ms`
              : `malformed HTTP request (${error.code ?? error.message})`,
        },
      ],
    });
    socket.end(
      `HTTP/1.1 ${status} ${status === 408 ? "Request Timeout" : status === 431 ? "Request Header Fields Too Large" : "Bad Request"}\r\nconnection: close\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) => {
      void pool.close();
      decisionLog?.close();
      reject(
        new PolicyError([
          {
            code: "io_error",
            path: "",
            message: `cannot listen on ${options.host}:${options.port}: ${error.code ?? error.message}`,
            expected: "a free port (--port 0 takes one)",
          },
        ]),
      );
    });
    server.listen(options.port, options.host, () => {
      server.removeAllListeners("error");
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;

  let watcher: FSWatcher | undefined;
  if (options.packsDir && options.watch) {
    let timer: NodeJS.Timeout | undefined;
    watcher = watch(options.packsDir, () => {
      clearTimeout(timer);
      timer = setTimeout(reload, 250);
    });
    watcher.on("error", (error) => event("watch_error", { message: error.message }));
  }

  let closing: Promise<void> | undefined;
  async function close(): Promise<void> {
    stopping = true;
    watcher?.close();
    event("stopping", { inflight });
    for (const response of active) if (!response.headersSent) response.setHeader("connection", "close");
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const drained = inflight === 0 ? Promise.resolve() : new Promise<void>((resolve) => idle.push(resolve));
    const deadline = new Promise<"deadline">((resolve) => setTimeout(() => resolve("deadline"), options.shutdownTimeoutMs).unref());
    if ((await Promise.race([drained, deadline])) === "deadline") {
      event("shutdown_deadline", { inflight });
      cutBatches();
      await Promise.race([drained, new Promise((resolve) => setTimeout(resolve, 1000).unref())]);
      server.closeAllConnections();
    }
    await closed;
    await pool.close();
    decisionLog?.close();
    event("stopped", { decisionLogLines: decisionLog?.written ?? 0 });
  }

  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    metrics,
    reload,
    close: () => (closing ??= close()),
  };
}
