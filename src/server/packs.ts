/**
 * The packs a server serves: the bundled packs, and those of a folder
 * (`--packs DIR`), swapped whole on a reload. A reload that finds any broken
 * pack is refused and the previous set keeps serving: never a half-loaded state.
 *
 * @module
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { isPolicyError, PolicyError, type Issue } from "../core/errors.js";
import { findPack } from "../pack/find.js";
import { bundledPackIds, loadPack, type Pack } from "../pack/load.js";
import type { CalendarDate } from "../core/dates.js";

/** One served pack and where it came from. */
export interface ServedPack {
  readonly pack: Pack;
  /** `bundled`, or the file name in the packs folder. */
  readonly origin: "bundled" | { readonly file: string };
  /** What a worker thread needs to load it again: the bundled id, or the pack's JSON. */
  readonly source: string | object;
}

/** An immutable set of served packs. */
export class PackSet {
  private readonly byId: ReadonlyMap<string, ServedPack>;
  /** The packs, in id order. */
  readonly packs: readonly ServedPack[];
  /** When this set was loaded. */
  readonly loadedAt: string;

  constructor(packs: readonly ServedPack[]) {
    this.packs = [...packs].sort((a, b) => (a.pack.id < b.pack.id ? -1 : a.pack.id > b.pack.id ? 1 : 0));
    this.byId = new Map(this.packs.map((served) => [served.pack.id, served]));
    this.loadedAt = new Date().toISOString();
  }

  /** A pack by id, or undefined. */
  get(id: string): ServedPack | undefined {
    return this.byId.get(id);
  }

  /** The pack in force for a region and date, among the served packs. */
  inForce(regionCode: string, asOf: CalendarDate): Pack {
    return findPack(
      regionCode,
      asOf,
      this.packs.map((served) => served.pack),
    );
  }
}

/** A failed load: the file and its issues. */
export interface PackLoadFailure {
  readonly file: string;
  readonly issues: readonly Issue[];
}

/** The outcome of loading a folder. */
export type FolderLoad =
  | { readonly ok: true; readonly set: PackSet; readonly warnings: readonly string[] }
  | { readonly ok: false; readonly failures: readonly PackLoadFailure[] };

/** The bundled packs. */
export function bundledPacks(): ServedPack[] {
  return bundledPackIds().map((id) => ({ pack: loadPack(id), origin: "bundled" as const, source: id }));
}

/**
 * Loads the bundled packs and every `*.json` pack or overlay of `dir`. A
 * folder pack with a bundled pack's id replaces it (an edited copy; its
 * decisions carry its own hash). Any unreadable or invalid file, or two files
 * with one id, fail the whole load.
 */
export function loadPackFolder(dir: string | undefined): FolderLoad {
  const served = new Map(bundledPacks().map((entry) => [entry.pack.id, entry]));
  if (dir === undefined) return { ok: true, set: new PackSet([...served.values()]), warnings: [] };
  let names: string[];
  try {
    names = readdirSync(dir)
      .filter((name) => name.toLowerCase().endsWith(".json"))
      .sort();
  } catch (error) {
    return {
      ok: false,
      failures: [
        {
          file: dir,
          issues: [{ code: "io_error", path: "", message: `cannot read the packs folder ${dir}: ${(error as Error).message}` }],
        },
      ],
    };
  }
  const failures: PackLoadFailure[] = [];
  const warnings: string[] = [];
  const fromFolder = new Map<string, string>();
  for (const name of names) {
    const file = join(dir, name);
    const loaded = loadFile(file);
    if ("issues" in loaded) {
      failures.push({ file: name, issues: loaded.issues });
      continue;
    }
    const id = loaded.pack.id;
    const earlier = fromFolder.get(id);
    if (earlier !== undefined) {
      failures.push({
        file: name,
        issues: [
          {
            code: "invalid_pack",
            path: "/id",
            message: `${name} and ${earlier} both give the pack id ${JSON.stringify(id)}`,
            expected: "one file per pack id",
            found: JSON.stringify(id),
          },
        ],
      });
      continue;
    }
    fromFolder.set(id, name);
    const bundled = served.get(id);
    if (bundled && bundled.origin === "bundled" && bundled.pack.hash !== loaded.pack.hash) {
      warnings.push(
        `${name}: pack ${id} differs from the bundled pack of that id (its decisions carry hash ${loaded.pack.hash}, the bundled pack's is ${bundled.pack.hash})`,
      );
    }
    served.set(id, { pack: loaded.pack, origin: { file: name }, source: loaded.json });
  }
  if (failures.length > 0) return { ok: false, failures };
  return { ok: true, set: new PackSet([...served.values()]), warnings };
}

function loadFile(file: string): { pack: Pack; json: object } | { issues: readonly Issue[] } {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    return { issues: [{ code: "io_error", path: "", message: `cannot read ${file}: ${(error as Error).message}` }] };
  }
  let json: unknown;
  try {
    json = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    return {
      issues: [
        {
          code: "invalid_json",
          path: "",
          message: `${file} is not valid JSON: ${(error as Error).message}`,
          expected: "a pack or overlay as JSON",
        },
      ],
    };
  }
  try {
    return { pack: loadPack(json as object), json: json as object };
  } catch (error) {
    if (isPolicyError(error)) return { issues: error.issues };
    return { issues: [{ code: "internal_error", path: "", message: error instanceof Error ? error.message : String(error) }] };
  }
}

/** The served pack of an id, or a PolicyError `unknown_pack` naming the served ids. */
export function requirePack(set: PackSet, id: string): ServedPack {
  const served = set.get(id);
  if (served) return served;
  throw new PolicyError([
    {
      code: "unknown_pack",
      path: "",
      message: `no pack with the id ${JSON.stringify(id)} is served`,
      expected: `one of ${set.packs.map((entry) => entry.pack.id).join(", ")}`,
      found: JSON.stringify(id),
    },
  ]);
}
