/**
 * Keeping secrets out of errors and logs. The secrets of this API travel in form bodies
 * (`pw`, `signature`, the passwords of reinstall and VNC), where no header-based redaction
 * reaches, so the spec marks them (`x-edis-secret`) and these helpers use that mark.
 */
import type { OperationSpec } from "../generated/operations.js";
import { fieldText } from "./form-encoding.js";

export const REDACTED = "[REDACTED]";

/** The form body of a request with every secret field's value replaced by `[REDACTED]`. */
export function redactForm(op: OperationSpec, values: Readonly<Record<string, unknown>>): string {
  const form = new URLSearchParams();
  for (const field of op.fields) {
    const value = values[field.wire];
    if (value === undefined) continue;
    form.append(field.wire, field.secret ? REDACTED : fieldText(value, field.json));
  }
  return form.toString();
}

/** The secret values of a request, as they would appear in text. */
export function secretsOf(op: OperationSpec, values: Readonly<Record<string, unknown>>): string[] {
  const out: string[] = [];
  for (const field of op.fields) {
    const value = values[field.wire];
    if (field.secret && value !== undefined) out.push(fieldText(value, field.json));
  }
  return out;
}

/** encodeURIComponent, which throws on a lone surrogate; the form encoder writes U+FFFD there. */
function percentEncoded(text: string): string {
  return encodeURIComponent(text.replace(/\p{Cs}/gu, "\uFFFD"));
}

/**
 * Replaces every occurrence of a secret in `text` (for example a server message that echoes
 * the request) with `[REDACTED]`, also in its percent-encoded and JSON-escaped forms.
 */
export function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length === 0) continue;
    for (const form of new Set([secret, percentEncoded(secret), new URLSearchParams({ s: secret }).toString().slice(2), JSON.stringify(secret).slice(1, -1)])) {
      out = out.split(form).join(REDACTED);
    }
  }
  return out;
}
