// The Node subpaths, compiled only with @types/node.
import { evaluateMany, toBatchRecord, LineEncoder } from "family-doctor-rules/batch";
import { findCaseFiles } from "family-doctor-rules/node";
import { loadPack } from "family-doctor-rules";

const pack = loadPack("yongzhou-2017");
const results = [...evaluateMany(pack, [{ asOf: "2023-06-01", resident: { id: "R1", birthDate: "1950-03-02", regionCode: "431102" } }])];
const first = results[0];
const record = first && "decision" in first ? toBatchRecord(first.decision) : undefined;
const bytes: Uint8Array = new LineEncoder().take();
console.log(JSON.stringify({ records: results.length, pack: record?.pack, bytes: bytes.length, files: findCaseFiles(".").length }));
