/**
 * Compares two client views (normalize.ts) and lists every change with its kind, where it is
 * inside the operation, the old and new values, and a one-line message; rules.ts gives each
 * kind its severity.
 */
import { ChangeList, type Change, compareDocs, compareExt, same, show } from "./changes.js";
import { compareFields } from "./compare-fields.js";
import type { BodyView, ClientView, OperationView } from "./normalize.js";

/** What compareViews lists (changes.ts). */
export type { Change } from "./changes.js";

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
