import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { resolve } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalJson, hashOf } from "../../src/entries/engine.js";
import { compilePack, evaluate, isPolicyError, loadPack, PolicyError, type CaseInput, type Decision } from "../../src/index.js";
import { caseArbitrary } from "../support/arbitraries.js";

/**
 * What makes the main entry portable: a pure-JS sha256 giving the hashes
 * node:crypto gave, closures giving the decisions generated code gives, an
 * error brand that crosses copies of the library, and a typed case.
 */
describe("the main entry", () => {
  it("holds what an application needs: at most 40 runtime names (the rest under subpaths)", async () => {
    const main = await import("../../src/index.js");
    const names = Object.keys(main);
    expect(names.length).toBeLessThanOrEqual(40);
    expect(names).toEqual(
      expect.arrayContaining([
        "loadPack",
        "evaluate",
        "explain",
        "parseCase",
        "CaseSchema",
        "DecisionSchema",
        "PolicyError",
        "isPolicyError",
        "compilePack",
      ]),
    );
    for (const moved of [
      "evaluateMany",
      "LineEncoder",
      "packLines",
      "encodeLine",
      "readLines",
      "csvRowToCase",
      "runCaseFile",
      "compileConditions",
    ])
      expect(names).not.toContain(moved);
  });
});

describe("pack hashes without node:crypto", () => {
  it("are the hashes node:crypto gives for the bundled packs (pinned; checked against node:crypto when the packs change)", () => {
    expect(loadPack("yongzhou-2017").hash).toBe("sha256:2f8899f224223912af5e733832ac2c8c3c2eaf914de0abec33f9696c481ff0a7");
    expect(loadPack("yueyang-2023").hash).toBe("sha256:a23b050cdad58c957a32bf0630f156558ffb601bbfa8a2332adca5857a998c92");
  });

  it("equal node:crypto's sha256 of the canonical JSON, for any JSON value (Chinese and astral text included)", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.string({ unit: "binary" }), (value, text) => {
        for (const item of [value, { text, 名称: "家庭医生签约服务" }]) {
          expect(hashOf(item)).toBe(`sha256:${createHash("sha256").update(canonicalJson(item), "utf8").digest("hex")}`);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe("closures (compilePack(pack, { codegen: false }))", () => {
  it("report their mode, and the default mode generates code where it may", () => {
    const pack = loadPack("yueyang-2023");
    expect(compilePack(pack).mode).toBe("generated");
    expect(compilePack(pack, { codegen: false }).mode).toBe("closures");
    expect(compilePack(pack, { codegen: false })).toBe(compilePack(pack, { codegen: false }));
  });

  it("are used by the build where the runtime refuses code generation (node --disallow-code-generation-from-strings), with the same decision", () => {
    const script = (flag: boolean) =>
      JSON.parse(
        execFileSync(
          process.execPath,
          [
            ...(flag ? ["--disallow-code-generation-from-strings"] : []),
            "--input-type=module",
            "-e",
            `import { loadPack, compilePack, evaluate } from ${JSON.stringify(resolve("dist/index.js"))};
             const pack = loadPack("yueyang-2023");
             const decision = evaluate(pack, { asOf: "2023-06-01", resident: { id: "R1", birthDate: "1950-03-02", regionCode: "430602", conditions: ["diabetes"] }, contract: { teamId: "T", signDate: "2023-06-01", packages: [{ id: "basic" }] } });
             console.log(JSON.stringify({ mode: compilePack(pack).mode, decision }));`,
          ],
          { encoding: "utf8" },
        ),
      ) as { mode: string; decision: unknown };
    const refused = script(true);
    const allowed = script(false);
    expect([refused.mode, allowed.mode]).toEqual(["closures", "generated"]);
    expect(refused.decision).toEqual(allowed.decision);
  });

  it("are the default in a browser page or worker, where a Content-Security-Policy would report each refused new Function; { codegen: true } still tries", () => {
    // A worker's global scope, and a Function constructor that records who calls it (a CSP reports every attempt).
    const probe = (worker: boolean) =>
      JSON.parse(
        execFileSync(
          process.execPath,
          [
            "--input-type=module",
            "-e",
            `${worker ? "globalThis.WorkerGlobalScope = class WorkerGlobalScope {};" : ""}
             const callers = [];
             globalThis.Function = new Proxy(Function, { construct(target, args) { callers.push(new Error().stack.split("\\n")[2] ?? ""); return Reflect.construct(target, args); } });
             const { loadPack, compilePack, evaluate } = await import(${JSON.stringify(resolve("dist/index.js"))});
             const pack = loadPack("yueyang-2023");
             const decision = evaluate(pack, { asOf: "2023-06-01", resident: { id: "R1", birthDate: "1950-03-02", regionCode: "430602", conditions: ["diabetes"] } });
             const mode = compilePack(pack).mode;
             const ours = callers.filter((line) => line.includes("generateFunction")).length;
             const forced = compilePack(loadPack("yongzhou-2017"), { codegen: true }).mode;
             console.log(JSON.stringify({ mode, ours, forced, groups: decision.priorityGroups }));`,
          ],
          { encoding: "utf8" },
        ),
      ) as { mode: string; ours: number; forced: string; groups: string[] };
    const inWorker = probe(true);
    const inNode = probe(false);
    expect(inWorker).toMatchObject({ mode: "closures", ours: 0, forced: "generated" });
    expect(inNode.mode).toBe("generated");
    expect(inNode.ours).toBeGreaterThan(0);
    expect(inWorker.groups).toEqual(inNode.groups);
  });

  it.each(["yueyang-2023", "yongzhou-2017"] as const)("give the decisions generated code gives, on random %s cases", (packId) => {
    const pack = loadPack(packId);
    const closures = compilePack(pack, { codegen: false });
    fc.assert(
      fc.property(caseArbitrary(packId), (kase) => {
        let expected: Decision | string;
        try {
          expected = evaluate(pack, kase as unknown);
        } catch (error) {
          expected = String(error);
        }
        let actual: Decision | string;
        try {
          actual = closures.evaluate(kase);
        } catch (error) {
          actual = String(error);
        }
        expect(actual).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  });
});

describe("isPolicyError", () => {
  it("recognises a PolicyError of another copy of the library by its Symbol.for brand", () => {
    const issues = [{ code: "invalid_date", path: "/asOf", message: "no such date" }] as const;
    const foreign = Object.defineProperty(new Error("/asOf: no such date"), Symbol.for("family-doctor-rules.PolicyError"), { value: true });
    Object.assign(foreign, { issues });
    expect(foreign instanceof PolicyError).toBe(false);
    expect(isPolicyError(foreign)).toBe(true);
    expect(isPolicyError(new PolicyError(issues))).toBe(true);
    expect((new PolicyError(issues) as unknown as Record<symbol, unknown>)[Symbol.for("family-doctor-rules.PolicyError")]).toBe(true);
  });

  it("refuses look-alikes without the brand, and non-errors", () => {
    expect(isPolicyError(Object.assign(new Error("x"), { issues: [] }))).toBe(false);
    expect(isPolicyError({ issues: [], [Symbol.for("family-doctor-rules.PolicyError")]: true })).toBe(false);
    expect(isPolicyError(Object.defineProperty(new Error("x"), Symbol.for("family-doctor-rules.PolicyError"), { value: true }))).toBe(
      false,
    );
    expect(isPolicyError(null)).toBe(false);
  });
});

describe("evaluate takes a typed case", () => {
  const pack = loadPack("yueyang-2023");
  const kase = {
    asOf: "2023-06-01",
    resident: { id: "R1", birthDate: "1950-03-02", regionCode: "430602", conditions: ["hypertension"] },
  } as const;

  it("accepts a CaseInput, an `as const` literal, and unknown input (validated at run time)", () => {
    const typed: CaseInput = { asOf: "2023-06-01", resident: { id: "R1", birthDate: "1950-03-02", regionCode: "430602" } };
    expect(evaluate(pack, typed).eligibility.eligible).toBe(true);
    expect(evaluate(pack, kase).priorityGroups).toEqual(["elderly", "chronic-disease"]);
    const untrusted: unknown = JSON.parse(JSON.stringify(kase));
    expect(evaluate(pack, untrusted).priorityGroups).toEqual(["elderly", "chronic-disease"]);
    const wrong: unknown = { ...kase, asOf: "2023-02-30" };
    expect(() => evaluate(pack, wrong)).toThrow(PolicyError);
  });

  it("refuses a misspelt field or a wrong value in a literal at compile time (checked by tsc in npm test), and at run time", () => {
    const compileErrors = () => {
      // @ts-expect-error -- `birthdate` is not a field (birthDate is)
      evaluate(pack, { asOf: "2023-06-01", resident: { id: "R1", birthdate: "1950-03-02", regionCode: "430602" } });
      // @ts-expect-error -- "flu" is not a condition code
      evaluate(pack, { asOf: "2023-06-01", resident: { id: "R1", birthDate: "1950-03-02", regionCode: "430602", conditions: ["flu"] } });
      // @ts-expect-error -- an amount is a string, never a number
      evaluate(pack, { ...kase, visit: { setting: "own-primary", registrationFee: 10 } });
    };
    expect(compileErrors).toThrow(PolicyError);
  });
});
