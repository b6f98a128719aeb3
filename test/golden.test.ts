import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { runCaseFile } from "../src/entries/node.js";
import { DecisionSchema, evaluate, evaluateReference, loadPack } from "../src/index.js";

interface GoldenCase {
  name: string;
  derivation?: string[];
  case: unknown;
  expected: Record<string, unknown>;
}

const root = "test/cases";
for (const packId of readdirSync(root).sort()) {
  describe(`golden cases: ${packId}`, () => {
    const pack = loadPack(packId);
    const files = readdirSync(join(root, packId))
      .filter((name) => /\.(json|ya?ml)$/.test(name))
      .sort();
    it("has golden cases", () => expect(files.length).toBeGreaterThanOrEqual(5));
    for (const file of files) {
      const path = join(root, packId, file);
      const text = readFileSync(path, "utf8");
      const golden = (file.endsWith(".json") ? JSON.parse(text) : parseYaml(text)) as GoldenCase;
      it(golden.name, async () => {
        expect(runCaseFile(path)).toMatchObject({ passed: true, mismatches: [] });
        if ("errors" in golden.expected) {
          await expect(evaluateReference(pack, golden.case)).rejects.toThrow();
          return;
        }
        const decision = evaluate(pack, golden.case);
        // A section expected as null must be absent (`"fee": null`).
        const absent = Object.keys(golden.expected).filter((key) => golden.expected[key] === null);
        for (const key of absent) expect(decision, `${key} must be absent`).not.toHaveProperty(key);
        expect(decision).toMatchObject(Object.fromEntries(Object.entries(golden.expected).filter(([key]) => !absent.includes(key))));
        expect(DecisionSchema.safeParse(decision).success).toBe(true);
        expect(await evaluateReference(pack, golden.case)).toEqual(decision);
      });
    }
  });
}
