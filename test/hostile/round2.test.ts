/**
 * Hostile input, round 2 (issue 14): depth, duplicate keys, identity of packs
 * from files, empty periods, a compiled pack that callers cannot change,
 * terminal escapes, and `fdr test` going on past an unreadable file.
 */
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "../../src/cli/run.js";
import { findCaseFiles, runCaseFile } from "../../src/analysis/casefile.js";
import { compileConditions } from "../../src/engine/compile.js";
import { type Condition, OPERATORS } from "../../src/engine/condition.js";
import {
  checkEligibility,
  CONDITION_CODES,
  INPATIENT_REFERRALS,
  ISSUE_TEXT_ZH,
  RECEIVING_LEVELS,
  REFERRAL_ITEM_CATEGORIES,
  TEAM_ROLES,
  VISIT_SETTINGS,
  compilePack,
  computeFee,
  contractTerm,
  evaluate,
  findPriorityGroups,
  prescriptionLimit,
  referralDiscount,
  loadPack,
  MAX_JSON_DEPTH,
  parseCase,
  PolicyError,
  validatePack,
  type Issue,
} from "../../src/index.js";
import { FACT_CATALOG } from "../../src/model/facts.js";
import { lintPack } from "../../src/pack/lint.js";
import { issuesOf } from "../support/issues.js";
import { sharingTracer } from "../../src/batch/shared.js";

function fdr(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = run(argv, { out: (text) => out.push(text), err: (text) => err.push(text) }) as number;
  return { code, out: out.join("\n"), err: err.join("\n") };
}

const dir = mkdtempSync(join(tmpdir(), "fdr-round2-"));
const write = (name: string, content: string) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
const packText = (id = "yueyang-2023") => readFileSync(`rules/${id}.json`, "utf8");
const packJson = (id = "yueyang-2023") => JSON.parse(packText(id)) as Record<string, any>;
const baseCase = { asOf: "2023-06-01", resident: { id: "R1", birthDate: "1950-03-02", regionCode: "430602" } };
const nestedObjects = (depth: number): unknown => {
  let value: unknown = 1;
  for (let level = 0; level < depth; level++) value = { a: value };
  return value;
};
const nestedArrays = (depth: number): unknown => {
  let value: unknown = "hypertension";
  for (let level = 0; level < depth; level++) value = [value];
  return value;
};
/** JSON text nested `depth` deep (JSON.stringify itself cannot write it). */
const nestedText = (depth: number) => `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;
const cliIssues = (err: string) => JSON.parse(err) as Issue[];

describe("depth is bounded: a typed issue naming the path, not a RangeError", () => {
  it.each([
    ["an unknown field", { ...baseCase, extra: nestedObjects(5000) }, "/extra/a/a"],
    ["conditions", { ...baseCase, resident: { ...baseCase.resident, conditions: nestedArrays(5000) } }, "/resident/conditions/0/0"],
  ])("a case nested 5,000 deep in %s", (_name, kase, prefix) => {
    for (const attempt of [() => parseCase(kase), () => evaluate(loadPack("yueyang-2023"), kase as unknown)]) {
      const issues = issuesOf(attempt);
      expect(issues).toHaveLength(1);
      expect(issues[0]?.code).toBe("too_deep");
      expect(issues[0]?.path.startsWith(prefix)).toBe(true);
      expect((issues[0]?.path ?? "").split("/").length - 1).toBe(MAX_JSON_DEPTH + 1);
    }
  });

  it("a case at the limit is read as before (its unknown field a warning)", () => {
    const { warnings } = parseCase({ ...baseCase, extra: nestedObjects(MAX_JSON_DEPTH - 1) });
    expect(warnings.map((warning) => warning.code)).toEqual(["unknown_field"]);
  });

  it("the CLI reports a deep case file as a JSON issue with its path (exit 2)", () => {
    const file = write("deep-case.json", JSON.stringify({ ...baseCase, extra: "HOLE" }).replace('"HOLE"', nestedText(5000)));
    const result = fdr("evaluate", "--pack", "yueyang-2023", file);
    expect(result.code).toBe(2);
    const issues = cliIssues(result.err);
    expect(issues[0]?.code).toBe("too_deep");
    expect(issues[0]?.message).toMatch(/line 1, column \d+/);
  });

  it("runCaseFile (plain JSON.parse) refuses a case file whose expected part nests 5,000 deep", () => {
    const file = write(
      "deep-expected.json",
      JSON.stringify({ name: "deep", pack: "yueyang-2023", case: baseCase, expected: "HOLE" }).replace('"HOLE"', nestedText(5000)),
    );
    const issues = issuesOf(() => runCaseFile(file));
    expect(issues[0]?.code).toBe("too_deep");
    expect(issues[0]?.message).toContain("deep-expected.json");
  });

  it.each([
    ["notEncoded", (json: Record<string, any>) => (json.notEncoded = nestedObjects(6000))],
    ["a condition", (json: Record<string, any>) => (json.eligibility[0].when = nestedObjects(6000))],
  ])("a pack nested 6,000 deep in %s: validatePack gives an issue, loadPack refuses", (_name, edit) => {
    const json = packJson();
    edit(json);
    expect(validatePack(json).map((issue) => issue.code)).toContain("too_deep");
    expect(issuesOf(() => loadPack(json)).map((issue) => issue.code)).toContain("too_deep");
  });

  it("compileConditions refuses a condition tree nested 5,000 deep with too_deep", () => {
    let tree: unknown = { fact: "ageYears", operator: "equal", value: 1 };
    for (let level = 0; level < 5000; level++) tree = { all: [tree] };
    const issues = issuesOf(() =>
      compileConditions([tree as Condition], {
        fact: (name) => (FACT_CATALOG as unknown as Record<string, never>)[name],
        paramSlot: () => undefined,
      }),
    );
    expect(issues[0]?.code).toBe("too_deep");
    expect(issues[0]?.path.startsWith("/0/all/0/all/0")).toBe(true);
  });

  it("fdr validate and fdr lint report a deep pack file as a finding (exit 1), not internal_error", () => {
    const json = packJson();
    json.notEncoded = "HOLE";
    const file = write("deep-pack.json", JSON.stringify(json).replace('"HOLE"', nestedText(6000)));
    for (const command of ["validate", "lint"]) {
      const result = fdr(command, "--json", file);
      expect(result.code, result.err).toBe(1);
      const findings = JSON.parse(result.out) as { code: string; line?: number; column?: number }[];
      expect(findings[0]?.code).toBe("too_deep");
      expect(findings[0]?.line).toBe(1);
    }
    const loaded = fdr("evaluate", "--pack", file, write("ok.json", JSON.stringify(baseCase)));
    expect(loaded.code).toBe(2);
    expect(cliIssues(loaded.err)[0]?.code).toBe("too_deep");
  });
});

describe("duplicate keys are reported with line and column", () => {
  const duplicated = () => {
    const text = packText();
    const at = text.indexOf('"value": 65');
    expect(at).toBeGreaterThan(0);
    return { text: `${text.slice(0, at)}"value": 65, "value": 18${text.slice(at + '"value": 65'.length)}`, at };
  };

  it("fdr validate and fdr lint: a finding at the second key (exit 1)", () => {
    const { text, at } = duplicated();
    const file = write("dup-pack.json", text);
    const before = text.slice(0, at);
    const line = before.split("\n").length;
    const column = at - before.lastIndexOf("\n") + '"value": 65, '.length;
    for (const command of ["validate", "lint"]) {
      const result = fdr(command, "--json", file);
      expect(result.code).toBe(1);
      const findings = JSON.parse(result.out) as { code: string; line: number; column: number; path: string }[];
      const duplicate = findings.find((finding) => finding.code === "duplicate_key");
      expect(duplicate).toMatchObject({ line, column });
      expect(duplicate?.path).toMatch(/\/value$/);
    }
    expect(fdr("validate", file).out).toContain(`${file}:${line}:${column}`);
  });

  it("loading the pack file in the CLI refuses it, naming line and column", () => {
    const { text } = duplicated();
    const file = write("dup-pack2.json", text);
    const result = fdr("evaluate", "--pack", file, write("ok2.json", JSON.stringify(baseCase)));
    expect(result.code).toBe(2);
    const issue = cliIssues(result.err)[0];
    expect(issue?.code).toBe("duplicate_key");
    expect(issue?.message).toMatch(/line \d+, column \d+/);
  });

  it("a case file with a duplicate key is refused by evaluate and failed by fdr test", () => {
    const text = `{"asOf": "2023-06-01", "resident": {"id": "R1", "birthDate": "1950-03-02", "birthDate": "2000-01-01", "regionCode": "430602"}}`;
    const result = fdr("evaluate", "--pack", "yueyang-2023", write("dup-case.json", text));
    expect(result.code).toBe(2);
    expect(cliIssues(result.err)[0]).toMatchObject({ code: "duplicate_key", path: "/resident/birthDate" });
    const folder = join(dir, "dup-cases");
    mkdirSync(folder);
    writeFileSync(
      join(folder, "dup.json"),
      `{"name": "dup", "name": "again", "pack": "yueyang-2023", "case": ${JSON.stringify(baseCase)}, "expected": {}}`,
    );
    const tested = fdr("test", folder);
    expect(tested.code).toBe(1);
    expect(tested.out).toContain("dup.json");
    expect(tested.out).toContain("duplicate_key");
  });

  it("a pack file that is not JSON: the error does not echo its content", () => {
    const file = write("secret.txt", "hunter2-password-of-the-director\nmore secret text");
    for (const result of [
      fdr("evaluate", "--pack", file, write("ok3.json", JSON.stringify(baseCase))),
      fdr("validate", file),
      fdr("lint", "--json", file),
    ]) {
      expect(result.out + result.err).not.toContain("hunter2");
      expect(result.out + result.err).not.toContain("secret text");
    }
    expect(fdr("validate", file).code).toBe(1);
    // A pack that is not JSON is a problem found, for lint as for validate (an error finding).
    const linted = fdr("lint", "--json", file);
    expect(linted.code).toBe(1);
    expect(JSON.parse(linted.out)[0]).toMatchObject({ code: "invalid_json", severity: "error", line: 1, column: 1 });
  });
});

describe("pack identity", () => {
  it("an overlay of yongzhou-2017 cannot take the id yueyang-2023", () => {
    const overlay = { id: "yueyang-2023", version: "9.0.0", title: { zh: "x", en: "x" }, extends: "yongzhou-2017" };
    const issues = issuesOf(() => loadPack(overlay));
    expect(issues[0]?.path).toBe("/id");
    expect(validatePack(overlay).map((issue) => issue.path)).toContain("/id");
  });

  it("a full pack cannot take the id of a different bundled pack", () => {
    const json = packJson("yongzhou-2017");
    json.id = "yueyang-2023";
    expect(issuesOf(() => loadPack(json))[0]?.path).toBe("/id");
  });

  it("an edited copy keeping its bundled id loads with its own hash; the CLI warns", () => {
    const json = packJson();
    json.version = "1.0.1";
    const pack = loadPack(json);
    expect(pack.id).toBe("yueyang-2023");
    expect(pack.hash).not.toBe(loadPack("yueyang-2023").hash);
    const file = write("edited.json", JSON.stringify(json));
    const result = fdr("evaluate", "--pack", file, write("ok4.json", JSON.stringify(baseCase)));
    expect(result.code).toBe(0);
    expect(JSON.parse(result.out).packHash).toBe(pack.hash);
    expect(result.err).toMatch(/yueyang-2023/);
    expect(result.err).toMatch(/differs from the bundled pack|与内置规则包不同/);
    // In the language --lang asks for, whatever the locale.
    for (const [lang, text] of [
      ["zh", /^警告：.*与内置规则包不同[^a-z]*sha256:[0-9a-f]{64}$/],
      ["en", /^warning: .*differs from the bundled pack yueyang-2023; its decisions carry its own hash sha256:/],
    ] as const) {
      const asked = fdr("evaluate", "--lang", lang, "--pack", file, write(`ok4-${lang}.json`, JSON.stringify(baseCase)));
      expect(asked.err, lang).toMatch(text);
    }
    const overlay = { id: "yueyang-2023", version: "1.0.1", title: { zh: "x", en: "x" }, extends: "yueyang-2023" };
    expect(loadPack(overlay).hash).not.toBe(loadPack("yueyang-2023").hash);
    // An unchanged copy: no warning.
    const same = fdr("evaluate", "--pack", write("same.json", packText()), write("ok5.json", JSON.stringify(baseCase)));
    expect(same.err).toBe("");
  });
});

describe("periods cannot be empty", () => {
  it.each([0, -1])("contract.termYears = %i is refused", (years) => {
    const json = packJson();
    json.parameters["contract.termYears"].values[0].value = years;
    const issues = validatePack(json);
    expect(issues.map((issue) => issue.path)).toContain("/parameters/contract.termYears/values/0/value");
    expect(issuesOf(() => loadPack(json)).length).toBeGreaterThan(0);
    // lintPack on the data as written reports it too, as an error.
    expect(
      lintPack(json as never)
        .filter((finding) => finding.code === "empty-period" && finding.severity === "error")
        .map((finding) => finding.path),
    ).toEqual(["/parameters/contract.termYears/values/0/value"]);
    const result = fdr("lint", "--json", write(`term-${years}.json`, JSON.stringify(json)));
    expect(result.code).toBe(1);
  });
});

/** Tries to change every property reachable from a value; returns how many attempts did not throw. */
function vandalise(root: unknown): void {
  const seen = new Set<unknown>();
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (value === null || (typeof value !== "object" && typeof value !== "function") || seen.has(value)) continue;
    seen.add(value);
    const target = value as Record<PropertyKey, unknown>;
    for (const key of Reflect.ownKeys(target)) {
      let child: unknown;
      try {
        child = target[key];
      } catch {
        continue;
      }
      stack.push(child);
      if (typeof target === "function" && (key === "prototype" || key === "length" || key === "name")) continue;
      try {
        target[key] =
          typeof child === "function"
            ? () => false
            : typeof child === "boolean"
              ? !child
              : Array.isArray(child)
                ? []
                : typeof child === "number"
                  ? child + 1
                  : "vandalised";
      } catch {
        /* frozen: good */
      }
    }
    if (Array.isArray(target)) {
      try {
        target.push(() => false);
        target.reverse();
      } catch {
        /* frozen */
      }
    }
    if (value instanceof Map) {
      try {
        value.clear();
      } catch {
        /* */
      }
    }
  }
}

describe("a compiled pack keeps its promises", () => {
  it("replacing or mutating what compilePack returns changes no later decision", () => {
    const pack = loadPack("yueyang-2023");
    const kase = { ...baseCase, contract: { teamId: "T", signDate: "2023-05-01", packages: [{ id: "basic" }] } };
    const before = JSON.stringify(evaluate(pack, kase));
    expect(JSON.parse(before).eligibility.eligible).toBe(true);
    const compiled = compilePack(pack);
    const attempts: (() => void)[] = [
      () => ((compiled as any).compiledRules = []),
      () => ((compiled as any).rules = []),
      () => ((compiled as any).compiledRules[0] = () => false),
      () => (compiled.compiledRules as any).fill(() => false),
      () => (compiled.rules as any).splice(0),
      () => ((compiled.rules[0] as any).condition = { fact: "ageYears", operator: "lessThan", value: 0 }),
      () => ((compiled as any).evaluate = () => ({})),
      () => ((compiled as any).contextFor = () => ({})),
      () => ((compiled as any).pack = loadPack("yongzhou-2017")),
      () => Object.defineProperty(compiled, "compiledRules", { value: [] }),
    ];
    for (const attempt of attempts) {
      try {
        attempt();
      } catch (error) {
        expect(error).toBeInstanceOf(TypeError);
      }
    }
    vandalise(compiled);
    // The caller's own input is the caller's: each attempt gets a copy of the case.
    vandalise(compiled.contextFor(structuredClone(kase)));
    vandalise(evaluate(pack, structuredClone(kase)));
    vandalise(evaluate(pack, structuredClone(kase), { tracer: sharingTracer(pack, "compact") }));
    for (const area of [checkEligibility, findPriorityGroups, contractTerm, computeFee, prescriptionLimit, referralDiscount])
      vandalise(area(pack, structuredClone(kase)));
    const prepared = compiled.contextFor(structuredClone(kase));
    vandalise(compiled.decide(prepared));
    vandalise(prepared);
    vandalise(pack);
    expect(JSON.stringify(evaluate(pack, kase))).toBe(before);
    expect(JSON.stringify(compilePack(loadPack("yueyang-2023")).evaluate(kase))).toBe(before);
  });
});

describe("a compiled pack keeps its promises, for every section", () => {
  it("vandalising every result of the golden cases (all sections, full and compact, shared) changes no later decision", () => {
    const files = findCaseFiles("test/cases").filter((file) => file.endsWith(".json"));
    const cases = files.map((file) => {
      const caseFile = JSON.parse(readFileSync(file, "utf8")) as { pack?: string; case: unknown };
      return { pack: loadPack(caseFile.pack ?? basename(dirname(file))), kase: caseFile.case };
    });
    const decide = () =>
      cases.map(({ pack, kase }) => {
        try {
          return JSON.stringify([evaluate(pack, kase), evaluate(pack, kase, { tracer: sharingTracer(pack, "compact") })]);
        } catch (error) {
          return JSON.stringify((error as PolicyError).issues);
        }
      });
    const before = decide();
    const areas = [checkEligibility, findPriorityGroups, contractTerm, computeFee, prescriptionLimit, referralDiscount];
    for (const { pack, kase } of cases) {
      for (const attempt of [
        () => evaluate(pack, structuredClone(kase)),
        () => evaluate(pack, structuredClone(kase), { tracer: sharingTracer(pack, "compact") }),
        () => evaluate(pack, structuredClone(kase), { tracer: sharingTracer(pack, "full") }),
        () => compilePack(pack).contextFor(structuredClone(kase)),
        ...areas.map((area) => () => area(pack, structuredClone(kase))),
      ]) {
        try {
          vandalise(attempt());
        } catch (error) {
          expect(error).toBeInstanceOf(PolicyError);
        }
      }
    }
    expect(decide()).toEqual(before);
  });
});

describe("the library's vocabularies cannot be changed", () => {
  it("FACT_CATALOG, OPERATORS, the case vocabularies and ISSUE_TEXT_ZH are frozen: vandalised, later checks and decisions are unchanged", () => {
    const pack = loadPack("yueyang-2023");
    const kase = { ...baseCase, resident: { ...baseCase.resident, conditions: ["hypertension"] } };
    const before = JSON.stringify(evaluate(pack, kase as unknown));
    const hostile = packJson();
    hostile.eligibility[0].when = { fact: "ageYears", operator: "regex", value: ".*" };
    const refusedBefore = validatePack(hostile).map((issue) => issue.path);
    expect(refusedBefore.length).toBeGreaterThan(0);
    for (const constant of [
      FACT_CATALOG,
      OPERATORS,
      CONDITION_CODES,
      TEAM_ROLES,
      RECEIVING_LEVELS,
      REFERRAL_ITEM_CATEGORIES,
      VISIT_SETTINGS,
      INPATIENT_REFERRALS,
      ISSUE_TEXT_ZH,
    ]) {
      expect(Object.isFrozen(constant)).toBe(true);
      vandalise(constant);
      try {
        (constant as unknown as unknown[]).push?.("regex");
      } catch {
        /* frozen */
      }
    }
    expect(validatePack(hostile).map((issue) => issue.path)).toEqual(refusedBefore);
    expect(JSON.stringify(evaluate(loadPack(packJson()), kase as unknown))).toBe(
      JSON.stringify({ ...JSON.parse(before), packHash: loadPack(packJson()).hash }),
    );
    expect(JSON.stringify(evaluate(pack, kase as unknown))).toBe(before);
  });
});

describe("text that reaches a terminal is escaped", () => {
  const hostileId = "R\u001b]0;pwned\u0007\u001b[31mred\u202e\u0000end";
  const raw = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

  it("fdr evaluate --explain", () => {
    const file = write("esc-case.json", JSON.stringify({ ...baseCase, resident: { ...baseCase.resident, id: hostileId } }));
    const result = fdr("evaluate", "--pack", "yueyang-2023", "--explain", file);
    expect(result.code).toBe(0);
    expect(result.out).not.toMatch(raw);
    expect(result.out).toContain("\\u001b]0;pwned\\u0007");
  });

  it("fdr diff", () => {
    const edited = packJson();
    edited.id = "yueyang-edit";
    edited.parameters["elderly.minAge"].values[0].value = 18;
    const cases = write(
      "esc-cases.ndjson",
      JSON.stringify({ ...baseCase, resident: { ...baseCase.resident, id: hostileId, birthDate: "1990-01-01" } }) + "\n",
    );
    const result = fdr("diff", "yueyang-2023", write("esc-edit.json", JSON.stringify(edited)), "--cases", cases);
    expect(result.code, result.err).toBe(0);
    expect(result.out).toContain("pwned");
    expect(result.out).not.toMatch(raw);
  });

  it("fdr validate and fdr lint (text findings quote values from the pack)", () => {
    const json = packJson();
    json.eligibility[0].when = { fact: `age\u001b]0;pwned\u0007\u202e`, operator: "equal", value: 1 };
    const file = write("esc-pack.json", JSON.stringify(json));
    for (const command of ["validate", "lint"]) {
      const result = fdr(command, file);
      expect(result.code).toBe(1);
      expect(result.out).toContain("\\u001b]0;pwned\\u0007\\u202e");
      expect(result.out).not.toMatch(raw);
    }
  });

  it("fdr test", () => {
    const folder = join(dir, "esc-cases");
    mkdirSync(folder);
    writeFileSync(
      join(folder, "esc.json"),
      JSON.stringify({
        name: `bad\u001b[2Jname`,
        pack: "yueyang-2023",
        case: { ...baseCase, resident: { ...baseCase.resident, id: hostileId } },
        expected: { residentId: "x\u0007" },
      }),
    );
    const result = fdr("test", folder);
    expect(result.code).toBe(1);
    expect(result.out).toContain("bad\\u001b[2Jname");
    expect(result.out).not.toMatch(raw);
  });
});

describe("fdr test keeps going past an unreadable case file", () => {
  it("not JSON, a dangling symlink, a symlink loop, a YAML alias bomb: each failed by name, the others run, exit 1", () => {
    const folder = join(mkdtempSync(join(tmpdir(), "fdr-keepgoing-")), "yueyang-2023");
    mkdirSync(folder);
    writeFileSync(
      join(folder, "a-good.json"),
      JSON.stringify({ name: "a good case", case: baseCase, expected: { priorityGroups: ["elderly"] } }),
    );
    writeFileSync(join(folder, "b-not-json.json"), "{ this is not json");
    symlinkSync(join(folder, "nowhere.json"), join(folder, "c-dangling.json"));
    symlinkSync(join(folder, "d-loop.json"), join(folder, "d-loop.json"));
    const bomb = [
      "a: &a [x, x, x, x, x, x, x, x, x]",
      ...Array.from(
        { length: 8 },
        (_, index) =>
          `${String.fromCharCode(98 + index)}: &${String.fromCharCode(98 + index)} [${Array(9)
            .fill(`*${String.fromCharCode(97 + index)}`)
            .join(", ")}]`,
      ),
    ].join("\n");
    writeFileSync(join(folder, "e-bomb.yaml"), `${bomb}\nname: bomb\ncase: *i\nexpected: {}\n`);
    symlinkSync(folder, join(folder, "f-loop-dir"));
    writeFileSync(
      join(folder, "g-good.yaml"),
      'name: another good case\ncase: { asOf: "2023-06-01", resident: { id: R2, birthDate: "1950-03-02", regionCode: "430602" } }\nexpected: { eligibility: { eligible: true } }\n',
    );
    const result = fdr("test", folder);
    expect(result.code).toBe(1);
    expect(result.out).toContain("✓ a good case");
    expect(result.out).toContain("✓ another good case");
    for (const name of ["b-not-json.json", "c-dangling.json", "d-loop.json", "e-bomb.yaml"]) expect(result.out).toContain(name);
    expect(result.out).toMatch(/2 passed, 4 failed$/);
    expect(result.err).toBe("");
    // Named on the command line, a dangling symlink fails by its name too; the good file still runs.
    const named = fdr("test", join(folder, "a-good.json"), join(folder, "c-dangling.json"));
    expect(named.code).toBe(1);
    expect(named.out).toContain("c-dangling.json");
    expect(named.out).toMatch(/1 passed, 1 failed$/);
  });
});

it("PolicyError stays the error type of the library", () => {
  expect(new PolicyError([{ code: "too_deep", path: "", message: "x" }]).issues[0].code).toBe("too_deep");
});
