import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
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
    const files = readdirSync(join(root, packId)).filter((name) => name.endsWith(".json")).sort();
    it("has golden cases", () => expect(files.length).toBeGreaterThanOrEqual(5));
    for (const file of files) {
      const golden = JSON.parse(readFileSync(join(root, packId, file), "utf8")) as GoldenCase;
      it(golden.name, async () => {
        const decision = evaluate(pack, golden.case);
        expect(decision).toMatchObject(golden.expected);
        expect(DecisionSchema.safeParse(decision).success).toBe(true);
        expect(await evaluateReference(pack, golden.case)).toEqual(decision);
      });
    }
  });
}
