/**
 * generated/table.ts: the runtime's data from the spec. The per-operation table (method, path,
 * host, content type, fields with their validation rules, which are JSON-encoded or secret,
 * which come from the session, retry safety), the callbacks, the trusted host suffixes, the
 * client's namespaces and their titles. Its types are src/operation-spec.ts.
 */
import type { OperationField } from "../../src/operation-spec.js";
import { banner } from "./banner.js";
import { camelCase } from "./names.js";
import type { SpecModel } from "./read-spec.js";
import { tsLiteral } from "./ts-literal.js";

/** An operation's fields, one per line. */
const FIELDS = new Set(["fields"]);

/**
 * Fields that several operations share (the session fields, mostly) are written once as
 * constants and referenced, which keeps the table small and quick to load.
 */
function shareFields(fields: readonly OperationField[]): { declarations: string[]; ref: (value: unknown) => string | undefined } {
  const uses = new Map<string, { field: OperationField; count: number }>();
  for (const field of fields) {
    const key = JSON.stringify(field);
    const seen = uses.get(key);
    if (seen) seen.count++;
    else uses.set(key, { field, count: 1 });
  }
  const names = new Map<string, string>();
  const declarations: string[] = [];
  const taken = new Set<string>();
  for (const [key, { field, count }] of uses) {
    if (count < 2) continue;
    let name = `${camelCase(field.wire)}Field`;
    for (let n = 2; taken.has(name); n++) name = `${camelCase(field.wire)}Field${n}`;
    taken.add(name);
    names.set(key, name);
    declarations.push(`const ${name} = ${tsLiteral(field)} as const satisfies OperationField;`);
  }
  if (declarations.length > 0) declarations.push("");
  const ref = (value: unknown) =>
    typeof value === "object" && value !== null && !Array.isArray(value) && "wire" in value ? names.get(JSON.stringify(value)) : undefined;
  return { declarations, ref };
}

export function renderTable(model: SpecModel): string {
  const shared = shareFields(model.operations.flatMap((op) => op.entry.fields));
  const table = Object.fromEntries(model.operations.map((op) => [op.entry.operationId, op.entry]));
  const callbacks = Object.fromEntries(model.callbacks.map((c) => [c.operationId, c]));
  const titles = Object.fromEntries(model.namespaces.map((ns) => [ns.name, ns.title]));
  return [
    banner("generated/table.ts"),
    'import type { CallbackSpec, OperationField, OperationSpec } from "../src/operation-spec.js";',
    "",
    "/** Host suffixes that count as EDIS hosts; a session naming another api_host is refused. */",
    `export const trustedHostSuffixes: readonly string[] = ${tsLiteral(model.trustedHostSuffixes)};`,
    "",
    ...shared.declarations,
    "/** The operationId of an operation of the spec. */",
    `export type OperationId =\n${model.operations.map((op) => `  | ${JSON.stringify(op.entry.operationId)}`).join("\n")};`,
    "",
    "/** Every operation of the spec, by operationId. */",
    `export const operationTable = ${tsLiteral(table, { breakDepth: 2, breakKeys: FIELDS, ref: shared.ref })} as const satisfies Record<OperationId, OperationSpec>;`,
    "",
    "/** Requests EDIS sends to the user (callbacks of the spec), by operationId. */",
    `export const callbackTable = ${tsLiteral(callbacks, { breakDepth: 2, breakKeys: FIELDS })} as const satisfies Record<string, CallbackSpec>;`,
    "",
    "/** Client namespaces and the operation behind each method (`x-edis-method`). */",
    `export const namespaceTable = ${tsLiteral(model.methods, { breakDepth: 1 })} as const satisfies Record<string, Record<string, OperationId>>;`,
    "",
    "/** The title of each namespace of the client, from the spec's tags (`x-edis-namespace`, `x-displayName`). */",
    `export const namespaceTitles = ${tsLiteral(titles, { breakDepth: 1 })} as const satisfies Record<string, string>;`,
    "",
  ].join("\n");
}
