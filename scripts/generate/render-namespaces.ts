/**
 * generated/namespaces.ts: the type of each namespace of the client (`edis.ptr`, …) with a
 * method per `x-edis-method`, each carrying the spec's words: the operation's summary and
 * description, a note on destructive operations, and an example call with the spec's example
 * values. An editor shows them on hover, and the API reference lists them.
 *
 * A namespace with the operation that creates sessions (auth.createSession, which returns
 * sessions, not its body) is written by hand in src/client.ts, and so is vps, which has no operation.
 */
import type { OperationSpec } from "../../src/operation-spec.js";
import { banner } from "./banner.js";
import { type DocPart, docComment } from "./jsdoc.js";
import { camelCase, namespaceTypeName, paramsTypeName } from "./names.js";
import type { OperationModel, SpecModel } from "./read-spec.js";
import { propertyKey, tsLiteral } from "./ts-literal.js";

/**
 * `await edis.ptr.get({ … })` with every required field: its example in the spec (else its
 * first enum value), a secret as a variable of its name, a file opened the way the README does.
 */
function exampleCall(op: OperationModel): string[] {
  const { entry, fieldDocs } = op;
  const args: string[] = [];
  let opensFile = false;
  for (const f of entry.fields) {
    if (f.from || !f.required || f.default !== undefined) continue;
    const key = propertyKey(f.param);
    if (f.secret) {
      args.push(key);
    } else if (f.rule.format === "binary") {
      opensFile = true;
      args.push(`${key}: await openAsBlob(${JSON.stringify(f.filename ?? "file")})`);
    } else {
      const example = fieldDocs[f.wire]?.example ?? f.rule.enum?.[0];
      if (example === undefined) throw new Error(`${entry.operationId}.${f.wire}: a required field needs an example (the method's @example shows it)`);
      args.push(`${key}: ${tsLiteral(example)}`);
    }
  }
  const call = `await edis.${entry.clientMethod}(${args.length > 0 ? `{ ${args.join(", ")} }` : ""});`;
  const lines = opensFile ? ['import { openAsBlob } from "node:fs";', ""] : [];
  lines.push(entry.result ? `const ${camelCase(entry.result)} = ${call}` : call);
  return lines;
}

function methodDoc(op: OperationModel): DocPart[] {
  const { entry } = op;
  const parts: DocPart[] = [/[.!?]$/.test(entry.summary) ? entry.summary : `${entry.summary}.`];
  if (op.description) parts.push(op.description);
  if (entry.destructive) {
    parts.push(entry.host === "order" ? "Costs or ends a paid service; never retried automatically." : "Changes the VPS; never retried automatically.");
  }
  if (entry.bulk) {
    parts.push(`A list of more than ${entry.bulk.max} entries is sent as several requests of at most ${entry.bulk.max} each.`);
  }
  parts.push({ lines: ["@example", ...exampleCall(op)] });
  return parts;
}

/** Namespaces whose methods are plain calls of their operations (not the one that creates sessions). */
function generatedNamespaces(model: SpecModel): string[] {
  const byId = new Map<string, OperationSpec>(model.operations.map((op) => [op.entry.operationId, op.entry]));
  return Object.entries(model.methods)
    .filter(([ns, methods]) => {
      // The operation that creates sessions (credentials, on the session host) is hand-written.
      const creates = Object.values(methods)
        .map((id) => byId.get(id)!)
        .map((op) => op.auth === "credentials" && op.host === "session");
      if (new Set(creates).size > 1) throw new Error(`namespace ${ns} mixes the credentials operation with session operations`);
      return !creates[0];
    })
    .map(([ns]) => ns);
}

export function renderNamespaces(model: SpecModel): string {
  const byId = new Map(model.operations.map((op) => [op.entry.operationId, op]));
  const titles = new Map(model.namespaces.map((ns) => [ns.name, ns]));
  const namespaces = generatedNamespaces(model);
  const used = namespaces.flatMap((ns) => Object.values(model.methods[ns]!).map((id) => paramsTypeName(byId.get(id)!.entry)));
  const lines = [
    banner("generated/namespaces.ts"),
    'import type { CallOptions } from "../src/options.js";',
    "import type {",
    ...["OperationResults", ...used].map((name) => `  ${name},`),
    '} from "./params.js";',
    "",
  ];
  for (const ns of namespaces) {
    const tag = titles.get(ns)!;
    lines.push(...docComment("", [tag.description ? `${tag.title}: ${tag.description}` : `${tag.title}.`]));
    lines.push(`export interface ${namespaceTypeName(ns)} {`);
    for (const [method, id] of Object.entries(model.methods[ns]!)) {
      const op = byId.get(id)!;
      lines.push(...docComment("  ", methodDoc(op)));
      // Params are optional when no field must be given (the ORDER API's reads: the credentials are the client's).
      const optional = op.entry.fields.every((f) => f.from || !f.required || f.default !== undefined) ? "?" : "";
      lines.push(`  ${method}(params${optional}: ${paramsTypeName(op.entry)}, options?: CallOptions): Promise<OperationResults[${JSON.stringify(id)}]>;`);
    }
    lines.push("}", "");
  }
  lines.push("/** The namespaces generated from the spec's `x-edis-method`s. */");
  lines.push("export type EdisNamespaces = {");
  for (const ns of namespaces) {
    lines.push(...docComment("  ", [`${titles.get(ns)!.title}.`]));
    lines.push(`  readonly ${ns}: ${namespaceTypeName(ns)};`);
  }
  lines.push("};", "");
  return lines.join("\n");
}
