/**
 * The response-schema judgement against the spec, shared by `edis contract check` and the
 * repository's own checks (scripts/lib/spec-validator.ts): the spec's OpenAPI 3.0 schemas as
 * JSON Schema, an ajv with the spec's formats, and ajv's findings as violations naming the place
 * in the answer and the rule broken. ajv is handed in, so that the CLI loads it only when a
 * check runs (spec-files.ts); nothing here imports it at run time.
 */
import { isIP } from "node:net";
import type { Ajv, ErrorObject, ValidateFunction } from "ajv";

/** A parsed document of spec/, loosely typed. */
export type SpecDocument = Record<string, unknown>;

/** The ajv class and ajv-formats' plugin, however they were loaded. */
export interface AjvModules {
  readonly Ajv: typeof Ajv;
  readonly addFormats: (ajv: Ajv) => unknown;
}

/** OpenAPI 3.0 schema → JSON Schema: `nullable`, and our `x-edis-key-format` as `propertyNames`; examples and notes dropped. */
export function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (typeof node !== "object" || node === null) return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === "x-edis-key-format") out.propertyNames = { format: value };
    else if (key === "example" || key === "examples" || key.startsWith("x-")) continue;
    else out[key] = toJsonSchema(value);
  }
  if (out.nullable === true && typeof out.type === "string") out.type = [out.type, "null"];
  delete out.nullable;
  return out;
}

/** An ajv that knows the spec's formats (`ip`, and `password` and `binary`, which constrain nothing); `coerce` for form fields. */
export function createSpecAjv(modules: AjvModules, coerce: boolean): Ajv {
  // verbose: each error carries the schema object it broke, which says where the rule is written.
  const ajv = new modules.Ajv({ strict: false, allErrors: true, coerceTypes: coerce, verbose: true });
  modules.addFormats(ajv);
  ajv.addFormat("ip", { type: "string", validate: (v: string) => isIP(v) !== 0 });
  ajv.addFormat("password", true);
  ajv.addFormat("binary", true);
  return ajv;
}

/** A JSON pointer of the given (unescaped) parts. */
export const pointer = (...parts: string[]): string => parts.map((p) => p.replace(/~/g, "~0").replace(/\//g, "~1")).join("/");

/** One way an answer breaks the spec. Never carries a value of the answer, only where and which rule. */
export interface SchemaViolation {
  /** Where in the answer, as a JSON pointer (`/data/0/ip`; "" is the whole body). */
  readonly path: string;
  /** The rule broken: a JSON Schema keyword (`type`, `required`, `enum`, …), or `json` and `status`. */
  readonly rule: string;
  /** Where the rule is written in the spec (`#/components/schemas/…/type`), when it is a schema's. */
  readonly schemaPath?: string;
  readonly message: string;
}

/** Where each schema object of a document is: its JSON pointer (`/components/schemas/PowerState`). */
export function schemaLocations(document: unknown): Map<object, string> {
  const places = new Map<object, string>();
  const walk = (node: unknown, at: string): void => {
    if (typeof node !== "object" || node === null || places.has(node)) return;
    places.set(node, at);
    for (const [key, value] of Object.entries(node)) walk(value, `${at}/${pointer(key)}`);
  };
  walk(document, "");
  return places;
}

/** ajv's errors as violations; `places` ({@link schemaLocations}) turns the schema broken into its place in the spec. */
export function violationsOf(errors: readonly ErrorObject[] | null | undefined, places?: ReadonlyMap<object, string>): SchemaViolation[] {
  return (errors ?? []).map((e) => {
    const at = e.parentSchema ? places?.get(e.parentSchema) : undefined;
    return {
      path: e.instancePath,
      rule: e.keyword,
      ...(at !== undefined ? { schemaPath: `#${at}/${e.keyword}` } : {}),
      message: e.message ?? e.keyword,
    };
  });
}

/** Where an operation is in a document: its path and method. */
export function findOperation(spec: SpecDocument, operationId: string): { path: string; method: string; operation: SpecDocument } | undefined {
  for (const [path, item] of Object.entries((spec.paths ?? {}) as Record<string, SpecDocument>)) {
    for (const [method, operation] of Object.entries(item)) {
      if ((operation as SpecDocument | null)?.operationId === operationId) return { path, method, operation: operation as SpecDocument };
    }
  }
  return undefined;
}

/** The response schemas of one document, compiled on first use. */
export interface ResponseSchemas {
  has(operationId: string): boolean;
  /** The documented statuses of an operation. */
  statuses(operationId: string): number[];
  /** What breaks the schema of `status` in `body`; undefined when the operation does not document `status`. */
  check(operationId: string, status: number, body: unknown): SchemaViolation[] | undefined;
}

/** Compiles the response schemas of `spec` (as written: {@link toJsonSchema} is applied here) with `ajv`, a fresh one per document. */
export function compileResponseSchemas(ajv: Ajv, spec: SpecDocument): ResponseSchemas {
  const converted = toJsonSchema(spec) as SpecDocument;
  const places = schemaLocations(converted);
  ajv.addSchema({ ...converted, $id: "spec" });
  const compiled = new Map<string, ValidateFunction | null>();
  const responsesOf = (id: string) => (findOperation(spec, id)?.operation.responses ?? {}) as Record<string, SpecDocument>;
  return {
    has: (id) => findOperation(spec, id) !== undefined,
    statuses: (id) => Object.keys(responsesOf(id)).map(Number),
    check(id, status, body) {
      const found = findOperation(spec, id);
      const response = found ? responsesOf(id)[String(status)] : undefined;
      if (!found || !response) return undefined;
      const key = `${id} ${status}`;
      if (!compiled.has(key)) {
        const schema = ((response.content as SpecDocument | undefined)?.["application/json"] as SpecDocument | undefined)?.schema;
        const ref = pointer("paths", found.path, found.method, "responses", String(status), "content", "application/json", "schema");
        compiled.set(key, schema === undefined ? null : ajv.compile({ $ref: `spec#/${ref}` }));
      }
      const validate = compiled.get(key);
      if (!validate || validate(body)) return [];
      return violationsOf(validate.errors, places);
    },
  };
}

/** The most values of an answer judged: ajv finds every violation, one object per value, so a hostile answer is measured first. */
const MAX_JUDGED_VALUES = 200_000;
/** The most violations listed per answer; the rest are counted. */
const MAX_LISTED = 100;

/** Whether `body` holds more than `limit` JSON values (counted without recursion, and no further than the limit). */
function holdsMoreThan(body: unknown, limit: number): boolean {
  const stack: unknown[] = [body];
  for (let seen = 0; stack.length > 0; ) {
    const value = stack.pop();
    if (++seen > limit) return true;
    if (typeof value === "object" && value !== null) for (const inner of Object.values(value)) stack.push(inner);
  }
  return false;
}

/**
 * The judgement of one answer: JSON, of a documented status, matching that status's schema.
 * `schemas` are the documents' (the operation is looked up in the one that has it). An answer
 * of more than 200000 values is not judged (one violation says so), and at most 100 violations
 * are listed, with one more that counts the rest: a hostile answer cannot exhaust memory here.
 */
export function judgeAnswer(schemas: readonly ResponseSchemas[], operationId: string, status: number, bodyText: string): SchemaViolation[] {
  const document = schemas.find((s) => s.has(operationId));
  if (!document) return [{ path: "", rule: "operation", message: `${operationId} is not an operation of the spec` }];
  let body: unknown;
  try {
    body = JSON.parse(bodyText);
  } catch {
    return [{ path: "", rule: "json", message: "the answer is not JSON" }];
  }
  if (holdsMoreThan(body, MAX_JUDGED_VALUES)) {
    return [{ path: "", rule: "size", message: `the answer holds more than ${MAX_JUDGED_VALUES} values, more than a check judges` }];
  }
  const found = document.check(operationId, status, body);
  if (found !== undefined && found.length > MAX_LISTED) {
    const more = `and ${found.length - MAX_LISTED} more violations of this answer, not listed`;
    return [...found.slice(0, MAX_LISTED), { path: "", rule: "limit", message: more }];
  }
  if (found !== undefined) return found;
  const documented = document.statuses(operationId).join(", ");
  return [{ path: "", rule: "status", message: `status ${status} is not documented for ${operationId} (documented: ${documented})` }];
}
