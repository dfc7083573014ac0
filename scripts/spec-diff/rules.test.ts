/**
 * Every rule of spec:diff on the tiny spec (test-support/tiny-spec.ts): one edit, and exactly
 * the change the rule describes, with the severity written here from what the edit does to
 * code written against the client generated from the old spec (not read back from the rule
 * table).
 */
import { describe, expect, test } from "vitest";
import { type Doc, loaded, ok, op, req, tiny } from "../../test-support/tiny-spec.js";
import { diffDocuments } from "./diff.js";
import { RULES, type Severity } from "./rules.js";

interface Case {
  kind: keyof typeof RULES;
  severity: Severity;
  /** Applied to the old spec (default: nothing). */
  before?: (d: Doc) => void;
  /** Applied to the new spec. */
  after: (d: Doc) => void;
  path: string;
}

const CASES: Case[] = [
  { kind: "operation-added", severity: "non-breaking", before: (d) => delete d.paths["/b"], after: () => {}, path: "" },
  { kind: "operation-removed", severity: "breaking", after: (d) => delete d.paths["/b"], path: "" },
  { kind: "operation-id-changed", severity: "breaking", after: (d) => (op(d).operationId = "opRenamed"), path: "operationId" },
  { kind: "operation-deprecated", severity: "non-breaking", after: (d) => (op(d).deprecated = true), path: "" },
  {
    kind: "server-changed",
    severity: "breaking",
    after: (d) => (op(d).servers = [{ url: "https://other.example.com", "x-edis-host": "api" }]),
    path: "servers",
  },
  {
    kind: "server-alternatives-changed",
    severity: "non-breaking",
    after: (d) => (op(d).servers = [...d.servers, { url: "https://backup.example.com" }]),
    path: "servers",
  },
  {
    kind: "request-body-added",
    severity: "non-breaking",
    after: (d) => (d.paths["/b"].post.requestBody = { content: { "application/json": { schema: { type: "object" } } } }),
    path: "requestBody",
  },
  {
    kind: "request-body-added-required",
    severity: "breaking",
    after: (d) => (d.paths["/b"].post.requestBody = { required: true, content: { "application/json": { schema: { type: "object" } } } }),
    path: "requestBody",
  },
  { kind: "request-body-removed", severity: "breaking", after: (d) => delete op(d).requestBody, path: "requestBody" },
  { kind: "request-body-required", severity: "breaking", before: (d) => (op(d).requestBody.required = false), after: () => {}, path: "requestBody" },
  { kind: "request-body-optional", severity: "non-breaking", after: (d) => (op(d).requestBody.required = false), path: "requestBody" },
  {
    kind: "request-content-type-changed",
    severity: "breaking",
    after: (d) => {
      const c = op(d).requestBody.content;
      c["multipart/form-data"] = c["application/x-www-form-urlencoded"];
      delete c["application/x-www-form-urlencoded"];
    },
    path: "requestBody",
  },
  { kind: "request-field-added", severity: "non-breaking", after: (d) => (req(d).properties.more = { type: "string" }), path: "requestBody.more" },
  {
    kind: "request-field-added-required",
    severity: "breaking",
    after: (d) => {
      req(d).properties.more = { type: "string" };
      req(d).required.push("more");
    },
    path: "requestBody.more",
  },
  { kind: "request-field-removed", severity: "breaking", after: (d) => delete req(d).properties.opt, path: "requestBody.opt" },
  { kind: "request-field-required", severity: "breaking", after: (d) => req(d).required.push("opt"), path: "requestBody.opt" },
  { kind: "request-field-optional", severity: "non-breaking", after: (d) => (req(d).required = []), path: "requestBody.name" },
  { kind: "request-field-type-changed", severity: "breaking", after: (d) => (req(d).properties.opt.type = "integer"), path: "requestBody.opt" },
  { kind: "request-field-deprecated", severity: "non-breaking", after: (d) => (req(d).properties.opt.deprecated = true), path: "requestBody.opt" },
  { kind: "request-enum-value-added", severity: "non-breaking", after: (d) => req(d).properties.mode.enum.push("z"), path: "requestBody.mode" },
  { kind: "request-enum-value-removed", severity: "breaking", after: (d) => (req(d).properties.mode.enum = ["x"]), path: "requestBody.mode" },
  { kind: "request-enum-added", severity: "breaking", after: (d) => (req(d).properties.opt.enum = ["only"]), path: "requestBody.opt" },
  { kind: "request-enum-removed", severity: "non-breaking", after: (d) => delete req(d).properties.mode.enum, path: "requestBody.mode" },
  { kind: "request-constraint-tightened", severity: "breaking", after: (d) => (req(d).properties.name.maxLength = 5), path: "requestBody.name" },
  { kind: "request-constraint-loosened", severity: "non-breaking", after: (d) => (req(d).properties.tags.maxItems = 50), path: "requestBody.tags" },
  { kind: "request-format-changed", severity: "breaking", after: (d) => (req(d).properties.opt.format = "email"), path: "requestBody.opt" },
  { kind: "request-format-removed", severity: "non-breaking", after: (d) => delete req(d).properties.name.format, path: "requestBody.name" },
  { kind: "request-pattern-changed", severity: "breaking", after: (d) => (req(d).properties.name.pattern = "^[a-c]+$"), path: "requestBody.name" },
  { kind: "request-pattern-removed", severity: "non-breaking", after: (d) => delete req(d).properties.name.pattern, path: "requestBody.name" },
  {
    kind: "request-encoding-changed",
    severity: "breaking",
    after: (d) => delete op(d).requestBody.content["application/x-www-form-urlencoded"].encoding,
    path: "requestBody.tags",
  },
  { kind: "request-default-changed", severity: "breaking", after: (d) => (req(d).properties.mode.default = "y"), path: "requestBody.mode" },

  { kind: "response-status-added", severity: "non-breaking", after: (d) => (op(d).responses["401"] = { description: "No." }), path: "responses.401" },
  { kind: "response-status-removed", severity: "non-breaking", after: (d) => delete op(d).responses["400"], path: "responses.400" },
  { kind: "response-success-removed", severity: "breaking", after: (d) => delete op(d).responses["200"], path: "responses.200" },
  {
    kind: "response-content-type-changed",
    severity: "breaking",
    after: (d) => {
      const c = op(d).responses["200"].content;
      c["text/plain"] = c["application/json"];
      delete c["application/json"];
    },
    path: "responses.200",
  },
  {
    kind: "response-body-added",
    severity: "non-breaking",
    after: (d) => (d.paths["/b"].post.responses["200"].content = { "application/json": { schema: { type: "object" } } }),
    path: "responses.200",
  },
  { kind: "response-body-removed", severity: "breaking", after: (d) => delete op(d).responses["400"].content, path: "responses.400" },
  { kind: "response-field-added", severity: "non-breaking", after: (d) => (ok(d).properties.more = { type: "string" }), path: "responses.200.more" },
  { kind: "response-field-removed", severity: "breaking", after: (d) => delete ok(d).properties.count, path: "responses.200.count" },
  { kind: "response-field-optional", severity: "breaking", after: (d) => (ok(d).required = ["status"]), path: "responses.200.count" },
  { kind: "response-field-required", severity: "non-breaking", after: (d) => ok(d).required.push("kind"), path: "responses.200.kind" },
  { kind: "response-field-type-changed", severity: "breaking", after: (d) => (ok(d).properties.count.type = "string"), path: "responses.200.count" },
  { kind: "response-field-deprecated", severity: "non-breaking", after: (d) => (ok(d).properties.count.deprecated = true), path: "responses.200.count" },
  { kind: "response-enum-value-added", severity: "breaking", after: (d) => ok(d).properties.kind.enum.push("r"), path: "responses.200.kind" },
  { kind: "response-enum-value-removed", severity: "non-breaking", after: (d) => (ok(d).properties.kind.enum = ["p"]), path: "responses.200.kind" },
  { kind: "response-enum-added", severity: "non-breaking", after: (d) => (ok(d).properties.extra.enum = ["e"]), path: "responses.200.extra" },
  { kind: "response-enum-removed", severity: "breaking", after: (d) => delete ok(d).properties.kind.enum, path: "responses.200.kind" },

  { kind: "summary-changed", severity: "docs", after: (d) => (op(d).summary = "Do A now"), path: "" },
  { kind: "description-changed", severity: "docs", after: (d) => (req(d).properties.name.description = "Its name."), path: "requestBody.name" },
  { kind: "title-changed", severity: "docs", after: (d) => (ok(d).properties.extra.title = "More"), path: "responses.200.extra" },
  {
    kind: "example-changed",
    severity: "docs",
    after: (d) => (op(d).responses["200"].content["application/json"].example = { status: "success", count: 2 }),
    path: "responses.200",
  },
  { kind: "note-changed", severity: "docs", after: (d) => (req(d).properties.opt["x-edis-note"] = "Read from the prose."), path: "requestBody.opt" },

  { kind: "client-method-added", severity: "non-breaking", after: (d) => (d.paths["/b"].post["x-edis-method"] = "b.do"), path: "" },
  { kind: "client-method-removed", severity: "breaking", after: (d) => delete op(d)["x-edis-method"], path: "" },
  { kind: "client-method-changed", severity: "breaking", after: (d) => (op(d)["x-edis-method"] = "a.run"), path: "" },
  { kind: "client-result-changed", severity: "breaking", after: (d) => (op(d)["x-edis-result"] = "count"), path: "" },
  { kind: "client-host-changed", severity: "breaking", after: (d) => (op(d).servers = [{ url: "https://api.example.com", "x-edis-host": "rdns" }]), path: "" },
  { kind: "retry-safety-changed", severity: "breaking", after: (d) => (op(d)["x-edis-retry-safe"] = true), path: "" },
  { kind: "destructive-on", severity: "breaking", before: (d) => (op(d)["x-edis-destructive"] = false), after: () => {}, path: "" },
  { kind: "destructive-off", severity: "non-breaking", after: (d) => (op(d)["x-edis-destructive"] = false), path: "" },
  { kind: "bulk-added", severity: "non-breaking", before: (d) => delete op(d)["x-edis-bulk"], after: () => {}, path: "" },
  { kind: "bulk-removed", severity: "breaking", after: (d) => delete op(d)["x-edis-bulk"], path: "" },
  { kind: "bulk-changed", severity: "breaking", after: (d) => (op(d)["x-edis-bulk"] = "map"), path: "" },
  { kind: "field-source-changed", severity: "breaking", after: (d) => delete req(d).properties.sig["x-edis-from"], path: "requestBody.sig" },
  { kind: "param-renamed", severity: "breaking", after: (d) => (req(d).properties.name["x-edis-param"] = "label"), path: "requestBody.name" },
  { kind: "secret-added", severity: "non-breaking", after: (d) => (req(d).properties.opt["x-edis-secret"] = true), path: "requestBody.opt" },
  { kind: "secret-removed", severity: "breaking", after: (d) => delete req(d).properties.mode["x-edis-secret"], path: "requestBody.mode" },
  { kind: "response-decoding-changed", severity: "breaking", after: (d) => delete ok(d).properties.chart["x-edis-json"], path: "responses.200.chart" },
  { kind: "multiline-added", severity: "non-breaking", after: (d) => (req(d).properties.opt["x-edis-multiline"] = true), path: "requestBody.opt" },
  { kind: "multiline-removed", severity: "breaking", after: (d) => delete req(d).properties.text["x-edis-multiline"], path: "requestBody.text" },
  { kind: "key-format-changed", severity: "breaking", after: (d) => (req(d).properties.map["x-edis-key-format"] = "hostname"), path: "requestBody.map" },
  { kind: "filename-changed", severity: "breaking", after: (d) => (req(d).properties.file["x-edis-filename"] = "b.bin"), path: "requestBody.file" },
  {
    kind: "callback-sources-changed",
    severity: "breaking",
    after: (d) => (op(d).callbacks.hook["{$request.body#/url}"].post["x-edis-source-addresses"] = ["192.0.2.2"]),
    path: "",
  },
  { kind: "client-extension-changed", severity: "breaking", after: (d) => (op(d)["x-edis-future"] = 1), path: "" },
];

test("every rule of the table has a tiny-spec case, and every case a rule", () => {
  expect(CASES.map((c) => c.kind).sort()).toEqual(Object.keys(RULES).sort());
});

describe.each(CASES)("$kind", (c) => {
  test(`one edit gives exactly one ${c.severity} ${c.kind} at ${c.path || "the operation"}`, () => {
    const before = tiny();
    c.before?.(before);
    const after = tiny();
    c.after(after);
    const report = diffDocuments(loaded(before), loaded(after));
    expect(report.changes.map((x) => [x.kind, x.severity, x.path])).toEqual([[c.kind, c.severity, c.path]]);
    expect(report.summary[c.severity]).toBe(1);
    expect(report.changes[0]!.message).not.toBe("");
  });
});
