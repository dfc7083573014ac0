/**
 * The documents the tests of spec:diff compare, by name: a fixed revision of the vendor's
 * Management document (spec/upstream/history/management/DATE-REV.json; `current` is the
 * revision these tests were written against, 2026-08-10-8da9913, never whatever the manifest
 * calls current) or `spec` (ours); each loaded once, and each pair compared once.
 */
import { fileURLToPath } from "node:url";
import type { Change } from "./compare.js";
import { diffChanges } from "./diff.js";
import { type LoadedDocument, loadDocument } from "./load.js";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
/** The revision the tests call `current`. */
export const PINNED = "2026-08-10-8da9913";
const cache = new Map<string, LoadedDocument>();

/** A history revision by its DATE-REV name, `current` (the pinned revision) or `spec` (ours). */
export function doc(name: string): LoadedDocument {
  const file = name === "spec" ? "spec/edis-management-api.yaml" : `spec/upstream/history/management/${name === "current" ? PINNED : name}.json`;
  let d = cache.get(file);
  if (!d) {
    d = loadDocument(`${ROOT}${file}`);
    cache.set(file, d);
  }
  return d;
}

const compared = new Map<string, readonly Change[]>();

/** The changes from document `a` to document `b`, compared once per pair (frozen: every test reads the same list). */
export function changes(a: string, b: string): readonly Change[] {
  const key = `${a}\n${b}`;
  let found = compared.get(key);
  if (!found) {
    found = Object.freeze(diffChanges(doc(a), doc(b)));
    compared.set(key, found);
  }
  return found;
}
