/**
 * How spec:diff compares beyond one rule per edit, on the tiny spec: parameters count as
 * request fields, a spec has no changes against itself, a type change stands for the fields
 * beneath it, and a schema written through $ref and allOf equals the same schema written out.
 */
import { expect, test } from "vitest";
import { loaded, op, req, tiny } from "../../test-support/tiny-spec.js";
import { diffDocuments } from "./diff.js";

test("parameters are request fields too: a required query parameter added is breaking", () => {
  const after = tiny();
  op(after).parameters = [{ name: "page", in: "query", required: true, schema: { type: "integer" } }];
  const changes = diffDocuments(loaded(tiny()), loaded(after)).changes;
  expect(changes.map((x) => [x.kind, x.severity, x.path, x.message])).toEqual([
    ["request-field-added-required", "breaking", "parameters.query.page", "required request field query parameter page added"],
  ]);
});

test("a tiny spec compared with itself has no changes", () => {
  expect(diffDocuments(loaded(tiny()), loaded(tiny())).changes).toEqual([]);
});

test("a type change stands for the fields beneath it: string → object reports the field once", () => {
  const after = tiny();
  req(after).properties.opt = { type: "object", properties: { a: { type: "string" }, b: { type: "integer" } } };
  const changes = diffDocuments(loaded(tiny()), loaded(after)).changes;
  expect(changes.map((x) => [x.kind, x.path, x.from, x.to])).toEqual([["request-field-type-changed", "requestBody.opt", "string", "object"]]);
});

test("the same schema written through $ref and allOf compares equal", () => {
  const after = tiny();
  after.components.schemas.Name = { type: "string", minLength: 1, maxLength: 10, pattern: "^[a-z]+$", format: "hostname" };
  req(after).properties.name = { allOf: [{ $ref: "#/components/schemas/Name" }], description: "The name.", example: "abc", "x-edis-param": "theName" };
  expect(diffDocuments(loaded(tiny()), loaded(after)).changes).toEqual([]);
});
