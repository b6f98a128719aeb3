import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evaluate, type Issue, isPolicyError, issueMessage, loadPack } from "../../src/index.js";
import { caseArbitrary, mutate } from "../support/arbitraries.js";

/** Issues as the library and zod word them, and their Chinese text. */
const EXAMPLES: [string, Issue, string][] = [
  [
    "a quoted name, nothing found",
    { code: "unknown_parameter", path: "/packages/0/price/param", message: 'no parameter "x" is defined' },
    '引用了未定义的参数："x"',
  ],
  [
    "a value that is not one of a list",
    { code: "invalid_value", path: "/resident/sex", message: 'Invalid option: expected one of "female"|"male"', found: "5" },
    '取值无效：实际值 5，应为 "female"、"male" 之一',
  ],
  [
    "a format with an example",
    {
      code: "invalid_format",
      path: "/resident/regionCode",
      message: 'expected a six-digit region code (GB/T 2260) such as "430602"',
      expected: "text matching /^\\d{6}$/",
      found: '"4306"',
    },
    '格式不符：实际值 "4306"，例如 "430602"',
  ],
  [
    "a type zod expected",
    { code: "invalid_type", path: "/resident", message: "Invalid input: expected object, received array", found: "[1]" },
    "类型不符：实际值 [1]，应为对象",
  ],
  [
    "a bound from expected",
    {
      code: "too_big",
      path: "/prescription/supplyDays",
      message: "expected at most 3650 days",
      expected: "a number ≤ 3650",
      found: "9999",
    },
    "大于允许的最大值：实际值 9999，应 ≤ 3650",
  ],
  [
    "a length",
    {
      code: "too_small",
      path: "/resident/id",
      message: "expected a non-empty resident id",
      expected: "at least 1 character(s)",
      found: '""',
    },
    '小于允许的最小值：实际值 ""，应 ≥ 1 个字符',
  ],
  [
    "dates out of order",
    {
      code: "date_order",
      path: "/resident/birthDate",
      message: "birth date 2024-03-02 is after the decision date 2023-06-01",
      expected: "a date on or before 2023-06-01",
      found: '"2024-03-02"',
    },
    '日期先后顺序不对：实际值 "2024-03-02"，应不晚于 2023-06-01',
  ],
  [
    "the found value quoted in the message once",
    { code: "unknown_package", path: "/contract/packages/0/id", message: 'yueyang-2023 has no package "nope"', found: '"nope"' },
    '规则包中没有该服务包：实际值 "nope"',
  ],
  [
    "where a line's JSON fails",
    {
      code: "invalid_json",
      path: "",
      message: "line 2 is not valid JSON: Expected property name or '}' in JSON at position 1 (line 1 column 2)",
    },
    "不是有效的 JSON（第 2 个字符处）",
  ],
  [
    "a parameter's value of another type",
    {
      code: "parameter_type",
      path: "/parameters/x/values/0/value",
      message: "the value of x does not fit its type boolean",
      expected: "true or false",
      found: '"abc"',
    },
    '参数值与类型不符：实际值 "abc"，应为布尔值',
  ],
  [
    "a date after the pack's end: the cause is not a bound",
    {
      code: "out_of_period",
      path: "/asOf",
      message: "2023-06-01 is on or after 2023-01-01, when yueyang-2023 ceased to be in force",
      expected: "a date from 2020-01-01 up to (not including) 2023-01-01",
      found: "2023-06-01",
    },
    "决定日期不在规则包有效期内：实际值 2023-06-01",
  ],
  [
    "an expected text that is words, not a list of ids",
    { code: "invalid_value", path: "/staffPool", message: "Invalid input", expected: "one of the documented forms", found: "7" },
    "取值无效：实际值 7",
  ],
  [
    "a list of ids ending in words",
    {
      code: "unknown_pack",
      path: "",
      message: 'no bundled pack "nope"',
      expected: "one of yongzhou-2017, yueyang-2023, or a pack object",
      found: '"nope"',
    },
    '未知的规则包：实际值 "nope"',
  ],
  [
    "a list of ids",
    {
      code: "unknown_package",
      path: "/contract/packages/0/id",
      message: 'yueyang-2023 has no package "x"',
      expected: "one of basic, personalized",
      found: '"x"',
    },
    '规则包中没有该服务包：实际值 "x"，应为 "basic"、"personalized" 之一',
  ],
  [
    "a parameter's bound of another type: not the parameter's type",
    {
      code: "parameter_type",
      path: "/parameters/x/minimum",
      message: "the minimum of x does not fit its type boolean",
      expected: "a decimal string",
      found: '"A"',
    },
    '参数值与类型不符：实际值 "A"',
  ],
  [
    "the options of a JSON error",
    {
      code: "invalid_json",
      path: "",
      message: "line 1 is not valid JSON: Expected ',' or '}' after property value in JSON at position 22",
    },
    '不是有效的 JSON：应为 ","、"}" 之一（第 23 个字符处）',
  ],
  [
    "a missing field with a bound in expected: no bound",
    { code: "missing_field", path: "/contract/team/1/score", message: "a score for every team member or none", expected: "a number ≥ 0" },
    "缺少必填字段",
  ],
  [
    "a parameter not in force: its found is not a value of the input",
    {
      code: "parameter_not_in_force",
      path: "/parameters/x/values",
      message: "parameter x has no value on this date (the document leaves it open): set it in an overlay pack to decide a fee",
      expected: "a fee",
      found: "null",
    },
    "该日期没有有效的参数值",
  ],
  [
    "zod's int",
    { code: "invalid_type", path: "/prescription/supplyDays", message: "Invalid input: expected int, received number", found: "1.5" },
    "类型不符：实际值 1.5，应为整数",
  ],
  [
    "a found that is not a value of the input: the quoted names stay",
    { code: "io_error", path: "", message: 'cannot read "a.json": no such file', found: '"a.json"' },
    '无法读取文件："a.json"',
  ],
  ["an empty line", { code: "invalid_json", path: "", message: "line 3 is empty", expected: "a case" }, "不是有效的 JSON（内容为空）"],
  ["no detail Chinese can show", { code: "internal_error", path: "", message: "something went wrong" }, "内部错误"],
  ["a message already in Chinese", { code: "io_error", path: "", message: "无法打开 a.json" }, "无法读取文件：无法打开 a.json"],
  [
    "a decision warning: its quoted names only",
    {
      code: "overlapping-contract",
      path: "/resident/otherContracts/0",
      message: 'a contract with team "T2" overlaps',
      found: '{"teamId":"T2"}',
    },
    '与另一份签约期限重叠："T2"',
  ],
];

/** Latin words left in a Chinese message once its JSON (quoted texts, the found value) and the few names it keeps are taken out. */
function englishWords(text: string, issue: Issue): string[] {
  let rest = text.replace(/"(?:[^"\\]|\\.)*"/g, " ");
  if (issue.found !== undefined) rest = rest.split(issue.found).join(" ");
  return (rest.match(/[A-Za-z]{2,}/g) ?? []).filter((word) => !["JSON", "YYYY", "MM", "DD", "UTF", "null"].includes(word));
}

describe("issueMessage", () => {
  it.each(EXAMPLES)("in Chinese: %s", (_, issue, zh) => {
    expect(issueMessage(issue, "zh")).toBe(zh);
    expect(issueMessage(issue, "en")).toBe(issue.message);
  });

  it("never mixes English words into a Chinese message, and shows the value found, for the issues of random invalid cases", () => {
    const pack = loadPack("yueyang-2023");
    const leaves = fc.constantFrom<unknown>(
      "",
      "x",
      "2023-02-30",
      "1899-12-31",
      "43060",
      -1,
      0,
      1.5,
      1e9,
      99_999,
      true,
      null,
      [],
      {},
      [1],
      "flu",
    );
    let seen = 0;
    fc.assert(
      fc.property(caseArbitrary("yueyang-2023"), fc.array(fc.nat(), { minLength: 1, maxLength: 5 }), leaves, (kase, path, leaf) => {
        try {
          evaluate(pack, mutate(JSON.parse(JSON.stringify(kase)), path, leaf));
        } catch (error) {
          if (!isPolicyError(error)) throw error;
          for (const issue of error.issues) {
            seen++;
            const zh = issueMessage(issue, "zh");
            expect(englishWords(zh, issue), `${zh} ← ${issue.message}`).toEqual([]);
            if (issue.found !== undefined) expect(zh, issue.message).toContain(issue.found);
          }
        }
      }),
      { numRuns: 600, seed: 15 },
    );
    expect(seen).toBeGreaterThan(100);
  });
});
