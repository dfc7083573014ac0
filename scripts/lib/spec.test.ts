/**
 * Reading spec/: a document read again is the same value, each reader's copy its own, and a
 * changed file is read anew.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, test } from "vitest";
import { SPEC_PATH, loadSpec } from "./spec.js";

const dir = mkdtempSync(join(tmpdir(), "edis-load-spec-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test("loadSpec: each reader gets a copy of its own, and a changed file is parsed anew", () => {
  const first = loadSpec();
  const second = loadSpec(SPEC_PATH);
  expect(second).toEqual(first);
  const unchanged = structuredClone(first);
  for (const reader of [first, second]) {
    (reader.info as Record<string, unknown>).title = "changed";
    delete (reader.paths as Record<string, unknown>)["/get/ptr"];
  }
  expect(loadSpec()).toEqual(unchanged);

  const file = join(dir, "spec.yaml");
  copyFileSync(SPEC_PATH, file);
  expect(loadSpec(file)).toEqual(unchanged);
  writeFileSync(file, readFileSync(SPEC_PATH, "utf8").replace(/^ {2}title: .*$/m, "  title: Another title"));
  expect((loadSpec(file).info as Record<string, unknown>).title).toBe("Another title");
});
