/**
 * The generated operation table as the commands read it: an operation by its id, and the
 * one-line description of its command in the help, marked when the command changes the VPS
 * or the account; whether a command takes `--kvm`.
 */
import { type OperationId, type OperationSpec, operationTable } from "../../generated/operations.js";

const operations: Readonly<Record<string, OperationSpec>> = operationTable;

/** The operation behind `operationId`. */
export function operationOf(operationId: string): OperationSpec {
  const op = operations[operationId];
  if (!op) throw new Error(`${operationId} is not in the generated operation table`);
  return op;
}

/** True when the operation has a `kvmId` param of the caller's, which `--kvm` (or EDIS_KVM_ID) gives. */
export function takesKvm(op: OperationSpec): boolean {
  return op.fields.some((f) => f.param === "kvmId" && f.from === undefined);
}

/** What a destructive operation changes: the VPS of a session, else the account (the ORDER API's orders). */
export function whatItChanges(op: OperationSpec): string {
  return op.auth === "session" ? "changes the VPS" : "changes the account (costs or ends a paid service)";
}

/** The summary of an operation for help screens, with a mark on destructive ones. */
export function describeOperation(operationId: string): string {
  const summary = operationTable[operationId as OperationId].summary;
  const op = operationOf(operationId);
  return op.destructive ? `${summary} (${whatItChanges(op).split(" (")[0]}: asks to confirm, or --yes)` : summary;
}
