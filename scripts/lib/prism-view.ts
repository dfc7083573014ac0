/**
 * The view of spec/ that Prism is started from. Prism cannot read a form field that holds
 * JSON text (it wants the decoded array or object, stoplightio/prism#1622), so in this view
 * every such field is declared as the plain string it is on the wire. Nothing else changes;
 * the contract suite decodes those fields itself and checks them against spec/.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Node, deref, flattenSchema, listOperations, loadSpec, requestMedia, specPathFor } from "./spec.js";

export interface PrismViewOptions {
  /**
   * For Prism's dynamic mode (`-d`): a string that holds JSON text of a schema (`x-edis-json`)
   * is pinned to the documented examples, since Prism can only make up random text that
   * matches the string's pattern, never JSON of the named schema.
   */
  dynamic?: boolean;
  /** The document of spec/ to serve (`management`, `order`): spec/edis-<api>-api.yaml. */
  api?: string;
}

/**
 * `format: ip` is this project's (IPv4 or IPv6); Prism's generator does not know it and makes up
 * any text. In the dynamic view it reads `ipv4`, a part of what `ip` allows. Array and map
 * bounds are lowered there too.
 */
const DYNAMIC_BOUND = 25;

function generatable(node: unknown): void {
  if (Array.isArray(node)) node.forEach(generatable);
  else if (typeof node === "object" && node !== null) {
    const record = node as Node;
    // Prism fills arrays and maps up to their bounds (10,000 records take seconds); a
    // smaller bound keeps the bodies varied and the run fast.
    for (const bound of ["maxItems", "maxProperties"]) {
      if (typeof record[bound] === "number" && (record[bound] as number) > DYNAMIC_BOUND) record[bound] = DYNAMIC_BOUND;
    }
    if (record.format === "ip") {
      // Its pattern is a loose character check that ipv4 always meets; with a pattern present
      // Prism's generator ignores the format.
      record.format = "ipv4";
      delete record.pattern;
    }
    Object.values(record).forEach(generatable);
  }
}

/** The JSON-text fields of every documented response body, with their documented values. */
function pinJsonText(view: Node): void {
  for (const op of listOperations(view)) {
    for (const response of Object.values((op.operation.responses ?? {}) as Node)) {
      const media = (((response as Node).content ?? {}) as Node)["application/json"] as Node | undefined;
      if (!media?.schema) continue;
      const examples = [media.example, ...Object.values((media.examples ?? {}) as Node).map((e) => (e as Node).value)].filter(
        (e): e is Node => typeof e === "object" && e !== null,
      );
      const schema = structuredClone(flattenSchema(view, media.schema));
      const properties = { ...((schema.properties ?? {}) as Node) };
      let changed = false;
      for (const [name, raw] of Object.entries(properties)) {
        if (typeof flattenSchema(view, raw)["x-edis-json"] !== "string") continue;
        const values = examples.map((e) => e[name]).filter((v) => typeof v === "string");
        if (values.length === 0) throw new Error(`${op.operationId}: ${name} has x-edis-json but no example to pin`);
        properties[name] = { type: "string", enum: values };
        changed = true;
      }
      if (changed) media.schema = { ...schema, properties };
    }
  }
}

export function prismView(spec: Node = loadSpec(), options: PrismViewOptions = {}): Node {
  const view = structuredClone(spec);
  if (options.dynamic) {
    pinJsonText(view);
    generatable(view.components);
  }
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
export function writePrismView(options: PrismViewOptions = {}): string {
  const dir = mkdtempSync(join(tmpdir(), "edis-prism-"));
  const api = options.api ?? "management";
  const file = join(dir, `edis-${api}-api.prism.json`);
  writeFileSync(file, JSON.stringify(prismView(loadSpec(specPathFor(api)), options), null, 2));
  return file;
}
