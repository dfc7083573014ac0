/**
 * The spec `edis contract check` judges answers by: the shipped documents, read from the
 * package's spec/, parsed and compiled once a process for as long as their text is the same,
 * and read anew when a file changes.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, test } from "vitest";
import { SHIPPED_SPECS, loadShippedSchemas, packageRoot } from "../src/contract/spec-files.js";

let root = "";
afterEach(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

/** A package root of its own holding copies of the shipped documents. */
function copyOfPackage(): string {
  root = mkdtempSync(join(tmpdir(), "edis-spec-files-"));
  mkdirSync(join(root, "spec"));
  for (const file of SHIPPED_SPECS) copyFileSync(join(packageRoot(), file), join(root, file));
  return root;
}

test("the same documents twice are compiled once; a changed document is read anew and judged by its new text", async () => {
  const dir = copyOfPackage();
  const [management] = await loadShippedSchemas(dir);
  const [again] = await loadShippedSchemas(dir);
  expect(again).toBe(management);
  expect(management!.check("getPowerState", 200, { status: "success", data: 42 })).not.toEqual([]);

  // getPowerState's data may now be any value: the check follows the file, not what it kept.
  const file = join(dir, SHIPPED_SPECS[0]);
  const text = readFileSync(file, "utf8");
  const start = text.indexOf("    PowerStateResponse:");
  const end = text.indexOf("\n    HardResetResponse:");
  expect(start).toBeGreaterThan(0);
  const loosened = text.slice(start, end).replace(/(\n {8}data:\n)( {10}.*\n)+/, "$1          description: anything\n");
  expect(loosened).not.toBe(text.slice(start, end));
  writeFileSync(file, text.slice(0, start) + loosened + text.slice(end));
  const [changed] = await loadShippedSchemas(dir);
  expect(changed).not.toBe(management);
  expect(changed!.check("getPowerState", 200, { status: "success", data: 42 })).toEqual([]);
});
