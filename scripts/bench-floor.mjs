// The floor of npm run bench's population section: JSON.parse + JSON.stringify of each input line, end to end
// (read the NDJSON file, write one line per input line), in a process of its own like fdr batch.
// With --decide PACK, each case is also validated and every rule of the pack decided (the library's contextFor),
// and the input is written back as before: what one thread would reach if building the decision and writing
// its record cost nothing.
// With --records FILE (fdr batch's output for the same input), nothing is validated or decided, but each line
// written is one of FILE's first 1,000 records, in turn, with the line's resident id in it, as bytes in 1 MiB
// blocks as fdr batch writes: the floor of a batch whose every check, rule, decision and record cost nothing but
// the writing of records of their size.
// Usage: node scripts/bench-floor.mjs <input.ndjson> <output> [--decide <pack id> | --records <records.ndjson>]
import { createReadStream, createWriteStream } from "node:fs";
import { once } from "node:events";

const [input, output, flag, packId] = process.argv.slice(2);
const prepare = flag === "--decide" ? await decider(packId) : undefined;
const record = flag === "--records" ? await recorder(packId) : undefined;
const out = createWriteStream(output);
let rest = "";
let count = 0;
let warnings = 0;
const write = async (text) => {
  if (!out.write(text)) await once(out, "drain");
};
const echo = (line) => {
  const value = JSON.parse(line);
  if (prepare) warnings += prepare(value);
  return JSON.stringify(value) + "\n";
};
for await (const chunk of createReadStream(input, { encoding: "utf8" })) {
  if (record) {
    rest = await record.lines(rest + chunk);
    continue;
  }
  const lines = (rest + chunk).split("\n");
  rest = lines.pop() ?? "";
  let text = "";
  for (const line of lines) {
    if (line === "") continue;
    text += echo(line);
    count++;
  }
  await write(text);
}
if (record) {
  if (rest !== "") await record.lines(`${rest}\n`);
  count = record.count;
  await record.flush();
} else if (rest !== "") {
  await write(echo(rest));
  count++;
}
out.end();
await once(out, "finish");
process.stderr.write(
  JSON.stringify(prepare ? { records: count, warnings } : record ? { records: count, recordBytes: record.bytes } : { records: count }) +
    "\n",
);

/** Validates a case and decides every rule of the pack; gives the number of the case's warnings. */
async function decider(id) {
  const { compilePack, loadPack } = await import("../dist/index.js");
  const compiled = compilePack(loadPack(id));
  return (value) => compiled.contextFor(value, { trace: "compact" }).warnings.length;
}

/**
 * Writes, for each line, a line of the size fdr batch writes for its case: the first 1,000 records of `path`
 * (fdr batch's output for the same input), in turn, each with the line's resident id, as bytes into 1 MiB blocks
 * (as fdr batch writes).
 */
async function recorder(path) {
  const SAMPLE = 1000;
  let first = "";
  for await (const chunk of createReadStream(path, { encoding: "utf8" })) {
    first += chunk;
    if (first.split("\n").length > SAMPLE) break;
  }
  const samples = first
    .split("\n")
    .slice(0, SAMPLE)
    .filter((text) => text.includes('"residentId":'))
    .map((text) => {
      const at = text.indexOf('"residentId":') + '"residentId":'.length;
      return { head: Buffer.from(text.slice(0, at)), tail: Buffer.from(`${text.slice(text.indexOf(",", at))}\n`) };
    });
  if (samples.length === 0) throw new Error(`${path} holds no batch record`);
  const BLOCK = 1 << 20;
  let block = Buffer.allocUnsafe(BLOCK);
  let used = 0;
  const state = {
    bytes: Math.round(samples.reduce((sum, { head, tail }) => sum + head.length + tail.length + 11, 0) / samples.length),
    count: 0,
    async flush() {
      const full = block.subarray(0, used);
      block = Buffer.allocUnsafe(BLOCK);
      used = 0;
      if (!out.write(full)) await once(out, "drain");
    },
    /** Writes the records of the complete lines of `text`; gives what follows the last line break. */
    async lines(text) {
      const lines = text.split("\n");
      const rest = lines.pop() ?? "";
      for (const line of lines) {
        if (line === "") continue;
        const value = JSON.parse(line);
        const { head, tail } = samples[state.count % samples.length];
        block.set(head, used);
        used += head.length;
        used += block.write(JSON.stringify(value?.resident?.id ?? null), used);
        block.set(tail, used);
        used += tail.length;
        state.count++;
        if (used > BLOCK - 16384) await state.flush();
      }
      return rest;
    },
  };
  return state;
}
