// A CommonJS consumer (NodeNext, .cts): require resolves the CJS build and its
// .d.cts types; an error thrown by the ESM copy is still a PolicyError to it.
import lib = require("family-doctor-rules");

async function main(): Promise<void> {
  const esm = (await import("family-doctor-rules")) as typeof lib;
  let crossed = false;
  try {
    esm.evaluate(esm.loadPack("yueyang-2023"), {
      asOf: "2023-02-30",
      resident: { id: "R1", birthDate: "1950-03-02", regionCode: "430602" },
    });
  } catch (error) {
    crossed = lib.isPolicyError(error) && !(error instanceof lib.PolicyError);
  }
  const decision = lib.evaluate(lib.loadPack("yueyang-2023"), {
    asOf: "2023-06-01",
    resident: { id: "R1", birthDate: "1950-03-02", regionCode: "430602" },
  });
  console.log(JSON.stringify({ groups: decision.priorityGroups, crossed, hash: lib.loadPack("yueyang-2023").hash }));
}
void main();
