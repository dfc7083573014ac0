/**
 * generated/display.ts: how the CLI shows the values of each operation's result on a terminal,
 * from the spec's `x-edis-display` marks on response values. Each operation maps the dotted
 * path of a value inside its result (the `x-edis-result` part of the 200 body, else the whole
 * body; list items are transparent, so a record's column is its own name; "" is the result
 * itself) to the display kind.
 * Only the CLI imports it, so the library's bundle does not carry it.
 */
import { type Node, type SpecOperation, flattenSchema, listOperations } from "../lib/spec.js";
import { banner } from "./banner.js";
import { fail } from "./fail.js";
import { tsLiteral } from "./ts-literal.js";

/** Every value `x-edis-display` may have. */
export const DISPLAY_KINDS = ["bytes", "gigabytes", "count", "unix-time", "percent"] as const;

/** The marks under `schema`, keyed by their dotted path below `prefix`. */
function collect(spec: Node, schema: unknown, prefix: string, where: string, out: Record<string, string>): void {
  const node = flattenSchema(spec, schema);
  const kind = node["x-edis-display"];
  if (kind !== undefined) {
    if (typeof kind !== "string" || !(DISPLAY_KINDS as readonly string[]).includes(kind)) {
      fail(where, `x-edis-display must be one of ${DISPLAY_KINDS.join(", ")}`);
    }
    out[prefix] = kind;
  }
  for (const alternative of [...((node.oneOf ?? []) as unknown[]), ...((node.anyOf ?? []) as unknown[])]) collect(spec, alternative, prefix, where, out);
  if (node.items !== undefined) collect(spec, node.items, prefix, `${where}[]`, out);
  for (const [name, sub] of Object.entries((node.properties ?? {}) as Node)) {
    collect(spec, sub, prefix === "" ? name : `${prefix}.${name}`, `${where}.${name}`, out);
  }
}

/** The display marks of one operation's result. */
function displayOf(spec: Node, op: SpecOperation): Record<string, string> {
  const ok = ((op.operation.responses ?? {}) as Node)["200"] as Node | undefined;
  const media = ((ok?.content ?? {}) as Node)["application/json"] as Node | undefined;
  if (!media?.schema) return {};
  let schema: unknown = media.schema;
  const result = op.operation["x-edis-result"];
  if (typeof result === "string") schema = ((flattenSchema(spec, schema).properties ?? {}) as Node)[result];
  const out: Record<string, string> = {};
  if (schema !== undefined) collect(spec, schema, "", op.operationId, out);
  return out;
}

export function renderDisplay(specs: readonly Node[]): string {
  const table: Record<string, Record<string, string>> = {};
  for (const spec of specs) {
    for (const op of listOperations(spec)) {
      const marks = displayOf(spec, op);
      if (Object.keys(marks).length > 0) table[op.operationId] = marks;
    }
  }
  return [
    banner("generated/display.ts"),
    "/** How the CLI shows a value on a terminal (`x-edis-display`). */",
    `export type DisplayKind = ${DISPLAY_KINDS.map((k) => JSON.stringify(k)).join(" | ")};`,
    "",
    "/** By operationId: the dotted path of a value in the result → how it is shown. */",
    `export const displayTable: Readonly<Record<string, Readonly<Record<string, DisplayKind>>>> = ${tsLiteral(table, { breakDepth: 2 })};`,
    "",
  ].join("\n");
}
