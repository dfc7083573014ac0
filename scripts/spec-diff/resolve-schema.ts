/**
 * A schema of an OpenAPI document resolved for comparison: its `$ref`s followed (local ones
 * only, cycles refused) and its `allOf` merged, with where each property is declared and the
 * `x-edis-correction` notes met on the way.
 */
import type { Doc } from "./load.js";

export type Node = Record<string, unknown>;

/** An `x-edis-correction` found in the document, and where (a JSON pointer). */
export interface CorrectionNote {
  pointer: string;
  value: unknown;
}

export const escapePointer = (s: string) => s.replace(/~/g, "~0").replace(/\//g, "~1");
export const isNode = (v: unknown): v is Node => typeof v === "object" && v !== null && !Array.isArray(v);

/** Follows `$ref`s from the node at `pointer`; returns the target, its pointer and the notes met. */
export function follow(doc: Doc, node: unknown, pointer: string): { node: Node; pointer: string; notes: CorrectionNote[]; refs: string[] } {
  let current = node;
  let at = pointer;
  const notes: CorrectionNote[] = [];
  const refs: string[] = [];
  while (isNode(current)) {
    if (current["x-edis-correction"] !== undefined) notes.push({ pointer: at, value: current["x-edis-correction"] });
    const ref = current.$ref;
    if (typeof ref !== "string") break;
    if (!ref.startsWith("#/")) throw new Error(`only local $refs are supported: ${ref}`);
    if (refs.includes(ref)) throw new Error(`$ref cycle at ${ref}`);
    refs.push(ref);
    let target: unknown = doc;
    for (const part of ref.slice(2).split("/")) {
      target = isNode(target) ? target[part.replace(/~1/g, "/").replace(/~0/g, "~")] : undefined;
      if (target === undefined) throw new Error(`unresolved $ref ${ref}`);
    }
    current = target;
    at = ref.slice(1);
  }
  return { node: isNode(current) ? current : {}, pointer: at, notes, refs };
}

export interface Merged {
  schema: Node;
  /** Pointer of the schema after its `$ref`s. */
  pointer: string;
  /** Where each property is declared. */
  propertyPointers: Map<string, string>;
  notes: CorrectionNote[];
  refs: string[];
}

/** Resolves a schema: `$ref`s followed, `allOf` merged (properties and required lists united). */
export function resolveSchema(doc: Doc, raw: unknown, pointer: string): Merged {
  const { node, pointer: at, notes, refs } = follow(doc, raw, pointer);
  const propertyPointers = new Map<string, string>();
  const allOf = Array.isArray(node.allOf) ? node.allOf : undefined;
  const own = { ...node };
  delete own.allOf;
  let schema: Node = {};
  if (allOf) {
    allOf.forEach((part, i) => {
      const merged = resolveSchema(doc, part, `${at}/allOf/${i}`);
      notes.push(...merged.notes);
      refs.push(...merged.refs);
      for (const [k, v] of merged.propertyPointers) propertyPointers.set(k, v);
      schema = {
        ...schema,
        ...merged.schema,
        properties: { ...(schema.properties as Node), ...(merged.schema.properties as Node) },
        required: [...new Set([...((schema.required as string[]) ?? []), ...((merged.schema.required as string[]) ?? [])])],
      };
    });
  }
  for (const name of Object.keys(isNode(own.properties) ? own.properties : {})) {
    propertyPointers.set(name, `${at}/properties/${escapePointer(name)}`);
  }
  schema = {
    ...schema,
    ...own,
    properties: { ...(schema.properties as Node), ...(own.properties as Node) },
    required: [...new Set([...((schema.required as string[]) ?? []), ...((own.required as string[]) ?? [])])],
  };
  return { schema, pointer: at, propertyPointers, notes, refs };
}
