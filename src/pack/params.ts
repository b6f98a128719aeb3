/**
 * Parameter values in force on a date.
 *
 * @module
 */
import type { CalendarDate } from "../core/dates.js";
import { inPeriod } from "../core/periods.js";
import { fail } from "../core/errors.js";
import type { Parameter } from "./schema.js";

/** A parameter value as it stands on a date. */
export type ParameterValue = string | number | boolean | readonly string[] | null;

/**
 * The index of the dated value in force on `asOf` (`from` inclusive, `to`
 * exclusive), or -1 when none is.
 */
export function valueIndexAt(parameter: Parameter, asOf: CalendarDate): number {
  return parameter.values.findIndex((dated) => inPeriod(asOf, dated));
}

/**
 * The value of a parameter in force on `asOf`.
 *
 * @throws PolicyError (`parameter_not_in_force`) when no dated value covers the date.
 * @example
 * parameterValueAt("elderly.minAge", pack.data.parameters["elderly.minAge"], "2023-06-01"); //=> 65
 */
export function parameterValueAt(id: string, parameter: Parameter, asOf: CalendarDate): ParameterValue {
  const index = valueIndexAt(parameter, asOf);
  if (index < 0) {
    fail({
      code: "parameter_not_in_force",
      path: `/parameters/${id}/values`,
      message: `parameter ${id} has no value in force on ${asOf}`,
      expected: `a dated value whose period covers ${asOf}`,
      found: parameter.values.map((dated) => `${dated.from}..${dated.to ?? ""}`).join(", "),
    });
  }
  return (parameter.values[index] as { value: ParameterValue }).value;
}
