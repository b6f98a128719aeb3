// Writes the JSON Schemas under rules/schema/ from the zod schemas, and
// docs/rule-pack-format.md from the pack's (run `npm run schema`).
import { mkdirSync, writeFileSync } from "node:fs";
import {
  batchRecordJsonSchema,
  caseJsonSchema,
  decisionJsonSchema,
  overlayJsonSchema,
  packFormatMarkdown,
  packJsonSchema,
} from "../dist/json-schema.js";

const schemas = {
  "pack.schema.json": packJsonSchema(),
  "overlay.schema.json": overlayJsonSchema(),
  "case.schema.json": caseJsonSchema(),
  "decision.schema.json": decisionJsonSchema(),
  "batch-record.schema.json": batchRecordJsonSchema(),
};
mkdirSync("rules/schema", { recursive: true });
for (const [file, schema] of Object.entries(schemas)) writeFileSync(`rules/schema/${file}`, JSON.stringify(schema, null, 2) + "\n");
writeFileSync("docs/rule-pack-format.md", packFormatMarkdown());
console.log(
  `wrote ${Object.keys(schemas)
    .map((file) => `rules/schema/${file}`)
    .join(", ")} and docs/rule-pack-format.md`,
);
