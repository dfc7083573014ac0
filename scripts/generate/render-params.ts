/**
 * generated/params.ts: the params each operation takes and what it resolves to, typed from
 * openapi-typescript's types. Each operation's params are a named type whose properties carry
 * their field's description and `@default` from the spec, which an editor shows on hover.
 */
import { banner } from "./banner.js";
import { type DocPart, docComment } from "./jsdoc.js";
import { paramsTypeName } from "./names.js";
import type { SpecModel } from "./read-spec.js";
import { typesFileOf } from "./render-types.js";

const str = (value: string) => JSON.stringify(value);

/** `order` → `Order`: the prefix of a document's imported types. */
const pascal = (api: string) => api.charAt(0).toUpperCase() + api.slice(1);

/** The imports of each document's types: its operations, and its components when a decoder names one. */
function typeImports(model: SpecModel): string[] {
  const apis = [...new Set(model.operations.map((op) => op.api ?? "management"))];
  const decodes = new Set(model.operations.filter((op) => op.entry.decode?.some((d) => d.as === "json")).map((op) => op.api ?? "management"));
  const lines = apis.map((api) => {
    const names = [...(decodes.has(api) ? [`components as ${pascal(api)}Components`] : []), `operations as ${pascal(api)}Operations`];
    return `import type { ${names.join(", ")} } from "./${typesFileOf(api)}.js";`;
  });
  lines.push("", "/** The operations of every document of spec/, by operationId. */");
  lines.push(`type operations = ${apis.map((api) => `${pascal(api)}Operations`).join(" & ")};`);
  return lines;
}

export function renderParams(model: SpecModel): string {
  const lines = [
    banner("generated/params.ts"),
    'import type { BinaryInput, DataUri } from "../src/operation-spec.js";',
    'import type { OperationId } from "./table.js";',
    ...typeImports(model),
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
    const grouped = new Set((entry.exactlyOne ?? []).flat());
    /** A field's line (with its doc comment), optional or not as `opt` says; `never` for one left out. */
    const fieldLines = (f: (typeof entry.fields)[number], indent: string, opt: string, never = false): string[] => {
      if (never) return [`${indent}${f.param}?: never;`];
      const doc = fieldDocs[f.wire] ?? {};
      const parts: DocPart[] = [];
      if (doc.description) parts.push(doc.description);
      if (f.default !== undefined) parts.push({ lines: [`@default ${JSON.stringify(f.default)}`] });
      const body = `FormBody<${str(entry.operationId)}>[${str(f.wire)}]`;
      // A field the spec leaves optional, made required by its group, is typed without `undefined`.
      const type = f.rule.format === "binary" ? "BinaryInput" : opt === "" && !f.required ? `NonNullable<${body}>` : body;
      return [...(parts.length > 0 ? docComment(indent, parts) : []), `${indent}${f.param}${opt}: ${type};`];
    };
    lines.push(`export type ${name} = {`);
    for (const f of entry.fields) {
      if (f.from || grouped.has(f.wire)) continue;
      lines.push(...fieldLines(f, "  ", f.required && f.default === undefined ? "" : "?"));
    }
    if (grouped.size === 0) lines.push("};", "");
    for (const group of entry.exactlyOne ?? []) {
      // `x-edis-exactly-one`: a union in which each member gives one field of the group and none of the others.
      const members = group.map((w) => entry.fields.find((f) => f.wire === w)!);
      lines.push(entry.exactlyOne![0] === group ? "} & (" : ") & (");
      for (const given of members) {
        lines.push("  | {");
        for (const f of members) lines.push(...fieldLines(f, "      ", "", f !== given));
        lines.push("    }");
      }
    }
    if (grouped.size > 0) lines.push(");", "");
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
  for (const op of model.operations) {
    const { entry } = op;
    let body = `OkBody<${str(entry.operationId)}>`;
    if (entry.decode) {
      const fields = entry.decode.map(
        (d) => `${d.field}: ${d.as === "json" ? `${pascal(op.api ?? "management")}Components["schemas"][${str(d.schema!)}]` : "DataUri"}`,
      );
      body = `Decoded<${body}, { ${fields.join("; ")} }>`;
    }
    lines.push(`  ${entry.operationId}: ${entry.result ? `${body}[${str(entry.result)}]` : body};`);
  }
  lines.push("}", "");
  return lines.join("\n");
}
