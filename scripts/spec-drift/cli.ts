/**
 * `npm run spec:drift [-- --upstream FILE --spec FILE --ledger FILE]`: does spec/ still
 * account for the vendored upstream document? Prints one line per unaccounted difference
 * (operation and field) and per stale correction or ledger entry. Exit 0: all accounted for;
 * 1: something unaccounted or stale; 2: a document or the ledger cannot be read.
 */
import { join, relative } from "node:path";
import type { CliIo } from "../lib/cli-io.js";
import { SpecLoadError, loadDocument } from "../spec-diff/load.js";
import { UPSTREAM_DIR, currentEntry, readManifest } from "../spec-upstream/manifest.js";
import { SPEC_PATH } from "../lib/spec.js";
import { computeDrift, driftFails, renderDrift } from "./drift.js";
import { LEDGER_PATH, readLedger } from "./ledger.js";

function option(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}

export function runDrift(argv: string[], io: CliIo): number {
  const upstreamDir = option(argv, "--upstream-dir") ?? UPSTREAM_DIR;
  const rel = (p: string) => relative(process.cwd(), p) || p;
  try {
    const upstreamPath = option(argv, "--upstream") ?? join(upstreamDir, currentEntry(readManifest(upstreamDir)).file);
    const specPath = option(argv, "--spec") ?? SPEC_PATH;
    const ledger = readLedger(option(argv, "--ledger") ?? LEDGER_PATH);
    const result = computeDrift(loadDocument(rel(upstreamPath)), loadDocument(rel(specPath)), ledger);
    const lines = renderDrift(result, `spec:drift: ${rel(upstreamPath)} → ${rel(specPath)}`);
    const fails = driftFails(result);
    (fails ? io.err : io.out)(lines.join("\n"));
    return fails ? 1 : 0;
  } catch (error) {
    io.err(`spec:drift: ${error instanceof SpecLoadError ? error.message : (error as Error).message}`);
    return 2;
  }
}
