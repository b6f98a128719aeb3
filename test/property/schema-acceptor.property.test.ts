/**
 * The fast case check is derived from the zod schema (src/model/schema-acceptor.ts),
 * as zod derives its compiled parser; one generic differential test holds every
 * acceptor to its schema, as zod's `differential(schema, inputs)` does:
 *
 * - it never accepts what the schema refuses, and for what it accepts the
 *   schema's output is the value itself;
 * - on JSON input (what cases are), for a schema made of parts it knows, it
 *   accepts exactly what the schema accepts — so the fast path is taken
 *   whenever it can be.
 */
import fc from "fast-check";
import * as z from "zod";
import { describe, expect, it } from "vitest";
import { isDeepStrictEqual } from "node:util";
import { AmountSchema, CalendarDateSchema, CaseSchema, ConditionCodeSchema, ContractSchema, ResidentSchema } from "../../src/model/case.js";
import { acceptorOf, acceptorSource, type AcceptorOptions } from "../../src/model/schema-acceptor.js";
import { caseArbitrary, mutate } from "../support/arbitraries.js";

const json = (value: unknown): unknown => (value === undefined ? undefined : JSON.parse(JSON.stringify(value)));

/**
 * The differential: the acceptor against the schema on each input. `exact`:
 * the acceptor also takes everything the schema takes unchanged.
 */
function differential(
  schema: z.ZodType,
  inputs: Iterable<unknown>,
  exact: boolean,
  options: AcceptorOptions,
): { accepted: number; refused: number } {
  const accept = acceptorOf(schema, options);
  const seen = { accepted: 0, refused: 0 };
  for (const input of inputs) {
    const parsed = schema.safeParse(input);
    if (accept(input)) {
      seen.accepted++;
      expect(parsed.success, JSON.stringify(input)).toBe(true);
      expect(parsed.data, JSON.stringify(input)).toStrictEqual(input);
    } else {
      seen.refused++;
      if (exact && parsed.success && isDeepStrictEqual(parsed.data, input))
        expect.fail(`the acceptor refuses what the schema takes unchanged: ${JSON.stringify(input)}`);
    }
  }
  return seen;
}

/** Values around every limit a schema below uses, and values of every JSON kind. */
const BOUNDARIES: unknown[] = [
  -1,
  0,
  1,
  0.5,
  2,
  3,
  9,
  10,
  11,
  56,
  3650,
  3651,
  1e9,
  1e9 + 1,
  -0,
  2 ** 53,
  Number.MAX_SAFE_INTEGER,
  "",
  " ",
  "a",
  "ab",
  "abc",
  "abcd",
  "abcdefghijk",
  "0",
  "0.00",
  "1.5",
  "1.005",
  "430602",
  "43060",
  "x1",
  "2023-06-01",
  "2023-02-29",
  "2024-02-29",
  "1899-12-31",
  "3000-01-01",
  "red",
  "green",
  "blue",
  "pregnant",
  "postpartum",
  "hypertension",
  "flu",
  true,
  false,
  null,
  [],
  {},
  [1],
  ["a"],
  ["a", "b", "c", "d"],
  { kind: "a" },
  { kind: "b", n: 1 },
  { a: "x", b: 1 },
];

const sample = (arbitrary: fc.Arbitrary<unknown>, count: number) => fc.sample(arbitrary, { numRuns: count, seed: 11 });
const anyJson = fc.jsonValue({ maxDepth: 3 }).map(json);
/** Values near a valid one: one leaf replaced by a boundary value or by any JSON. */
const near = (valid: fc.Arbitrary<unknown>) =>
  fc
    .tuple(valid, fc.array(fc.nat(), { minLength: 1, maxLength: 5 }), fc.oneof(fc.constantFrom(...BOUNDARIES, undefined), anyJson))
    .map(([value, path, replacement]) => json(mutate(json(value), path, replacement)));

/** Schemas of every kind the acceptor knows, each with a valid value to start from. */
const KNOWN: [string, z.ZodType, unknown][] = [
  ["string with a length", z.string().min(2).max(10), "abc"],
  ["string with a pattern", z.string().regex(/^\d{6}$/), "430602"],
  [
    "string with two patterns and a refinement",
    z
      .string()
      .regex(/^\d+$/)
      .regex(/0/)
      .refine((text) => text.length % 2 === 0),
    "10",
  ],
  ["whole number in a range", z.number().int().min(1).max(3650), 56],
  ["number with exclusive bounds", z.number().gt(0).lt(10), 0.5],
  ["boolean", z.boolean(), true],
  ["enum", z.enum(["red", "green", "blue"]), "red"],
  ["literal", z.literal("a"), "a"],
  ["list with a length", z.array(z.string()).min(1).max(3), ["a"]],
  ["nullable", z.string().nullable(), null],
  [
    "strict object with optional keys",
    z.strictObject({ a: z.string(), b: z.number().optional(), c: z.array(z.boolean()).optional() }),
    { a: "x", b: 1 },
  ],
  ["plain object (unknown keys stripped)", z.object({ a: z.string() }), { a: "x" }],
  [
    "discriminated union",
    z.discriminatedUnion("kind", [z.strictObject({ kind: z.literal("a") }), z.strictObject({ kind: z.literal("b"), n: z.number() })]),
    { kind: "b", n: 1 },
  ],
  ["union", z.union([z.string().min(3), z.number().int()]), 3],
  [
    "object with a superRefine",
    z
      .strictObject({ from: z.number(), to: z.number() })
      .superRefine((value, ctx) => (value.from > value.to ? ctx.addIssue({ code: "custom", message: "from after to" }) : undefined)),
    { from: 1, to: 2 },
  ],
  ["the calendar date", CalendarDateSchema, "2024-02-29"],
  ["the amount", AmountSchema, "35.50"],
  ["the condition code", ConditionCodeSchema, "hypertension"],
  [
    "the resident",
    ResidentSchema,
    { id: "R", birthDate: "1950-01-01", regionCode: "430602", conditions: ["diabetes"], pregnancy: { status: "pregnant" } },
  ],
  [
    "the contract",
    ContractSchema,
    { teamId: "T", signDate: "2023-01-01", packages: [{ id: "basic" }], team: [{ memberId: "M", role: "specialist", score: 1 }] },
  ],
];

/** Schemas with parts the acceptor does not know: it must never accept where the output could differ. */
const UNKNOWN: [string, z.ZodType, unknown][] = [
  ["a transform", z.string().transform((text) => text.toUpperCase()), "a"],
  ["a default", z.strictObject({ a: z.string().default("x") }), {}],
  ["a pipe", z.string().pipe(z.string().min(1)), "a"],
  ["a loose object", z.looseObject({ a: z.string() }), { a: "x", b: 1 }],
  ["a union with a transform that could win", z.union([z.string().transform((text) => text.length), z.string()]), "a"],
  ["a coercing number", z.coerce.number(), "1"],
];

/** Both ways an acceptor runs: generated code (the default where the runtime allows it) and closures. */
const MODES: [string, AcceptorOptions][] = [
  ["generated code", {}],
  ["closures", { codegen: false }],
];

describe.each(MODES)("acceptorOf (%s): the generic differential", (_mode, options) => {
  it.each(KNOWN)("%s: accepts exactly what the schema takes unchanged", (_, schema, valid) => {
    const inputs = [valid, ...BOUNDARIES, ...sample(near(fc.constant(valid)), 400), ...sample(anyJson, 200)];
    const seen = differential(schema, inputs, true, options);
    expect(seen.accepted).toBeGreaterThan(0);
    expect(seen.refused).toBeGreaterThan(0);
  });

  it.each(UNKNOWN)("%s: never accepts", (_, schema, valid) => {
    const seen = differential(schema, [valid, ...BOUNDARIES, ...sample(near(fc.constant(valid)), 200)], false, options);
    expect(seen.accepted).toBe(0);
  });

  it("the case schema: generated cases and their near misses, both packs", () => {
    const cases = fc.oneof(caseArbitrary("yueyang-2023"), caseArbitrary("yongzhou-2017"));
    fc.assert(
      fc.property(fc.oneof(cases.map(json), near(cases)), (input) => {
        differential(CaseSchema, [input], true, options);
      }),
      { numRuns: 2000 },
    );
  });

  it("never accepts an object that JSON.parse would not build: a prototype of its own, no prototype, an undefined value", () => {
    const accept = acceptorOf(z.strictObject({ a: z.string(), b: z.string().optional() }), options);
    expect(accept({ a: "x" })).toBe(true);
    expect(accept(Object.assign(Object.create({ inherited: 1 }), { a: "x" }))).toBe(false);
    expect(accept(Object.assign(Object.create(null), { a: "x" }))).toBe(false);
    expect(accept({ a: "x", b: undefined })).toBe(false);
    expect(accept(JSON.parse('{"a":"x","__proto__":{"b":"y"}}'))).toBe(false);
  });

  it("never accepts an object with a key its pass does not see (not enumerable) that the schema reads, in one mask word or several", () => {
    const hidden = (value: object, key: string, item: unknown) => Object.defineProperty(value, key, { value: item, enumerable: false });
    const accept = acceptorOf(z.strictObject({ a: z.string(), b: z.string().optional() }), options);
    expect(accept(hidden({ a: "x" }, "b", 5))).toBe(false);
    expect(accept(hidden({ a: "x" }, "b", "y"))).toBe(false);
    // A required key not seen is not counted; an unknown hidden key is not read by the schema either.
    expect(accept(hidden({}, "a", "x"))).toBe(false);
    expect(accept(hidden({ a: "x" }, "zz", 5))).toBe(true);
    // 40 optional keys: the seen ones span two words of the mask.
    const keys = Array.from({ length: 40 }, (_, index) => `k${index}`);
    const wide = acceptorOf(z.strictObject(Object.fromEntries(keys.map((key) => [key, z.number().optional()]))), options);
    const all = Object.fromEntries(keys.map((key, index) => [key, index]));
    expect(wide(all)).toBe(true);
    expect(wide({})).toBe(true);
    for (const key of ["k0", "k30", "k31", "k39"]) {
      const { [key]: _left, ...rest } = all;
      expect(wide(rest), key).toBe(true);
      expect(wide(hidden({ ...rest }, key, "not a number")), key).toBe(false);
    }
  });
});

describe("acceptorSource: the generated acceptor", () => {
  it("is generated for the case schema (this runtime allows code generation), and written from its definition", () => {
    const generated = acceptorSource(CaseSchema);
    expect(generated).toBeDefined();
    // Every key of the resident is a case of its own, with its required count.
    for (const key of Object.keys(ResidentSchema.shape)) expect(generated?.source).toContain(`case ${JSON.stringify(key)}:`);
    expect(generated?.source).toContain('x === "pregnant"');
  });

  it("is undefined where a part is unknown at the top, and refuses keys whose schema it does not know", () => {
    expect(acceptorSource(z.string().transform((text) => text.length))).toBeUndefined();
    const accept = acceptorOf(
      z.strictObject({
        a: z.string(),
        b: z
          .string()
          .transform((text) => text)
          .optional(),
      }),
    );
    expect(accept({ a: "x" })).toBe(true);
    expect(accept({ a: "x", b: "y" })).toBe(false);
  });

  it("writes keys and literals that need escaping as JSON strings", () => {
    const schema = z.strictObject({ 'a"b\\c\u2028': z.literal('x"y'), "</script>": z.enum(["a'b", "c\nd"]).optional() });
    for (const options of [{}, { codegen: false }]) {
      const accept = acceptorOf(schema, options);
      expect(accept({ 'a"b\\c\u2028': 'x"y' })).toBe(true);
      expect(accept({ 'a"b\\c\u2028': 'x"y', "</script>": "c\nd" })).toBe(true);
      expect(accept({ 'a"b\\c\u2028': "xy" })).toBe(false);
      expect(accept({ ab: 'x"y' })).toBe(false);
    }
  });
});
