/**
 * `npm run spec:upstream -- FILE [--api NAME] [--revision REV] [--date YYYY-MM-DD] [--source URL]`:
 * takes a new revision of one of the vendor's documents that the maintainer downloaded: the
 * Management API's (`--api management`, the default) or the ORDER API's (`--api order`).
 *
 * 1. FILE must read as OpenAPI 3; if not, it is refused (exit 2) and spec/upstream/ is untouched.
 * 2. It prints what upstream changed since the vendored copy (spec:diff, current → FILE).
 * 3. It vendors FILE byte for byte as the current document; the previous one moves to
 *    history/DATE-REV.json; the manifest records revision, date, source and sha256.
 * 4. It prints the drift of spec/ against the new document (spec:drift): exit 0 when spec/
 *    accounts for everything, 1 when spec/ needs updating.
 *
 * REV and DATE default to a file name of the form DATE-REV.json (as history/ names them).
 */
import { copyFileSync, existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import type { CliIo } from "../lib/cli-io.js";
import { specPathFor } from "../lib/spec.js";
import { diffDocuments } from "../spec-diff/diff.js";
import { SpecLoadError, loadDocument } from "../spec-diff/load.js";
import { renderHuman } from "../spec-diff/render.js";
import { computeDrift, driftFails, renderDrift } from "../spec-drift/drift.js";
import { LEDGER_PATH, ledgerFor, readLedger } from "../spec-drift/ledger.js";
import { type ManifestEntry, UPSTREAM_DIR, currentEntry, readManifest, sha256, writeManifest } from "./manifest.js";

const USAGE = "usage: npm run spec:upstream -- FILE [--api management|order] [--revision REV] [--date YYYY-MM-DD] [--source URL]";

function option(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}

/** The source of the new revision: the current one's, with its revision replaced. */
function sourceFor(current: ManifestEntry, revision: string): string {
  return current.source.includes(current.revision) ? current.source.replace(current.revision, revision) : current.source;
}

export function runUpstream(argv: string[], io: CliIo): number {
  const valued = new Set(["--api", "--revision", "--date", "--source", "--dir", "--spec", "--ledger"]);
  const positional = argv.filter((a, i) => !a.startsWith("--") && !valued.has(argv[i - 1] ?? ""));
  if (positional.length !== 1) {
    io.err(USAGE);
    return 2;
  }
  const file = positional[0]!;
  const dir = option(argv, "--dir") ?? UPSTREAM_DIR;
  const api = (option(argv, "--api") ?? "management") as ManifestEntry["api"];
  const specPath = option(argv, "--spec") ?? specPathFor(api);
  const ledgerPath = option(argv, "--ledger") ?? LEDGER_PATH;

  let incoming: ReturnType<typeof loadDocument>;
  try {
    incoming = loadDocument(file);
  } catch (error) {
    if (!(error instanceof SpecLoadError)) throw error;
    io.err(`spec:upstream: refused, spec/upstream/ is unchanged: ${error.message}`);
    return 2;
  }
  const named = /^(\d{4}-\d{2}-\d{2})-([0-9a-f]{7,40})\.json$/.exec(basename(file));
  const revision = option(argv, "--revision") ?? named?.[2];
  const date = option(argv, "--date") ?? named?.[1];
  if (!revision || !date || !/^\d{4}-\d{2}-\d{2}$/.test(date)) {
    io.err(`spec:upstream: give --revision and --date (YYYY-MM-DD) of ${file}, or name it DATE-REV.json\n${USAGE}`);
    return 2;
  }

  const entries = readManifest(dir);
  let current: ManifestEntry;
  try {
    current = currentEntry(entries, api);
  } catch (error) {
    io.err(`spec:upstream: --api ${api}: ${(error as Error).message}`);
    return 2;
  }
  const currentPath = join(dir, current.file);
  const previous = loadDocument(currentPath);
  const report = diffDocuments(previous, incoming);
  io.out(renderHuman(report, `What upstream changed: ${current.revision} (${current.date}) → ${revision} (${date})`));

  const bytes = readFileSync(file);
  if (sha256(bytes) === current.sha256) {
    io.out(`\n${file} is the vendored copy already (${current.revision}); nothing vendored.`);
  } else {
    const historyFile = `history/${current.date}-${current.revision}.json`;
    const historyPath = join(dir, historyFile);
    if (!existsSync(historyPath)) copyFileSync(currentPath, historyPath);
    const tmp = `${currentPath}.new`;
    writeFileSync(tmp, bytes);
    renameSync(tmp, currentPath);
    const others = entries.filter((e) => e !== current && e.file !== historyFile);
    writeManifest(
      [
        ...others,
        { ...current, file: historyFile, role: "history" },
        { ...current, revision, date, source: option(argv, "--source") ?? sourceFor(current, revision), sha256: sha256(bytes) },
      ],
      dir,
    );
    io.out(`\nvendored ${file} as ${current.file} (${revision}, ${date}); the previous copy is ${historyFile}`);
  }

  try {
    const result = computeDrift(incoming, loadDocument(specPath), ledgerFor(readLedger(ledgerPath), api));
    const lines = renderDrift(result, "\nWhat spec/ does not account for yet (spec:drift):");
    io.out(lines.join("\n"));
    return driftFails(result) ? 1 : 0;
  } catch (error) {
    io.err(`spec:upstream: ${(error as Error).message}`);
    return 2;
  }
}
