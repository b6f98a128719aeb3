/**
 * Priority groups (重点人群): the pack's groups whose rule holds, in pack order.
 *
 * @module
 */
import type { TraceEntry } from "../model/decision.js";
import { conditionParams, type AreaContext } from "./context.js";

/** The priority groups a resident is in, and the trace of every group rule. */
export interface PriorityGroupsResult {
  readonly groups: string[];
  readonly trace: TraceEntry[];
}

/** Lists the groups whose rules hold, in the order the pack lists them. */
export function decidePriorityGroups(context: AreaContext): PriorityGroupsResult {
  const trace = context.pack.data.priorityGroups.map((rule, index) =>
    context.tracer.entry("priority-groups", rule.id, context.outcomes.holds("priorityGroups", index), rule.cite, {
      note: rule.label,
      params: conditionParams(rule.when),
      owner: rule,
    }),
  );
  return { groups: trace.filter((entry) => entry.outcome).map((entry) => entry.rule), trace };
}
