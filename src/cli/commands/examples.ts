/**
 * `fdr examples`.
 *
 * @module
 */
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { evaluate } from "../../policy/api.js";
import { isPolicyError } from "../../core/errors.js";
import { explain } from "../../analysis/explain.js";
import { bundledPackIds, loadPack } from "../../pack/load.js";
import { EXIT, type Io, readText, parseJsonText, packageRoot } from "../io.js";
import { say } from "../messages.js";

/** `fdr examples`. */
export function commandExamples(io: Io): number {
  const root = join(packageRoot(), "examples");
  for (const id of bundledPackIds()) {
    const pack = loadPack(id);
    const folder = join(root, id);
    const files = existsSync(folder)
      ? readdirSync(folder)
          .filter((name) => name.endsWith(".json"))
          .sort()
      : [];
    io.out(`\n════ ${pack.data.title.zh}\n════ ${pack.data.title.en}\n`);
    for (const file of files) {
      const kase = parseJsonText(readText(join(folder, file)), file);
      io.out(`──── ${id}/${file}`);
      try {
        io.out(explain(evaluate(pack, kase)));
      } catch (error) {
        if (!isPolicyError(error)) throw error;
        io.out(`${say({ zh: "错误", en: "error" })}: ${JSON.stringify(error.issues)}`);
      }
      io.out("");
    }
  }
  return EXIT.ok;
}
