/**
 * The client's view of an OpenAPI document: per operation (method + path) its operationId,
 * resolved servers, `x-edis-*` settings, request body (content types, every field flattened to
 * a path such as `requestBody.config.uefi`, `requestBody.ip[]`, `requestBody.ip{}`), and each
 * response status with its body fields. `$ref`s are followed and `allOf` merged, so two
 * documents that spell the same schema differently compare equal. Every node also carries the
 * `x-edis-correction` notes met on the way to it, for spec:drift.
 */
import type { Doc } from "./load.js";
import { type CorrectionNote, type Node, escapePointer, follow, isNode, resolveSchema } from "./resolve-schema.js";
import type { BodyView, ClientView, FieldView, OperationView } from "./view.js";

export type { BodyView, ClientView, CorrectionNote, FieldView, OperationView };

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
const CONSTRAINTS = [
  "format",
  "pattern",
  "minLength",
  "maxLength",
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "multipleOf",
  "minItems",
  "maxItems",
  "uniqueItems",
  "minProperties",
  "maxProperties",
  "default",
];
const DOC_KEYS = ["description", "title", "summary"];

const text = (v: unknown): string => (typeof v === "string" ? v : JSON.stringify(v));

function typeOf(schema: Node): string {
  let type: string;
  if (Array.isArray(schema.type)) type = schema.type.join("|");
  else if (typeof schema.type === "string") type = schema.type;
  else if (Array.isArray(schema.oneOf)) type = "oneOf";
  else if (Array.isArray(schema.anyOf)) type = "anyOf";
  else if (Object.keys((schema.properties as Node) ?? {}).length > 0 || schema.additionalProperties !== undefined) type = "object";
  else if (schema.items !== undefined) type = "array";
  else type = "any";
  return schema.nullable === true ? `${type}|null` : type;
}

/** `x-edis-*` keys that are the project's bookkeeping for spec:drift, not settings of the client. */
const NOT_SETTINGS = new Set(["x-edis-correction", "x-edis-note", "x-edis-from-prose"]);

function extOf(node: Node): Record<string, unknown> {
  const ext: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) if (k.startsWith("x-edis-") && !NOT_SETTINGS.has(k)) ext[k] = v;
  return ext;
}

function docsOf(node: Node): Record<string, string> {
  const docs: Record<string, string> = {};
  for (const k of DOC_KEYS) if (node[k] !== undefined) docs[k] = text(node[k]);
  if (node["x-edis-note"] !== undefined) docs.note = text(node["x-edis-note"]);
  if (node.example !== undefined) docs.example = JSON.stringify(node.example);
  if (node.examples !== undefined) docs.examples = JSON.stringify(node.examples);
  return docs;
}

/** Flattens a schema into `out`: the node at `path`, then its properties, items, map values and variants. */
function walk(doc: Doc, raw: unknown, pointer: string, path: string, required: boolean, out: Map<string, FieldView>, stack: string[]): void {
  const { schema, pointer: at, propertyPointers, notes, refs } = resolveSchema(doc, raw, pointer);
  const recursive = refs.some((r) => stack.includes(r));
  const constraints: Record<string, unknown> = {};
  for (const k of CONSTRAINTS) if (schema[k] !== undefined) constraints[k] = schema[k];
  const view: FieldView = {
    path,
    type: recursive ? "recursive" : typeOf(schema),
    required,
    constraints,
    deprecated: schema.deprecated === true,
    pointers: [pointer, ...refs.map((r) => r.slice(1))],
    ext: extOf(schema),
    docs: docsOf(schema),
    corrections: notes,
  };
  if (Array.isArray(schema.enum)) view.enum = schema.enum.map((v) => JSON.stringify(v));
  out.set(path, view);
  if (recursive) return;
  const inner = [...stack, ...refs];
  const requiredSet = new Set((schema.required as string[]) ?? []);
  for (const [name, sub] of Object.entries((schema.properties as Node) ?? {})) {
    walk(doc, sub, propertyPointers.get(name) ?? at, `${path}.${name}`, requiredSet.has(name), out, inner);
  }
  if (schema.items !== undefined) walk(doc, schema.items, `${at}/items`, `${path}[]`, true, out, inner);
  if (isNode(schema.additionalProperties)) {
    walk(doc, schema.additionalProperties, `${at}/additionalProperties`, `${path}{}`, true, out, inner);
  }
  for (const combiner of ["oneOf", "anyOf"] as const) {
    const variants = schema[combiner];
    if (!Array.isArray(variants)) continue;
    for (const [i, v] of variants.entries()) walk(doc, v, `${at}/${combiner}/${i}`, `${path}.${combiner}[${i}]`, true, out, inner);
  }
}

/** A request body or a response: its content types, docs, and the fields of its first media type. */
function bodyView(doc: Doc, raw: unknown, pointer: string, path: string, isRequest: boolean): BodyView {
  const { node, pointer: at, notes } = follow(doc, raw, pointer);
  const content = isNode(node.content) ? node.content : {};
  const contentTypes = Object.keys(content);
  const docs: Record<string, string> = {};
  if (node.description !== undefined) docs.description = text(node.description);
  const fields = new Map<string, FieldView>();
  const first = contentTypes[0];
  const view: BodyView = { path, contentTypes, fields, docs, corrections: [...notes] };
  if (isRequest) view.required = node.required === true;
  if (first === undefined) return view;
  const mediaPointer = `${at}/content/${escapePointer(first)}`;
  const media = content[first] as Node;
  if (media["x-edis-correction"] !== undefined) view.corrections.push({ pointer: mediaPointer, value: media["x-edis-correction"] });
  if (media.example !== undefined) docs.example = JSON.stringify(media.example);
  if (media.examples !== undefined) docs.examples = JSON.stringify(media.examples);
  if (media.schema !== undefined) walk(doc, media.schema, `${mediaPointer}/schema`, path, isRequest ? view.required === true : true, fields, []);
  const encoding = isNode(media.encoding) ? media.encoding : {};
  for (const [name, enc] of Object.entries(encoding)) {
    const field = fields.get(`${path}.${name}`);
    if (field && isNode(enc) && typeof enc.contentType === "string") field.encoding = enc.contentType;
  }
  return view;
}

/** The parameters of an operation: its path item's, overridden by its own (same name and `in`). */
function parametersOf(doc: Doc, item: Node, itemPointer: string, op: Node, opPointer: string): Map<string, FieldView> {
  const byKey = new Map<string, { node: Node; pointer: string }>();
  for (const [list, base] of [
    [item.parameters, itemPointer],
    [op.parameters, opPointer],
  ] as const) {
    if (!Array.isArray(list)) continue;
    list.forEach((raw, i) => {
      const { node, pointer } = follow(doc, raw, `${base}/parameters/${i}`);
      byKey.set(`parameters.${String(node.in)}.${String(node.name)}`, { node, pointer });
    });
  }
  const fields = new Map<string, FieldView>();
  for (const [key, { node, pointer }] of byKey) {
    walk(doc, node.schema ?? {}, `${pointer}/schema`, key, node.required === true, fields, []);
    const field = fields.get(key)!;
    if (node.deprecated === true) field.deprecated = true;
    if (node.description !== undefined) field.docs.description = text(node.description);
  }
  return fields;
}

function operationView(
  doc: Doc,
  op: Node,
  opPointer: string,
  method: string,
  path: string,
  servers: { list: unknown; pointer: string },
  parameters: Map<string, FieldView>,
): OperationView {
  const serverList = Array.isArray(servers.list) ? (servers.list as unknown[]).filter(isNode) : [];
  const serverCorrections: CorrectionNote[] = [];
  serverList.forEach((s, i) => {
    if (s["x-edis-correction"] !== undefined) serverCorrections.push({ pointer: `${servers.pointer}/${i}`, value: s["x-edis-correction"] });
  });
  const ext = extOf(op);
  const host = serverList[0]?.["x-edis-host"];
  if (host !== undefined) ext["x-edis-host"] = host;
  const view: OperationView = {
    key: `${method.toUpperCase()} ${path}`,
    method: method.toUpperCase(),
    path,
    servers: serverList.map((s) => String(s.url)),
    deprecated: op.deprecated === true,
    ext,
    docs: docsOf(op),
    parameters,
    responses: new Map(),
    corrections: op["x-edis-correction"] === undefined ? [] : [{ pointer: opPointer, value: op["x-edis-correction"] }],
    serverCorrections,
  };
  if (typeof op.operationId === "string") view.operationId = op.operationId;
  if (op.requestBody !== undefined) view.request = bodyView(doc, op.requestBody, `${opPointer}/requestBody`, "requestBody", true);
  for (const [status, response] of Object.entries(isNode(op.responses) ? op.responses : {})) {
    view.responses.set(status, bodyView(doc, response, `${opPointer}/responses/${escapePointer(status)}`, `responses.${status}`, false));
  }
  return view;
}

/** The client's view of every operation of the document, callbacks included. */
export function clientView(doc: Doc): ClientView {
  const view: ClientView = new Map();
  const paths = isNode(doc.paths) ? doc.paths : {};
  for (const [path, rawItem] of Object.entries(paths)) {
    const itemPointer = `/paths/${escapePointer(path)}`;
    const item = follow(doc, rawItem, itemPointer).node;
    for (const method of METHODS) {
      const op = item[method];
      if (!isNode(op)) continue;
      const opPointer = `${itemPointer}/${method}`;
      const servers =
        op.servers !== undefined
          ? { list: op.servers, pointer: `${opPointer}/servers` }
          : item.servers !== undefined
            ? { list: item.servers, pointer: `${itemPointer}/servers` }
            : { list: doc.servers, pointer: "/servers" };
      const operation = operationView(doc, op, opPointer, method, path, servers, parametersOf(doc, item, itemPointer, op, opPointer));
      view.set(operation.key, operation);
      for (const [name, rawCallback] of Object.entries(isNode(op.callbacks) ? op.callbacks : {})) {
        const callbackPointer = `${opPointer}/callbacks/${escapePointer(name)}`;
        const callback = follow(doc, rawCallback, callbackPointer).node;
        for (const [expression, rawCbItem] of Object.entries(callback)) {
          const cbItemPointer = `${callbackPointer}/${escapePointer(expression)}`;
          const cbItem = follow(doc, rawCbItem, cbItemPointer).node;
          for (const cbMethod of METHODS) {
            const cbOp = cbItem[cbMethod];
            if (!isNode(cbOp)) continue;
            const cbView = operationView(
              doc,
              cbOp,
              `${cbItemPointer}/${cbMethod}`,
              cbMethod,
              expression,
              {
                list: cbOp.servers ?? cbItem.servers,
                pointer: `${cbItemPointer}/${cbOp.servers ? `${cbMethod}/` : ""}servers`,
              },
              parametersOf(doc, cbItem, cbItemPointer, cbOp, `${cbItemPointer}/${cbMethod}`),
            );
            cbView.key = `${cbView.key} (callback ${name} of ${operation.key})`;
            cbView.callbackOf = operation.key;
            view.set(cbView.key, cbView);
          }
        }
      }
    }
  }
  return view;
}
