/** Case builders for tests: a valid minimal case, deep-merged with overrides. */
import { loadPack, type Pack } from "../../src/index.js";

export const yueyang = (): Pack => loadPack("yueyang-2023");
export const yongzhou = (): Pack => loadPack("yongzhou-2017");

type Json = Record<string, unknown>;

function merge(base: Json, patch: Json): Json {
  const out: Json = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    const current = out[key];
    out[key] =
      value && typeof value === "object" && !Array.isArray(value) && current && typeof current === "object" && !Array.isArray(current)
        ? merge(current as Json, value as Json)
        : value;
  }
  return out;
}

/** A Yongzhou resident (region 431102), deep-merged with `patch`. */
export function yzCase(patch: Json = {}): Json {
  return merge({ asOf: "2023-06-01", resident: { id: "R1", birthDate: "1980-01-15", regionCode: "431102" } }, patch);
}

/** A Yueyang resident (region 430602), deep-merged with `patch`. */
export function yyCase(patch: Json = {}): Json {
  return merge({ asOf: "2023-06-01", resident: { id: "R1", birthDate: "1980-01-15", regionCode: "430602" } }, patch);
}

/** A contract signed on `signDate` with the basic package. */
export function contract(signDate = "2023-01-10", extra: Json = {}): Json {
  return { contract: { teamId: "T1", signDate, packages: [{ id: "basic" }], ...extra } };
}

/** Deep-merges several patches. */
export function patch(...parts: Json[]): Json {
  return parts.reduce((acc, part) => merge(acc, part), {});
}

/** A copy of a bundled pack's JSON with `edit` applied, loaded. */
export function editedPack(id: string, edit: (json: Json) => void): Pack {
  const json = structuredClone(loadPack(id).data) as unknown as Json;
  edit(json);
  return loadPack(json);
}

/** Yueyang with the basic package's price and resident share changed on 2024-01-01: 40.00 and 8.00 before, 42.00 and 10.00 from then. */
export function priceChangePack(): Pack {
  return editedPack("yueyang-2023", (json) => {
    const parameters = json.parameters as Record<string, { values: unknown[] }>;
    parameters["basicPackage.price"]!.values = [
      { from: "2022-01-01", to: "2024-01-01", value: "40.00" },
      { from: "2024-01-01", value: "42.00" },
    ];
    parameters["basicPackage.residentShare"]!.values = [
      { from: "2022-01-01", to: "2024-01-01", value: "8.00" },
      { from: "2024-01-01", value: "10.00" },
    ];
  });
}
