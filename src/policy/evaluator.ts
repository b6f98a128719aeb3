/**
 * The evaluator: a pack compiled once, then applied to cases.
 *
 * Evaluation runs in two stages. The eligibility rules are decided first; the
 * `eligible` and `signed` facts are set from them; then every other rule is
 * decided. The policy modules then build the decision's sections from the rule
 * outcomes, the parameters in force and the case. The compiled path and the
 * reference path (json-rules-engine) differ only in how rule outcomes are
 * found.
 *
 * @module
 */
import { termOfYears, type CalendarDate } from "../core/dates.js";
import { periodPosition } from "../core/periods.js";
import { codegenMayBeReported } from "../core/codegen.js";
import { compileConditions, type CompiledCondition, type CompileOptions } from "../engine/compile.js";
import { createReferenceRunner, type ReferenceRunner } from "../engine/reference.js";
import { PolicyError, type Issue } from "../core/errors.js";
import type { Case } from "../model/case.js";
import type { Decision, TraceEntry } from "../model/decision.js";
import { FACT_CATALOG, isFactName, PARAM_FACT_PREFIX, type Facts } from "../model/facts.js";
import { parseCase } from "../model/parse.js";
import type { Pack } from "../pack/load.js";
import { packRules, type RuleEntry, type RuleGroup } from "../pack/rules.js";
import { paramsOn, type ParamsAtDate, type PolicyContext, type RuleOutcomes } from "./context.js";
import { FreshTracer, type TraceDetail, type Tracer } from "./tracer.js";
import { Memo, WeakMemo } from "../core/memo.js";
import { termYears } from "./contract.js";
import { deriveFacts } from "./facts.js";
import { caseWarnings } from "./warnings.js";
import { AREA_DECISIONS, SECTION_WARNING_ORDER } from "./areas.js";
import { POLICY_AREAS } from "../model/areas.js";

const PARAMS_CACHE_LIMIT = 4096;

/** A pack compiled for fast, synchronous evaluation. */
export interface CompiledPack {
  /** The pack. */
  readonly pack: Pack;
  /** The pack's rules in evaluation order. */
  readonly rules: readonly RuleEntry[];
  /** The generated source of the compiled conditions, for inspection. */
  readonly source: string;
  /** The compiled condition of each rule, in the order of `rules` (for benchmarks and inspection). */
  readonly compiledRules: readonly CompiledCondition[];
  /** How the conditions run: generated code, or closures where code generation is refused, with `codegen: false`, or by default in a browser page or worker. */
  readonly mode: "generated" | "closures";
  /**
   * Evaluates one case.
   *
   * @throws PolicyError when the case is invalid, its date is outside the
   *   pack's period, or the pack leaves a needed value unset.
   */
  evaluate(input: unknown, options?: EvaluateOptions): Decision;
  /** Evaluates one case with the rule outcomes found by json-rules-engine. */
  evaluateReference(input: unknown, options?: EvaluateOptions): Promise<Decision>;
  /**
   * Validates a case and decides every rule, without building the decision:
   * what the single-area functions start from.
   */
  contextFor(input: unknown, options?: EvaluateOptions): PreparedCase;
  /** Builds the decision of a prepared case: `evaluate` is `decide(contextFor(input))`. */
  decide(prepared: PreparedCase): Decision;
}

/** A validated case with every rule decided, ready to become a decision. */
export interface PreparedCase {
  readonly context: PolicyContext;
  readonly warnings: readonly Issue[];
}

/** Options of an evaluation. */
export interface EvaluateOptions {
  /**
   * `full` (default): every trace entry and benefit carries the quoted source
   * sentence and the rule's note. `compact`: rule ids and clause ids only, for
   * population-scale runs.
   */
  readonly trace?: TraceDetail;
  /**
   * Builds the trace entries and benefits instead of the evaluator's own
   * tracer (which builds fresh ones at the `trace` detail): a population run
   * brings one that reuses them. Its `detail` then rules over `trace`.
   */
  readonly tracer?: Tracer;
}

/** A validated case, its warnings, and what the pack in force on its date gives. */
interface Prepared {
  readonly context: Omit<PolicyContext, "outcomes">;
  readonly warnings: readonly Issue[];
}

class Evaluator implements CompiledPack {
  readonly rules: readonly RuleEntry[];
  readonly source: string;
  readonly compiledRules: readonly CompiledCondition[];
  private readonly run: readonly CompiledCondition[];
  private readonly eligibilityCount: number;
  /** The index of each group's first rule in `rules` (a plain record: read for every rule outcome). */
  private readonly offsets: Readonly<Partial<Record<RuleGroup, number>>>;
  private readonly paramIds: readonly string[];
  private readonly paramsCache = new Memo<CalendarDate, ParamsAtDate>(PARAMS_CACHE_LIMIT);
  private readonly fullTracer: Tracer;
  private readonly compactTracer: Tracer;
  private references: [ReferenceRunner, ReferenceRunner] | undefined;

  readonly mode: "generated" | "closures";

  constructor(
    readonly pack: Pack,
    options: CompileOptions = {},
  ) {
    this.rules = packRules(pack.data);
    this.fullTracer = new FreshTracer(pack, "full");
    this.compactTracer = new FreshTracer(pack, "compact");
    this.eligibilityCount = this.rules.filter((rule) => rule.group === "eligibility").length;
    const offsets: Partial<Record<RuleGroup, number>> = {};
    this.rules.forEach((rule, index) => {
      offsets[rule.group] ??= index;
    });
    this.offsets = Object.freeze(offsets);
    this.paramIds = Object.keys(pack.data.parameters);
    const slots = new Map(this.paramIds.map((id, index) => [PARAM_FACT_PREFIX + id, index]));
    const compiled = compileConditions(
      this.rules.map((rule) => rule.condition),
      { fact: (name) => (isFactName(name) ? FACT_CATALOG[name] : undefined), paramSlot: (name) => slots.get(name) },
      options,
    );
    this.mode = compiled.mode;
    // Frozen: callers see these lists (and their entries) but cannot change what later decisions run.
    this.rules = Object.freeze(this.rules.map((rule) => Object.freeze(rule)));
    this.run = Object.freeze(compiled.run.map((condition) => Object.freeze(condition)));
    this.compiledRules = this.run;
    this.source = compiled.source;
  }

  private paramsAt(asOf: CalendarDate): ParamsAtDate {
    return this.paramsCache.getOr(asOf, (date) => paramsOn(this.pack, date));
  }

  private checkPeriod(kase: Case): void {
    const { from, to } = this.pack.data.effective;
    const position = periodPosition(kase.asOf, this.pack.data.effective);
    const before = position === "before";
    if (position !== "within") {
      throw new PolicyError([
        {
          code: "out_of_period",
          path: "/asOf",
          message: before
            ? `${kase.asOf} is before ${this.pack.id} came into force on ${from}`
            : `${kase.asOf} is on or after ${to}, when ${this.pack.id} ceased to be in force`,
          expected: `a date from ${from}${to ? ` up to (not including) ${to}` : " on"}`,
          found: kase.asOf,
        },
      ]);
    }
  }

  private checkPackages(kase: Case): void {
    const issues: Issue[] = [];
    const packages = this.pack.data.packages;
    kase.contract?.packages?.forEach((selection, index) => {
      const item = packages.find((candidate) => candidate.id === selection.id);
      const at = `/contract/packages/${index}`;
      if (!item) {
        issues.push({
          code: "unknown_package",
          path: `${at}/id`,
          message: `${this.pack.id} has no package ${JSON.stringify(selection.id)}`,
          expected: `one of ${packages.map((candidate) => candidate.id).join(", ")}`,
          found: JSON.stringify(selection.id),
        });
      } else if ("itemSum" in item.price && selection.items === undefined) {
        issues.push({
          code: "missing_field",
          path: `${at}/items`,
          message: `package ${item.id} is priced by its items: list them`,
          expected: "a list of items",
        });
      } else if (!("itemSum" in item.price) && selection.items !== undefined) {
        issues.push({
          code: "invalid_value",
          path: `${at}/items`,
          message: `package ${item.id} has a fixed price and takes no items`,
          expected: "no items",
        });
      }
    });
    if (issues.length > 0) throw new PolicyError(issues as [Issue, ...Issue[]]);
  }

  private prepare(input: unknown, options: EvaluateOptions): Prepared {
    const { case: kase, warnings } = parseCase(input);
    this.checkPeriod(kase);
    this.checkPackages(kase);
    const params = this.paramsAt(kase.asOf);
    const years = termYears({ pack: this.pack, params });
    const contractTerm = kase.contract && termOfYears(kase.contract.signDate, years);
    const facts = deriveFacts(kase, { regionCodePrefix: this.pack.data.region.codePrefix, termYears: years, contractTerm });
    const found = caseWarnings(kase, contractTerm, years);
    const all = found.length === 0 ? warnings : [...warnings, ...found];
    const tracer = options.tracer ?? (options.trace === "compact" ? this.compactTracer : this.fullTracer);
    return { context: { pack: this.pack, case: kase, params, facts, contractTerm, tracer }, warnings: all };
  }

  private outcomesOf(results: readonly boolean[]): RuleOutcomes {
    return {
      all: results,
      holds: (group, index) => {
        const offset = this.offsets[group];
        return offset !== undefined && results[offset + index] === true;
      },
    };
  }

  /** Sets the facts that depend on eligibility once its rules are decided. */
  private settleEligibility(facts: Facts, eligible: boolean): void {
    facts.eligible = eligible;
    facts.signed = eligible && facts.contractInForce;
  }

  contextFor(input: unknown, options: EvaluateOptions = {}): PreparedCase {
    const { context, warnings } = this.prepare(input, options);
    const { facts, params } = context;
    const run = this.run;
    const results = new Array<boolean>(run.length);
    let eligible = true;
    for (let index = 0; index < this.eligibilityCount; index++) {
      const holds = (run[index] as (typeof run)[number])(facts, params.slots);
      results[index] = holds;
      eligible &&= holds;
    }
    this.settleEligibility(facts, eligible);
    for (let index = this.eligibilityCount; index < run.length; index++)
      results[index] = (run[index] as (typeof run)[number])(facts, params.slots);
    const { pack, case: kase, contractTerm, tracer } = context;
    return { context: { pack, case: kase, params, facts, contractTerm, tracer, outcomes: this.outcomesOf(results) }, warnings };
  }

  decide(prepared: PreparedCase): Decision {
    return assemble(prepared.context, prepared.warnings);
  }

  evaluate(input: unknown, options: EvaluateOptions = {}): Decision {
    return this.decide(this.contextFor(input, options));
  }

  async evaluateReference(input: unknown, options: EvaluateOptions = {}): Promise<Decision> {
    const { context, warnings } = this.prepare(input, options);
    const { facts, params } = context;
    this.references ??= [
      createReferenceRunner(this.rules.slice(0, this.eligibilityCount).map((rule) => rule.condition)),
      createReferenceRunner(this.rules.slice(this.eligibilityCount).map((rule) => rule.condition)),
    ];
    const paramFacts = Object.fromEntries(this.paramIds.map((id) => [PARAM_FACT_PREFIX + id, params.value(id)]));
    const eligibility = await this.references[0].run({ ...facts, ...paramFacts });
    this.settleEligibility(facts, eligibility.every(Boolean));
    const rest = await this.references[1].run({ ...facts, ...paramFacts });
    return assemble({ ...context, outcomes: this.outcomesOf([...eligibility, ...rest]) }, warnings);
  }
}

/** Builds the decision from the rule outcomes: each area of `POLICY_AREAS` in turn. */
function assemble(context: PolicyContext, warnings: readonly Issue[]): Decision {
  const decision: Record<string, unknown> = {
    pack: context.pack.id,
    packVersion: context.pack.version,
    packHash: context.pack.hash,
    asOf: context.case.asOf,
    residentId: context.case.resident.id,
  };
  const trace: TraceEntry[] = [];
  let sectionWarnings: Issue[] | undefined;
  for (const area of POLICY_AREAS) {
    const part = AREA_DECISIONS[area.id](context);
    if (part === undefined) continue;
    if (part.value !== undefined) decision[area.field] = part.value;
    for (const entry of part.trace) trace.push(entry);
    if (part.warnings && part.warnings.length > 0) {
      sectionWarnings ??= [];
      for (const warning of part.warnings) sectionWarnings.push(warning);
    }
  }
  const all = warnings.slice();
  if (sectionWarnings) {
    sectionWarnings.sort((a, b) => SECTION_WARNING_ORDER.indexOf(a.code) - SECTION_WARNING_ORDER.indexOf(b.code));
    for (const warning of sectionWarnings) all.push(warning);
  }
  decision.warnings = all;
  decision.trace = trace;
  return decision as unknown as Decision;
}

const compiledPacks = new WeakMemo<Pack, CompiledPack>();
const closurePacks = new WeakMemo<Pack, CompiledPack>();

/**
 * Compiles a pack once: every condition tree becomes generated code (or
 * closures with the same results: with `{ codegen: false }`, where the
 * runtime refuses `new Function`, and by default in a browser page or worker,
 * whose Content-Security-Policy would report each refused attempt; `{ codegen:
 * true }` tries there too), and parameter values are resolved once per
 * decision date. The result is
 * cached per pack object and mode and shared by every `evaluate(pack, …)` in
 * the process, so it is frozen: its lists and their entries cannot be changed
 * or replaced, and the evaluator behind its methods is private.
 *
 * @example
 * const compiled = compilePack(loadPack("yueyang-2023"));
 * compiled.evaluate({ asOf: "2023-06-01", resident: { id: "R1", birthDate: "1950-03-02", regionCode: "430602" } }).priorityGroups;
 * //=> ["elderly"]
 * compilePack(loadPack("yueyang-2023"), { codegen: false }).mode; //=> "closures"
 */
export function compilePack(pack: Pack, options: CompileOptions = {}): CompiledPack {
  const codegen = options.codegen ?? !codegenMayBeReported();
  return (codegen ? compiledPacks : closurePacks).getOr(pack, () => frontOf(new Evaluator(pack, { ...options, codegen })));
}

/**
 * What callers get of an evaluator: a frozen object whose lists are frozen
 * and whose methods call the evaluator, which stays private. The compiled
 * pack is cached per pack and shared by every `evaluate(pack, …)` in the
 * process, so nothing a caller can reach may change a later decision.
 */
function frontOf(evaluator: Evaluator): CompiledPack {
  return Object.freeze({
    pack: evaluator.pack,
    rules: evaluator.rules,
    source: evaluator.source,
    compiledRules: evaluator.compiledRules,
    mode: evaluator.mode,
    evaluate: (input: unknown, options?: EvaluateOptions) => evaluator.evaluate(input, options),
    evaluateReference: (input: unknown, options?: EvaluateOptions) => evaluator.evaluateReference(input, options),
    contextFor: (input: unknown, options?: EvaluateOptions) => evaluator.contextFor(input, options),
    decide: (prepared: PreparedCase) => evaluator.decide(prepared),
  });
}
