import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { overlayJsonSchema, packFormatMarkdown, packJsonSchema } from "../../src/entries/json-schema.js";

/** Every property schema in a JSON Schema, with its path. */
function properties(schema: unknown, path = "#"): [string, Record<string, unknown>][] {
  if (schema === null || typeof schema !== "object") return [];
  const node = schema as Record<string, unknown>;
  const own = Object.entries((node.properties as Record<string, Record<string, unknown>>) ?? {}).map(
    ([key, value]) => [`${path}/properties/${key}`, value] as [string, Record<string, unknown>],
  );
  return [
    ...own,
    ...Object.entries(node).flatMap(([key, value]) =>
      Array.isArray(value)
        ? value.flatMap((item, index) => properties(item, `${path}/${key}/${index}`))
        : properties(value, `${path}/${key}`),
    ),
  ];
}

describe("rules/schema/pack.schema.json", () => {
  it("is what the zod pack schema generates (run `npm run schema` after changing the schema)", () => {
    expect(JSON.parse(readFileSync("rules/schema/pack.schema.json", "utf8"))).toEqual(packJsonSchema());
    expect(JSON.parse(readFileSync("rules/schema/overlay.schema.json", "utf8"))).toEqual(overlayJsonSchema());
  });
  it("is documented in docs/rule-pack-format.md, generated from it", () => {
    const markdown = readFileSync("docs/rule-pack-format.md", "utf8");
    expect(markdown).toBe(packFormatMarkdown());
    expect(markdown).toContain("| `parameters.<id>.values[].from` |");
    expect(markdown).toContain("| `referralDiscount.silent.note` |");
  });
  it("describes every field", () => {
    const undescribed = properties(packJsonSchema())
      .filter(([, schema]) => typeof schema.description !== "string" && typeof schema.$ref !== "string")
      .map(([path]) => path);
    expect(undescribed).toEqual([]);
  });
  it("refuses unknown keys, so an editor flags a typo", () => {
    const schema = packJsonSchema() as {
      additionalProperties: unknown;
      properties: { parameters: { additionalProperties: { additionalProperties: unknown } } };
    };
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.parameters.additionalProperties.additionalProperties).toBe(false);
  });
  it.each(["yongzhou-2017", "yueyang-2023"])("is named by %s", (id) => {
    expect(JSON.parse(readFileSync(`rules/${id}.json`, "utf8")).$schema).toBe("./schema/pack.schema.json");
  });
});
