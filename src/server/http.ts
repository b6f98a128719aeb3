/**
 * What every route of `fdr serve` shares: errors as issue lists, JSON
 * responses, bodies read within a size limit and a deadline.
 *
 * @module
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { PolicyError, type Issue, type IssueCode } from "../core/errors.js";
import { issueMessage, type Lang } from "../core/messages.js";

/** Issue codes of the HTTP layer, besides the library's. */
export type ServerIssueCode = "not_found" | "method_not_allowed" | "unauthorized" | "overloaded" | "timeout" | "stopping";

/** An issue of a response: the library's, or one of the HTTP layer. */
export type ServerIssue = Omit<Issue, "code"> & { readonly code: IssueCode | ServerIssueCode };

const SERVER_TEXT_ZH: Readonly<Record<ServerIssueCode, string>> = {
  not_found: "没有这个地址",
  method_not_allowed: "该地址不支持此请求方法",
  unauthorized: "需要有效的访问令牌",
  overloaded: "服务繁忙，请稍后重试",
  timeout: "请求超时",
  stopping: "服务正在停止",
};

/** An HTTP failure: a status, the issues that explain it, and extra headers. */
export class HttpError extends Error {
  /** The HTTP status code. */
  readonly status: number;
  /** The issues, in the library's format. */
  readonly issues: readonly ServerIssue[];
  /** Headers sent with the error (`Allow`, `Retry-After`, `WWW-Authenticate`). */
  readonly headers: Readonly<Record<string, string>>;

  constructor(status: number, issues: readonly ServerIssue[], headers: Readonly<Record<string, string>> = {}) {
    super(issues.map((issue) => issue.message).join("; "));
    this.name = "HttpError";
    this.status = status;
    this.issues = issues;
    this.headers = headers;
  }
}

/** An {@link HttpError} holding one issue. */
export function httpError(
  status: number,
  code: IssueCode | ServerIssueCode,
  message: string,
  extra: { path?: string; expected?: string; found?: string; headers?: Record<string, string> } = {},
): HttpError {
  const issue: ServerIssue = {
    code,
    path: extra.path ?? "",
    message,
    ...(extra.expected !== undefined ? { expected: extra.expected } : {}),
    ...(extra.found !== undefined ? { found: extra.found } : {}),
  };
  return new HttpError(status, [issue], extra.headers);
}

/** The HTTP status of a library error: 404 for an unknown pack named by the request, else 400 (the case or pack is at fault). */
export function statusOfPolicyError(error: PolicyError): number {
  const first = error.issues[0];
  if (first.code === "unknown_pack" && first.path === "") return 404;
  return 400;
}

/** Issues with their messages in a language (codes, paths and values never change). */
export function localIssues(issues: readonly ServerIssue[], lang: Lang): ServerIssue[] {
  if (lang === "en") return [...issues];
  return issues.map((issue) => ({ ...issue, message: issueMessage(issue, lang, SERVER_TEXT_ZH) }));
}

/** The language of human text in a response: `?lang=`, else `Accept-Language` (zh for Chinese), else English. */
export function requestLang(url: URL, request: IncomingMessage): Lang {
  const asked = url.searchParams.get("lang");
  if (asked === "zh" || asked === "en") return asked;
  if (asked !== null)
    throw httpError(400, "invalid_value", "lang takes zh or en", { path: "?lang", expected: "zh or en", found: JSON.stringify(asked) });
  const accept = String(request.headers["accept-language"] ?? "")
    .trim()
    .toLowerCase();
  return accept.startsWith("zh") ? "zh" : "en";
}

/** Sends a JSON body. */
export function sendJson(response: ServerResponse, status: number, body: unknown, headers: Readonly<Record<string, string>> = {}): void {
  const text = JSON.stringify(body);
  sendText(response, status, text, "application/json; charset=utf-8", headers);
}

/** Sends a text body of a content type. */
export function sendText(
  response: ServerResponse,
  status: number,
  text: string,
  type: string,
  headers: Readonly<Record<string, string>> = {},
): void {
  if (response.headersSent) {
    response.end();
    return;
  }
  response.writeHead(status, { ...headers, "content-type": type, "content-length": Buffer.byteLength(text) });
  response.end(text);
}

/** Sends an error as `{ "errors": [issues] }`. */
export function sendIssues(
  response: ServerResponse,
  status: number,
  issues: readonly ServerIssue[],
  lang: Lang,
  headers: Readonly<Record<string, string>> = {},
): void {
  sendJson(response, status, { errors: localIssues(issues, lang) }, headers);
}

/**
 * Reads a request's whole body, at most `limit` bytes, before `deadline`
 * (a timer that the caller cancels). 413 when it is longer (the declared
 * `Content-Length` is checked first), 408 when it is too slow.
 */
export function readBody(request: IncomingMessage, limit: number, timeoutMs: number): Promise<Buffer> {
  const declared = Number(request.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(tooLarge(limit, declared));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (error: Error | undefined, body?: Buffer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.off("data", onData);
      request.off("end", onEnd);
      request.off("error", onError);
      request.off("aborted", onAborted);
      if (error) {
        request.resume();
        reject(error);
      } else resolve(body as Buffer);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) finish(tooLarge(limit, size));
      else chunks.push(chunk);
    };
    const onEnd = () => finish(undefined, chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks));
    const onError = (error: Error) => finish(httpError(400, "io_error", `the request body could not be read: ${error.message}`));
    const onAborted = () => finish(httpError(400, "io_error", "the client closed the request before its body ended"));
    const timer = setTimeout(
      () =>
        finish(
          httpError(408, "timeout", `the request body did not arrive within ${timeoutMs} ms`, {
            expected: `the whole body within ${timeoutMs} ms`,
          }),
        ),
      timeoutMs,
    );
    request.on("data", onData);
    request.on("end", onEnd);
    request.on("error", onError);
    request.on("aborted", onAborted);
  });
}

function tooLarge(limit: number, size: number): HttpError {
  return httpError(413, "too_big", `the request body is larger than ${limit} bytes`, {
    expected: `at most ${limit} bytes`,
    found: `${size} bytes or more`,
  });
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** Parses a JSON body, or a 400 with an `invalid_json` issue. */
export function parseJsonBody(body: Buffer): unknown {
  return parseJsonText(body).json;
}

/** A JSON body as text (UTF-8, without a byte-order mark) and parsed, or a 400 with an `invalid_json` issue. */
export function parseJsonText(body: Buffer): { text: string; json: unknown } {
  let text: string;
  try {
    text = utf8.decode(body);
  } catch {
    throw httpError(400, "invalid_json", "the request body is not valid UTF-8", { expected: "a JSON document in UTF-8" });
  }
  if (text.trim() === "") throw httpError(400, "invalid_json", "the request body is empty", { expected: "a JSON document" });
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  try {
    return { text, json: JSON.parse(text) as unknown };
  } catch (error) {
    throw httpError(400, "invalid_json", `the request body is not valid JSON: ${(error as Error).message}`, {
      expected: "a JSON document",
    });
  }
}
