/**
 * The generated operation table as the commands read it: an operation by its id, and the
 * one-line description of its command in the help, marked when the command changes the VPS.
 */
import { type OperationId, type OperationSpec, operationTable } from "../../generated/operations.js";

const operations: Readonly<Record<string, OperationSpec>> = operationTable;

/** The operation behind `operationId`. */
export function operationOf(operationId: string): OperationSpec {
  const op = operations[operationId];
  if (!op) throw new Error(`${operationId} is not in the generated operation table`);
  return op;
}

/** The summary of an operation for help screens, with a mark on destructive ones. */
export function describeOperation(operationId: string): string {
  const summary = operationTable[operationId as OperationId].summary;
  return operationOf(operationId).destructive ? `${summary} (changes the VPS: asks to confirm, or --yes)` : summary;
}
