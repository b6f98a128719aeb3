/**
 * A fast path for reading cases: the acceptor of {@link CaseSchema} (see
 * `schema-acceptor.ts`), which takes a case only when the schema takes it
 * entirely as it is, with no unknown field. Its key lists, vocabularies and
 * limits — and the dates-in-order and no-member-twice checks — come from the
 * schema itself, so the two cannot drift apart. Anything else — an error, a
 * warning, an unusual object — is left to the schema, which gives the
 * issues. A generic differential test holds the acceptor to the schema.
 *
 * @module
 */
import { codegenMayBeReported } from "../core/codegen.js";
import { type Case, CaseSchema } from "./case.js";
import { type Acceptor, acceptorOf } from "./schema-acceptor.js";

let acceptCase: Acceptor | undefined;

/**
 * The case itself when it is entirely valid — every field as
 * {@link CaseSchema} wants it, no unknown field, dates in order, no member or
 * package twice — else `undefined`, and the caller asks the schema why.
 *
 * @example
 * readValidCase({ asOf: "2023-06-01", resident: { id: "R1", birthDate: "1950-03-02", regionCode: "430602" } }); // the same object
 * readValidCase({ asOf: "2023-02-30", resident: { id: "R1", birthDate: "1950-03-02", regionCode: "430602" } }); //=> undefined
 */
export function readValidCase(input: unknown): Case | undefined {
  // Built on first use, so that importing the library stays cheap.
  // Closures where an attempt at generated code may be reported (a browser), generated code elsewhere.
  acceptCase ??= acceptorOf(CaseSchema, { codegen: !codegenMayBeReported() });
  return acceptCase(input) ? (input as Case) : undefined;
}
