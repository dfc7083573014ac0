/**
 * spec/upstream/manifest.yaml: what each vendored document is (which API, current or
 * history), where it was published, at which revision and date, and its sha256. Read by the
 * manifest test (every hash must match) and written by `npm run spec:upstream`.
 */
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse, stringify } from "yaml";

export const UPSTREAM_DIR = fileURLToPath(new URL("../../spec/upstream", import.meta.url));
export const MANIFEST_NAME = "manifest.yaml";

export interface ManifestEntry {
  /** Path inside spec/upstream/. */
  file: string;
  /** `management` (the Management API) or `order` (the ORDER API). */
  api: "management" | "order";
  /** `current`: the one spec:drift compares with; `history`: an earlier revision; `seed`: the project's starting point. */
  role: "current" | "history" | "seed";
  source: string;
  revision: string;
  date: string;
  sha256: string;
}

const HEADER = `# The vendor's documents in spec/upstream/, byte for byte as published. Written by
# \`npm run spec:upstream -- FILE\`; nothing here is edited by hand. The manifest test checks
# every sha256. The current document of each api is what \`npm run spec:drift\` compares
# spec/edis-<api>-api.yaml with; history/ keeps earlier revisions (spec:diff's test data).
`;

export function sha256(bytes: Buffer | string): string {
  return createHash("sha256").update(bytes).digest("hex");
}

export function readManifest(dir: string = UPSTREAM_DIR): ManifestEntry[] {
  const parsed = parse(readFileSync(join(dir, MANIFEST_NAME), "utf8")) as { documents?: ManifestEntry[] };
  return parsed.documents ?? [];
}

export function writeManifest(entries: ManifestEntry[], dir: string = UPSTREAM_DIR): void {
  const ordered = [...entries].sort(
    (a, b) =>
      a.api.localeCompare(b.api) ||
      ["current", "seed", "history"].indexOf(a.role) - ["current", "seed", "history"].indexOf(b.role) ||
      a.file.localeCompare(b.file),
  );
  writeFileSync(join(dir, MANIFEST_NAME), HEADER + stringify({ documents: ordered }, { lineWidth: 0, defaultStringType: "PLAIN" }));
}

/** The current document of one API. */
export function currentEntry(entries: ManifestEntry[], api: ManifestEntry["api"] = "management"): ManifestEntry {
  const current = entries.filter((e) => e.api === api && e.role === "current");
  if (current.length !== 1) throw new Error(`${MANIFEST_NAME} must name exactly one current ${api} document (found ${current.length})`);
  return current[0]!;
}

/** The current document of every API the manifest names, in manifest order: one per API. */
export function currentEntries(entries: ManifestEntry[]): ManifestEntry[] {
  const apis = [...new Set(entries.map((e) => e.api))];
  return apis.map((api) => currentEntry(entries, api));
}
