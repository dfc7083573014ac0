/**
 * One change spec:diff reports, and the list a comparison collects one operation's changes in
 * (each with the severity rules.ts gives its kind), with the checks every level of an
 * operation shares: its `x-edis-*` settings and its words (summary, title, description, note,
 * example).
 */
import type { OperationView } from "./normalize.js";
import { type Kind, type Severity, severityOf } from "./rules.js";

export interface Change {
  severity: Severity;
  kind: Kind;
  /** `METHOD /path` (callbacks add which operation declares them). */
  operation: string;
  operationId: string | null;
  /** Where inside the operation: `requestBody.pubkey`, `parameters.query.page`, `responses.200.status`, `servers`, or "" for the operation. */
  path: string;
  from: unknown;
  to: unknown;
  message: string;
}

/** The field's name as a caller reads it: its path less `requestBody.` / `responses.NNN.`. */
export function fieldName(path: string): string {
  return (
    path
      .replace(/^requestBody\.?/, "")
      .replace(/^responses\.[^.]+\.?/, "")
      .replace(/^parameters\.([^.]+)\./, "$1 parameter ") || "body"
  );
}

const EXT_KINDS: Record<string, Kind> = {
  "x-edis-result": "client-result-changed",
  "x-edis-host": "client-host-changed",
  "x-edis-retry-safe": "retry-safety-changed",
  "x-edis-from": "field-source-changed",
  "x-edis-param": "param-renamed",
  "x-edis-json": "response-decoding-changed",
  "x-edis-data-uri": "response-decoding-changed",
  "x-edis-key-format": "key-format-changed",
  "x-edis-filename": "filename-changed",
  "x-edis-source-addresses": "callback-sources-changed",
};

/** Equal as JSON text. */
export const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
/** A value as a message shows it: `none` when absent, a string as it is, anything else as JSON. */
export const show = (v: unknown) => (v === undefined ? "none" : typeof v === "string" ? v : JSON.stringify(v));

/** The changes found in one operation, each with its severity and the operation it is in. */
export class ChangeList {
  readonly changes: Change[] = [];
  constructor(private readonly op: OperationView) {}
  add(kind: Kind, path: string, from: unknown, to: unknown, message: string): void {
    this.changes.push({
      severity: severityOf(kind),
      kind,
      operation: this.op.key,
      operationId: this.op.operationId ?? null,
      path,
      from: from === undefined ? null : from,
      to: to === undefined ? null : to,
      message,
    });
  }
}

/** A `x-edis-*` setting changed: which rule that is. */
function extKind(key: string, from: unknown, to: unknown): Kind {
  if (key === "x-edis-method") return from === undefined ? "client-method-added" : to === undefined ? "client-method-removed" : "client-method-changed";
  if (key === "x-edis-destructive") return to === true ? "destructive-on" : "destructive-off";
  if (key === "x-edis-bulk") return from === undefined ? "bulk-added" : to === undefined ? "bulk-removed" : "bulk-changed";
  if (key === "x-edis-secret") return to === true ? "secret-added" : "secret-removed";
  if (key === "x-edis-multiline") return to === true ? "multiline-added" : "multiline-removed";
  return EXT_KINDS[key] ?? "client-extension-changed";
}

export function compareExt(list: ChangeList, path: string, what: string, from: Record<string, unknown>, to: Record<string, unknown>): void {
  for (const key of new Set([...Object.keys(from), ...Object.keys(to)])) {
    if (same(from[key], to[key])) continue;
    list.add(extKind(key, from[key], to[key]), path, from[key], to[key], `${what}: ${key} ${show(from[key])} → ${show(to[key])}`);
  }
}

export function compareDocs(list: ChangeList, path: string, what: string, from: Record<string, string>, to: Record<string, string>): void {
  for (const key of new Set([...Object.keys(from), ...Object.keys(to)])) {
    if (from[key] === to[key]) continue;
    const kind: Kind =
      key === "summary"
        ? "summary-changed"
        : key === "title"
          ? "title-changed"
          : key === "description"
            ? "description-changed"
            : key === "note"
              ? "note-changed"
              : "example-changed";
    const verb = from[key] === undefined ? "added" : to[key] === undefined ? "removed" : "changed";
    list.add(kind, path, from[key], to[key], `${key} of ${what} ${verb}`);
  }
}
