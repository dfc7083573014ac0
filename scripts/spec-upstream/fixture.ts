/**
 * For the tests of the tooling: a spec/upstream/ directory built from fixed revisions of the
 * real tree's history/ (never from whatever is current), with its manifest.
 */
import { copyFileSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { parse, stringify } from "yaml";
import { type Api, type ManifestEntry, UPSTREAM_DIR, UPSTREAM_FILE, historyFile, manifestText, readManifest, revisionPath, sha256 } from "./manifest.js";
import { filesUnder } from "./stage.js";

/** Writes into `dir` an upstream directory whose current document of each API is the named revision (`DATE-REV`). */
export function upstreamFixture(dir: string, current: Partial<Record<Api, string>>, from: string = UPSTREAM_DIR): ManifestEntry[] {
  const real = readManifest(from);
  const entries: ManifestEntry[] = [];
  for (const [api, name] of Object.entries(current) as [Api, string][]) {
    const [, date, revision] = /^(\d{4}-\d{2}-\d{2})-(\w+)$/.exec(name)!;
    const file = historyFile(api, date!, revision!);
    const entry = real.find((e) => e.file === file);
    if (!entry) throw new Error(`${file} is not in the manifest of ${from}`);
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    copyFileSync(revisionPath(api, name, from), join(dir, file));
    copyFileSync(revisionPath(api, name, from), join(dir, UPSTREAM_FILE[api]));
    entries.push(entry, { ...entry, file: UPSTREAM_FILE[api], role: "current" });
  }
  writeFileSync(join(dir, "manifest.yaml"), manifestText(entries));
  return entries;
}

/** sha256 of every file under `dir` (and any staging copy left beside it), by path: what a test compares before and after a refusal. */
export function snapshot(dir: string): Record<string, string> {
  const beside = readdirSync(dirname(dir)).filter((n) => n.includes("staging"));
  return { ...Object.fromEntries(filesUnder(dir).map((f) => [f, sha256(readFileSync(join(dir, f)))])), ...(beside.length ? { beside: beside.join(",") } : {}) };
}

/**
 * Writes to `out` the Management spec/ document `specFile` as the project would have written it
 * for upstream revision 2026-05-06-08afe81: the two deprecated reinstall fields (`pubkey`,
 * `postscript`) still there, no default of config to override, and no words to read the config
 * values from (08afe81's config description lists none).
 */
export function writeSpecFor08afe81(specFile: string, out: string): void {
  // biome-ignore lint/suspicious/noExplicitAny: a YAML document edited in place by its known paths.
  const spec = parse(readFileSync(specFile, "utf8")) as Record<string, any>;
  const schemas = spec.components.schemas;
  Object.assign(schemas.ReinstallRequest.properties, { pubkey: { type: "string" }, postscript: { type: "string" } });
  const config = schemas.SetConfigRequest.properties.config["x-edis-correction"];
  config.overrides = config.overrides.filter((o: string) => o !== "request-default-changed");
  for (const field of Object.values(schemas.KvmConfiguration.properties) as Record<string, unknown>[]) delete field["x-edis-from-prose"];
  writeFileSync(out, stringify(spec, { lineWidth: 0 }));
}
