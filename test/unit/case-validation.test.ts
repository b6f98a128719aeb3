import { describe, expect, it } from "vitest";
import { evaluate, parseCase, PolicyError } from "../../src/index.js";
import { contract, patch, yongzhou, yueyang, yyCase, yzCase } from "../support/cases.js";
import { issuesOf } from "../support/issues.js";

const caseIssues = (input: unknown) => issuesOf(() => evaluate(yueyang(), input));

describe("case validation", () => {
  it.each([
    ["an impossible date", { asOf: "2023-02-30" }, "/asOf", "invalid_date"],
    ["a date in the wrong form", { resident: { birthDate: "01/02/1950" } }, "/resident/birthDate", "invalid_date"],
    ["a region code that is not six digits", { resident: { regionCode: "4306" } }, "/resident/regionCode", "invalid_format"],
    ["a number as region code", { resident: { regionCode: 430602 } }, "/resident/regionCode", "invalid_type"],
    ["an unknown condition", { resident: { conditions: ["flu"] } }, "/resident/conditions/0", "invalid_value"],
    ["a birth date after the decision date", { resident: { birthDate: "2024-01-01" } }, "/resident/birthDate", "date_order"],
    [
      "a delivery before birth",
      { resident: { birthDate: "1990-01-01", pregnancy: { status: "postpartum", deliveryDate: "1989-12-31" } } },
      "/resident/pregnancy/deliveryDate",
      "date_order",
    ],
    [
      "a postpartum status without delivery date",
      { resident: { pregnancy: { status: "postpartum" } } },
      "/resident/pregnancy/deliveryDate",
      "missing_field",
    ],
    ["a negative supply", { prescription: { supplyDays: -1 } }, "/prescription/supplyDays", "too_small"],
    ["a fractional supply", { prescription: { supplyDays: 7.5 } }, "/prescription/supplyDays", "invalid_type"],
    [
      "an amount with three decimals",
      { visit: { setting: "other", registrationFee: "10.005" } },
      "/visit/registrationFee",
      "invalid_amount",
    ],
    ["an amount as a float", { visit: { setting: "other", registrationFee: 10.5 } }, "/visit/registrationFee", "invalid_type"],
    ["a negative amount", { inpatient: { referral: "none", deductible: "-1.00" } }, "/inpatient/deductible", "invalid_amount"],
    [
      "an unknown item category",
      { referral: { items: [{ code: "X", category: "surgery", price: "1.00" }] } },
      "/referral/items/0/category",
      "invalid_value",
    ],
    [
      "a zero quantity",
      contract("2023-01-10", { packages: [{ id: "personalized", items: [{ code: "X", unitPrice: "1.00", quantity: 0 }] }] }),
      "/contract/packages/0/items/0/quantity",
      "too_small",
    ],
    [
      "a duplicate team member",
      contract("2023-01-10", {
        team: [
          { memberId: "D1", role: "specialist" },
          { memberId: "D1", role: "health-manager" },
        ],
      }),
      "/contract/team/1/memberId",
      "duplicate_member",
    ],
    [
      "a negative score",
      contract("2023-01-10", { team: [{ memberId: "D1", role: "specialist", score: -1 }] }),
      "/contract/team/0/score",
      "too_small",
    ],
    ["an unknown role", contract("2023-01-10", { team: [{ memberId: "D1", role: "surgeon" }] }), "/contract/team/0/role", "invalid_value"],
  ])("refuses %s with a typed issue at its path", (_, overrides, path, code) => {
    const issues = caseIssues(yyCase(overrides as Record<string, unknown>));
    expect(issues).toContainEqual(expect.objectContaining({ path, code }));
    for (const issue of issues) expect(issue.message.length).toBeGreaterThan(5);
  });

  it("names a missing required field", () => {
    const issues = caseIssues({ asOf: "2023-06-01", resident: { id: "R1", regionCode: "430602" } });
    expect(issues).toEqual([expect.objectContaining({ code: "missing_field", path: "/resident/birthDate" })]);
  });

  it("reports every problem at once", () => {
    const issues = caseIssues({ asOf: "2023-13-01", resident: { id: "", birthDate: "x", regionCode: "1" } });
    expect(issues.map((issue) => issue.path).sort()).toEqual(["/asOf", "/resident/birthDate", "/resident/id", "/resident/regionCode"]);
  });

  it("says what it expected and what it found", () => {
    const [issue] = caseIssues(yyCase({ visit: { setting: "other", registrationFee: "10.005" } }));
    expect(issue).toMatchObject({ expected: expect.stringContaining("two decimals"), found: '"10.005"' });
  });

  it("reads a field that is not enumerable (Object.defineProperty) as the schema does: an invalid one is an issue at its path, not a crash or a silent pass", () => {
    const hidden = (value: object, key: string, item: unknown) => Object.defineProperty(value, key, { value: item, enumerable: false });
    const base = yyCase({}) as { resident: object };
    expect(caseIssues(hidden(structuredClone(base), "contract", 5))[0]).toMatchObject({ code: "invalid_type", path: "/contract" });
    const resident = structuredClone(base);
    hidden(resident.resident, "bedridden", "yes");
    expect(caseIssues(resident)[0]).toMatchObject({ code: "invalid_type", path: "/resident/bedridden" });
  });

  it("refuses a value that is not an object", () => {
    for (const input of [null, 42, "case", [], undefined]) {
      expect(caseIssues(input)[0]).toMatchObject({ path: "" });
    }
  });

  it("refuses a package the pack does not have", () => {
    const issues = issuesOf(() => evaluate(yongzhou(), yzCase(contract("2023-01-10", { packages: [{ id: "personalized", items: [] }] }))));
    expect(issues).toEqual([
      expect.objectContaining({ code: "unknown_package", path: "/contract/packages/0/id", expected: "one of basic" }),
    ]);
  });

  it("refuses items on a fixed-price package and a priced-by-items package without items", () => {
    expect(caseIssues(yyCase(contract("2023-01-10", { packages: [{ id: "basic", items: [] }] })))[0]).toMatchObject({
      path: "/contract/packages/0/items",
    });
    expect(caseIssues(yyCase(contract("2023-01-10", { packages: [{ id: "personalized" }] })))[0]).toMatchObject({
      code: "missing_field",
      path: "/contract/packages/0/items",
    });
  });

  it("refuses a decision date outside the pack's period", () => {
    expect(issuesOf(() => evaluate(yueyang(), yyCase({ asOf: "2021-12-31" })))).toEqual([
      expect.objectContaining({ code: "out_of_period", path: "/asOf" }),
    ]);
    // In force from 2022-03-03, the issue date of 国卫基层发〔2022〕10号 (POLICY 14, revised).
    expect(issuesOf(() => evaluate(yueyang(), yyCase({ asOf: "2022-03-02" })))).toEqual([
      expect.objectContaining({ code: "out_of_period", path: "/asOf" }),
    ]);
    expect(evaluate(yueyang(), yyCase({ asOf: "2022-03-03" })).asOf).toBe("2022-03-03");
    expect(issuesOf(() => evaluate(yongzhou(), yzCase({ asOf: "2017-08-01" })))[0]).toMatchObject({ code: "out_of_period" });
    expect(evaluate(yongzhou(), yzCase({ asOf: "2017-08-02" })).asOf).toBe("2017-08-02");
  });
});

describe("unknown fields", () => {
  it("become warnings in the decision, not silence", () => {
    const decision = evaluate(
      yongzhou(),
      yzCase(patch({ resident: { shoeSize: 38 }, extra: true }, contract("2023-01-10", { colour: "red" }))),
    );
    expect(decision.warnings.map((warning) => [warning.code, warning.path])).toEqual([
      ["unknown_field", "/resident/shoeSize"],
      ["unknown_field", "/contract/colour"],
      ["unknown_field", "/extra"],
    ]);
  });
  it("do not hide a real error", () => {
    expect(() => parseCase(yzCase({ resident: { shoeSize: 38, birthDate: "bad" } }))).toThrow(PolicyError);
  });
  it("leave a valid case without warnings", () => {
    expect(parseCase(yzCase()).warnings).toEqual([]);
  });
});

describe("one bad field, one issue", () => {
  it("does not compare an invalid birth date with the decision date", () => {
    const issues = caseIssues(yyCase({ resident: { birthDate: "x" } }));
    expect(issues.map((issue) => issue.code)).toEqual(["invalid_date"]);
  });
  it("still finds a duplicate member when a date is also wrong", () => {
    const issues = caseIssues(
      yyCase(
        patch(
          { resident: { birthDate: "x" } },
          contract("2023-01-10", {
            team: [
              { memberId: "D1", role: "specialist" },
              { memberId: "D1", role: "specialist" },
            ],
          }),
        ),
      ),
    );
    expect(issues.map((issue) => issue.code).sort()).toEqual(["duplicate_member", "invalid_date"]);
  });
  it("does not crash on a team that is not a list", () => {
    expect(caseIssues(yyCase(contract("2023-01-10", { team: 5 })))[0]).toMatchObject({ path: "/contract/team", code: "invalid_type" });
  });
});

describe("supported dates", () => {
  it("refuses a date outside 1900-01-01 to 2999-12-31 with a typed issue", () => {
    expect(caseIssues(yyCase({ asOf: "9999-12-31" }))[0]).toMatchObject({
      code: "invalid_date",
      path: "/asOf",
      message: expect.stringContaining("outside the dates"),
    });
    expect(caseIssues(yyCase({ resident: { birthDate: "1899-12-31" } }))[0]).toMatchObject({
      code: "invalid_date",
      path: "/resident/birthDate",
    });
    expect(caseIssues(yyCase(contract("3000-01-01")))[0]).toMatchObject({ code: "invalid_date", path: "/contract/signDate" });
    expect(evaluate(yueyang(), yyCase(patch({ resident: { birthDate: "1900-01-01" } }, contract("2999-12-31")))).contract?.end).toBe(
      "3000-12-30",
    );
  });
});
