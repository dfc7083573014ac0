/**
 * A field of a generated table entry (generated/table.ts) for tests that build an operation of
 * their own: a plain, optional, non-secret string unless `extra` says otherwise.
 */
import type { OperationField } from "../generated/operations.js";

export function textField(wire: string, extra: Partial<OperationField> = {}): OperationField {
  return { wire, param: wire, json: false, secret: false, required: false, rule: { type: "string" }, ...extra };
}
