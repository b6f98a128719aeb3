/**
 * The partial file of `fdr batch --out` (src/cli/output.ts): the data is
 * flushed to disk as the run goes (`flushAt`), and the file renamed into
 * place whole.
 */
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, existsSync, rmSync } from "node:fs";
import { once } from "node:events";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { outputTarget, PartialFile } from "../../src/cli/output.js";

const dir = mkdtempSync(join(tmpdir(), "fdr-partial-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("PartialFile", () => {
  it("flushes as the run goes (every 64 MiB written) and commits the whole file in place", async () => {
    const target = outputTarget("--out", join(dir, "out.ndjson"));
    const file = PartialFile.create(target);
    const stream = file.stream(1024 * 1024);
    const hash = createHash("sha256");
    const block = Buffer.alloc(1024 * 1024);
    let written = 0;
    for (let index = 0; index < 70; index++) {
      block.fill(48 + (index % 10));
      block[block.length - 1] = 10;
      hash.update(block);
      const copy = Buffer.from(block);
      const onWritten = () => {
        written += copy.length;
        file.flushAt(written);
      };
      if (!stream.write(copy, onWritten)) await once(stream, "drain");
    }
    stream.end();
    await once(stream, "finish");
    expect(written).toBe(70 * 1024 * 1024);
    // One flush once 64 MiB were written (a second would need 64 MiB more).
    expect(file.flushes).toBe(1);
    // commit() waits for no flush (fdr batch awaits idle() first): the flush started at 64 MiB has ended.
    await file.idle();
    file.commit();
    expect(existsSync(file.path)).toBe(false);
    const contents = readFileSync(target.path);
    expect(contents.length).toBe(70 * 1024 * 1024);
    expect(createHash("sha256").update(contents).digest("hex")).toBe(hash.digest("hex"));
  });
});
