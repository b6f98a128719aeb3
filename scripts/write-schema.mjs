// Writes rules/schema/pack.schema.json from the zod pack schema (run `npm run schema`).
import { mkdirSync, writeFileSync } from "node:fs";
import { overlayJsonSchema, packFormatMarkdown, packJsonSchema } from "../dist/index.js";

mkdirSync("rules/schema", { recursive: true });
writeFileSync("rules/schema/pack.schema.json", JSON.stringify(packJsonSchema(), null, 2) + "\n");
writeFileSync("rules/schema/overlay.schema.json", JSON.stringify(overlayJsonSchema(), null, 2) + "\n");
writeFileSync("docs/rule-pack-format.md", packFormatMarkdown());
console.log("wrote rules/schema/pack.schema.json, rules/schema/overlay.schema.json and docs/rule-pack-format.md");
