/**
 * Checks that go beyond the pack's structure: every citation names one of the
 * pack's documents, and a citation of a document with no seed text (a
 * `secondary` document, or a `national` one whose source is not a seed file)
 * is marked `"source": "secondary"` — only seed quotes are checked word for
 * word, so no other quote may pass for one; every parameter reference names a parameter of the right
 * type, every value fits its parameter's type, every condition tree is valid
 * and names only known facts and vocabulary, and ids are unique.
 *
 * @module
 */
import { checkCondition, forEachLeaf, isFactReference, MAX_CONDITION_DEPTH, type Condition, type FactShape } from "../engine/condition.js";
import { showValue, toPointer, type Issue } from "../core/errors.js";
import { compareDates } from "../core/dates.js";
import { isAmountString, isDecimalString } from "../core/money.js";
import { FACT_CATALOG, isFactName, PARAM_FACT_PREFIX, REFERRAL_ITEM_CATEGORIES } from "../model/facts.js";
import { ID_LISTS, packRules, RULE_LISTS, valueAt } from "./rules.js";
import { isSilent, type Parameter, type ParameterType, type PackData } from "./schema.js";

type Path = readonly PropertyKey[];

/** Keys that could reach an object's prototype; refused anywhere in a pack. */
export const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);

/**
 * Finds keys named `__proto__`, `constructor` or `prototype` anywhere in a JSON
 * value (JSON.parse keeps `__proto__` as an own key, so it is seen here).
 */
export function findForbiddenKeys(value: unknown, path: Path = [], found: Issue[] = [], depth = 0): Issue[] {
  if (depth > 64 || value === null || typeof value !== "object") return found;
  if (Array.isArray(value)) {
    value.forEach((item, index) => findForbiddenKeys(item, [...path, index], found, depth + 1));
    return found;
  }
  for (const key of Object.keys(value)) {
    if (FORBIDDEN_KEYS.has(key)) {
      found.push({
        code: "invalid_pack",
        path: toPointer([...path, key]),
        message: `the key ${JSON.stringify(key)} is not allowed: it could change object prototypes`,
        expected: "any other key",
      });
      continue;
    }
    findForbiddenKeys((value as Record<string, unknown>)[key], [...path, key], found, depth + 1);
  }
  return found;
}

/**
 * Whether a document has no seed text to check quotes against: a `secondary`
 * document, or a `national` one whose source is not a seed file.
 */
export function hasNoSeedText(doc: { readonly kind?: string; readonly source?: string | undefined }): boolean {
  return doc.kind === "secondary" || (doc.kind === "national" && !/(^|\s|\()seeds\//.test(doc.source ?? ""));
}

/** Whether a parameter value fits the parameter's type. */
export function valueFitsType(type: ParameterType, value: unknown): boolean {
  if (value === null) return type !== "boolean" && type !== "codes" && type !== "code";
  switch (type) {
    case "money":
      return isAmountString(value);
    case "rate":
      return isDecimalString(value) && Number(value) <= 1;
    case "integer":
      return typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
    case "boolean":
      return typeof value === "boolean";
    case "code":
      return typeof value === "string" && value.length > 0;
    case "codes":
      return Array.isArray(value) && value.every((item) => typeof item === "string" && item.length > 0);
  }
}

const TYPE_WORDS: Record<ParameterType, string> = {
  money: 'an amount string with at most two decimals ("35.50"), or null',
  rate: 'a decimal string between 0 and 1 ("0.25"), or null',
  integer: "a whole number ≥ 0, or null",
  boolean: "true or false",
  code: "a non-empty string",
  codes: "a list of non-empty strings",
};

/** The shape a parameter has when a condition reads it as a fact. */
export function parameterShape(parameter: Parameter): FactShape {
  const nullable = parameter.values.some((dated) => dated.value === null);
  switch (parameter.type) {
    case "integer":
      return { type: "number", nullable };
    case "boolean":
      return { type: "boolean", nullable };
    case "codes":
      return { type: "string[]", nullable };
    default:
      return { type: "string", nullable };
  }
}

class PackChecker {
  readonly issues: Issue[] = [];
  private readonly documents: Set<string>;
  /** Documents with no seed text: their quotes cannot be checked word for word. */
  private readonly unseeded: Set<string>;

  constructor(private readonly pack: PackData) {
    this.documents = new Set(pack.documents.map((doc) => doc.id));
    this.unseeded = new Set(pack.documents.filter((doc) => hasNoSeedText(doc)).map((doc) => doc.id));
  }

  private add(path: Path, message: string, expected?: string, found?: unknown, code: Issue["code"] = "invalid_pack"): void {
    const issue: { -readonly [K in keyof Issue]: Issue[K] } = { code, path: toPointer(path), message };
    if (expected !== undefined) issue.expected = expected;
    if (found !== undefined) issue.found = showValue(found);
    this.issues.push(issue);
  }

  run(): Issue[] {
    this.checkCites(this.pack, []);
    this.checkParameters();
    this.checkPeriod();
    this.checkRuleIds();
    this.checkConditions();
    this.checkReferences();
    this.checkVocabulary();
    return this.issues;
  }

  /** Checks every citation in a value against the pack's documents. */
  checkCitesOf(value: unknown): void {
    this.checkCites(value, []);
  }

  private checkCites(value: unknown, path: Path): void {
    if (value === null || typeof value !== "object") return;
    if (Array.isArray(value)) {
      value.forEach((item, index) => this.checkCites(item, [...path, index]));
      return;
    }
    for (const [key, child] of Object.entries(value)) {
      if (key === "when") continue;
      if (key === "cite" && child && typeof child === "object" && "doc" in child) {
        const doc = (child as { doc: unknown }).doc;
        if (typeof doc === "string" && !this.documents.has(doc)) {
          this.add(
            [...path, key, "doc"],
            `the citation names ${JSON.stringify(doc)}, which is not one of the pack's documents`,
            `one of ${[...this.documents].map((d) => JSON.stringify(d)).join(", ")}`,
            doc,
          );
        } else if (typeof doc === "string" && this.unseeded.has(doc) && (child as { source?: unknown }).source !== "secondary") {
          this.add(
            [...path, key, "source"],
            `the citation names ${JSON.stringify(doc)}, which has no seed text: its quote cannot be checked word for word`,
            '"source": "secondary" and a note saying where the reading comes from',
            (child as { source?: unknown }).source,
          );
        }
        continue;
      }
      this.checkCites(child, [...path, key]);
    }
  }

  private checkParameters(): void {
    for (const [id, parameter] of Object.entries(this.pack.parameters)) {
      for (const bound of ["minimum", "maximum"] as const) {
        const value = parameter[bound];
        const numeric =
          parameter.type === "integer"
            ? typeof value === "number"
            : parameter.type === "money" || parameter.type === "rate"
              ? isDecimalString(value)
              : false;
        if (value !== undefined && !numeric) {
          this.add(
            ["parameters", id, bound],
            `the ${bound} of ${id} does not fit its type ${parameter.type}`,
            parameter.type === "integer" ? "a number" : 'a decimal string such as "0.25" (money and rate parameters only)',
            value,
            "parameter_type",
          );
        }
      }
      parameter.values.forEach((dated, index) => {
        const at = ["parameters", id, "values", index];
        if (!valueFitsType(parameter.type, dated.value)) {
          this.add(
            [...at, "value"],
            `the value of ${id} does not fit its type ${parameter.type}`,
            TYPE_WORDS[parameter.type],
            dated.value,
            "parameter_type",
          );
        }
        if (dated.to !== undefined && compareDates(dated.from, dated.to) >= 0) {
          this.add(
            [...at, "to"],
            `the value of ${id} ends (${dated.to}) before it starts (${dated.from})`,
            `a date after ${dated.from}`,
            dated.to,
            "date_order",
          );
        }
      });
    }
  }

  private checkPeriod(): void {
    const { from, to } = this.pack.effective;
    if (to !== undefined && compareDates(from, to) >= 0) {
      this.add(["effective", "to"], `the pack ends (${to}) before it starts (${from})`, `a date after ${from}`, to, "date_order");
    }
  }

  private checkRuleIds(): void {
    // Every list of the area table whose items carry ids (a silent section has none).
    const lists = ID_LISTS.flatMap((path): [string, readonly { id: string }[]][] => {
      const list = valueAt(this.pack, path);
      return Array.isArray(list) ? [[path.join("/"), list as { id: string }[]]] : [];
    });
    for (const [where, list] of lists) {
      const seen = new Set<string>();
      list.forEach((item, index) => {
        if (seen.has(item.id))
          this.add([...where.split("/"), index, "id"], `the id ${JSON.stringify(item.id)} is used twice`, "a unique id", item.id);
        seen.add(item.id);
      });
    }
  }

  /** Every condition tree in the pack, with its path. */
  conditions(): [Path, Condition][] {
    return packConditions(this.pack);
  }

  private describeFact = (name: string): FactShape | undefined => {
    if (name.startsWith(PARAM_FACT_PREFIX)) {
      const id = name.slice(PARAM_FACT_PREFIX.length);
      const parameter = Object.prototype.hasOwnProperty.call(this.pack.parameters, id) ? this.pack.parameters[id] : undefined;
      return parameter ? parameterShape(parameter) : undefined;
    }
    return isFactName(name) ? FACT_CATALOG[name] : undefined;
  };

  private checkConditions(): void {
    for (const [path, condition] of this.conditions()) {
      this.issues.push(...checkCondition(condition, path, { describeFact: this.describeFact, maxDepth: MAX_CONDITION_DEPTH }));
    }
  }

  private reference(path: Path, ref: { param: string }, expected: readonly ParameterType[]): Parameter | undefined {
    const parameter = Object.prototype.hasOwnProperty.call(this.pack.parameters, ref.param) ? this.pack.parameters[ref.param] : undefined;
    if (!parameter) {
      this.add(
        [...path, "param"],
        `no parameter ${JSON.stringify(ref.param)} is defined`,
        "the id of a parameter of this pack",
        ref.param,
        "unknown_parameter",
      );
      return undefined;
    }
    if (!expected.includes(parameter.type)) {
      this.add(
        [...path, "param"],
        `parameter ${ref.param} is of type ${parameter.type}`,
        `a parameter of type ${expected.join(" or ")}`,
        ref.param,
        "parameter_type",
      );
    }
    return parameter;
  }

  /** A contract term of 0 years (or fewer) would make every contract's period empty or negative. */
  private checkTermYears(id: string, parameter: Parameter): void {
    parameter.values.forEach((dated, index) => {
      if (typeof dated.value === "number" && dated.value < 1) {
        this.add(
          ["parameters", id, "values", index, "value"],
          `the contract term ${id} must be at least one year: ${dated.value} makes every contract's period empty`,
          "a whole number of years ≥ 1",
          dated.value,
          "too_small",
        );
      }
    });
  }

  private checkReferences(): void {
    const pack = this.pack;
    const term = this.reference(["contract", "term", "years"], pack.contract.term.years, ["integer"]);
    if (term) this.checkTermYears(pack.contract.term.years.param, term);
    if (!isSilent(pack.contract.team)) {
      pack.contract.team.required.forEach((need, index) =>
        this.reference(["contract", "team", "required", index, "min"], need.min, ["integer"]),
      );
    }
    pack.packages.forEach((item, index) => {
      if ("param" in item.price) this.reference(["packages", index, "price"], item.price, ["money"]);
      item.shares.forEach((share, shareIndex) => {
        if (share.amount) this.reference(["packages", index, "shares", shareIndex, "amount"], share.amount, ["money"]);
      });
      if ("sumOfShares" in item.price && item.shares.some((share) => share.weight !== undefined)) {
        this.add(
          ["packages", index, "shares"],
          "a package priced as the sum of its shares cannot have weighted shares",
          "fixed amounts only",
        );
      }
    });
    if (!isSilent(pack.staffPool)) {
      this.reference(["staffPool", "rate"], pack.staffPool.rate, ["rate"]);
      this.reference(["staffPool", "packages"], pack.staffPool.packages, ["codes"]);
    }
    pack.prescription.limits.forEach((limit, index) =>
      this.reference(["prescription", "limits", index, "maxSupplyDays"], limit.maxSupplyDays, ["integer"]),
    );
    if (!isSilent(pack.registrationFee)) {
      pack.registrationFee.rules.forEach((rule, index) => {
        const at = ["registrationFee", "rules", index, "waiver"];
        if ("rate" in rule.waiver) this.reference([...at, "rate"], rule.waiver.rate, ["rate"]);
        else this.reference([...at, "amount"], rule.waiver.amount, ["money"]);
      });
    }
    pack.coverageTargets?.forEach((target, index) => this.reference(["coverageTargets", index, "rate"], target.rate, ["rate"]));
    if (!isSilent(pack.referralDiscount)) {
      this.reference(["referralDiscount", "rate"], pack.referralDiscount.rate, ["rate"]);
      this.reference(["referralDiscount", "categories"], pack.referralDiscount.categories, ["codes"]);
    }
  }

  /** Strings compared with a closed-vocabulary fact, and code lists, must be in the vocabulary. */
  private checkVocabulary(): void {
    const checkValues = (path: Path, values: unknown, vocabulary: readonly string[], what: string) => {
      const list = Array.isArray(values) ? values : [values];
      list.forEach((item, index) => {
        if (typeof item === "string" && !vocabulary.includes(item)) {
          this.add(
            Array.isArray(values) ? [...path, index] : path,
            `${JSON.stringify(item)} is not a known ${what}`,
            `one of ${vocabulary.join(", ")}`,
            item,
            "invalid_value",
          );
        }
      });
    };
    const parameterValues = (id: string, vocabulary: readonly string[], what: string) => {
      const parameter = Object.prototype.hasOwnProperty.call(this.pack.parameters, id) ? this.pack.parameters[id] : undefined;
      parameter?.values.forEach((dated, index) => checkValues(["parameters", id, "values", index, "value"], dated.value, vocabulary, what));
    };
    for (const [path, condition] of this.conditions()) {
      if (this.issues.some((issue) => issue.path.startsWith(toPointer(path)))) continue;
      forEachLeaf(condition, (leaf) => {
        const spec = isFactName(leaf.fact) ? (FACT_CATALOG[leaf.fact] as { values?: readonly string[] }) : undefined;
        if (!spec?.values) return;
        if (isFactReference(leaf.value)) {
          if (leaf.value.fact.startsWith(PARAM_FACT_PREFIX))
            parameterValues(leaf.value.fact.slice(PARAM_FACT_PREFIX.length), spec.values, `value of ${leaf.fact}`);
        } else {
          checkValues([...path], leaf.value, spec.values, `value of ${leaf.fact}`);
        }
      });
    }
    const pack = this.pack;
    const packageIds = pack.packages.map((item) => item.id);
    if (!isSilent(pack.staffPool)) parameterValues(pack.staffPool.packages.param, packageIds, "package id");
    if (!isSilent(pack.referralDiscount))
      parameterValues(pack.referralDiscount.categories.param, REFERRAL_ITEM_CATEGORIES, "referral item category");
  }
}

/** Every condition tree in a pack, with its path, in document order. */
export function packConditions(pack: PackData): [Path, Condition][] {
  return packRules(pack).map((rule) => [rule.path, rule.condition]);
}

/**
 * Checks a pack whose structure is invalid as far as it can: citations and
 * condition trees, read straight from the JSON. Used so that one run reports
 * every problem, not only the structural ones.
 */
export function lenientChecks(json: unknown): Issue[] {
  if (json === null || typeof json !== "object" || Array.isArray(json)) return [];
  const issues: Issue[] = [];
  const documents = valueAt(json, ["documents"]);
  if (Array.isArray(documents)) {
    const ids = documents
      .map((doc) => (doc && typeof doc === "object" ? (doc as { id?: unknown }).id : undefined))
      .filter((id): id is string => typeof id === "string");
    const checker = new PackChecker({ documents: ids.map((id) => ({ id })) } as unknown as PackData);
    checker.checkCitesOf(json);
    issues.push(...checker.issues);
  }
  const parameters = valueAt(json, ["parameters"]);
  const describeFact = (name: string): FactShape | undefined => {
    if (name.startsWith(PARAM_FACT_PREFIX)) {
      const parameter =
        parameters && typeof parameters === "object"
          ? (parameters as Record<string, unknown>)[name.slice(PARAM_FACT_PREFIX.length)]
          : undefined;
      if (
        !parameter ||
        typeof parameter !== "object" ||
        !Object.prototype.hasOwnProperty.call(parameters, name.slice(PARAM_FACT_PREFIX.length))
      )
        return undefined;
      const values = (parameter as { values?: unknown }).values;
      return parameterShape({
        type: (parameter as { type: ParameterType }).type,
        values: Array.isArray(values) ? values : [],
      } as Parameter);
    }
    return isFactName(name) ? FACT_CATALOG[name] : undefined;
  };
  const trees: [Path, unknown][] = [];
  for (const { path, single } of RULE_LISTS) {
    if (single) {
      const when = valueAt(json, [...path, "when"]);
      if (when !== undefined) trees.push([[...path, "when"], when]);
      continue;
    }
    const list = valueAt(json, path);
    if (Array.isArray(list)) list.forEach((rule, index) => trees.push([[...path, index, "when"], valueAt(rule, ["when"])]));
  }
  for (const [path, tree] of trees) {
    if (tree !== undefined) issues.push(...checkCondition(tree, path, { describeFact, maxDepth: MAX_CONDITION_DEPTH }));
  }
  return issues;
}

/**
 * Checks the references and values of a structurally valid pack. Returns the
 * issues found (none when the pack is valid).
 */
export function checkPack(pack: PackData): Issue[] {
  return new PackChecker(pack).run();
}
