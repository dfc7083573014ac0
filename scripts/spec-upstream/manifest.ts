/**
 * spec/upstream/manifest.yaml: what each vendored document is (which API, current or
 * history), where it was published, at which revision and date, and its sha256. Read by the
 * manifest test (every file has exactly one entry, every hash matches) and written by
 * `npm run spec:upstream`.
 *
 * history/<api>/DATE-REV.json keeps every revision of an API taken in, the current one
 * included, so a revision's file never moves or disappears: the tests of the tooling read
 * fixed revisions there, whatever the current document is.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse, stringify } from "yaml";

export const UPSTREAM_DIR = fileURLToPath(new URL("../../spec/upstream", import.meta.url));
export const MANIFEST_NAME = "manifest.yaml";
export const APIS = ["management", "order"] as const;
export type Api = (typeof APIS)[number];

export interface ManifestEntry {
  /** Path inside spec/upstream/. */
  file: string;
  /** `management` (the Management API) or `order` (the ORDER API). */
  api: Api;
  /** `current`: the one spec:drift compares with; `history`: a revision taken in (the current one's too); `seed`: the project's starting point. */
  role: "current" | "history" | "seed";
  source: string;
  revision: string;
  date: string;
  sha256: string;
}

const HEADER = `# The vendor's documents in spec/upstream/, byte for byte as published. Written by
# \`npm run spec:upstream\`; nothing here is edited by hand. The manifest test checks every
# sha256 and that every file has exactly one entry. The current document of each api is what
# \`npm run spec:drift\` compares spec/edis-<api>-api.yaml with; history/<api>/ keeps every
# revision taken in, the current one included (the tooling's tests read fixed revisions there).
`;

/** The name of an API's file upstream, and of its current copy here. */
export const UPSTREAM_FILE: Record<Api, string> = { management: "management-openapi.json", order: "order-api.json" };

export function sha256(bytes: Buffer | string): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** Where a revision of an API is kept: history/<api>/DATE-REV.json. */
export function historyFile(api: Api, date: string, revision: string): string {
  return `history/${api}/${date}-${revision}.json`;
}

/** The file of a fixed revision of the real tree, for tests: `revisionPath("management", "2026-05-06-2db7fe1")`. */
export function revisionPath(api: Api, name: string, dir: string = UPSTREAM_DIR): string {
  return join(dir, `history/${api}/${name}.json`);
}

export function readManifest(dir: string = UPSTREAM_DIR): ManifestEntry[] {
  const parsed = parse(readFileSync(join(dir, MANIFEST_NAME), "utf8")) as { documents?: ManifestEntry[] };
  return parsed.documents ?? [];
}

/** The manifest's text for these entries: by API, current first, then the seed, then history by name. */
export function manifestText(entries: ManifestEntry[]): string {
  const roles = ["current", "seed", "history"];
  const ordered = [...entries].sort((a, b) => a.api.localeCompare(b.api) || roles.indexOf(a.role) - roles.indexOf(b.role) || a.file.localeCompare(b.file));
  return HEADER + stringify({ documents: ordered }, { lineWidth: 0, defaultStringType: "PLAIN" });
}

/** The current document of one API. */
export function currentEntry(entries: ManifestEntry[], api: string = "management"): ManifestEntry {
  const current = entries.filter((e) => e.api === api && e.role === "current");
  if (current.length !== 1) throw new Error(`${MANIFEST_NAME} must name exactly one current ${api} document (found ${current.length})`);
  return current[0]!;
}

/** The current document of every API the manifest names, in manifest order: one per API. */
export function currentEntries(entries: ManifestEntry[]): ManifestEntry[] {
  const apis = [...new Set(entries.map((e) => e.api))];
  return apis.map((api) => currentEntry(entries, api));
}
