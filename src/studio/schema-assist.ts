/**
 * JSON Schema help in the editor: completion of keys and closed values, and
 * hover descriptions, read from the pack's (or the case's) JSON Schema. Small
 * on purpose: it walks the JSON syntax tree to the JSON path under the cursor
 * and the schema to that path.
 *
 * @module
 */
import { syntaxTree } from "@codemirror/language";
import type { Completion, CompletionContext, CompletionResult } from "@codemirror/autocomplete";
import type { EditorView } from "@codemirror/view";
import { hoverTooltip, type Tooltip } from "@codemirror/view";
import type { EditorState } from "@codemirror/state";
import type { SyntaxNode } from "@lezer/common";

/** A JSON Schema, loosely typed. */
export type Schema = Readonly<Record<string, unknown>>;

type Segment = string | number;

/**
 * Inserts a completion, taking in the closing quote the editor may already
 * have typed after the cursor.
 */
function insert(text: string) {
  return (view: EditorView, _completion: Completion, from: number, to: number) => {
    const closing = view.state.sliceDoc(to, to + 1) === '"' && /"(: )?$/.test(text) ? 1 : 0;
    view.dispatch({ changes: { from, to: to + closing, insert: text }, selection: { anchor: from + text.length } });
  };
}

/** The JSON path of a node: the keys and indexes of its ancestors. */
function pathOf(state: EditorState, node: SyntaxNode | null): Segment[] {
  const path: Segment[] = [];
  let current = node;
  while (current) {
    const parent: SyntaxNode | null = current.parent;
    if (current.name === "Property") {
      const name = current.getChild("PropertyName");
      if (name) path.unshift(keyText(state, name));
    } else if (parent?.name === "Array" && current.name !== "[" && current.name !== "]" && current.name !== ",") {
      let index = 0;
      for (let sibling = current.prevSibling; sibling; sibling = sibling.prevSibling) if (!["[", ",", "⚠"].includes(sibling.name)) index++;
      path.unshift(index);
    }
    current = parent;
  }
  return path;
}

function keyText(state: EditorState, node: SyntaxNode): string {
  const text = state.sliceDoc(node.from, node.to);
  try {
    return JSON.parse(text) as string;
  } catch {
    return text.replace(/^"|"$/g, "");
  }
}

function resolveRef(root: Schema, schema: Schema): Schema {
  let current = schema;
  for (let depth = 0; typeof current.$ref === "string" && depth < 20; depth++) {
    const ref = current.$ref as string;
    if (!ref.startsWith("#/")) break;
    let target: unknown = root;
    for (const part of ref.slice(2).split("/"))
      target = (target as Record<string, unknown> | undefined)?.[part.replace(/~1/g, "/").replace(/~0/g, "~")];
    if (!target || typeof target !== "object") break;
    current = { ...(target as Schema), ...Object.fromEntries(Object.entries(current).filter(([key]) => key !== "$ref")) };
  }
  return current;
}

/** Every schema that may describe the value at a path (unions give several). */
export function schemasAt(root: Schema, path: readonly Segment[]): Schema[] {
  let current: Schema[] = expand(root, root);
  for (const segment of path) {
    const next: Schema[] = [];
    for (const schema of current) {
      if (typeof segment === "number") {
        if (schema.items && typeof schema.items === "object") next.push(...expand(root, schema.items as Schema));
      } else {
        const properties = schema.properties as Record<string, Schema> | undefined;
        if (properties?.[segment]) next.push(...expand(root, properties[segment]));
        else if (schema.additionalProperties && typeof schema.additionalProperties === "object")
          next.push(...expand(root, schema.additionalProperties as Schema));
        else if (schema.propertyNames || schema.patternProperties) {
          for (const child of Object.values((schema.patternProperties as Record<string, Schema> | undefined) ?? {}))
            next.push(...expand(root, child));
        }
      }
    }
    current = next;
    if (current.length === 0) break;
  }
  return current;
}

function expand(root: Schema, schema: Schema, depth = 0): Schema[] {
  const resolved = resolveRef(root, schema);
  const variants = [
    ...((resolved.anyOf as Schema[] | undefined) ?? []),
    ...((resolved.oneOf as Schema[] | undefined) ?? []),
    ...((resolved.allOf as Schema[] | undefined) ?? []),
  ];
  if (variants.length === 0 || depth > 8) return [resolved];
  const own = Object.fromEntries(Object.entries(resolved).filter(([key]) => !["anyOf", "oneOf", "allOf"].includes(key)));
  return [own, ...variants.flatMap((variant) => expand(root, variant, depth + 1))];
}

function describe(schema: Schema): string {
  const type = Array.isArray(schema.type) ? (schema.type as string[]).join(" | ") : (schema.type as string | undefined);
  const values = schema.enum ? ` — ${(schema.enum as unknown[]).map((value) => JSON.stringify(value)).join(", ")}` : "";
  return `${type ?? ""}${values}`;
}

/** Completion of keys (with their descriptions) and of closed values (enum, const, booleans). */
export function schemaCompletion(schema: () => Schema) {
  return (context: CompletionContext): CompletionResult | null => {
    const tree = syntaxTree(context.state);
    const node = tree.resolveInner(context.pos, -1);
    const word = context.matchBefore(/"?[\w.:@$-]*"?$/);
    const root = schema();
    // A key: inside a PropertyName, or where an object expects one.
    const inKey = node.name === "PropertyName" || ((node.name === "Object" || node.parent?.name === "Object") && !isAfterColon(context));
    if (inKey) {
      const objectNode = node.name === "PropertyName" ? (node.parent?.parent ?? null) : node.name === "Object" ? node : node.parent;
      const path = pathOf(context.state, objectNode);
      const present = new Set<string>();
      objectNode?.getChildren("Property").forEach((property) => {
        const name = property.getChild("PropertyName");
        if (name && name.from !== node.from) present.add(keyText(context.state, name));
      });
      const options = new Map<string, Completion>();
      for (const candidate of schemasAt(root, path)) {
        const properties = (candidate.properties as Record<string, Schema> | undefined) ?? {};
        for (const [key, child] of Object.entries(properties)) {
          if (present.has(key) || options.has(key)) continue;
          const resolved = resolveRef(root, child);
          options.set(key, {
            label: `"${key}"`,
            displayLabel: key,
            type: "property",
            detail: describe(resolved),
            apply: insert(`"${key}": `),
            ...(typeof resolved.description === "string" ? { info: resolved.description } : {}),
          });
        }
      }
      if (options.size === 0) return null;
      return { from: word ? word.from : context.pos, options: [...options.values()], validFor: /^"?[\w.:@$-]*"?$/ };
    }
    if (!isAfterColon(context) && node.parent?.name !== "Array" && node.name !== "Array") return null;
    const valueNode =
      node.name === "Property" ? node : node.parent?.name === "Property" ? node.parent : node.name === "Array" ? node : node.parent;
    const path = pathOf(context.state, valueNode);
    if (node.name === "Array" || node.parent?.name === "Array") path.push(0);
    const values = new Set<string>();
    for (const candidate of schemasAt(root, path)) {
      for (const value of (candidate.enum as unknown[] | undefined) ?? []) values.add(JSON.stringify(value));
      if (candidate.const !== undefined) values.add(JSON.stringify(candidate.const));
      if (candidate.type === "boolean") ["true", "false"].forEach((value) => values.add(value));
    }
    if (values.size === 0) return null;
    return {
      from: word && !context.state.sliceDoc(word.from, word.to).includes(":") ? word.from : context.pos,
      options: [...values].map((value) => ({ label: value, type: "enum", apply: insert(value) })),
    };
  };
}

function isAfterColon(context: CompletionContext): boolean {
  const line = context.state.doc.lineAt(context.pos);
  const before = context.state.sliceDoc(line.from, context.pos);
  return /:\s*"?[\w.:@$-]*$/.test(before) && !/[,{]\s*"?[\w.:@$-]*$/.test(before.slice(before.lastIndexOf(":")));
}

/** Hover over a key: the schema's description of that field, its type and closed values. */
export function schemaHover(schema: () => Schema) {
  return hoverTooltip((view, pos): Tooltip | null => {
    const node = syntaxTree(view.state).resolveInner(pos, 1);
    const keyNode = node.name === "PropertyName" ? node : null;
    if (!keyNode) return null;
    const path = pathOf(view.state, keyNode.parent);
    const candidates = schemasAt(schema(), path);
    const withText = candidates.find((candidate) => typeof candidate.description === "string") ?? candidates[0];
    if (!withText) return null;
    return {
      pos: keyNode.from,
      end: keyNode.to,
      above: true,
      create: () => {
        const dom = document.createElement("div");
        dom.className = "schema-hover";
        const title = document.createElement("strong");
        title.textContent = path.join(".");
        const type = document.createElement("div");
        type.className = "meta";
        type.textContent = candidates.map(describe).filter(Boolean).join(" | ");
        const text = document.createElement("p");
        text.textContent = typeof withText.description === "string" ? withText.description : "";
        dom.append(title, type, text);
        return { dom };
      },
    };
  });
}
