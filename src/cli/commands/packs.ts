/**
 * `fdr packs`.
 *
 * @module
 */
import { bundledPackIds, loadPack } from "../../pack/load.js";
import { EXIT, type Io } from "../io.js";

/** `fdr packs`. */
export function commandPacks(io: Io): number {
  for (const id of bundledPackIds()) {
    const { data } = loadPack(id);
    io.out(`${id}\t${data.version}\t${data.region.codePrefix}\t${data.effective.from}..${data.effective.to ?? ""}\t${data.title.zh}`);
  }
  return EXIT.ok;
}
