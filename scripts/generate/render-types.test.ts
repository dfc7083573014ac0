/** The post-processing of openapi-typescript's output: a step that finds nothing to change fails. */
import { expect, test } from "vitest";
import { commentRoots, replaceOnce } from "./render-types.js";

test("replaceOnce replaces the first occurrence only", () => {
  expect(replaceOnce("a b a", "a", "c")).toBe("c b a");
});

test("replaceOnce throws, naming the text, when it finds nothing to replace", () => {
  expect(() => replaceOnce("export type paths = {}", "export interface paths {", "x")).toThrow(
    `post-processing of openapi-typescript's output: "export interface paths {" is not in it`,
  );
});

test("commentRoots comments the three roots, and throws when one of them is missing", () => {
  const roots = "export interface paths {\n}\nexport interface components {\n}\nexport interface operations {\n}\n";
  const out = commentRoots(roots);
  expect(out).toContain("/** Every path of the spec with its operations, as openapi-typescript types them. */\nexport interface paths {");
  expect(out).toContain("/** The spec's components (schemas), as openapi-typescript types them. */\nexport interface components {");
  expect(out).toContain("/** Every operation of the spec by operationId: its request body and responses. */\nexport interface operations {");
  expect(() => commentRoots(roots.replace("export interface operations {", "export type operations = {"))).toThrow(
    /"export interface operations \{" is not in it/,
  );
});
