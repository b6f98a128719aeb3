/**
 * The studio's entry in the browser: loads the packs served beside the app
 * (packs.json, same origin) and starts the studio.
 *
 * @module
 */
import { Studio, type ServedPack } from "./app.js";

async function servedPacks(): Promise<ServedPack[]> {
  try {
    const response = await fetch("packs.json", { cache: "no-store" });
    if (!response.ok) return [];
    const list = (await response.json()) as unknown;
    return Array.isArray(list)
      ? list.filter((item): item is ServedPack => typeof item?.file === "string" && typeof item?.text === "string")
      : [];
  } catch {
    return [];
  }
}

const root = document.getElementById("app");
if (root) {
  const studio = new Studio(root, await servedPacks());
  studio.start(location.search);
  document.body.dataset.ready = "true";
  performance.mark("fdr:ready");
}
