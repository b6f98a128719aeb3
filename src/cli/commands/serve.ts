/**
 * `fdr serve`: the HTTP decision service.
 *
 * @module
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { defaultServeOptions, startServer, type ServeOptions } from "../../server/server.js";
import { EXIT, packageRoot, readText, usage, wholeNumber, type Io } from "../io.js";

/** Seconds (a decimal number) as milliseconds, or a usage error. */
function seconds(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+(\.\d+)?$/.test(value) || Number(value) <= 0) throw usage(`--${name} takes a number of seconds greater than 0`, value);
  return Math.round(Number(value) * 1000);
}

function positive(value: string | undefined, name: string): number | undefined {
  const number = wholeNumber(value, name);
  if (number !== undefined && number < 1) throw usage(`--${name} takes a whole number from 1`, value);
  return number;
}

/** The tokens of a tokens file: one a line; blank lines and lines starting with # are skipped. */
export function readTokens(path: string): string[] {
  const tokens = readText(path)
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"));
  if (tokens.length === 0) throw usage(`the tokens file ${path} holds no token`, path);
  if (tokens.some((token) => /\s/.test(token))) throw usage(`a token in ${path} holds white space`, path);
  return tokens;
}

function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(packageRoot(), "package.json"), "utf8")) as { version: string }).version;
  } catch {
    return "0.0.0";
  }
}

/** Options of `fdr serve` from its arguments. */
export function serveOptions(args: string[], io: Io): Partial<ServeOptions> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      port: { type: "string" },
      host: { type: "string" },
      packs: { type: "string" },
      reload: { type: "string" },
      "decision-log": { type: "string" },
      "decision-log-max-bytes": { type: "string" },
      "decision-log-files": { type: "string" },
      tokens: { type: "string" },
      cors: { type: "string" },
      "max-body": { type: "string" },
      "max-batch-bytes": { type: "string" },
      "max-concurrent": { type: "string" },
      "max-batches": { type: "string" },
      workers: { type: "string" },
      "headers-timeout": { type: "string" },
      "request-timeout": { type: "string" },
      "batch-idle-timeout": { type: "string" },
      "shutdown-timeout": { type: "string" },
    },
    allowPositionals: true,
  });
  if (positionals.length > 0) throw usage("fdr serve takes options only", positionals.join(" "));
  const port = wholeNumber(values.port, "port");
  if (port !== undefined && port > 65535) throw usage("--port takes 0 to 65535 (0: a free port)", values.port);
  const reload = values.reload ?? "watch";
  if (reload !== "watch" && reload !== "signal")
    throw usage("--reload takes watch (the folder is watched, and SIGHUP) or signal (SIGHUP only)", reload);
  const defaults = defaultServeOptions();
  const options: Record<string, unknown> = {
    ...(port !== undefined ? { port } : {}),
    ...(values.host !== undefined ? { host: values.host } : {}),
    ...(values.packs !== undefined ? { packsDir: values.packs } : {}),
    watch: reload === "watch",
    ...(values.tokens !== undefined ? { tokens: readTokens(values.tokens) } : {}),
    ...(values.cors !== undefined ? { cors: values.cors } : {}),
    maxBody: positive(values["max-body"], "max-body") ?? defaults.maxBody,
    maxBatchBytes: positive(values["max-batch-bytes"], "max-batch-bytes") ?? defaults.maxBatchBytes,
    maxConcurrent: positive(values["max-concurrent"], "max-concurrent") ?? defaults.maxConcurrent,
    maxBatches: positive(values["max-batches"], "max-batches") ?? defaults.maxBatches,
    workers: positive(values.workers, "workers") ?? defaults.workers,
    headersTimeoutMs: seconds(values["headers-timeout"], "headers-timeout") ?? defaults.headersTimeoutMs,
    requestTimeoutMs: seconds(values["request-timeout"], "request-timeout") ?? defaults.requestTimeoutMs,
    batchIdleTimeoutMs: seconds(values["batch-idle-timeout"], "batch-idle-timeout") ?? defaults.batchIdleTimeoutMs,
    shutdownTimeoutMs: seconds(values["shutdown-timeout"], "shutdown-timeout") ?? defaults.shutdownTimeoutMs,
    log: (line: string) => io.err(line),
    version: packageVersion(),
  };
  if ((options.workers as number) > 64) throw usage("--workers takes a whole number from 1 to 64", values.workers);
  if (values["decision-log"] !== undefined) {
    options.decisionLog = {
      path: values["decision-log"],
      maxBytes: positive(values["decision-log-max-bytes"], "decision-log-max-bytes") ?? 100 * 1024 * 1024,
      files: wholeNumber(values["decision-log-files"], "decision-log-files") ?? 10,
    };
  }
  return options as Partial<ServeOptions>;
}

/**
 * Runs `fdr serve` until SIGTERM (exit 0 after a graceful stop) or SIGINT
 * (exit 130); SIGHUP reloads the packs folder.
 */
export async function commandServe(args: string[], io: Io): Promise<number> {
  const options = serveOptions(args, io);
  const server = await startServer(options);
  io.out(`listening on ${server.url}`);
  return new Promise<number>((resolve) => {
    const stop = (code: number) => () => {
      process.off("SIGHUP", onHangUp);
      void server.close().then(() => resolve(code));
    };
    const onHangUp = () => {
      server.reload();
    };
    process.once("SIGTERM", stop(EXIT.ok));
    process.once("SIGINT", stop(130));
    process.on("SIGHUP", onHangUp);
  });
}
