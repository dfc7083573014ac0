/**
 * Compares two client views (normalize.ts) and lists every change with its kind, where it is
 * inside the operation, the old and new values, and a one-line message; rules.ts gives each
 * kind its severity.
 */
import type { BodyView, ClientView, FieldView, OperationView } from "./normalize.js";
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

const LOWER_IS_STRICTER = new Set(["maxLength", "maximum", "maxItems", "maxProperties", "exclusiveMaximum"]);
const HIGHER_IS_STRICTER = new Set(["minLength", "minimum", "minItems", "minProperties", "exclusiveMinimum"]);
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

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const show = (v: unknown) => (v === undefined ? "none" : typeof v === "string" ? v : JSON.stringify(v));

class ChangeList {
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

function compareExt(list: ChangeList, path: string, what: string, from: Record<string, unknown>, to: Record<string, unknown>): void {
  for (const key of new Set([...Object.keys(from), ...Object.keys(to)])) {
    if (same(from[key], to[key])) continue;
    list.add(extKind(key, from[key], to[key]), path, from[key], to[key], `${what}: ${key} ${show(from[key])} → ${show(to[key])}`);
  }
}

function compareDocs(list: ChangeList, path: string, what: string, from: Record<string, string>, to: Record<string, string>): void {
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

function compareConstraints(list: ChangeList, f: FieldView, t: FieldView, what: string): void {
  for (const key of new Set([...Object.keys(f.constraints), ...Object.keys(t.constraints)])) {
    const a = f.constraints[key];
    const b = t.constraints[key];
    if (same(a, b)) continue;
    const detail = `${what}: ${key} ${show(a)} → ${show(b)}`;
    if (key === "format") list.add(b === undefined ? "request-format-removed" : "request-format-changed", t.path, a, b, detail);
    else if (key === "pattern") list.add(b === undefined ? "request-pattern-removed" : "request-pattern-changed", t.path, a, b, detail);
    else if (key === "default") list.add("request-default-changed", t.path, a, b, detail);
    else {
      let tighter: boolean;
      if (b === undefined) tighter = false;
      else if (a === undefined) tighter = true;
      else if (typeof a === "number" && typeof b === "number" && LOWER_IS_STRICTER.has(key)) tighter = b < a;
      else if (typeof a === "number" && typeof b === "number" && HIGHER_IS_STRICTER.has(key)) tighter = b > a;
      else if (key === "uniqueItems") tighter = b === true;
      else tighter = true;
      list.add(tighter ? "request-constraint-tightened" : "request-constraint-loosened", t.path, a, b, detail);
    }
  }
}

function compareEnum(list: ChangeList, side: "request" | "response", f: FieldView, t: FieldView, what: string): void {
  if (!f.enum && !t.enum) return;
  if (!f.enum || !t.enum) {
    const kind: Kind = t.enum ? `${side}-enum-added` : `${side}-enum-removed`;
    list.add(
      kind,
      t.path,
      f.enum?.map((v) => JSON.parse(v)),
      t.enum?.map((v) => JSON.parse(v)),
      `${what} ${t.enum ? "is now limited to an enum" : "is no longer limited to an enum"}`,
    );
    return;
  }
  for (const v of f.enum) {
    if (!t.enum.includes(v)) list.add(`${side}-enum-value-removed`, t.path, JSON.parse(v), null, `${what}: enum value ${v} removed`);
  }
  for (const v of t.enum) {
    if (!f.enum.includes(v)) list.add(`${side}-enum-value-added`, t.path, null, JSON.parse(v), `${what}: enum value ${v} added`);
  }
}

/** True when a proper ancestor of `path` is in `paths` (so only the ancestor is reported). */
function underAny(path: string, paths: Set<string>): boolean {
  for (const p of paths) if (path.length > p.length && path.startsWith(p) && ".[{".includes(path[p.length]!)) return true;
  return false;
}

function compareFields(list: ChangeList, side: "request" | "response", from: Map<string, FieldView>, to: Map<string, FieldView>): void {
  const added = new Set([...to.keys()].filter((p) => !from.has(p)));
  const removed = new Set([...from.keys()].filter((p) => !to.has(p)));
  // A node whose type changed stands for everything beneath it.
  const retyped = new Set([...to.keys()].filter((p) => from.has(p) && from.get(p)!.type !== to.get(p)!.type));
  const skip = new Set([...added, ...removed, ...retyped]);
  for (const path of removed) {
    if (underAny(path, skip)) continue;
    const f = from.get(path)!;
    list.add(`${side}-field-removed`, path, f.type, null, `${side} field ${fieldName(path)} removed`);
  }
  for (const path of added) {
    if (underAny(path, skip)) continue;
    const t = to.get(path)!;
    if (side === "request") {
      list.add(
        t.required ? "request-field-added-required" : "request-field-added",
        path,
        null,
        t.type,
        `${t.required ? "required" : "optional"} request field ${fieldName(path)} added`,
      );
    } else list.add("response-field-added", path, null, t.type, `response field ${fieldName(path)} added`);
  }
  for (const [path, t] of to) {
    const f = from.get(path);
    if (!f || underAny(path, skip)) continue;
    const what = `${side} field ${fieldName(path)}`;
    if (f.type !== t.type) {
      list.add(`${side}-field-type-changed`, path, f.type, t.type, `${what} type changed from ${f.type} to ${t.type}`);
    }
    // A body's root is required when the body is: compareBodies reports that.
    if (f.required !== t.required && path.includes(".")) {
      const kind: Kind =
        side === "request"
          ? t.required
            ? "request-field-required"
            : "request-field-optional"
          : t.required
            ? "response-field-required"
            : "response-field-optional";
      list.add(kind, path, f.required, t.required, `${what} became ${t.required ? "required" : "optional"}`);
    }
    if (!f.deprecated && t.deprecated) list.add(`${side}-field-deprecated`, path, false, true, `${what} deprecated`);
    if (f.type === t.type) compareEnum(list, side, f, t, what);
    if (side === "request") {
      compareConstraints(list, f, t, what);
      if (f.encoding !== t.encoding)
        list.add("request-encoding-changed", path, f.encoding, t.encoding, `${what} encoding ${show(f.encoding)} → ${show(t.encoding)}`);
    }
    compareExt(list, path, what, f.ext, t.ext);
    compareDocs(list, path, what, f.docs, t.docs);
  }
}

function compareBodies(list: ChangeList, side: "request" | "response", f: BodyView, t: BodyView, what: string): void {
  if (side === "response" && (f.contentTypes.length === 0) !== (t.contentTypes.length === 0)) {
    // A status that gains or loses its body: its fields come or go with it.
    if (t.contentTypes.length > 0)
      list.add("response-body-added", t.path, null, t.contentTypes.join(", "), `${what} now has a ${t.contentTypes.join(", ")} body`);
    else list.add("response-body-removed", t.path, f.contentTypes.join(", "), null, `${what} no longer has a body`);
    compareDocs(list, t.path, what, f.docs, t.docs);
    return;
  }
  if (!same(f.contentTypes, t.contentTypes)) {
    list.add(
      `${side}-content-type-changed`,
      t.path,
      f.contentTypes.join(", "),
      t.contentTypes.join(", "),
      `${what} content type ${f.contentTypes.join(", ") || "none"} → ${t.contentTypes.join(", ") || "none"}`,
    );
  }
  if (side === "request" && f.required !== t.required) {
    list.add(
      t.required ? "request-body-required" : "request-body-optional",
      t.path,
      f.required,
      t.required,
      `request body became ${t.required ? "required" : "optional"}`,
    );
  }
  compareDocs(list, t.path, what, f.docs, t.docs);
  compareFields(list, side, f.fields, t.fields);
}

function compareOperation(list: ChangeList, f: OperationView, t: OperationView): void {
  if (f.operationId !== t.operationId) {
    list.add("operation-id-changed", "operationId", f.operationId, t.operationId, `operationId renamed from ${show(f.operationId)} to ${show(t.operationId)}`);
  }
  if (f.servers[0] !== t.servers[0]) {
    list.add("server-changed", "servers", f.servers[0], t.servers[0], `server changed from ${show(f.servers[0])} to ${show(t.servers[0])}`);
  } else if (!same(f.servers, t.servers)) {
    list.add(
      "server-alternatives-changed",
      "servers",
      f.servers,
      t.servers,
      `other servers changed: ${show(f.servers.slice(1))} → ${show(t.servers.slice(1))}`,
    );
  }
  if (!f.deprecated && t.deprecated) list.add("operation-deprecated", "", false, true, "operation deprecated");
  compareExt(list, "", "operation", f.ext, t.ext);
  compareDocs(list, "", "the operation", f.docs, t.docs);

  compareFields(list, "request", f.parameters, t.parameters);

  if (f.request && !t.request) list.add("request-body-removed", "requestBody", "request body", null, "request body removed");
  else if (!f.request && t.request) {
    list.add(
      t.request.required ? "request-body-added-required" : "request-body-added",
      "requestBody",
      null,
      "request body",
      `${t.request.required ? "required" : "optional"} request body added`,
    );
  } else if (f.request && t.request) compareBodies(list, "request", f.request, t.request, "request body");

  for (const [status, fr] of f.responses) {
    const tr = t.responses.get(status);
    if (!tr) {
      const success = status.startsWith("2");
      list.add(success ? "response-success-removed" : "response-status-removed", fr.path, status, null, `response ${status} removed`);
    } else compareBodies(list, "response", fr, tr, `response ${status}`);
  }
  for (const [status, tr] of t.responses) {
    if (!f.responses.has(status)) list.add("response-status-added", tr.path, null, status, `response ${status} added`);
  }
}

/** Every change from `from` to `to`, in operation order of `to` (then the removed ones). */
export function compareViews(from: ClientView, to: ClientView): Change[] {
  const changes: Change[] = [];
  for (const [key, t] of to) {
    const list = new ChangeList(t);
    const f = from.get(key);
    if (!f) list.add("operation-added", "", null, key, `operation ${key} added`);
    else compareOperation(list, f, t);
    changes.push(...list.changes);
  }
  for (const [key, f] of from) {
    if (to.has(key)) continue;
    const list = new ChangeList(f);
    list.add("operation-removed", "", key, null, `operation ${key} removed`);
    changes.push(...list.changes);
  }
  return changes;
}
