/**
 * The view of spec/ that Prism is started from. Prism cannot read a form field that holds
 * JSON text (it wants the decoded array or object, stoplightio/prism#1622), so in this view
 * every such field is declared as the plain string it is on the wire. Nothing else changes;
 * the contract suite decodes those fields itself and checks them against spec/.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Node, deref, flattenSchema, listOperations, loadSpec, requestMedia } from "./spec.js";

export function prismView(spec: Node = loadSpec()): Node {
  const view = structuredClone(spec);
  for (const op of listOperations(view)) {
    const { media } = requestMedia(view, op);
    const encoding = (media.encoding ?? {}) as Record<string, Node>;
    const jsonFields = Object.keys(encoding).filter((name) => encoding[name]?.contentType === "application/json");
    if (jsonFields.length === 0) continue;
    const schema = structuredClone(flattenSchema(view, media.schema));
    const properties = { ...(schema.properties as Node) };
    for (const name of jsonFields) {
      const original = deref(view, properties[name]);
      properties[name] = { type: "string", minLength: 2, description: `JSON text of: ${String(original.description ?? name)}` };
      delete encoding[name];
    }
    schema.properties = properties;
    media.schema = schema;
    if (Object.keys(encoding).length === 0) delete media.encoding;
  }
  return view;
}

/** Writes the Prism view to a fresh temporary file and returns its path. */
export function writePrismView(): string {
  const dir = mkdtempSync(join(tmpdir(), "edis-prism-"));
  const file = join(dir, "edis-management-api.prism.json");
  writeFileSync(file, JSON.stringify(prismView(), null, 2));
  return file;
}
