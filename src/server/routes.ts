/**
 * The JSON routes of `fdr serve`: one case, packs, parameters, validate, lint.
 *
 * @module
 */
import { evaluate } from "../policy/api.js";
import { processLine } from "../batch/batch.js";
import { isCalendarDate } from "../core/dates.js";
import { isPolicyError, type Issue } from "../core/errors.js";
import { explain } from "../analysis/explain.js";
import type { Lang } from "../core/messages.js";
import type { Decision } from "../model/decision.js";
import { parseCase } from "../model/parse.js";
import { lintPack } from "../pack/lint.js";
import { loadPack, validatePack, type Pack } from "../pack/load.js";
import { valueIndexAt } from "../pack/params.js";
import { toBatchRecord } from "../batch/record.js";
import { sharingTracer } from "../batch/shared.js";
import { httpError, localIssues } from "./http.js";
import { sharedJson } from "./json.js";
import { requirePack, type PackSet, type ServedPack } from "./packs.js";

/** The pack a case is decided under: the one asked for, or the one in force for its region and date. */
export function packForCase(set: PackSet, packId: string | null, input: unknown): Pack {
  if (packId !== null) return requirePack(set, packId).pack;
  const { case: kase } = parseCase(input);
  return set.inForce(kase.resident.regionCode, kase.asOf);
}

/** What `/v1/evaluate` asks for besides the case. */
export interface EvaluateQuery {
  readonly trace: "full" | "compact";
  readonly explain: "zh" | "en" | "both" | undefined;
}

/** Reads `trace` and `explain` from the query, or a 400. */
export function evaluateQuery(params: URLSearchParams): EvaluateQuery {
  const trace = params.get("trace") ?? "full";
  if (trace !== "full" && trace !== "compact")
    throw httpError(400, "invalid_value", "trace takes full or compact", {
      path: "?trace",
      expected: "full or compact",
      found: JSON.stringify(trace),
    });
  const asked = params.get("explain");
  if (asked !== null && asked !== "zh" && asked !== "en" && asked !== "both")
    throw httpError(400, "invalid_value", "explain takes zh, en or both", {
      path: "?explain",
      expected: "zh, en or both",
      found: JSON.stringify(asked),
    });
  return { trace, explain: asked ?? undefined };
}

/** Evaluates a case; the JSON text to send, and the decision for the log. */
export function evaluateCase(pack: Pack, input: unknown, query: EvaluateQuery): { text: string; decision: Decision } {
  // Shared trace entries: their JSON text is written once (the decision is the same, read-only).
  const decision = evaluate(pack, input, { tracer: sharingTracer(pack, "full") });
  const shown = query.trace === "compact" ? toBatchRecord(decision) : decision;
  if (!query.explain) return { text: sharedJson(shown), decision };
  const languages: Lang[] = query.explain === "both" ? ["zh", "en"] : [query.explain];
  return {
    text: sharedJson({
      decision: shown,
      explanation: Object.fromEntries(languages.map((lang) => [lang, explain(decision, pack, { lang })])),
    }),
    decision,
  };
}

/**
 * A batch record for one case named by `?pack=` with the compact trace: the
 * template path of `fdr batch` (the same bytes as its record for this case),
 * or the case's issues.
 */
export function compactRecord(pack: Pack, text: string): { text: string } | { issues: readonly Issue[] } {
  const line = processLine(pack, { line: 1, text }, { trace: "compact", format: "ndjson" });
  if (!line.startsWith('{"line":')) return { text: line };
  return { issues: (JSON.parse(line) as { errors: Issue[] }).errors };
}

/** A served pack, as listed. */
export function packSummary(served: ServedPack): Record<string, unknown> {
  const { pack } = served;
  const data = pack.data;
  return {
    id: pack.id,
    version: pack.version,
    hash: pack.hash,
    title: data.title,
    region: { codePrefix: data.region.codePrefix, name: data.region.name },
    effective: { from: data.effective.from, ...(data.effective.to !== undefined ? { to: data.effective.to } : {}) },
    ...(data.extends !== undefined ? { extends: data.extends } : {}),
    origin: served.origin === "bundled" ? "bundled" : served.origin.file,
  };
}

/** A served pack with its documents. */
export function packDetail(served: ServedPack, set: PackSet): Record<string, unknown> {
  return {
    ...packSummary(served),
    documents: served.pack.data.documents,
    parameters: Object.keys(served.pack.data.parameters).length,
    loadedAt: set.loadedAt,
  };
}

/** Each parameter's value on a date, with its citation. */
export function packParameters(served: ServedPack, asOfParam: string | null): Record<string, unknown> {
  const asOf = asOfParam ?? new Date().toISOString().slice(0, 10);
  if (!isCalendarDate(asOf))
    throw httpError(400, "invalid_date", `asOf ${JSON.stringify(asOf)} is not a calendar date`, {
      path: "?asOf",
      expected: "a date YYYY-MM-DD",
      found: JSON.stringify(asOf),
    });
  const { pack } = served;
  const parameters = Object.entries(pack.data.parameters).map(([id, parameter]) => {
    const index = valueIndexAt(parameter, asOf);
    const dated = index >= 0 ? parameter.values[index] : undefined;
    const cite = dated?.cite ?? parameter.cite;
    return {
      id,
      label: parameter.label,
      type: parameter.type,
      unit: parameter.unit,
      inForce: dated !== undefined,
      ...(dated !== undefined ? { value: dated.value, from: dated.from, ...(dated.to !== undefined ? { to: dated.to } : {}) } : {}),
      cite: { doc: cite.doc, clause: cite.clause, quote: cite.quote },
      origin: pack.origin(`param:${id}`),
    };
  });
  return { pack: pack.id, packVersion: pack.version, packHash: pack.hash, asOf, parameters };
}

/** `/v1/validate`: whether a pack is valid, with every issue. */
export function validateBody(json: unknown, lang: Lang): Record<string, unknown> {
  const issues = validatePack(json);
  if (issues.length > 0) return { valid: false, issues: localIssues(issues, lang) };
  const pack = loadPack(json as object);
  return { valid: true, id: pack.id, hash: pack.hash, issues: [] };
}

/** `/v1/lint`: validation issues as errors, else the lint findings. */
export function lintBody(json: unknown, lang: Lang): Record<string, unknown> {
  const issues = validatePack(json);
  let findings: Record<string, unknown>[];
  if (issues.length > 0) findings = localIssues(issues, lang).map((issue) => ({ ...issue, severity: "error" }));
  else {
    try {
      findings = lintPack(loadPack(json as object).data).map((finding) => ({
        code: finding.code,
        severity: finding.severity,
        path: finding.path,
        message: finding.message,
      }));
    } catch (error) {
      if (!isPolicyError(error)) throw error;
      findings = localIssues(error.issues, lang).map((issue) => ({ ...issue, severity: "error" }));
    }
  }
  const errors = findings.filter((finding) => finding.severity === "error").length;
  return { errors, warnings: findings.length - errors, findings };
}
