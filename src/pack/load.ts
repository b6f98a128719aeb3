/**
 * Loading a rule pack: a bundled pack by id, or a pack object (parsed JSON),
 * checked in full and frozen. Loading never changes its input.
 *
 * @module
 */
import { PolicyError, tooDeep, type Issue } from "../core/errors.js";
import { deepFreeze } from "../core/frozen.js";
import { fromZodIssues } from "../model/issues.js";
import { BUNDLED_PACK_IDS, BUNDLED_PACK_JSON } from "./bundled.js";
import { checkPack, findForbiddenKeys, lenientChecks } from "./check.js";
import { hashOf } from "./hash.js";
import { applyOverlay, originOf, OverlaySchema, type Origins } from "./overlay.js";
import { PackSchema, type PackData } from "./schema.js";
import { Memo } from "../core/memo.js";

/** A loaded, checked, frozen rule pack. */
export interface Pack {
  /** The pack id, such as `yueyang-2023`. */
  readonly id: string;
  /** The pack version. */
  readonly version: string;
  /** `sha256:` + hex of the canonical JSON of the resolved pack (without `$schema`). */
  readonly hash: string;
  /** The pack's content (resolved, for an overlay), frozen. */
  readonly data: PackData;
  /**
   * The id of the pack a value came from: `param:<id>` for a parameter,
   * `<trace section>/<rule id>` for a rule. The pack's own id unless it is an
   * overlay that left the value to the pack it extends.
   */
  origin(key: string): string;
}

/**
 * Checks a pack object and returns the issues found: structure (with unknown
 * keys as errors), references, values and condition trees. An empty list
 * means the pack is valid.
 *
 * @example
 * validatePack(JSON.parse(fs.readFileSync("rules/yueyang-2023.json", "utf8"))); //=> []
 */
export function validatePack(json: unknown): Issue[] {
  const deep = tooDeep(json);
  if (deep) return [deep];
  if (json !== null && typeof json === "object" && isOverlay(json)) {
    try {
      loadOverlay(json);
      return [];
    } catch (error) {
      if (error instanceof PolicyError) return [...error.issues];
      throw error;
    }
  }
  const forbidden = findForbiddenKeys(json);
  if (forbidden.length > 0) return forbidden;
  const parsed = PackSchema.safeParse(json, { reportInput: true });
  if (!parsed.success) {
    const structural = fromZodIssues(parsed.error.issues);
    const seen = new Set(structural.map((issue) => `${issue.path} ${issue.code}`));
    return [...structural, ...lenientChecks(json).filter((issue) => !seen.has(`${issue.path} ${issue.code}`))];
  }
  const identity = identityIssue(parsed.data.id, parsed.data.region.codePrefix, undefined);
  return identity ? [identity, ...checkPack(parsed.data)] : checkPack(parsed.data);
}

function parsePack(json: unknown): PackData {
  const deep = tooDeep(json);
  if (deep) throw new PolicyError([deep]);
  const forbidden = findForbiddenKeys(json);
  if (forbidden.length > 0) throw new PolicyError(forbidden as [Issue, ...Issue[]]);
  const parsed = PackSchema.safeParse(json, { reportInput: true });
  if (!parsed.success) throw new PolicyError(fromZodIssues(parsed.error.issues) as [Issue, ...Issue[]]);
  const issues = checkPack(parsed.data);
  if (issues.length > 0) throw new PolicyError(issues as [Issue, ...Issue[]]);
  return parsed.data;
}

/** Builds a frozen {@link Pack} from checked data. */
export function packFromData(data: PackData, origins: Origins = { byKey: new Map(), fallback: data.id }): Pack {
  const { $schema: _schema, ...content } = data;
  void _schema;
  const frozen = deepFreeze(structuredClone(data));
  return Object.freeze({
    id: data.id,
    version: data.version,
    hash: hashOf(content),
    data: frozen,
    origin: (key: string) => originOf(origins, key),
  });
}

/**
 * Pack identity: a pack from a file may keep the id of the bundled pack it
 * is a copy of (an edited copy; its decisions carry its own hash), but never
 * take the id of a *different* bundled pack — an overlay whose id is a
 * bundled pack other than the one it extends, or a pack with a bundled id
 * whose region is not that pack's region.
 */
function identityIssue(id: string, region: string | undefined, extendsId: string | undefined): Issue | undefined {
  if (!BUNDLED_PACK_IDS.includes(id)) return undefined;
  const bundledRegion = (BUNDLED_PACK_JSON[id] as { region?: { codePrefix?: string } } | undefined)?.region?.codePrefix;
  const other =
    extendsId !== undefined
      ? extendsId !== id
        ? extendsId
        : undefined
      : region !== bundledRegion
        ? `a pack for region ${region}`
        : undefined;
  if (other === undefined) return undefined;
  return {
    code: "invalid_value",
    path: "/id",
    message: `${JSON.stringify(id)} is the id of a different bundled pack; ${other} cannot take it`,
    expected:
      extendsId !== undefined
        ? `a new id, or ${JSON.stringify(extendsId)} for an edited copy of it`
        : `a new id, or ${JSON.stringify(id)} only for a copy of that pack (region ${bundledRegion})`,
    found: JSON.stringify(id),
  };
}

function isOverlay(json: object): boolean {
  return Object.prototype.hasOwnProperty.call(json, "extends");
}

function loadOverlay(json: object): Pack {
  const deep = tooDeep(json);
  if (deep) throw new PolicyError([deep]);
  const forbidden = findForbiddenKeys(json);
  if (forbidden.length > 0) throw new PolicyError(forbidden as [Issue, ...Issue[]]);
  const parsed = OverlaySchema.safeParse(json, { reportInput: true });
  if (!parsed.success) throw new PolicyError(fromZodIssues(parsed.error.issues) as [Issue, ...Issue[]]);
  if (!BUNDLED_PACK_IDS.includes(parsed.data.extends)) {
    throw new PolicyError([
      {
        code: "unknown_pack",
        path: "/extends",
        message: `an overlay can extend a bundled pack; ${JSON.stringify(parsed.data.extends)} is not one`,
        expected: `one of ${BUNDLED_PACK_IDS.join(", ")}`,
        found: JSON.stringify(parsed.data.extends),
      },
    ]);
  }
  const identity = identityIssue(parsed.data.id, undefined, parsed.data.extends);
  if (identity) throw new PolicyError([identity]);
  const base = loadPack(parsed.data.extends);
  const baseOrigins: Origins = { byKey: new Map(), fallback: base.id };
  const { data, origins } = applyOverlay(base.data, baseOrigins, parsed.data);
  return packFromData(parsePack(data), origins);
}

/** Bundled packs, each loaded once (few: no limit is reached). */
const bundledCache = new Memo<string, Pack>();

/**
 * Loads a rule pack: a bundled pack by its id, or a pack object (parsed JSON).
 * The pack is checked in full; the input is never changed.
 *
 * @throws PolicyError `unknown_pack` for an id that is not bundled, or the
 *   pack's issues (each with its JSON Pointer path) when it is invalid; an
 *   `invalid_value` at `/id` for a pack object that takes the id of a
 *   different bundled pack (an edited copy may keep its own bundled id: it
 *   loads with its own hash).
 * @example
 * const pack = loadPack("yueyang-2023");
 * pack.version; //=> "1.0.0"
 */
export function loadPack(idOrJson: string | object): Pack {
  if (typeof idOrJson === "string") {
    const cached = bundledCache.get(idOrJson);
    if (cached) return cached;
    if (!Object.prototype.hasOwnProperty.call(BUNDLED_PACK_JSON, idOrJson)) {
      throw new PolicyError([
        {
          code: "unknown_pack",
          path: "",
          message: `no bundled pack has the id ${JSON.stringify(idOrJson)}`,
          expected: `one of ${BUNDLED_PACK_IDS.join(", ")}, or a pack object`,
          found: JSON.stringify(idOrJson),
        },
      ]);
    }
    return bundledCache.set(idOrJson, packFromData(parsePack(BUNDLED_PACK_JSON[idOrJson])));
  }
  if (idOrJson === null || typeof idOrJson !== "object" || Array.isArray(idOrJson)) {
    throw new PolicyError([{ code: "invalid_pack", path: "", message: "a pack must be a JSON object", expected: "a pack object" }]);
  }
  if (isOverlay(idOrJson)) return loadOverlay(idOrJson);
  const data = parsePack(idOrJson);
  const identity = identityIssue(data.id, data.region.codePrefix, undefined);
  if (identity) throw new PolicyError([identity]);
  return packFromData(data);
}

/** The ids of the packs that ship with the library. */
export function bundledPackIds(): readonly string[] {
  return BUNDLED_PACK_IDS;
}
