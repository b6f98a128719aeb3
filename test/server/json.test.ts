import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evaluate, loadPack } from "../../src/index.js";
import { toBatchRecord } from "../../src/batch/record.js";
import { sharedJson } from "../../src/server/json.js";
import { sharingTracer } from "../../src/batch/shared.js";
import { yyCase } from "./support.js";

describe("sharedJson (the server's decision writer)", () => {
  it("writes the same text as JSON.stringify of an unshared decision, for many cases", () => {
    const pack = loadPack("yueyang-2023");
    fc.assert(
      fc.property(
        fc.integer({ min: 1930, max: 2022 }),
        fc.constantFrom([], ["hypertension"], ["diabetes", "tuberculosis"]),
        fc.boolean(),
        (year, conditions, signed) => {
          const input = yyCase("P", {
            resident: { id: "P", birthDate: `${year}-05-05`, regionCode: "430602", conditions },
            ...(signed ? {} : { contract: undefined }),
          });
          const plain = evaluate(pack, JSON.parse(JSON.stringify(input)));
          const shared = evaluate(pack, JSON.parse(JSON.stringify(input)), { tracer: sharingTracer(pack, "full") });
          expect(sharedJson(shared)).toBe(JSON.stringify(plain));
          expect(sharedJson(toBatchRecord(shared))).toBe(JSON.stringify(toBatchRecord(plain)));
        },
      ),
      { numRuns: 60 },
    );
  });

  it("matches JSON.stringify on plain values, undefined fields left out", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(sharedJson(value)).toBe(JSON.stringify(value));
      }),
    );
    expect(sharedJson({ a: undefined, b: [1, "x"], c: Object.freeze({ d: null }) })).toBe('{"b":[1,"x"],"c":{"d":null}}');
  });
});
