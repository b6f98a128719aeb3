// The floor of npm run bench's population section: JSON.parse + JSON.stringify of each input line, end to end
// (read the NDJSON file, write one line per input line), in a process of its own like fdr batch.
// With --decide PACK, each case is also validated and every rule of the pack decided (the library's contextFor),
// and the input is written back as before: what one thread would reach if building the decision and writing
// its record cost nothing.
// Usage: node scripts/bench-floor.mjs <input.ndjson> <output> [--decide <pack id>]
import { createReadStream, createWriteStream } from "node:fs";
import { once } from "node:events";

const [input, output, flag, packId] = process.argv.slice(2);
const prepare = flag === "--decide" ? await decider(packId) : undefined;
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
if (rest !== "") {
  await write(echo(rest));
  count++;
}
out.end();
await once(out, "finish");
process.stderr.write(JSON.stringify(prepare ? { records: count, warnings } : { records: count }) + "\n");

/** Validates a case and decides every rule of the pack; gives the number of the case's warnings. */
async function decider(id) {
  const { compilePack, loadPack } = await import("../dist/index.js");
  const compiled = compilePack(loadPack(id));
  return (value) => compiled.contextFor(value, { trace: "compact" }).warnings.length;
}
