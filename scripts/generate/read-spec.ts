/**
 * The spec → the generator's model: each operation as the runtime's table entry (an
 * OperationSpec), plus the words the types carry (descriptions, examples), the callbacks, the
 * client's namespaces and their titles (read-namespaces.ts). Every check of the spec's
 * `x-edis-*` extensions is here or there; the renderers only write what these return.
 */
import { type CallbackSpec, FIELD_SOURCES, HOST_KINDS, type OperationField, type OperationSpec } from "../../src/operation-spec.js";
import { type Node, type SpecOperation, flattenSchema, listOperations, requestMedia, serversOf } from "../lib/spec.js";
import { fail } from "./fail.js";
import { camelCase } from "./names.js";
import { type NamespaceModel, readMethods, readNamespaces } from "./read-namespaces.js";
import { readRule } from "./read-rule.js";

type Writable<T> = { -readonly [K in keyof T]: T[K] };

/** What the types say of a request field, beside the table's entry. */
export interface FieldDoc {
  description?: string;
  /** The spec's `example` of the field (or the first of its `examples`). */
  example?: unknown;
}

export interface OperationModel {
  /** The runtime's table entry, its keys in the order the table lists them. */
  entry: OperationSpec;
  /** The spec's description of the operation. */
  description?: string;
  /** By wire name. */
  fieldDocs: Readonly<Record<string, FieldDoc>>;
  /** The spec's tags of the operation. */
  tags: readonly string[];
  /** The document it is from (`management`, `order`), once read-specs.ts merged them. */
  api?: string;
}

export type { NamespaceModel };

export interface SpecModel {
  trustedHostSuffixes: readonly string[];
  operations: readonly OperationModel[];
  callbacks: readonly CallbackSpec[];
  /** Namespace → method → operationId (`x-edis-method`), in the order of the operations. */
  methods: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** Every namespace with a title, in the order of the spec's `tags`; vps has no operation of its own. */
  namespaces: readonly NamespaceModel[];
}

export function readSpec(spec: Node): SpecModel {
  const operations = listOperations(spec).map((op) => readOperation(spec, op));
  const callbacks = listCallbacks(spec).map((op) => readCallback(spec, op));
  const methods = readMethods(operations);
  return {
    trustedHostSuffixes: (spec["x-edis-trusted-host-suffixes"] ?? []) as string[],
    operations,
    callbacks,
    methods,
    namespaces: readNamespaces(spec, operations),
  };
}

function readOperation(spec: Node, op: SpecOperation): OperationModel {
  const where = op.operationId;
  if (op.method !== "post") fail(where, "every EDIS operation is a POST");
  const servers = serversOf(spec, op);
  const server = servers[0];
  if (!server) fail(where, "resolves to no server");
  const host = server["x-edis-host"];
  if (!HOST_KINDS.includes(host as OperationSpec["host"])) fail(where, "its server has no valid x-edis-host");

  const { contentType, fields, fieldDocs } = readFields(spec, op);
  const usesSession = fields.some((f) => f.from?.startsWith("session."));
  const usesCredentials = fields.some((f) => f.from?.startsWith("credentials."));
  if (usesSession === usesCredentials) fail(where, "needs exactly one of session fields or credential fields");

  const summary = op.operation.summary;
  if (typeof summary !== "string" || summary === "") fail(where, "needs a summary (the CLI's help shows it)");
  const entry: Writable<OperationSpec> = {
    operationId: op.operationId,
    summary,
    method: "POST",
    path: op.path,
    host: host as OperationSpec["host"],
    server: server.url as string,
    contentType,
    auth: usesSession ? "session" : "credentials",
    retrySafe: op.operation["x-edis-retry-safe"] === true,
    destructive: op.operation["x-edis-destructive"] === true,
    fields,
  };
  if (entry.retrySafe && entry.destructive) fail(where, "an operation cannot be both retry-safe and destructive");
  if (op.operation["x-edis-retry-safe"] === undefined || op.operation["x-edis-destructive"] === undefined) {
    fail(where, "x-edis-retry-safe and x-edis-destructive must both be stated");
  }
  finishOperation(spec, op, entry);
  const description = op.operation.description;
  const tags = Array.isArray(op.operation.tags) ? op.operation.tags.map(String) : [];
  return { entry, ...(typeof description === "string" ? { description } : {}), fieldDocs, tags };
}

/** The optional parts of an entry: client method, result, decoders, bulk; and the kvm_id check. */
function finishOperation(spec: Node, op: SpecOperation, entry: Writable<OperationSpec>): void {
  const where = op.operationId;
  const fields = entry.fields;
  const clientMethod = op.operation["x-edis-method"];
  if (clientMethod !== undefined) {
    if (typeof clientMethod !== "string" || !/^[a-z][A-Za-z0-9]*\.[a-z][A-Za-z0-9]*$/.test(clientMethod)) {
      fail(where, "x-edis-method must read namespace.method");
    }
    entry.clientMethod = clientMethod;
  }
  const result = op.operation["x-edis-result"];
  if (result !== undefined) entry.result = result as string;
  const decode = decodersOf(spec, op);
  if (decode.length > 0) entry.decode = decode;
  const bulk = op.operation["x-edis-bulk"];
  if (bulk !== undefined) {
    const field = fields.find((f) => f.wire === bulk && !f.from);
    const max = field?.rule.maxItems ?? field?.rule.maxProperties;
    if (!field || typeof max !== "number") fail(where, `x-edis-bulk names ${String(bulk)}, which is no caller field with maxItems or maxProperties`);
    entry.bulk = { field: field.wire, max };
  }
  const exactlyOne = flattenSchema(spec, requestMedia(spec, op).media.schema)["x-edis-exactly-one"];
  if (exactlyOne !== undefined) {
    const groups = Array.isArray(exactlyOne) ? exactlyOne : [];
    const isGroup = (g: unknown): g is string[] =>
      Array.isArray(g) && g.length >= 2 && g.every((w) => fields.some((f) => f.wire === w && !f.from && !f.required));
    if (groups.length === 0 || !groups.every(isGroup)) {
      fail(where, "x-edis-exactly-one must list groups of two or more optional caller fields");
    }
    entry.exactlyOne = groups;
  }
  if (entry.auth === "session" && !fields.some((f) => f.wire === "kvm_id" && f.required && !f.from)) {
    fail(where, "a session operation needs a required kvm_id from the caller");
  }
}

/** Response fields the client decodes: JSON text inside JSON, and data URIs. */
function decodersOf(spec: Node, op: SpecOperation): NonNullable<OperationSpec["decode"]>[number][] {
  const responses = (op.operation.responses ?? {}) as Node;
  const ok = responses["200"] as Node | undefined;
  const media = ((ok?.content ?? {}) as Node)["application/json"] as Node | undefined;
  if (!media?.schema) return [];
  const body = flattenSchema(spec, media.schema);
  const out: NonNullable<OperationSpec["decode"]>[number][] = [];
  for (const [field, raw] of Object.entries((body.properties ?? {}) as Node)) {
    const prop = flattenSchema(spec, raw);
    const json = prop["x-edis-json"];
    if (typeof json === "string") {
      if (!json.startsWith("#/components/schemas/")) fail(`${op.operationId}.${field}`, "x-edis-json must name a component schema");
      out.push({ field, as: "json", schema: json.slice("#/components/schemas/".length) });
    }
    if (prop["x-edis-data-uri"] === true) out.push({ field, as: "data-uri" });
  }
  return out;
}

function readFields(spec: Node, op: SpecOperation): { contentType: string; fields: OperationField[]; fieldDocs: Record<string, FieldDoc> } {
  const where = op.operationId;
  const { contentType, media } = requestMedia(spec, op);
  if (contentType !== "application/x-www-form-urlencoded" && contentType !== "multipart/form-data") {
    fail(where, `request content type ${contentType} is not a form`);
  }
  const encoding = (media.encoding ?? {}) as Record<string, Node>;
  const schema = flattenSchema(spec, media.schema);
  const required = new Set((schema.required ?? []) as string[]);
  const fields: OperationField[] = [];
  const fieldDocs: Record<string, FieldDoc> = {};
  const params = new Set<string>();
  for (const [wire, raw] of Object.entries((schema.properties ?? {}) as Node)) {
    const prop = flattenSchema(spec, raw);
    const from = prop["x-edis-from"] as OperationField["from"];
    if (from !== undefined && !FIELD_SOURCES.includes(from)) fail(`${where}.${wire}`, `unknown x-edis-from ${from}`);
    const param = (prop["x-edis-param"] as string | undefined) ?? camelCase(wire);
    if (from === undefined) {
      if (params.has(param)) fail(`${where}.${wire}`, `two fields map to the parameter ${param}`);
      params.add(param);
    }
    fields.push({
      wire,
      param,
      ...(from === undefined ? {} : { from }),
      json: encoding[wire]?.contentType === "application/json",
      secret: prop["x-edis-secret"] === true,
      required: required.has(wire),
      ...(prop.default === undefined ? {} : { default: prop.default }),
      ...(typeof prop["x-edis-filename"] === "string" ? { filename: prop["x-edis-filename"] } : {}),
      rule: readRule(spec, prop, `${where}.${wire}`),
    });
    const example = prop.example ?? (Array.isArray(prop.examples) ? prop.examples[0] : undefined);
    fieldDocs[wire] = {
      ...(typeof prop.description === "string" ? { description: prop.description } : {}),
      ...(example === undefined ? {} : { example }),
    };
  }
  for (const name of required) {
    if (!fields.some((f) => f.wire === name)) fail(where, `required field ${name} is not a property`);
  }
  return { contentType, fields, fieldDocs };
}

/** Every callback operation of every operation, in document order. */
function listCallbacks(spec: Node): SpecOperation[] {
  const out: SpecOperation[] = [];
  for (const parent of listOperations(spec)) {
    for (const callback of Object.values((parent.operation.callbacks ?? {}) as Node)) {
      for (const [expression, item] of Object.entries(callback as Node)) {
        for (const [method, operation] of Object.entries(item as Node)) {
          const operationId = (operation as Node).operationId;
          if (typeof operationId !== "string") fail(parent.operationId, `a callback at ${expression} has no operationId`);
          out.push({ operationId, method, path: expression, operation: operation as Node, pathItem: item as Node });
        }
      }
    }
  }
  return out;
}

function readCallback(spec: Node, op: SpecOperation): CallbackSpec {
  const { contentType, fields } = readFields(spec, op);
  const sources = op.operation["x-edis-source-addresses"];
  return {
    operationId: op.operationId,
    contentType,
    sourceAddresses: Array.isArray(sources) ? sources.map(String) : [],
    fields,
  };
}
