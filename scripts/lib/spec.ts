/**
 * Reading `spec/`: the one place that knows where the document lives and how `$ref`s resolve.
 * Used by the generator, the Prism view and the contract suite.
 */
import { readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { keptByText } from "../../src/kept-by-text.js";

/** The project's document of one API (`management`, `order`): spec/edis-<api>-api.yaml. */
export function specPathFor(api: string): string {
  return fileURLToPath(new URL(`../../spec/edis-${api}-api.yaml`, import.meta.url));
}

export const SPEC_PATH = specPathFor("management");

/** The APIs of spec/ (spec/edis-<api>-api.yaml), management first, then by name. */
export const SPEC_APIS: readonly string[] = readdirSync(fileURLToPath(new URL("../../spec/", import.meta.url)))
  .map((name) => /^edis-([a-z]+)-api\.yaml$/.exec(name)?.[1])
  .filter((api): api is string => api !== undefined)
  .sort((a, b) => (a === "management" ? -1 : b === "management" ? 1 : a.localeCompare(b)));

/** A JSON value of the parsed spec, loosely typed: the generator checks what it reads. */
export type Node = Record<string, unknown>;

export const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;

/**
 * The last documents parsed, by their text: the generator, the Prism view, the validators and
 * the tests read spec/ many times a process, and parsing it costs about 0.3 s, a deep copy a
 * hundredth of that. Every caller gets its own copy, and a changed file is parsed anew.
 */
const parsedSpec = keptByText<Node>(4);

/** The parsed document at `path` (spec/'s management document by default), a copy of its own. */
export function loadSpec(path: string = SPEC_PATH): Node {
  return structuredClone(parsedSpec(readFileSync(path, "utf8"), (text) => parse(text) as Node));
}

/** Follows a local `$ref` (`#/components/...`) until it reaches a node without one. */
export function deref(spec: Node, node: unknown): Node {
  let current = node as Node;
  const seen = new Set<string>();
  while (current && typeof current.$ref === "string") {
    const ref = current.$ref;
    if (!ref.startsWith("#/")) throw new Error(`only local $refs are supported: ${ref}`);
    if (seen.has(ref)) throw new Error(`$ref cycle at ${ref}`);
    seen.add(ref);
    let target: unknown = spec;
    for (const part of ref.slice(2).split("/")) {
      target = (target as Node)[part.replace(/~1/g, "/").replace(/~0/g, "~")];
      if (target === undefined) throw new Error(`unresolved $ref ${ref}`);
    }
    current = target as Node;
  }
  return current;
}

/**
 * Resolves a schema to one flat object: `$ref`s are followed and `allOf` is merged (a single
 * entry adds `x-edis-*` notes beside a shared schema; several combine objects, their
 * properties and required lists united), the schema's own keys winning.
 */
export function flattenSchema(spec: Node, node: unknown): Node {
  const schema = deref(spec, node);
  const allOf = schema.allOf as unknown[] | undefined;
  if (!allOf) return schema;
  const { allOf: _ignored, ...own } = schema;
  let merged: Node = {};
  for (const part of allOf.map((p) => flattenSchema(spec, p))) {
    merged = {
      ...merged,
      ...part,
      ...(merged.properties || part.properties ? { properties: { ...(merged.properties as Node), ...(part.properties as Node) } } : {}),
      ...(merged.required || part.required
        ? { required: [...new Set([...((merged.required as string[]) ?? []), ...((part.required as string[]) ?? [])])] }
        : {}),
    };
  }
  return { ...merged, ...own };
}

export interface SpecOperation {
  operationId: string;
  method: string;
  path: string;
  operation: Node;
  pathItem: Node;
}

/** Every operation under `paths`, in document order. */
export function listOperations(spec: Node): SpecOperation[] {
  const out: SpecOperation[] = [];
  for (const [path, rawItem] of Object.entries((spec.paths ?? {}) as Node)) {
    const pathItem = rawItem as Node;
    for (const method of HTTP_METHODS) {
      const operation = pathItem[method] as Node | undefined;
      if (!operation) continue;
      const operationId = operation.operationId;
      if (typeof operationId !== "string") throw new Error(`${method.toUpperCase()} ${path} has no operationId`);
      out.push({ operationId, method, path, operation, pathItem });
    }
  }
  return out;
}

/** The servers an operation resolves to: its own, else its path item's, else the root's. */
export function serversOf(spec: Node, op: SpecOperation): Node[] {
  const servers = (op.operation.servers ?? op.pathItem.servers ?? spec.servers ?? []) as Node[];
  return servers;
}

/** The one media type of an operation's request body, with its name. */
export function requestMedia(spec: Node, op: SpecOperation): { contentType: string; media: Node } {
  const body = deref(spec, op.operation.requestBody);
  const content = (body?.content ?? {}) as Node;
  const types = Object.keys(content);
  if (types.length !== 1) {
    throw new Error(`${op.operationId}: expected exactly one request content type, found ${types.length}`);
  }
  const contentType = types[0]!;
  return { contentType, media: content[contentType] as Node };
}
