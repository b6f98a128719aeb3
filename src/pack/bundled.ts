/**
 * The packs that ship with the library, bundled into the build so that
 * `loadPack("yueyang-2023")` needs no file system.
 *
 * @module
 */
import yongzhou2017 from "../../rules/yongzhou-2017.json";
import yueyang2023 from "../../rules/yueyang-2023.json";

/** The bundled packs' JSON, by id. */
export const BUNDLED_PACK_JSON: Readonly<Record<string, unknown>> = Object.freeze({
  "yongzhou-2017": yongzhou2017 as unknown,
  "yueyang-2023": yueyang2023 as unknown,
});

/** The ids of the bundled packs. */
export const BUNDLED_PACK_IDS: readonly string[] = Object.freeze(Object.keys(BUNDLED_PACK_JSON));
