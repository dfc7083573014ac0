/**
 * spec/upstream/ holds the vendor's documents as published: every file has exactly one
 * manifest entry, and every entry names a file whose sha256 matches, so a hand edit fails
 * here. Nothing here names a revision: the tree passes whichever revisions are vendored.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { APIS, UPSTREAM_DIR, UPSTREAM_FILE, currentEntry, historyFile, readManifest, sha256 } from "./manifest.js";
import { filesUnder, manifestProblems } from "./stage.js";

const entries = readManifest();

test("every vendored file has exactly one manifest entry, and every entry has its file", () => {
  const files = filesUnder(UPSTREAM_DIR)
    .filter((f) => f !== "manifest.yaml")
    .sort();
  expect(entries.map((e) => e.file).sort()).toEqual(files);
  expect(manifestProblems(UPSTREAM_DIR)).toEqual([]);
});

test.each(entries.map((e) => [e.file, e] as const))("%s matches its sha256, source, revision and date", (_file, entry) => {
  expect(sha256(readFileSync(join(UPSTREAM_DIR, entry.file)))).toBe(entry.sha256);
  expect(entry.source).not.toBe("");
  expect(entry.revision).not.toBe("");
  expect(entry.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
});

test.each(APIS.map((api) => [api]))("the current %s document is its API's file, and is kept in history/ under its own name", (api) => {
  const current = currentEntry(entries, api);
  expect(current.file).toBe(UPSTREAM_FILE[api]);
  const kept = entries.find((e) => e.file === historyFile(api, current.date, current.revision));
  expect(kept).toMatchObject({ api, role: "history", revision: current.revision, sha256: current.sha256 });
});

test("every history file is history/<api>/DATE-REV.json of its own entry", () => {
  for (const e of entries.filter((x) => x.role === "history")) expect(e.file).toBe(historyFile(e.api, e.date, e.revision));
});
