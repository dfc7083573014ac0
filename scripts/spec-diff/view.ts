/**
 * The shapes of the client's view of an OpenAPI document (normalize.ts builds it, compare.ts
 * compares two): operations, their bodies and parameters, each field flattened to a path.
 */
import type { CorrectionNote } from "./resolve-schema.js";

/** One schema node: a body's root or a field inside it. */
export interface FieldView {
  path: string;
  type: string;
  required: boolean;
  enum?: string[];
  /** Validation keywords: format, pattern, lengths, limits, uniqueItems, default. */
  constraints: Record<string, unknown>;
  /** How a top-level form field travels (`encoding.<field>.contentType`). */
  encoding?: string;
  deprecated: boolean;
  /** JSON pointers of the schema: where it is written, then each `$ref` target. */
  pointers: string[];
  /** The project's `x-edis-*` settings (besides corrections and notes). */
  ext: Record<string, unknown>;
  /** Words and examples: description, title, summary, x-edis-note (as `note`), example (as JSON text). */
  docs: Record<string, string>;
  corrections: CorrectionNote[];
}

export interface BodyView {
  path: string;
  contentTypes: string[];
  /** requestBody.required (requests only). */
  required?: boolean;
  fields: Map<string, FieldView>;
  docs: Record<string, string>;
  corrections: CorrectionNote[];
}

export interface OperationView {
  key: string;
  method: string;
  path: string;
  operationId?: string;
  /** For a callback: the operation that declares it. */
  callbackOf?: string;
  servers: string[];
  deprecated: boolean;
  ext: Record<string, unknown>;
  docs: Record<string, string>;
  request?: BodyView;
  /** Header, query, path and cookie parameters, as fields at `parameters.<in>.<name>`. */
  parameters: Map<string, FieldView>;
  responses: Map<string, BodyView>;
  corrections: CorrectionNote[];
  serverCorrections: CorrectionNote[];
}

export type ClientView = Map<string, OperationView>;
