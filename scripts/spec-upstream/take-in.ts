/**
 * Taking one revision of a vendor document into a spec/upstream/ directory (a staged copy:
 * stage.ts swaps it in only when everything passed). In order, nothing written until the
 * last step:
 *
 * 1. the text must read as OpenAPI 3 (else refused with file, line and column);
 * 2. the API it belongs to is read from the document (identify.ts) and must be the one asked for;
 * 3. a revision older than the current one (an earlier date) is refused unless `allowOlder`;
 * 4. the project's document of that API and the drift ledger must be readable;
 * 5. then: what upstream changed (spec:diff, current → new), the new bytes in
 *    history/<api>/DATE-REV.json and as the current document, the manifest entries, and the
 *    drift of spec/ against the new document.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { diffDocuments } from "../spec-diff/diff.js";
import { type LoadedDocument, SpecLoadError, loadDocument, parseDocumentText } from "../spec-diff/load.js";
import { type DiffReport, renderHuman } from "../spec-diff/render.js";
import { type DriftResult, computeDrift, renderDrift } from "../spec-drift/drift.js";
import { ledgerFor, readLedger } from "../spec-drift/ledger.js";
import { identifyApi } from "./identify.js";
import { type Api, type ManifestEntry, UPSTREAM_FILE, currentEntry, historyFile, manifestText, readManifest, sha256 } from "./manifest.js";

export interface Revision {
  /** How the revision is named in messages: a file path, or `REV:FILE` for a git revision. */
  name: string;
  bytes: Buffer;
  revision: string;
  date: string;
  /** Where it was published; by default the current document's source with the revision replaced. */
  source?: string;
}

export interface TakeInOptions {
  /** The API the caller says the document belongs to; checked against the document. */
  api?: Api;
  allowOlder?: boolean;
  /** The project's document of an API (spec/edis-<api>-api.yaml by default). */
  specPath: (api: Api) => string;
  ledgerPath: string;
}

export type TakeInResult =
  | { status: "refused"; message: string }
  | { status: "unchanged"; api: Api; lines: string[] }
  | { status: "taken"; api: Api; lines: string[]; report: DiffReport; drift: DriftResult; from: ManifestEntry; to: ManifestEntry };

class Refusal extends Error {}

/** The source of a new revision: the current one's, with revision and file name replaced. */
function sourceFor(current: ManifestEntry, api: Api, revision: string): string {
  return current.source.includes(current.revision) ? current.source.replace(current.revision, revision).replace(/[^/]+$/, UPSTREAM_FILE[api]) : current.source;
}

function parse(name: string, bytes: Buffer): LoadedDocument {
  const text = bytes.toString("utf8");
  return { name, text, doc: parseDocumentText(name, text) };
}

/** Takes `rev` into the spec/upstream/ directory `dir`; writes only when every check passed. */
export function takeIn(dir: string, rev: Revision, options: TakeInOptions): TakeInResult {
  try {
    return takeInChecked(dir, rev, options);
  } catch (error) {
    if (error instanceof SpecLoadError || error instanceof Refusal) return { status: "refused", message: error.message };
    throw error;
  }
}

function takeInChecked(dir: string, rev: Revision, options: TakeInOptions): TakeInResult {
  const incoming = parse(rev.name, rev.bytes);
  const entries = readManifest(dir);
  const currents = [...new Set(entries.map((e) => e.api))].map((api) => currentEntry(entries, api));
  const known = currents.map((e) => ({ api: e.api, file: e.file, doc: loadDocument(join(dir, e.file)).doc }));
  const { api, evidence } = identifyApi(incoming.doc, known);
  if (api === undefined) throw new Refusal(`${rev.name} is not a document of any API vendored here (${evidence})`);
  if (options.api !== undefined && options.api !== api) {
    throw new Refusal(`${rev.name} is the ${api} API's document, not the ${options.api} API's (${evidence}); leave out --api or give --api ${api}`);
  }
  const current = currentEntry(entries, api);
  const sha = sha256(rev.bytes);
  if (sha === current.sha256)
    return { status: "unchanged", api, lines: [`${rev.name} is the vendored ${api} document already (${current.revision}); nothing vendored.`] };

  const target = historyFile(api, rev.date, rev.revision);
  // Older by date. Two revisions of one day cannot be told apart by the manifest: the newer
  // one is whichever is given (--from-git gives them in commit order).
  if (!options.allowOlder && rev.date < current.date) {
    throw new Refusal(
      `${rev.name} (${rev.revision}, ${rev.date}) is older than the vendored ${api} document (${current.revision}, ${current.date}); give --allow-older to take it as current`,
    );
  }
  const existing = entries.find((e) => e.file === target);
  if (existing && existing.sha256 !== sha) throw new Refusal(`${target} is vendored already with other bytes (sha256 ${existing.sha256.slice(0, 12)}…)`);

  // The project's document and the ledger are read before anything is written.
  const spec = loadDocument(options.specPath(api));
  let ledger: ReturnType<typeof readLedger>;
  try {
    ledger = ledgerFor(readLedger(options.ledgerPath), api);
  } catch (error) {
    throw new Refusal((error as Error).message);
  }
  const report = diffDocuments(loadDocument(join(dir, current.file)), incoming);
  const drift = computeDrift(incoming, spec, ledger);

  mkdirSync(dirname(join(dir, target)), { recursive: true });
  if (!existing) writeFileSync(join(dir, target), rev.bytes);
  writeFileSync(join(dir, current.file), rev.bytes);
  const to: ManifestEntry = { ...current, revision: rev.revision, date: rev.date, source: rev.source ?? sourceFor(current, api, rev.revision), sha256: sha };
  const history: ManifestEntry = { ...to, file: target, role: "history" };
  writeFileSync(join(dir, "manifest.yaml"), manifestText([...entries.filter((e) => e !== current && e.file !== target), to, history]));

  const lines = [
    renderHuman(report, `What upstream changed in the ${api} document: ${current.revision} (${current.date}) → ${rev.revision} (${rev.date})`),
    "",
    `vendored ${rev.name} as ${current.file} and ${target} (${rev.revision}, ${rev.date})`,
    ...renderDrift(drift, `\nWhat spec/ does not account for yet (spec:drift, ${api}):`),
  ];
  return { status: "taken", api, lines, report, drift, from: current, to };
}
