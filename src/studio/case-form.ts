/**
 * A form generated from the case's JSON Schema: objects as fieldsets, closed
 * vocabularies as choices (a select, or check boxes for a list), dates as
 * date inputs, optional sections behind an "include" check box, lists with
 * add and remove buttons. Every control has a label and a path.
 *
 * @module
 */
import type { Lang } from "../core/messages.js";
import { h, type Child } from "./dom.js";
import { fieldLabel, t } from "./i18n.js";

/** The parts of JSON Schema the form reads. */
export interface FormSchema {
  readonly type?: string | readonly string[];
  readonly properties?: Readonly<Record<string, FormSchema>>;
  readonly required?: readonly string[];
  readonly items?: FormSchema;
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly oneOf?: readonly FormSchema[];
  readonly anyOf?: readonly FormSchema[];
  readonly format?: string;
  readonly description?: string;
  readonly minimum?: number;
  readonly maximum?: number;
}

type Path = readonly (string | number)[];
type Json = Record<string, unknown>;

/** What the form needs. */
export interface FormOptions {
  readonly schema: FormSchema;
  readonly value: unknown;
  readonly lang: Lang;
  /** The pack's package ids: the choices for a package id. */
  readonly packageIds: readonly string[];
  /** Called with the new case; `structural` when the form must be drawn again (a part added or removed). */
  readonly onChange: (value: unknown, structural: boolean) => void;
}

const idOf = (path: Path) => `case-${path.join("-")}`;
const pointer = (path: Path) => path.map((segment) => `/${segment}`).join("");

/** The value at a path. */
function getAt(value: unknown, path: Path): unknown {
  let current = value;
  for (const segment of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Json)[segment as string];
  }
  return current;
}

/** A copy of `root` with the value at `path` set (or removed when `undefined`). */
export function setAt(root: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  const base = root !== null && typeof root === "object" ? root : typeof head === "number" ? [] : {};
  const copy: Json | unknown[] = Array.isArray(base) ? [...base] : { ...(base as Json) };
  const child = setAt((base as Json)[head as string], rest, value);
  if (child === undefined) {
    if (Array.isArray(copy)) copy.splice(head as number, 1);
    else delete copy[head as string];
  } else (copy as Json)[head as string] = child;
  return copy;
}

function typeOf(schema: FormSchema): string | undefined {
  return Array.isArray(schema.type) ? (schema.type as string[])[0] : (schema.type as string | undefined);
}

/** A starting value for a part the analyst adds: required fields filled where a choice is obvious. */
function defaultFor(schema: FormSchema, today: string): unknown {
  const variants = schema.oneOf ?? schema.anyOf;
  if (variants?.[0]) return defaultFor(variants[0], today);
  if (schema.const !== undefined) return schema.const;
  if (schema.enum && schema.enum.length > 0) return schema.enum[0];
  switch (typeOf(schema)) {
    case "object": {
      const value: Json = {};
      for (const key of schema.required ?? []) value[key] = defaultFor(schema.properties?.[key] ?? {}, today);
      return value;
    }
    case "array":
      return [];
    case "boolean":
      return false;
    case "integer":
    case "number":
      return schema.minimum !== undefined && schema.minimum > 0 ? schema.minimum : 1;
    default:
      return schema.format === "date" ? today : "";
  }
}

class FormBuilder {
  /** The case as the form last changed it (the form is not drawn again for every keystroke). */
  private latest: unknown;

  constructor(private readonly options: FormOptions) {
    this.latest = options.value;
  }

  private get lang(): Lang {
    return this.options.lang;
  }

  private get value(): unknown {
    return this.options.value;
  }

  private change(path: Path, value: unknown, structural = false): void {
    this.latest = setAt(this.latest, path, value);
    this.options.onChange(this.latest, structural);
  }

  private today(): string {
    const asOf = getAt(this.latest, ["asOf"]);
    return typeof asOf === "string" ? asOf : new Date().toISOString().slice(0, 10);
  }

  private label(path: Path, schema: FormSchema, required: boolean): HTMLElement {
    const name = String(path[path.length - 1]);
    return h(
      "label",
      { for: idOf(path), title: schema.description ?? "" },
      fieldLabel(name, this.lang),
      required ? h("span", { class: "required", "aria-hidden": "true" }, " *") : null,
      this.lang === "zh" ? h("code", { class: "field-name" }, name) : null,
    );
  }

  field(path: Path, schema: FormSchema, required: boolean): Child {
    const variants = schema.oneOf ?? schema.anyOf;
    if (variants) return this.union(path, schema, variants, required);
    const type = typeOf(schema);
    if (type === "object") return this.object(path, schema, required);
    if (type === "array") return schema.items?.enum ? this.choices(path, schema, schema.items.enum) : this.list(path, schema);
    return h("div", { class: "field" }, this.label(path, schema, required), this.control(path, schema, required));
  }

  /** An input for one scalar value. */
  private control(path: Path, schema: FormSchema, required: boolean): HTMLElement {
    const id = idOf(path);
    const current = getAt(this.value, path);
    const described = schema.description ? { "aria-description": schema.description } : {};
    const name = path[path.length - 1];
    const choices = schema.enum ?? (name === "id" && path.includes("packages") ? this.options.packageIds : undefined);
    if (choices) {
      const select = h(
        "select",
        {
          id,
          "data-path": pointer(path),
          ...described,
          onchange: (event: Event) =>
            this.change(path, (event.target as HTMLSelectElement).value === "" ? undefined : (event.target as HTMLSelectElement).value),
        },
        required && current !== undefined ? null : h("option", { value: "" }, t("unset", this.lang)),
        choices.map((choice) => h("option", { value: String(choice), selected: current === choice }, String(choice))),
        current !== undefined && !choices.includes(current as never)
          ? h("option", { value: String(current), selected: true }, String(current))
          : null,
      );
      return select;
    }
    const type = typeOf(schema);
    if (type === "boolean") {
      return h(
        "select",
        {
          id,
          "data-path": pointer(path),
          ...described,
          onchange: (event: Event) => {
            const text = (event.target as HTMLSelectElement).value;
            this.change(path, text === "" ? undefined : text === "true");
          },
        },
        h("option", { value: "" }, t("unset", this.lang)),
        h("option", { value: "true", selected: current === true }, t("yes", this.lang)),
        h("option", { value: "false", selected: current === false }, t("no", this.lang)),
      );
    }
    if (type === "integer" || type === "number") {
      return h("input", {
        id,
        type: "number",
        "data-path": pointer(path),
        ...described,
        step: type === "integer" ? 1 : "any",
        ...(schema.minimum !== undefined ? { min: schema.minimum } : {}),
        ...(schema.maximum !== undefined ? { max: schema.maximum } : {}),
        value: typeof current === "number" ? current : "",
        oninput: (event: Event) => {
          const text = (event.target as HTMLInputElement).value;
          this.change(path, text === "" ? undefined : Number(text));
        },
      });
    }
    return h("input", {
      id,
      type: schema.format === "date" ? "date" : "text",
      "data-path": pointer(path),
      ...described,
      ...(required ? { "aria-required": "true" } : {}),
      value: typeof current === "string" ? current : current === undefined ? "" : JSON.stringify(current),
      oninput: (event: Event) => {
        const text = (event.target as HTMLInputElement).value;
        this.change(path, text === "" && !required ? undefined : text);
      },
    });
  }

  /** An optional part: an "include" check box, and the part's fields when included. */
  private optional(path: Path, schema: FormSchema, required: boolean, body: () => Child): Child {
    const current = getAt(this.value, path);
    const name = String(path[path.length - 1]);
    const legend = h(
      "legend",
      { title: schema.description ?? "" },
      fieldLabel(name, this.lang),
      this.lang === "zh" ? h("code", { class: "field-name" }, name) : null,
    );
    if (required) return h("fieldset", { class: "group", id: `${idOf(path)}-group` }, legend, body());
    const toggleId = `${idOf(path)}-include`;
    const toggle = h("input", {
      type: "checkbox",
      id: toggleId,
      checked: current !== undefined,
      onchange: (event: Event) =>
        this.change(path, (event.target as HTMLInputElement).checked ? defaultFor(schema, this.today()) : undefined, true),
    });
    return h(
      "fieldset",
      { class: `group${current === undefined ? " collapsed" : ""}`, id: `${idOf(path)}-group` },
      legend,
      h("div", { class: "include" }, toggle, h("label", { for: toggleId }, `${t("include", this.lang)} ${fieldLabel(name, this.lang)}`)),
      current === undefined ? null : body(),
    );
  }

  object(path: Path, schema: FormSchema, required: boolean): Child {
    const body = () =>
      Object.entries(schema.properties ?? {}).map(([key, child]) =>
        this.field([...path, key], child, (schema.required ?? []).includes(key)),
      );
    if (path.length === 0) return body();
    return this.optional(path, schema, required, body);
  }

  /** A choice between object shapes told apart by a constant field (pregnancy: pregnant or postpartum). */
  private union(path: Path, schema: FormSchema, variants: readonly FormSchema[], required: boolean): Child {
    const key = Object.keys(variants[0]?.properties ?? {}).find((name) =>
      variants.every((variant) => variant.properties?.[name]?.const !== undefined),
    );
    if (!key) return h("div", { class: "field" }, this.label(path, schema, required), this.control(path, { type: "string" }, required));
    const current = getAt(this.value, path) as Json | undefined;
    const chosen = variants.find((variant) => variant.properties?.[key]?.const === current?.[key]);
    const id = idOf([...path, key]);
    const name = String(path[path.length - 1]);
    return h(
      "fieldset",
      { class: "group", id: `${idOf(path)}-group` },
      h(
        "legend",
        { title: schema.description ?? "" },
        fieldLabel(name, this.lang),
        this.lang === "zh" ? h("code", { class: "field-name" }, name) : null,
      ),
      h(
        "div",
        { class: "field" },
        h("label", { for: id }, fieldLabel(key, this.lang)),
        h(
          "select",
          {
            id,
            "data-path": pointer([...path, key]),
            onchange: (event: Event) => {
              const text = (event.target as HTMLSelectElement).value;
              const variant = variants.find((item) => String(item.properties?.[key]?.const) === text);
              this.change(path, variant ? { ...(defaultFor(variant, this.today()) as Json) } : undefined, true);
            },
          },
          h("option", { value: "" }, t("unset", this.lang)),
          variants.map((variant) => {
            const value = String(variant.properties?.[key]?.const);
            return h("option", { value, selected: chosen === variant }, value);
          }),
        ),
      ),
      chosen
        ? Object.entries(chosen.properties ?? {})
            .filter(([name]) => name !== key)
            .map(([name, child]) => this.field([...path, name], child, (chosen.required ?? []).includes(name)))
        : null,
    );
  }

  /** A list from a closed vocabulary: one check box per choice. */
  private choices(path: Path, schema: FormSchema, options: readonly unknown[]): Child {
    const current = (getAt(this.value, path) as unknown[] | undefined) ?? [];
    const name = String(path[path.length - 1]);
    return h(
      "fieldset",
      { class: "group choices", id: `${idOf(path)}-group`, "data-path": pointer(path) },
      h(
        "legend",
        { title: schema.description ?? "" },
        fieldLabel(name, this.lang),
        this.lang === "zh" ? h("code", { class: "field-name" }, name) : null,
      ),
      options.map((option) => {
        const id = `${idOf(path)}-${String(option)}`;
        return h(
          "span",
          { class: "choice" },
          h("input", {
            type: "checkbox",
            id,
            value: String(option),
            checked: current.includes(option),
            onchange: (event: Event) => {
              const checked = (event.target as HTMLInputElement).checked;
              const now = (getAt(this.latest, path) as unknown[] | undefined) ?? [];
              const next = options.filter((item) => (item === option ? checked : now.includes(item)));
              this.change(path, next.length > 0 ? next : undefined);
            },
          }),
          h("label", { for: id }, String(option)),
        );
      }),
    );
  }

  /** A list of objects: each with its fields and a remove button, and an add button. */
  private list(path: Path, schema: FormSchema): Child {
    const items = (getAt(this.value, path) as unknown[] | undefined) ?? [];
    const name = String(path[path.length - 1]);
    const itemSchema = schema.items ?? {};
    return h(
      "fieldset",
      { class: "group list", id: `${idOf(path)}-group` },
      h(
        "legend",
        { title: schema.description ?? "" },
        fieldLabel(name, this.lang),
        this.lang === "zh" ? h("code", { class: "field-name" }, name) : null,
      ),
      items.map((_, index) =>
        h(
          "div",
          { class: "list-item" },
          typeOf(itemSchema) === "object"
            ? Object.entries(itemSchema.properties ?? {}).map(([key, child]) =>
                this.field([...path, index, key], child, (itemSchema.required ?? []).includes(key)),
              )
            : this.field([...path, index], itemSchema, true),
          h(
            "button",
            {
              type: "button",
              class: "remove",
              "aria-label": `${t("remove", this.lang)} ${fieldLabel(name, this.lang)} ${index + 1}`,
              onclick: () => this.change([...path, index], undefined, true),
            },
            t("remove", this.lang),
          ),
        ),
      ),
      h(
        "button",
        {
          type: "button",
          class: "add",
          id: `${idOf(path)}-add`,
          onclick: () =>
            this.change(path, [...((getAt(this.latest, path) as unknown[] | undefined) ?? []), defaultFor(itemSchema, this.today())], true),
        },
        `${t("add", this.lang)} ${fieldLabel(name, this.lang)}`,
      ),
    );
  }
}

/** The case form. */
export function renderCaseForm(options: FormOptions): HTMLElement {
  const builder = new FormBuilder(options);
  return h(
    "form",
    {
      class: "case-form",
      "data-testid": "case-form",
      "aria-label": t("caseForm", options.lang),
      onsubmit: (event: Event) => event.preventDefault(),
    },
    builder.object([], options.schema, true),
  );
}
