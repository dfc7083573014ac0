/**
 * What a command is about to send, in words, before it sends it: the fields of a destructive
 * command for its confirmation (an order's plan, location, billing cycle…), and with
 * `--dry-run` the request itself (method, URL, content type, the fields of its body, decoded) with its secrets redacted.
 * Read from the operation's table entry: the same for every operation.
 */
import type { OperationSpec } from "../../../generated/operations.js";
import { printable } from "../../safety/printable.js";
import { isSecretField, quotable, redactForm, redactUserinfo } from "../../safety/redact.js";
import { hostOverrides } from "../environment.js";

/** A value of a field that is not secret, on one line: JSON for lists and objects, the text itself otherwise; src/safety/redact.ts hides a URL's userinfo. */
function shown(value: unknown): string {
  return quotable(typeof value === "object" && value !== null ? JSON.stringify(value) : String(value), false) ?? "";
}

/**
 * `  name: value` for every field the caller gave (by its param name), secrets left out:
 * what a confirmation shows under its question.
 */
export function describeFields(op: OperationSpec, wire: Readonly<Record<string, unknown>>): string[] {
  const lines: string[] = [];
  for (const field of op.fields) {
    // A secret is left out, not shown as [REDACTED] (src/safety/redact.ts's policy for a value beside its name).
    if (field.from !== undefined || isSecretField(field) || wire[field.wire] === undefined) continue;
    const value = wire[field.wire];
    if (field.rule.type === "object" && typeof value === "object" && value !== null && !Array.isArray(value)) {
      // An object field (addOrder's `order`): one line per key, lists of objects one line per entry.
      for (const [key, inner] of Object.entries(value)) {
        if (Array.isArray(inner) && inner.every((i) => typeof i === "object" && i !== null)) {
          for (const [n, entry] of inner.entries()) {
            lines.push(
              `  ${field.param}.${key}[${n}]: ${Object.entries(entry)
                .map(([k, v]) => `${k}=${shown(v)}`)
                .join(", ")}`,
            );
          }
        } else {
          lines.push(`  ${field.param}.${key}: ${shown(inner)}`);
        }
      }
    } else {
      lines.push(`  ${field.param}: ${shown(value)}`);
    }
  }
  return lines;
}

/** `name: value` pairs of a JSON value's leaves (`order.item[0].pid`), scalars as they read: strings bare, the rest as JSON. */
function leaves(name: string, value: unknown, out: [string, string][]): void {
  if (Array.isArray(value) && value.length > 0) {
    for (const [i, item] of value.entries()) leaves(`${name}[${i}]`, item, out);
  } else if (typeof value === "object" && value !== null && !Array.isArray(value) && Object.keys(value).length > 0) {
    for (const [key, inner] of Object.entries(value)) leaves(`${name}.${key}`, inner, out);
  } else {
    out.push([name, typeof value === "string" ? value : JSON.stringify(value)]);
  }
}

/**
 * A form body as a person reviews it: one `field: value` line per field, decoded (not
 * percent-encoded), a JSON field (addOrder's `order`) one line per value inside it. Read back
 * from the body redactForm makes, so what it masks (the secret fields, the userinfo of URLs) is
 * masked here; every line is escaped for the terminal.
 */
export function formFields(op: OperationSpec, values: Readonly<Record<string, unknown>>): string {
  const pairs: [string, string][] = [];
  for (const [wire, text] of new URLSearchParams(redactForm(op, values))) {
    let parsed: unknown = text;
    if (op.fields.find((field) => field.wire === wire)?.json) {
      try {
        parsed = JSON.parse(text) as unknown;
      } catch {
        // Not JSON after all: shown as the text it is.
      }
    }
    leaves(wire, parsed, pairs);
  }
  const width = Math.max(0, ...pairs.map(([name]) => printable(name).length + 1));
  return pairs.map(([name, value]) => `${`${printable(name)}:`.padEnd(width)}  ${printable(value)}`.trimEnd()).join("\n");
}

/**
 * The request `--dry-run` prints: `POST <url>`, its content type and its form fields, the secret
 * fields (the password, the session signature) as [REDACTED] and the fields the client fills
 * from the session named, not looked up; the email is EDIS_EMAIL's or the context's. Nothing
 * is sent and no password is asked for.
 */
export function dryRunText(
  op: OperationSpec,
  wire: Readonly<Record<string, unknown>>,
  env: NodeJS.ProcessEnv,
  kvmId?: string,
  email: string | undefined = env.EDIS_EMAIL,
): string {
  const base = hostOverrides(env)[op.host] ?? op.server;
  const values: Record<string, unknown> = { ...wire };
  for (const field of op.fields) {
    if (field.from === "credentials.email") values[field.wire] = email || "$EDIS_EMAIL";
    else if (field.from !== undefined) values[field.wire] = isSecretField(field) ? "secret" : `(${field.from})`;
  }
  if (kvmId !== undefined && op.fields.some((f) => f.wire === "kvm_id")) values.kvm_id = kvmId;
  const body =
    op.contentType === "application/x-www-form-urlencoded" ? formFields(op, values) : `(${op.contentType} body of ${Object.keys(values).join(", ")})`;
  return [`${op.method} ${redactUserinfo(base)}${op.path}`, `Content-Type: ${op.contentType}`, "", body, ""].join("\n");
}
