/**
 * Every kind of unreadable document the vendor has published is refused with the line and
 * column where it goes wrong, whatever Node's JSON.parse says (Node 20 gives no position for
 * an unexpected first token or a text that ends early). The places agree with Python's json
 * module.
 */
import { readFileSync } from "node:fs";
import { expect, test } from "vitest";
import { stringify } from "yaml";
import { revisionPath } from "../spec-upstream/manifest.js";
import { SpecLoadError, parseDocumentText } from "./load.js";

const text = (api: "management" | "order", name: string) => readFileSync(revisionPath(api, name), "utf8");

function failure(name: string, body: string): SpecLoadError {
  try {
    parseDocumentText(name, body);
  } catch (error) {
    if (error instanceof SpecLoadError) return error;
    throw error;
  }
  throw new Error(`${name} was read`);
}

test.each([
  // Python: "Expecting property name enclosed in double quotes: line 4499 column 11"
  ["a trailing comma (78c533e, as published)", () => text("management", "2025-12-07-78c533e"), 4499, 11],
  // Python: "Extra data: line 2838 column 4 (char 102733)"
  ["extra data after the document (dd9ebea, as published)", () => text("management", "2026-06-17-dd9ebea"), 2838, 4],
  // Cut off inside a string, as a truncated download leaves it. Python: "Unterminated string
  // starting at: line 812 column 31" (the string's opening quote).
  ["text cut off", () => text("order", "2026-03-16-f25db83").split("\n").slice(0, 812).join("\n").slice(0, -5), 812, 31],
  ["nothing at all", () => "", 1, 1],
])("%s: refused at its line and column", (_what, body, line, column) => {
  const error = failure("doc.json", body());
  expect([error.line, error.column]).toEqual([line, column]);
  expect(error.reason).toMatch(/^not valid JSON: /);
});

test("YAML published under a .json name (as 7648ed1 was): refused at its first character, and the message says it is YAML", () => {
  const yaml = stringify(JSON.parse(text("order", "2026-03-16-f25db83")));
  const error = failure("2026-01-01-7648ed1.json", yaml);
  expect([error.line, error.column]).toEqual([1, 1]);
  expect(error.reason).toMatch(/^not valid JSON: .* \(the text is YAML, not JSON\)$/);
  // Not said of JSON that YAML would also read (flow YAML takes a trailing comma).
  expect(failure("doc.json", '{"openapi": "3.0.0",}').reason).not.toContain("YAML");
});

test("a YAML text read again is the same value, and each reader gets a copy of its own", () => {
  const yaml = readFileSync(new URL("../../spec/edis-management-api.yaml", import.meta.url), "utf8");
  const first = parseDocumentText("spec.yaml", yaml);
  const second = parseDocumentText("spec.yaml", yaml);
  expect(second).toEqual(first);
  expect(second).not.toBe(first);
  const unchanged = structuredClone(first);
  for (const reader of [first, second]) {
    (reader.paths as Record<string, unknown>)["/changed"] = {};
    (reader.info as Record<string, unknown>).title = "changed";
  }
  expect(parseDocumentText("spec.yaml", yaml)).toEqual(unchanged);
  // A text that breaks is refused every time, not only the first.
  const broken = `${yaml.slice(0, 5000)}\n  - : [\n`;
  expect(() => parseDocumentText("spec.yaml", broken)).toThrow(SpecLoadError);
  expect(() => parseDocumentText("spec.yaml", broken)).toThrow(SpecLoadError);
});
