/**
 * generated/params.ts: the params each operation takes and what it resolves to, typed from
 * openapi-typescript's types. Each operation's params are a named type whose properties carry
 * their field's description and `@default` from the spec, which an editor shows on hover.
 */
import { banner } from "./banner.js";
import { type DocPart, docComment } from "./jsdoc.js";
import { paramsTypeName } from "./names.js";
import type { SpecModel } from "./read-spec.js";

const str = (value: string) => JSON.stringify(value);

export function renderParams(model: SpecModel): string {
  const lines = [
    banner("generated/params.ts"),
    'import type { BinaryInput, DataUri } from "../src/operation-spec.js";',
    'import type { components, operations } from "./openapi.js";',
    'import type { OperationId } from "./table.js";',
    "",
    'type FormBody<Op extends OperationId> = NonNullable<operations[Op]["requestBody"]>["content"] extends infer C',
    "  ? C[keyof C]",
    "  : never;",
    'type OkBody<Op extends OperationId> = operations[Op]["responses"][200]["content"]["application/json"];',
    "/** B with the fields of D replaced by their decoded types (optionality kept). */",
    "type Decoded<B, D> = { [K in keyof B]: K extends keyof D ? (undefined extends B[K] ? D[K] | undefined : D[K]) : B[K] };",
    "",
  ];
  const names = new Map<string, string>();
  for (const { entry, fieldDocs } of model.operations) {
    const name = paramsTypeName(entry);
    if (names.has(name)) throw new Error(`${entry.operationId}: its params type ${name} is taken by ${names.get(name)}`);
    names.set(name, entry.operationId);
    const method = entry.clientMethod ? `\`edis.${entry.clientMethod}\`, ` : "";
    lines.push(...docComment("", [`Params of ${method}\`${entry.operationId}\`: ${entry.summary}.`]));
    lines.push(`export type ${name} = {`);
    for (const f of entry.fields) {
      if (f.from) continue;
      const doc = fieldDocs[f.wire] ?? {};
      const parts: DocPart[] = [];
      if (doc.description) parts.push(doc.description);
      if (f.default !== undefined) parts.push({ lines: [`@default ${JSON.stringify(f.default)}`] });
      if (parts.length > 0) lines.push(...docComment("  ", parts));
      const opt = f.required && f.default === undefined ? "" : "?";
      const type = f.rule.format === "binary" ? "BinaryInput" : `FormBody<${str(entry.operationId)}>[${str(f.wire)}]`;
      lines.push(`  ${f.param}${opt}: ${type};`);
    }
    lines.push("};", "");
  }

  lines.push("/** The params each operation takes: its request fields in camelCase, less those the client fills. */");
  lines.push("export interface OperationParams {");
  for (const { entry } of model.operations) {
    const method = entry.clientMethod ? ` (\`${entry.clientMethod}\`)` : "";
    lines.push(`  /** Params of \`${entry.operationId}\`${method}. */`);
    lines.push(`  ${entry.operationId}: ${paramsTypeName(entry)};`);
  }
  lines.push("}", "");

  lines.push("/** What each operation resolves to: its 200 body, or the part of it named by `x-edis-result`. */");
  lines.push("export interface OperationResults {");
  for (const { entry } of model.operations) {
    let body = `OkBody<${str(entry.operationId)}>`;
    if (entry.decode) {
      const fields = entry.decode.map((d) => `${d.field}: ${d.as === "json" ? `components["schemas"][${str(d.schema!)}]` : "DataUri"}`);
      body = `Decoded<${body}, { ${fields.join("; ")} }>`;
    }
    lines.push(`  ${entry.operationId}: ${entry.result ? `${body}[${str(entry.result)}]` : body};`);
  }
  lines.push("}", "");
  return lines.join("\n");
}
