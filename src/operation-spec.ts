/**
 * The shape of the generated tables (generated/table.ts): what the runtime knows of each
 * operation, field and validation rule. Written here as TypeScript, not by the generator;
 * the generator and the runtime both import it. The lists the generator checks the spec
 * against (rule keywords, hosts, field sources) are derived from these types, so that a
 * keyword cannot be in one and not the other.
 */

/** A validation rule for one value: the subset of JSON Schema that src/request/validate.ts implements. */
export interface FieldRule {
  readonly type: "string" | "integer" | "number" | "boolean" | "array" | "object";
  readonly pattern?: string;
  /** What a value matching `pattern` is, in words, for messages (`x-edis-pattern-name`). */
  readonly patternName?: string;
  readonly format?: string;
  readonly enum?: readonly (string | number)[];
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly uniqueItems?: boolean;
  readonly minProperties?: number;
  readonly maxProperties?: number;
  readonly items?: FieldRule;
  readonly properties?: Readonly<Record<string, FieldRule>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: FieldRule | boolean;
  /** Format every key of a map must have (`x-edis-key-format`). */
  readonly keyFormat?: string;
  /** Line breaks are allowed in this string (`x-edis-multiline`). */
  readonly multiline?: boolean;
}

/**
 * Every key of {@link FieldRule} with the spec keyword it comes from: the one list of what
 * the runtime validator implements. A key of FieldRule missing here, or one here that
 * FieldRule lacks, is a type error.
 */
export const RULE_KEYWORDS = {
  type: "type",
  pattern: "pattern",
  patternName: "x-edis-pattern-name",
  format: "format",
  enum: "enum",
  minLength: "minLength",
  maxLength: "maxLength",
  minimum: "minimum",
  maximum: "maximum",
  minItems: "minItems",
  maxItems: "maxItems",
  uniqueItems: "uniqueItems",
  minProperties: "minProperties",
  maxProperties: "maxProperties",
  items: "items",
  properties: "properties",
  required: "required",
  additionalProperties: "additionalProperties",
  keyFormat: "x-edis-key-format",
  multiline: "x-edis-multiline",
} as const satisfies { readonly [K in keyof FieldRule]-?: string };

/** One field of a request body. */
export interface OperationField {
  /** Name on the wire. */
  readonly wire: string;
  /** Name in the caller's params. */
  readonly param: string;
  /** Filled by the client from the session or the credentials, never by the caller. */
  readonly from?: "session.signature" | "session.valid_until" | "session.api_host" | "credentials.email" | "credentials.password";
  /** Sent as JSON text inside the form field. */
  readonly json: boolean;
  /** Redacted in errors and logs. */
  readonly secret: boolean;
  readonly required: boolean;
  /** Sent when the caller gives no value (the spec's `default`). */
  readonly default?: unknown;
  /** File name of a binary part when the caller's value has none (`x-edis-filename`). */
  readonly filename?: string;
  readonly rule: FieldRule;
}

/**
 * Every value of `x-edis-from` the client can fill (a source missing here is a type error).
 */
export const FIELD_SOURCES = Object.keys({
  "session.signature": true,
  "session.valid_until": true,
  "session.api_host": true,
  "credentials.email": true,
  "credentials.password": true,
} satisfies Record<NonNullable<OperationField["from"]>, true>) as readonly NonNullable<OperationField["from"]>[];

/** What the runtime needs to know of one operation. */
export interface OperationSpec {
  readonly operationId: string;
  /** The spec's one-line summary. */
  readonly summary: string;
  readonly method: "POST";
  readonly path: string;
  /** Which host serves it: the session host, the reverse-DNS host, the VPS's api_host, or the ORDER API's host. */
  readonly host: "session" | "rdns" | "api" | "order";
  /** The server URL in the spec (a template for the api host). */
  readonly server: string;
  readonly contentType: string;
  readonly auth: "session" | "credentials";
  /** May be sent again after a network error or a 5xx. */
  readonly retrySafe: boolean;
  /** Changes or destroys state. */
  readonly destructive: boolean;
  /** `namespace.method` of the client. */
  readonly clientMethod?: string;
  /** Property of the 200 body that the client returns. */
  readonly result?: string;
  /** Fields of the 200 body that the client decodes (`x-edis-json`, `x-edis-data-uri`). */
  readonly decode?: readonly { readonly field: string; readonly as: "json" | "data-uri"; readonly schema?: string }[];
  /** The list or map field split into requests of at most `max` entries (`x-edis-bulk`). */
  readonly bulk?: { readonly field: string; readonly max: number };
  /** Groups of caller fields (wire names) of which exactly one must be given (`x-edis-exactly-one`). */
  readonly exactlyOne?: readonly (readonly string[])[];
  readonly fields: readonly OperationField[];
}

/**
 * Every value of a server's `x-edis-host` (a host missing here is a type error).
 */
export const HOST_KINDS = Object.keys({ session: true, rdns: true, api: true, order: true } satisfies Record<
  OperationSpec["host"],
  true
>) as readonly OperationSpec["host"][];

/** A decoded `data:` URI (`x-edis-data-uri`). */
export interface DataUri {
  /** Media type, for example `image/jpeg`. */
  readonly mimeType: string;
  readonly bytes: Uint8Array;
}

/** A request that EDIS sends to the user (an OpenAPI callback). */
export interface CallbackSpec {
  readonly operationId: string;
  readonly contentType: string;
  /** Addresses EDIS sends it from (`x-edis-source-addresses`). */
  readonly sourceAddresses: readonly string[];
  readonly fields: readonly OperationField[];
}

/** What a binary form field accepts. */
export type BinaryInput = Blob | Uint8Array;
