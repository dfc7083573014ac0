/**
 * The pairs of documents spec:drift checks: for every API the manifest of spec/upstream/
 * names, its current vendored document (upstream) and the project's document of that API
 * (ours, spec/edis-<api>-api.yaml). Every pair is checked the same way, with the ledger
 * entries of its API.
 */
import { join } from "node:path";
import { specPathFor } from "../lib/spec.js";
import { type ManifestEntry, currentEntries } from "../spec-upstream/manifest.js";

export interface DriftPair {
  api: ManifestEntry["api"];
  /** The current vendored document of the API. */
  upstream: string;
  /** The project's document of the API. */
  spec: string;
}

export function driftPairs(entries: ManifestEntry[], upstreamDir: string): DriftPair[] {
  return currentEntries(entries).map((e) => ({ api: e.api, upstream: join(upstreamDir, e.file), spec: specPathFor(e.api) }));
}
