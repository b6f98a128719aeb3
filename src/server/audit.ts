/**
 * The audit record of a decision: what the decision log keeps of it.
 *
 * @module
 */
import { createHash } from "node:crypto";

/** The fields of a decision (or a batch record) that an audit record reads. */
export interface AuditedDecision {
  readonly pack: string;
  readonly packVersion: string;
  readonly packHash: string;
  readonly asOf: string;
  readonly residentId: string;
  readonly eligibility: { readonly eligible: boolean };
  readonly priorityGroups: readonly string[];
  readonly contract?: { readonly inForce: boolean; readonly start: string; readonly end: string };
  readonly fee?: { readonly total: string; readonly payers: Readonly<Record<string, string>>; readonly staffPool?: string };
  readonly prescription?: { readonly maxSupplyDays: number; readonly allowed: boolean };
  readonly registrationFee?: { readonly charged: string | null; readonly waived: string | null };
  readonly inpatient?: { readonly deductiblePayable: string };
  readonly referral?: { readonly discountApplies: boolean; readonly totalDiscount: string };
  readonly benefits: readonly { readonly id: string }[];
  readonly warnings: readonly unknown[];
}

/** One line of the decision log. */
export interface AuditRecord {
  readonly time: string;
  readonly requestId: string;
  readonly route: "evaluate" | "evaluate-batch";
  /** The batch line (from 1); absent for a single case. */
  readonly line?: number;
  readonly pack: string;
  readonly packVersion: string;
  readonly packHash: string;
  readonly residentId: string;
  readonly asOf: string;
  readonly outcome: Record<string, unknown>;
  /** `sha256:` + hex of the request body (of the line, in a batch). */
  readonly requestHash: string;
}

/** `sha256:` + hex of some bytes or text. */
export function sha256(data: string | Uint8Array): string {
  return "sha256:" + createHash("sha256").update(data).digest("hex");
}

/** The audit record of a decision. */
export function auditRecord(
  decision: AuditedDecision,
  meta: { requestId: string; route: AuditRecord["route"]; requestHash: string; line?: number; time?: string },
): AuditRecord {
  const outcome: Record<string, unknown> = { eligible: decision.eligibility.eligible, priorityGroups: decision.priorityGroups };
  if (decision.contract)
    outcome.contract = { start: decision.contract.start, end: decision.contract.end, inForce: decision.contract.inForce };
  if (decision.fee)
    outcome.fee = {
      total: decision.fee.total,
      payers: decision.fee.payers,
      ...(decision.fee.staffPool !== undefined ? { staffPool: decision.fee.staffPool } : {}),
    };
  if (decision.prescription)
    outcome.prescription = { maxSupplyDays: decision.prescription.maxSupplyDays, allowed: decision.prescription.allowed };
  if (decision.registrationFee) outcome.registrationFee = decision.registrationFee;
  if (decision.inpatient) outcome.inpatient = decision.inpatient;
  if (decision.referral)
    outcome.referral = { discountApplies: decision.referral.discountApplies, totalDiscount: decision.referral.totalDiscount };
  outcome.benefits = decision.benefits.map((benefit) => benefit.id);
  if (decision.warnings.length > 0) outcome.warnings = decision.warnings.length;
  return {
    time: meta.time ?? new Date().toISOString(),
    requestId: meta.requestId,
    route: meta.route,
    ...(meta.line !== undefined ? { line: meta.line } : {}),
    pack: decision.pack,
    packVersion: decision.packVersion,
    packHash: decision.packHash,
    residentId: decision.residentId,
    asOf: decision.asOf,
    outcome,
    requestHash: meta.requestHash,
  };
}
