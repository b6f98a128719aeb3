/**
 * `fdr studio`: serves the browser workbench (dist/studio, built by
 * scripts/build-studio.mjs) on 127.0.0.1 and prints its address. Packs given
 * with `--pack` (files, or every `.json` in a folder) are offered beside the
 * bundled ones, as `packs.json`. Nothing is fetched from elsewhere: the page's
 * Content-Security-Policy allows its own origin only.
 *
 * @module
 */
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { basename, extname, join, normalize, sep } from "node:path";
import { parseArgs } from "node:util";
import { PolicyError } from "../../core/errors.js";
import { EXIT, packageRoot, readText, usage, wholeNumber, type Io } from "../io.js";

/** The Content-Security-Policy of every response: the page's own origin only, no eval, no inline script or style. */
export const STUDIO_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".png": "image/png",
  ".svg": "image/svg+xml",
};

/** The default port; another free port is taken when it is busy and no --port was given. */
export const DEFAULT_STUDIO_PORT = 7337;

/** A pack file offered in the studio: its name and its text, as the app reads them from packs.json. */
export interface ServedPack {
  readonly file: string;
  readonly text: string;
}

/** Reads the packs named by `--pack`: files, or the `.json` files of a folder (not recursive). */
export function servedPacks(paths: readonly string[]): ServedPack[] {
  const packs: ServedPack[] = [];
  for (const path of paths) {
    if (!existsSync(path))
      throw new PolicyError([
        {
          code: "io_error",
          path: "",
          message: `no file or folder ${path}`,
          expected: "a pack file or a folder of pack files",
          found: path,
        },
      ]);
    const files = statSync(path).isDirectory()
      ? readdirSync(path)
          .filter((name) => name.endsWith(".json"))
          .sort()
          .map((name) => join(path, name))
      : [path];
    for (const file of files) packs.push({ file: basename(file), text: readText(file) });
  }
  return packs;
}

/** Where the built app is. */
export function studioRoot(): string {
  return join(packageRoot(), "dist", "studio");
}

function send(response: ServerResponse, status: number, type: string, body: string | Buffer): void {
  response.writeHead(status, {
    "Content-Type": type,
    "Content-Security-Policy": STUDIO_CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Cache-Control": "no-store",
  });
  response.end(body);
}

/** The request handler: the app's files, and packs.json with the served packs. */
export function studioHandler(root: string, packs: readonly ServedPack[]): (request: IncomingMessage, response: ServerResponse) => void {
  const packsJson = JSON.stringify(packs);
  return (request, response) => {
    if (request.method !== "GET" && request.method !== "HEAD") {
      send(response, 405, "text/plain; charset=utf-8", "method not allowed\n");
      return;
    }
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(request.url ?? "/", "http://127.0.0.1").pathname);
    } catch {
      send(response, 400, "text/plain; charset=utf-8", "bad request\n");
      return;
    }
    if (pathname === "/packs.json") {
      send(response, 200, TYPES[".json"] as string, packsJson);
      return;
    }
    const relative = pathname === "/" ? "index.html" : pathname.slice(1);
    const file = normalize(join(root, relative));
    if (!file.startsWith(root + sep) || relative.includes("\0") || !existsSync(file) || !statSync(file).isFile()) {
      send(response, 404, "text/plain; charset=utf-8", "not found\n");
      return;
    }
    send(response, 200, TYPES[extname(file)] ?? "application/octet-stream", readFileSync(file));
  };
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once("error", onError);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", onError);
      const address = server.address();
      resolve(typeof address === "object" && address ? address.port : port);
    });
  });
}

function openBrowser(url: string): void {
  const command = process.platform === "darwin" ? "open" : process.platform === "win32" ? "cmd" : "xdg-open";
  const args = process.platform === "win32" ? ["/c", "start", "", url] : [url];
  try {
    const child = spawn(command, args, { stdio: "ignore", detached: true });
    child.on("error", () => undefined);
    child.unref();
  } catch {
    // No browser to open: the address is printed.
  }
}

/** `fdr studio [--port N] [--pack FILE|DIR]… [--no-open]`: runs until stopped by a signal. */
export async function commandStudio(args: string[], io: Io, signal?: AbortSignal): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      port: { type: "string" },
      pack: { type: "string", multiple: true, default: [] },
      "no-open": { type: "boolean", default: false },
    },
    allowPositionals: true,
  });
  if (positionals.length > 0) throw usage("fdr studio takes no positional arguments (give packs with --pack)", positionals.join(" "));
  const port = wholeNumber(values.port, "port");
  if (port !== undefined && port > 65_535) throw usage("--port takes a port number from 0 to 65535", values.port);
  const root = studioRoot();
  if (!existsSync(join(root, "index.html"))) {
    throw new PolicyError([
      { code: "io_error", path: "", message: `the studio is not built: ${join(root, "index.html")} is missing (run npm run build)` },
    ]);
  }
  const packs = servedPacks(values.pack ?? []);
  const server = createServer(studioHandler(root, packs));
  let bound: number;
  try {
    bound = await listen(server, port ?? DEFAULT_STUDIO_PORT);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EADDRINUSE" && port === undefined) bound = await listen(server, 0);
    else
      throw new PolicyError([
        { code: "io_error", path: "", message: `cannot listen on 127.0.0.1:${port ?? DEFAULT_STUDIO_PORT}: ${(error as Error).message}` },
      ]);
  }
  const url = `http://127.0.0.1:${bound}/`;
  if (packs.length > 0) io.out(`packs: ${packs.map((pack) => pack.file).join(", ")}`);
  // The address last: whoever waits for it finds the server ready.
  io.out(`fdr studio: ${url}`);
  if (!values["no-open"]) openBrowser(url);
  let onInt = () => undefined as void;
  let onTerm = () => undefined as void;
  const stopped = await new Promise<number>((resolve) => {
    onInt = () => resolve(128 + 2);
    onTerm = () => resolve(128 + 15);
    process.once("SIGINT", onInt);
    process.once("SIGTERM", onTerm);
    signal?.addEventListener("abort", () => resolve(EXIT.ok), { once: true });
    server.once("close", () => resolve(EXIT.ok));
  });
  process.off("SIGINT", onInt);
  process.off("SIGTERM", onTerm);
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  io.out("fdr studio: stopped");
  return stopped;
}
