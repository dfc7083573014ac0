/**
 * Validators compiled from spec/ itself (never a schema written again by hand): the request
 * schema of each operation, for the decoded form body, and the response schema of each
 * documented status. Every document of spec/ (management, order) is compiled on its own; an
 * operation is looked up in the document that has it. The OpenAPI → JSON Schema conversion, the
 * ajv setup and the reading of ajv's errors are shipped code (src/contract/spec-schemas.ts).
 */
import { Ajv, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import { type AjvModules, createSpecAjv, pointer, toJsonSchema, violationsOf } from "../../src/contract/spec-schemas.js";
import { type Node, SPEC_APIS, flattenSchema, listOperations, loadSpec, requestMedia, specPathFor } from "./spec.js";

// ajv-formats is CommonJS; its default export arrives wrapped under NodeNext.
type AddFormats = AjvModules["addFormats"];
const addFormats = ((addFormatsModule as unknown as { default?: AddFormats }).default ?? addFormatsModule) as unknown as AddFormats;
/** The schema conversion and the ajv setup are the shipped ones (`edis contract check` judges by them too). */
const modules: AjvModules = { Ajv, addFormats };
const createAjv = (coerce: boolean): Ajv => createSpecAjv(modules, coerce);

export interface SpecValidator {
  readonly spec: Node;
  /** Checks a decoded request body (JSON fields parsed, others as on the wire). */
  request(operationId: string, body: Record<string, unknown>): string[];
  /** Checks a response body against the schema of its status. */
  response(operationId: string, status: number, body: unknown): string[];
  /** The example of a documented response. */
  example(operationId: string, status: number): unknown;
  /** The documented statuses of an operation. */
  statuses(operationId: string): number[];
  /** Names of the form fields that the spec declares JSON. */
  jsonFields(operationId: string): string[];
  /** Names of the form fields that the spec declares binary (`format: binary`). */
  binaryFields(operationId: string): string[];
  /** The request content type of an operation. */
  contentType(operationId: string): string;
  /** Path of an operation. */
  path(operationId: string): string;
}

/** One validator over every document of spec/; `spec` is the management document. */
export function createSpecValidator(): SpecValidator {
  const documents = SPEC_APIS.map((api) => createDocumentValidator(loadSpec(specPathFor(api))));
  const of = (id: string) => documents.find((d) => d.has(id)) ?? documents[0]!;
  return {
    spec: documents[0]!.spec,
    request: (id, body) => of(id).request(id, body),
    response: (id, status, body) => of(id).response(id, status, body),
    example: (id, status) => of(id).example(id, status),
    statuses: (id) => of(id).statuses(id),
    jsonFields: (id) => of(id).jsonFields(id),
    binaryFields: (id) => of(id).binaryFields(id),
    contentType: (id) => of(id).contentType(id),
    path: (id) => of(id).path(id),
  };
}

function createDocumentValidator(spec: Node): SpecValidator & { has(id: string): boolean } {
  const converted = toJsonSchema(spec) as Node;
  const strict = createAjv(false);
  const coercing = createAjv(true);
  strict.addSchema({ ...converted, $id: "spec" });
  coercing.addSchema({ ...converted, $id: "spec" });
  const ops = new Map(listOperations(spec).map((op) => [op.operationId, op]));
  const cache = new Map<string, ValidateFunction>();

  const op = (id: string) => {
    const found = ops.get(id);
    if (!found) throw new Error(`no operation ${id} in spec/`);
    return found;
  };
  const compile = (ajv: Ajv, ref: string): ValidateFunction => {
    let fn = cache.get(`${ajv === strict}:${ref}`);
    if (!fn) {
      fn = ajv.compile({ $ref: `spec#/${ref}` });
      cache.set(`${ajv === strict}:${ref}`, fn);
    }
    return fn;
  };
  const errors = (fn: ValidateFunction, value: unknown): string[] =>
    fn(value) ? [] : violationsOf(fn.errors).map((v) => `${v.path || "(body)"} ${v.message}`);
  const responseOf = (id: string, status: number): Node => {
    const responses = op(id).operation.responses as Record<string, Node>;
    const response = responses[String(status)];
    if (!response) throw new Error(`${id} documents no ${status}`);
    return response;
  };

  return {
    spec,
    has: (id) => ops.has(id),
    request(id, body) {
      const o = op(id);
      const { contentType } = requestMedia(spec, o);
      const ref = pointer("paths", o.path, o.method, "requestBody", "content", contentType, "schema");
      return errors(compile(coercing, ref), structuredClone(body));
    },
    response(id, status, body) {
      const o = op(id);
      responseOf(id, status);
      const ref = pointer("paths", o.path, o.method, "responses", String(status), "content", "application/json", "schema");
      return errors(compile(strict, ref), body);
    },
    example(id, status) {
      const media = ((responseOf(id, status).content as Node)["application/json"] ?? {}) as Node;
      if ("example" in media) return media.example;
      const examples = media.examples as Record<string, Node> | undefined;
      return examples ? Object.values(examples)[0]?.value : undefined;
    },
    statuses(id) {
      return Object.keys(op(id).operation.responses as Node).map(Number);
    },
    jsonFields(id) {
      const { media } = requestMedia(spec, op(id));
      const encoding = (media.encoding ?? {}) as Record<string, Node>;
      return Object.keys(encoding).filter((k) => encoding[k]?.contentType === "application/json");
    },
    binaryFields(id) {
      const { media } = requestMedia(spec, op(id));
      const schema = flattenSchema(spec, media.schema);
      return Object.entries((schema.properties ?? {}) as Node)
        .filter(([, raw]) => flattenSchema(spec, raw).format === "binary")
        .map(([name]) => name);
    },
    contentType(id) {
      return requestMedia(spec, op(id)).contentType;
    },
    path(id) {
      return op(id).path;
    },
  };
}
