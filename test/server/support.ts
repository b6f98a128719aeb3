/** Starting `fdr serve` (the built CLI) on a free loopback port, as an operator would. */
import { spawn, type ChildProcess } from "node:child_process";
import { request as httpRequest, type IncomingHttpHeaders } from "node:http";

export interface Served {
  readonly url: string;
  readonly process: ChildProcess;
  /** Everything the server wrote to stderr so far. */
  stderr(): string;
  /** Sends a signal and resolves to the exit code (null when killed by the signal). */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts `fdr serve --port 0 …args` and waits for its `listening on` line. */
export function serve(args: readonly string[] = []): Promise<Served> {
  const child = spawn(process.execPath, ["dist/cli.js", "serve", "--port", "0", ...args], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, LANG: "C" },
  });
  let out = "";
  let err = "";
  child.stderr.setEncoding("utf8").on("data", (text: string) => (err += text));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`fdr serve did not start: ${err}`)), 20_000);
    child.stdout.setEncoding("utf8").on("data", (text: string) => {
      out += text;
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (!match) return;
      clearTimeout(timer);
      resolve({
        url: match[1] as string,
        process: child,
        stderr: () => err,
        stop: (signal = "SIGTERM") => {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal);
          return exited;
        },
      });
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`fdr serve exited with ${code} before listening: ${err}`));
    });
  });
}

export interface Reply {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly text: string;
  json<T = unknown>(): T;
}

/** One HTTP request with node:http (no connection reuse). */
export function call(
  url: string,
  init: { method?: string; body?: string | Buffer; headers?: Record<string, string> } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      url,
      { method: init.method ?? (init.body === undefined ? "GET" : "POST"), headers: init.headers, agent: false },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          resolve({ status: response.statusCode ?? 0, headers: response.headers, text, json: <T>() => JSON.parse(text) as T });
        });
        response.on("error", reject);
      },
    );
    request.on("error", reject);
    request.end(init.body);
  });
}

/** A case of the Yueyang pack. */
export function yyCase(id: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    asOf: "2023-06-01",
    resident: { id, birthDate: "1950-03-02", regionCode: "430602", conditions: ["hypertension"] },
    contract: { teamId: "T1", signDate: "2023-01-01", packages: [{ id: "basic" }] },
    ...extra,
  };
}
