// The floor of npm run bench's population section: JSON.parse + JSON.stringify of each input line, end to end
// (read the NDJSON file, write one line per input line), in a process of its own like fdr batch.
// Usage: node scripts/bench-floor.mjs <input.ndjson> <output>
import { createReadStream, createWriteStream } from "node:fs";
import { once } from "node:events";

const [input, output] = process.argv.slice(2);
const out = createWriteStream(output);
let rest = "";
let count = 0;
const write = async (text) => {
  if (!out.write(text)) await once(out, "drain");
};
for await (const chunk of createReadStream(input, { encoding: "utf8" })) {
  const lines = (rest + chunk).split("\n");
  rest = lines.pop() ?? "";
  let text = "";
  for (const line of lines) {
    if (line === "") continue;
    text += JSON.stringify(JSON.parse(line)) + "\n";
    count++;
  }
  await write(text);
}
if (rest !== "") {
  await write(JSON.stringify(JSON.parse(rest)) + "\n");
  count++;
}
out.end();
await once(out, "finish");
process.stderr.write(JSON.stringify({ records: count }) + "\n");
