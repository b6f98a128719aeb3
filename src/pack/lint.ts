/**
 * Static checks of a valid pack that go beyond validity: what an analyst most
 * likely did not mean.
 *
 * @module
 */
import { compareDates } from "../core/dates.js";
import { inPeriod, periodAt } from "../core/periods.js";
import { factsRead, isFactReference, isLeaf, type Condition } from "../engine/condition.js";
import { toPointer } from "../core/errors.js";
import { PARAM_FACT_PREFIX } from "../model/facts.js";
import { Decimal, sum } from "../core/money.js";
import { packRules } from "./rules.js";
import type { PackData, Parameter } from "./schema.js";

/** How serious a finding is: errors fail `fdr lint`, warnings do not. */
export type Severity = "error" | "warning";

/** The kinds of lint finding. */
export type LintCode =
  | "unused-parameter"
  | "shares-not-price"
  | "below-minimum"
  | "above-maximum"
  | "never-true"
  | "always-true"
  | "dated-gap"
  | "dated-overlap"
  | "empty-period"
  | "interpretation-without-note";

/** One lint finding. */
export interface LintFinding {
  readonly code: LintCode;
  readonly severity: Severity;
  /** JSON Pointer into the pack. */
  readonly path: string;
  readonly message: string;
}

type Path = readonly PropertyKey[];

/** Every parameter reference `{ "param": id }` in a value, with its path. */
function paramRefs(value: unknown, path: Path = [], found: [Path, string][] = []): [Path, string][] {
  if (value === null || typeof value !== "object") return found;
  if (Array.isArray(value)) value.forEach((item, index) => paramRefs(item, [...path, index], found));
  else {
    const record = value as Record<string, unknown>;
    if (typeof record.param === "string" && Object.keys(record).length === 1) found.push([path, record.param]);
    for (const [key, child] of Object.entries(record)) if (key !== "parameters") paramRefs(child, [...path, key], found);
  }
  return found;
}

class Linter {
  readonly findings: LintFinding[] = [];
  constructor(private readonly pack: PackData) {}

  private add(code: LintCode, severity: Severity, path: Path, message: string): void {
    this.findings.push({ code, severity, path: toPointer(path), message });
  }

  run(): LintFinding[] {
    this.unusedParameters();
    this.datedValues();
    this.contractTerm();
    this.bounds();
    this.shares();
    this.conditions();
    this.interpretations(this.pack, []);
    return this.findings;
  }

  /** A contract term below one year makes every contract's period empty or negative. */
  private contractTerm(): void {
    const id = this.pack.contract?.term?.years?.param;
    const parameter =
      id !== undefined && Object.prototype.hasOwnProperty.call(this.pack.parameters, id) ? this.pack.parameters[id] : undefined;
    parameter?.values.forEach((dated, index) => {
      if (typeof dated.value === "number" && dated.value < 1) {
        this.add(
          "empty-period",
          "error",
          ["parameters", id as string, "values", index, "value"],
          `the contract term ${id} is ${dated.value} year(s): every contract's period would be empty`,
        );
      }
    });
  }

  private unusedParameters(): void {
    const used = new Set(paramRefs(this.pack).map(([, id]) => id));
    for (const rule of packRules(this.pack)) {
      for (const fact of factsRead(rule.condition)) if (fact.startsWith(PARAM_FACT_PREFIX)) used.add(fact.slice(PARAM_FACT_PREFIX.length));
    }
    for (const id of Object.keys(this.pack.parameters)) {
      if (!used.has(id))
        this.add("unused-parameter", "warning", ["parameters", id], `parameter ${id} is defined but no rule or section uses it`);
    }
  }

  /** Dated values must cover the pack's period without gap or overlap. */
  private datedValues(): void {
    const { from: periodFrom, to: periodTo } = this.pack.effective;
    for (const [id, parameter] of Object.entries(this.pack.parameters)) {
      const values = [...parameter.values].sort((a, b) => compareDates(a.from, b.from));
      const at = ["parameters", id, "values"];
      if (values[0] && compareDates(values[0].from, periodFrom) > 0) {
        this.add("dated-gap", "error", at, `${id} has no value from ${periodFrom} (the pack's start) until ${values[0].from}`);
      }
      values.forEach((value, index) => {
        const next = values[index + 1];
        if (!next) {
          if (value.to !== undefined && (periodTo === undefined || compareDates(value.to, periodTo) < 0)) {
            this.add("dated-gap", "error", at, `${id} has no value from ${value.to} until the end of the pack's period`);
          }
          return;
        }
        if (value.to === undefined || compareDates(value.to, next.from) > 0) {
          this.add("dated-overlap", "error", at, `${id}: the value from ${value.from} overlaps the value from ${next.from}`);
        } else if (compareDates(value.to, next.from) < 0) {
          this.add("dated-gap", "error", at, `${id} has no value from ${value.to} until ${next.from}`);
        }
      });
    }
  }

  private bounds(): void {
    for (const [id, parameter] of Object.entries(this.pack.parameters)) {
      parameter.values.forEach((dated, index) => {
        if (dated.value === null || (typeof dated.value !== "string" && typeof dated.value !== "number")) return;
        const value = new Decimal(dated.value);
        const at = ["parameters", id, "values", index, "value"];
        if (parameter.minimum !== undefined && value.lessThan(parameter.minimum)) {
          this.add(
            "below-minimum",
            "error",
            at,
            `${id} is ${dated.value}, below the ${parameter.minimum} the document allows (${parameter.cite.clause})`,
          );
        }
        if (parameter.maximum !== undefined && value.greaterThan(parameter.maximum)) {
          this.add(
            "above-maximum",
            "error",
            at,
            `${id} is ${dated.value}, above the ${parameter.maximum} the document allows (${parameter.cite.clause})`,
          );
        }
      });
    }
  }

  /** The dates on which any parameter value changes, inside the pack's period. */
  private changeDates(): string[] {
    const dates = new Set([this.pack.effective.from]);
    for (const parameter of Object.values(this.pack.parameters)) {
      for (const dated of parameter.values) {
        if (compareDates(dated.from, this.pack.effective.from) > 0) dates.add(dated.from);
        if (dated.to !== undefined) dates.add(dated.to);
      }
    }
    return [...dates].filter((date) => inPeriod(date, this.pack.effective)).sort();
  }

  private valueOn(parameter: Parameter | undefined, date: string): unknown {
    return parameter ? periodAt(parameter.values, date)?.value : undefined;
  }

  /** Fixed payer shares must sum to a fixed price on every date, unless weighted shares take the rest. */
  private shares(): void {
    const dates = this.changeDates();
    this.pack.packages.forEach((item, index) => {
      if (!("param" in item.price) || item.shares.some((share) => share.weight !== undefined)) return;
      const priceParam = item.price.param;
      for (const date of dates) {
        const price = this.valueOn(this.pack.parameters[priceParam], date);
        const amounts = item.shares.map((share) =>
          share.amount ? this.valueOn(this.pack.parameters[share.amount.param], date) : undefined,
        );
        if (typeof price !== "string" || amounts.some((amount) => typeof amount !== "string")) continue;
        const total = sum((amounts as string[]).map((amount) => new Decimal(amount)));
        if (!total.equals(price)) {
          this.add(
            "shares-not-price",
            "error",
            ["packages", index, "shares"],
            `on ${date} the shares of package ${item.id} sum to ${total.toFixed(2)}, not its price ${new Decimal(price).toFixed(2)}`,
          );
          return;
        }
      }
    });
  }

  private conditions(): void {
    for (const rule of packRules(this.pack)) this.condition(rule.condition, rule.path);
  }

  /** A numeric literal or a parameter's value on the pack's first day. */
  private number(value: unknown): number | undefined {
    if (typeof value === "number") return value;
    if (value && typeof value === "object" && isFactReference(value as never)) {
      const name = (value as { fact: string }).fact;
      if (name.startsWith(PARAM_FACT_PREFIX)) {
        const found = this.valueOn(this.pack.parameters[name.slice(PARAM_FACT_PREFIX.length)], this.pack.effective.from);
        return typeof found === "number" ? found : undefined;
      }
    }
    return undefined;
  }

  private condition(condition: Condition, path: Path): void {
    if (isLeaf(condition)) return;
    const record = condition as unknown as Record<string, unknown>;
    if (Array.isArray(record.all)) {
      const children = record.all as Condition[];
      children.forEach((child, index) => this.condition(child, [...path, "all", index]));
      this.contradictions(children, path);
    } else if (Array.isArray(record.any)) {
      const children = record.any as Condition[];
      children.forEach((child, index) => this.condition(child, [...path, "any", index]));
      this.tautologies(children, path);
    } else if (record.not) {
      this.condition(record.not as Condition, [...path, "not"]);
    }
  }

  /** In an `all`: numeric bounds on one fact that no number meets, or two different required values. */
  private contradictions(children: readonly Condition[], path: Path): void {
    const low = new Map<string, number>();
    const high = new Map<string, number>();
    const equals = new Map<string, unknown>();
    for (const child of children) {
      if (!isLeaf(child)) continue;
      const bound = this.number(child.value);
      if (child.operator === "equal" && !isFactReference(child.value)) {
        if (equals.has(child.fact) && equals.get(child.fact) !== child.value) {
          this.add(
            "never-true",
            "error",
            path,
            `${child.fact} cannot equal both ${JSON.stringify(equals.get(child.fact))} and ${JSON.stringify(child.value)}`,
          );
        }
        equals.set(child.fact, child.value);
      }
      if (bound === undefined) continue;
      if (child.operator === "greaterThanInclusive" || child.operator === "greaterThan") {
        const value = child.operator === "greaterThan" ? bound + Number.EPSILON : bound;
        low.set(child.fact, Math.max(low.get(child.fact) ?? -Infinity, value));
      }
      if (child.operator === "lessThanInclusive" || child.operator === "lessThan") {
        const value = child.operator === "lessThan" ? bound - Number.EPSILON : bound;
        high.set(child.fact, Math.min(high.get(child.fact) ?? Infinity, value));
      }
    }
    for (const [fact, lower] of low) {
      const upper = high.get(fact);
      if (upper !== undefined && lower > upper)
        this.add("never-true", "error", path, `${fact} cannot be at least ${lower} and at most ${upper}: the condition can never hold`);
    }
  }

  /** In an `any`: a fact equal to a value or not equal to it always holds. */
  private tautologies(children: readonly Condition[], path: Path): void {
    const leaves = children.filter(isLeaf);
    for (const leaf of leaves) {
      if (leaf.operator !== "equal" || isFactReference(leaf.value)) continue;
      if (leaves.some((other) => other.fact === leaf.fact && other.operator === "notEqual" && other.value === leaf.value)) {
        this.add(
          "always-true",
          "warning",
          path,
          `${leaf.fact} equals ${JSON.stringify(leaf.value)} or does not: the condition always holds`,
        );
      }
    }
  }

  private interpretations(value: unknown, path: Path): void {
    if (value === null || typeof value !== "object") return;
    if (Array.isArray(value)) {
      value.forEach((item, index) => this.interpretations(item, [...path, index]));
      return;
    }
    const record = value as Record<string, unknown>;
    if (record.interpretation === true && !record.note) {
      this.add(
        "interpretation-without-note",
        "error",
        [...path, "interpretation"],
        "an interpretation needs a note saying what reading was taken",
      );
    }
    for (const [key, child] of Object.entries(record)) if (key !== "when") this.interpretations(child, [...path, key]);
  }
}

/**
 * Lints a valid pack. Returns findings with a code, a severity and a JSON
 * Pointer; errors mean the pack is almost surely wrong, warnings that it may be.
 *
 * @example
 * lintPack(loadPack("yueyang-2023").data); //=> []
 */
export function lintPack(pack: PackData): LintFinding[] {
  return new Linter(pack).run();
}
