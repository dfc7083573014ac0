/**
 * The one table of spec:diff's rules: every kind of change, its severity for code written
 * against the client generated from the OLD document, and its message. `breaking`: that code
 * may stop compiling or behave differently on the wire; `non-breaking`: additions and
 * loosenings; `docs`: words and examples only. Kinds marked `project` are about the
 * project's own `x-edis-*` settings, which the vendor's documents never carry.
 */

export type Severity = "breaking" | "non-breaking" | "docs";

export interface Rule {
  severity: Severity;
  /** What the rule says, for the README and `--help`. */
  title: string;
  /** About an `x-edis-*` setting of the project (spec:drift leaves these out). */
  project?: true;
}

const b = (title: string, project?: true): Rule => ({ severity: "breaking", title, ...(project ? { project } : {}) });
const n = (title: string, project?: true): Rule => ({ severity: "non-breaking", title, ...(project ? { project } : {}) });
const d = (title: string): Rule => ({ severity: "docs", title });

export const RULES = {
  "operation-added": n("an operation (method + path) was added"),
  "operation-removed": b("an operation was removed"),
  "operation-id-changed": b("an operationId was renamed (edis.call() and the generated types use it)"),
  "operation-deprecated": n("an operation was marked deprecated"),
  "server-changed": b("the server an operation is sent to changed (the first of its resolved servers)"),
  "server-alternatives-changed": n("a server other than the first was added, removed or changed"),

  "request-body-added": n("an optional request body was added"),
  "request-body-added-required": b("a required request body was added"),
  "request-body-removed": b("the request body was removed"),
  "request-body-required": b("the request body became required"),
  "request-body-optional": n("the request body became optional"),
  "request-content-type-changed": b("the request's content type changed"),
  "request-field-added": n("an optional request field was added"),
  "request-field-added-required": b("a required request field was added"),
  "request-field-removed": b("a request field was removed (or renamed)"),
  "request-field-required": b("a request field became required"),
  "request-field-optional": n("a request field became optional"),
  "request-field-type-changed": b("a request field's type changed"),
  "request-field-deprecated": n("a request field was marked deprecated"),
  "request-enum-value-added": n("a request field accepts one more enum value"),
  "request-enum-value-removed": b("a request field no longer accepts an enum value"),
  "request-enum-added": b("a request field became limited to an enum"),
  "request-enum-removed": n("a request field is no longer limited to an enum"),
  "request-constraint-tightened": b("a request field's limit became stricter (length, range, items, uniqueItems)"),
  "request-constraint-loosened": n("a request field's limit was relaxed or removed"),
  "request-format-changed": b("a request field gained or changed its format"),
  "request-format-removed": n("a request field lost its format"),
  "request-pattern-changed": b("a request field gained or changed its pattern"),
  "request-pattern-removed": n("a request field lost its pattern"),
  "request-encoding-changed": b("how a form field travels changed (its encoding content type)"),
  "request-default-changed": b("a request field's default (sent when the caller gives none) changed"),

  "response-status-added": n("a response status was documented"),
  "response-status-removed": n("an error status is no longer documented"),
  "response-success-removed": b("a success (2xx) status was removed"),
  "response-content-type-changed": b("a response's content type changed"),
  "response-body-added": n("a response that had no body documents one"),
  "response-body-removed": b("a response no longer documents its body"),
  "response-field-added": n("a response field was added"),
  "response-field-removed": b("a response field was removed (or renamed)"),
  "response-field-optional": b("a response field became optional (it may now be absent)"),
  "response-field-required": n("a response field became required"),
  "response-field-type-changed": b("a response field's type changed"),
  "response-field-deprecated": n("a response field was marked deprecated"),
  "response-enum-value-added": b("a response field may carry one more enum value"),
  "response-enum-value-removed": n("a response field carries one enum value fewer"),
  "response-enum-added": n("a response field became limited to an enum"),
  "response-enum-removed": b("a response field is no longer limited to an enum"),

  "summary-changed": d("a summary changed"),
  "description-changed": d("a description changed"),
  "title-changed": d("a title changed"),
  "example-changed": d("an example changed"),
  "note-changed": d("the project's x-edis-note changed"),

  "client-method-added": n("an operation got a client method (x-edis-method)", true),
  "client-method-removed": b("an operation lost its client method (x-edis-method)", true),
  "client-method-changed": b("the client method of an operation was renamed (x-edis-method)", true),
  "client-result-changed": b("the part of the 200 body the client returns changed (x-edis-result)", true),
  "client-host-changed": b("which host serves the operation changed (x-edis-host)", true),
  "retry-safety-changed": b("whether the client resends the operation changed (x-edis-retry-safe)", true),
  "destructive-on": b("the operation became destructive: the CLI now asks for confirmation (x-edis-destructive)", true),
  "destructive-off": n("the operation is no longer destructive (x-edis-destructive)", true),
  "bulk-added": n("the client may now split a long list into several requests (x-edis-bulk)", true),
  "bulk-removed": b("the client no longer splits a long list (x-edis-bulk)", true),
  "bulk-changed": b("the list the client splits changed (x-edis-bulk)", true),
  "field-source-changed": b("who fills a field changed: the caller or the session (x-edis-from)", true),
  "param-renamed": b("the caller's name for a field changed (x-edis-param)", true),
  "secret-added": n("a field is now redacted as a secret (x-edis-secret)", true),
  "secret-removed": b("a field is no longer redacted as a secret (x-edis-secret)", true),
  "response-decoding-changed": b("how the client decodes a response field changed (x-edis-json, x-edis-data-uri)", true),
  "multiline-added": n("line breaks are now allowed in a field (x-edis-multiline)", true),
  "multiline-removed": b("line breaks are no longer allowed in a field (x-edis-multiline)", true),
  "key-format-changed": b("the format of a map's keys changed (x-edis-key-format)", true),
  "filename-changed": b("the file name sent for a binary part changed (x-edis-filename)", true),
  "callback-sources-changed": b("the addresses a callback may come from changed (x-edis-source-addresses)", true),
  "client-extension-changed": b("another x-edis-* setting changed", true),
} as const satisfies Record<string, Rule>;

export type Kind = keyof typeof RULES;

export function severityOf(kind: Kind): Severity {
  return RULES[kind].severity;
}

export function isProjectKind(kind: string): boolean {
  return (RULES as Record<string, Rule>)[kind]?.project === true;
}

export const SEVERITIES: readonly Severity[] = ["breaking", "non-breaking", "docs"];
