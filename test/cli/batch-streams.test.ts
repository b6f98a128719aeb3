/**
 * `fdr batch` run in process with streams of the caller's own (`run(argv,
 * io, streams)`): a stream that keeps the chunks it is given (a
 * `PassThrough` read only after the run) gets the same bytes as a file. The
 * batch reuses an output buffer once its write callback has run only for
 * the streams it opens itself (files, standard output).
 */
import { createReadStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { run } from "../../src/cli/run.js";
// @ts-expect-error a plain JavaScript module of the scripts (the benchmark's seeded population)
import { population } from "../../scripts/population.mjs";

const dir = mkdtempSync(join(tmpdir(), "fdr-streams-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const io = { out: () => undefined, err: () => undefined };
const silent = () => new PassThrough().resume();

describe("fdr batch with the caller's streams", () => {
  it("gives a PassThrough read after the run the same bytes as a file (many blocks, buffers reused)", async () => {
    const input = join(dir, "in.ndjson");
    // About 20 groups of input: the output buffers are reused many times over.
    writeFileSync(input, `${[...population(5000)].map((kase: unknown) => JSON.stringify(kase)).join("\n")}\n`);
    const file = join(dir, "out.ndjson");
    const toFile = await run(["batch", "--pack", "yueyang-2023", input, "--out", file], io, {
      stdin: createReadStream(input),
      stdout: silent(),
      stderr: silent(),
    });
    expect(toFile).toBe(0);
    const stdout = new PassThrough({ highWaterMark: 64 * 1024 * 1024 });
    const code = await run(["batch", "--pack", "yueyang-2023", "-"], io, { stdin: createReadStream(input), stdout, stderr: silent() });
    expect(code).toBe(0);
    stdout.end();
    const chunks: Buffer[] = [];
    for await (const chunk of stdout) chunks.push(chunk as Buffer);
    const expected = readFileSync(file);
    expect(expected.length).toBeGreaterThan(4 * 1024 * 1024);
    expect(Buffer.concat(chunks).equals(expected)).toBe(true);
  });
});
