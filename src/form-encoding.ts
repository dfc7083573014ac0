/**
 * The one request encoder: `application/x-www-form-urlencoded`, each field once, in the
 * spec's order. A field the spec declares JSON (`encoding: {contentType: application/json}`)
 * travels as one JSON text, never as repeated keys or a comma list.
 */
import type { OperationSpec } from "../generated/operations.js";

/** Turns one field's value into the text that goes into the form. */
export function fieldText(value: unknown, json: boolean): string {
  if (json) return JSON.stringify(value);
  return typeof value === "string" ? value : String(value);
}

/**
 * Encodes `values` (by wire name) for `op`. Undefined values are left out; everything else
 * is percent-encoded as UTF-8 (`+ & = %` and non-ASCII arrive intact).
 */
export function encodeForm(op: OperationSpec, values: Readonly<Record<string, unknown>>): string {
  const form = new URLSearchParams();
  for (const field of op.fields) {
    const value = values[field.wire];
    if (value === undefined) continue;
    form.append(field.wire, fieldText(value, field.json));
  }
  return form.toString();
}
