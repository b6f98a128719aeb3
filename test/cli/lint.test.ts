import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "../../src/cli/run.js";

const dir = mkdtempSync(join(tmpdir(), "fdr-lint-"));

function lint(edit: (json: Record<string, any>) => void, pack = "yueyang-2023") {
  const json = JSON.parse(readFileSync(`rules/${pack}.json`, "utf8"));
  edit(json);
  const path = join(dir, `${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(path, JSON.stringify(json, null, 2));
  const out: string[] = [];
  const code = run(["lint", "--json", "--lang", "en", path], { out: (text) => out.push(text), err: () => undefined });
  return { code, findings: JSON.parse(out.join("")) as { code: string; severity: string; path: string; line?: number; message: string }[] };
}

const param = (json: Record<string, any>, id: string) => json.parameters[id];

describe("fdr lint", () => {
  it.each(["yueyang-2023", "yongzhou-2017"])("finds nothing in %s (exit 0)", (pack) => {
    expect(lint(() => undefined, pack)).toEqual({ code: 0, findings: [] });
  });

  it("warns about a parameter no rule uses (exit 0)", () => {
    const result = lint((json) => {
      json.parameters["tb.extra"] = { ...param(json, "elderly.minAge") };
    });
    expect(result.code).toBe(0);
    expect(result.findings).toEqual([
      expect.objectContaining({ code: "unused-parameter", severity: "warning", path: "/parameters/tb.extra", line: expect.any(Number) }),
    ]);
  });

  it("finds payer shares that do not sum to the price (the 8 → 10 edit without the price)", () => {
    const result = lint((json) => {
      param(json, "basicPackage.residentShare").values[0].value = "10.00";
    });
    expect(result.code).toBe(1);
    expect(result.findings).toEqual([
      expect.objectContaining({
        code: "shares-not-price",
        severity: "error",
        path: "/packages/0/shares",
        message: expect.stringContaining("sum to 42.00, not its price 40.00"),
      }),
    ]);
  });

  it("finds a rate below what the document allows", () => {
    const discount = lint((json) => {
      param(json, "referralDiscount.rate").values[0].value = "0.04";
    });
    expect(discount.findings).toEqual([
      expect.objectContaining({ code: "below-minimum", path: "/parameters/referralDiscount.rate/values/0/value" }),
    ]);
    const staff = lint((json) => {
      param(json, "staffPool.minShare").values[0].value = "0.65";
    });
    expect(staff.findings).toEqual([
      expect.objectContaining({
        code: "below-minimum",
        path: "/parameters/staffPool.minShare/values/0/value",
        message: expect.stringContaining("0.70"),
      }),
    ]);
  });

  it("finds a condition that can never hold", () => {
    const result = lint((json) => {
      json.priorityGroups[0].when.all.push({
        fact: "ageYears",
        operator: "lessThanInclusive",
        value: { fact: "param:preschoolChild.maxAge" },
      });
    });
    expect(result.findings).toEqual([
      expect.objectContaining({
        code: "never-true",
        path: "/priorityGroups/0/when",
        message: expect.stringContaining("at least 65 and at most 6"),
      }),
    ]);
  });

  it("finds a condition that always holds", () => {
    const result = lint((json) => {
      json.priorityGroups[3].when = {
        any: [
          { fact: "disabilityCertified", operator: "equal", value: true },
          { fact: "disabilityCertified", operator: "notEqual", value: true },
        ],
      };
    });
    expect(result.findings).toEqual([
      expect.objectContaining({ code: "always-true", severity: "warning", path: "/priorityGroups/3/when" }),
    ]);
  });

  it("finds dated values that overlap or leave a gap", () => {
    const gap = lint((json) => {
      param(json, "elderly.minAge").values = [
        { from: "2022-03-03", to: "2023-01-01", value: 65 },
        { from: "2023-02-01", value: 65 },
      ];
    });
    expect(gap.findings).toEqual([
      expect.objectContaining({
        code: "dated-gap",
        path: "/parameters/elderly.minAge/values",
        message: expect.stringContaining("from 2023-01-01 until 2023-02-01"),
      }),
    ]);
    const overlap = lint((json) => {
      param(json, "elderly.minAge").values = [
        { from: "2022-03-03", value: 65 },
        { from: "2023-02-01", value: 60 },
      ];
    });
    expect(overlap.findings).toEqual([expect.objectContaining({ code: "dated-overlap" })]);
    const late = lint((json) => {
      param(json, "elderly.minAge").values = [{ from: "2022-06-01", value: 65 }];
    });
    expect(late.findings).toEqual([expect.objectContaining({ code: "dated-gap", message: expect.stringContaining("from 2022-03-03") })]);
  });

  it("finds an interpretation without a note", () => {
    const result = lint((json) => {
      delete param(json, "elderly.minAge").note;
    });
    expect(result.findings).toEqual([
      expect.objectContaining({ code: "interpretation-without-note", path: "/parameters/elderly.minAge/interpretation" }),
    ]);
  });

  it("reports an invalid pack's validation issues as errors", () => {
    const result = lint((json) => {
      delete json.priorityGroups[0].cite;
    });
    expect(result.code).toBe(1);
    expect(result.findings).toEqual([
      expect.objectContaining({ severity: "error", path: "/priorityGroups/0/cite", code: "missing_field" }),
    ]);
  });
});
