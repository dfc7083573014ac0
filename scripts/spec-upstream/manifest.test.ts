/**
 * spec/upstream/ holds the vendor's documents as published: every file is in the manifest,
 * and every manifest entry names a file whose sha256 matches, so a hand edit fails here.
 */
import { readFileSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { expect, test } from "vitest";
import { MANIFEST_NAME, UPSTREAM_DIR, currentEntry, readManifest, sha256 } from "./manifest.js";

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? filesUnder(join(dir, d.name)) : [relative(UPSTREAM_DIR, join(dir, d.name))],
  );
}

const entries = readManifest();

test("every vendored file is in the manifest, and every entry has a file", () => {
  const files = filesUnder(UPSTREAM_DIR)
    .filter((f) => f !== MANIFEST_NAME)
    .sort();
  expect(entries.map((e) => e.file).sort()).toEqual(files);
});

test.each(entries.map((e) => [e.file, e] as const))("%s matches its sha256, source, revision and date", (_file, entry) => {
  expect(sha256(readFileSync(join(UPSTREAM_DIR, entry.file)))).toBe(entry.sha256);
  expect(entry.source).not.toBe("");
  expect(entry.revision).not.toBe("");
  expect(entry.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
});

test("the current Management API document is the one published at 8da9913 (2026-08-10)", () => {
  const current = currentEntry(entries);
  expect(current).toMatchObject({ file: "management-openapi.json", revision: "8da9913", date: "2026-08-10" });
  expect(current.sha256).toBe("2960d2c1e5fc936e244e5ab0b6a04df0f2e3a23ef09a675d50aec34af9212db8");
});

test("the seed stays, and the ORDER API document is vendored for later", () => {
  expect(entries.find((e) => e.role === "seed")?.file).toBe("get-ptr.seed.yaml");
  expect(entries.find((e) => e.api === "order")).toMatchObject({ file: "order-api.json", role: "current", revision: "2b17a0f" });
});
