/**
 * The documents the tests of spec:diff compare, by name: a revision of the vendor's history
 * (spec/upstream/history/DATE-REV.json), `current` (the vendored upstream) or `spec` (ours);
 * each loaded once.
 */
import { fileURLToPath } from "node:url";
import type { Change } from "./compare.js";
import { diffChanges } from "./diff.js";
import { type LoadedDocument, loadDocument } from "./load.js";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const cache = new Map<string, LoadedDocument>();

/** A history revision by its DATE-REV name, `current` (the vendored upstream) or `spec` (ours). */
export function doc(name: string): LoadedDocument {
  const file =
    name === "current" ? "spec/upstream/management-openapi.json" : name === "spec" ? "spec/edis-management-api.yaml" : `spec/upstream/history/${name}.json`;
  let d = cache.get(file);
  if (!d) {
    d = loadDocument(`${ROOT}${file}`);
    cache.set(file, d);
  }
  return d;
}

/** The changes from document `a` to document `b`. */
export const changes = (a: string, b: string): Change[] => diffChanges(doc(a), doc(b));
