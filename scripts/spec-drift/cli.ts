/**
 * `npm run spec:drift [-- --api NAME] [--upstream FILE --spec FILE] [--ledger FILE]`: do the
 * project's documents in spec/ still account for the vendored upstream documents? Checks
 * every pair of pairs.ts (one per API of spec/upstream/manifest.yaml), or the one `--api`
 * names; `--upstream` and `--spec` replace a pair's documents and need `--api` when the
 * manifest names several APIs. Prints one line per unaccounted difference (operation and
 * field) and per stale correction or ledger entry, and a summary per pair. Exit 0: all
 * accounted for; 1: something unaccounted or stale; 2: a document or the ledger cannot be
 * read, or the arguments are wrong.
 */
import { relative } from "node:path";
import type { CliIo } from "../lib/cli-io.js";
import { SpecLoadError, loadDocument } from "../spec-diff/load.js";
import { UPSTREAM_DIR, readManifest } from "../spec-upstream/manifest.js";
import { computeDrift, driftFails, renderDrift } from "./drift.js";
import { LEDGER_PATH, ledgerFor, readLedger } from "./ledger.js";
import { type DriftPair, driftPairs } from "./pairs.js";

function option(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}

/** The pairs the arguments select, with `--upstream` / `--spec` applied. */
function selectPairs(argv: string[], all: DriftPair[]): DriftPair[] {
  const api = option(argv, "--api");
  let pairs = all;
  if (api !== undefined) {
    pairs = all.filter((p) => p.api === api);
    if (pairs.length === 0) throw new Error(`--api ${api}: the manifest names no current ${api} document (APIs: ${all.map((p) => p.api).join(", ")})`);
  }
  const upstream = option(argv, "--upstream");
  const spec = option(argv, "--spec");
  if (upstream === undefined && spec === undefined) return pairs;
  if (pairs.length !== 1) throw new Error("--upstream and --spec replace the documents of one API: name it with --api");
  return [{ ...pairs[0]!, ...(upstream === undefined ? {} : { upstream }), ...(spec === undefined ? {} : { spec }) }];
}

export function runDrift(argv: string[], io: CliIo): number {
  const upstreamDir = option(argv, "--upstream-dir") ?? UPSTREAM_DIR;
  const rel = (p: string) => relative(process.cwd(), p) || p;
  try {
    const pairs = selectPairs(argv, driftPairs(readManifest(upstreamDir), upstreamDir));
    const ledger = readLedger(option(argv, "--ledger") ?? LEDGER_PATH);
    const out: string[] = [];
    let fails = false;
    for (const pair of pairs) {
      const result = computeDrift(loadDocument(rel(pair.upstream)), loadDocument(rel(pair.spec)), ledgerFor(ledger, pair.api));
      out.push(...renderDrift(result, `spec:drift (${pair.api}): ${rel(pair.upstream)} → ${rel(pair.spec)}`));
      fails ||= driftFails(result);
    }
    (fails ? io.err : io.out)(out.join("\n"));
    return fails ? 1 : 0;
  } catch (error) {
    io.err(`spec:drift: ${error instanceof SpecLoadError ? error.message : (error as Error).message}`);
    return 2;
  }
}
