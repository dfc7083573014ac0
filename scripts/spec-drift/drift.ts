/**
 * spec:drift as a function: spec:diff from the vendored upstream document to spec/, less what
 * spec:diff calls docs and less the project's own `x-edis-*` settings. Every remaining
 * difference must be accounted for by a correction on its element (corrections.ts) or by a
 * ledger entry (ledger.ts); a correction entry or ledger entry that accounts for nothing is
 * stale. Docs changes may be listed by a correction (an example the project rewrote), and
 * then count for it, but are never required to be. A constraint spec/ read from upstream's
 * words (x-edis-from-prose, prose.ts) fails when upstream no longer says them.
 */
import type { Change } from "../spec-diff/compare.js";
import { diffChanges, viewOf } from "../spec-diff/diff.js";
import type { LoadedDocument } from "../spec-diff/load.js";
import type { CorrectionNote } from "../spec-diff/normalize.js";
import { isProjectKind } from "../spec-diff/rules.js";
import { type Correction, allCorrectionNotes, matchCorrections, parseCorrection } from "./corrections.js";
import { type LedgerEntry, describeEntry, ledgerMatches } from "./ledger.js";
import { type ProseChange, changedProse, proseSources, renderProseChange } from "./prose.js";

export interface DriftResult {
  /** Differences that must be accounted for (neither docs nor x-edis-*). */
  checked: number;
  byCorrection: number;
  byLedger: number;
  unaccounted: Change[];
  /** What accounts for each accounted difference: `x-edis-correction at POINTER: ENTRY` or `ledger: ENTRY`. */
  accounted: { change: Change; by: string }[];
  staleCorrections: { pointer: string; entry: string }[];
  staleLedger: LedgerEntry[];
  /** Constraints read from upstream's prose (x-edis-from-prose) whose words upstream no longer has. */
  proseChanged: ProseChange[];
}

export function computeDrift(upstream: LoadedDocument, spec: LoadedDocument, ledger: LedgerEntry[]): DriftResult {
  const changes = diffChanges(upstream, spec);
  const view = viewOf(spec);
  const parsed = new Map<string, Correction>();
  const parse = (note: CorrectionNote): Correction => {
    let c = parsed.get(note.pointer);
    if (!c) {
      c = parseCorrection(note);
      parsed.set(note.pointer, c);
    }
    return c;
  };
  const notes = allCorrectionNotes(spec.doc);
  const used = new Map<string, number>();
  for (const note of notes) for (const o of parse(note).overrides) used.set(`${note.pointer}\u0000${o.entry}`, 0);
  const ledgerUse = ledger.map(() => 0);

  const result: DriftResult = {
    checked: 0,
    byCorrection: 0,
    byLedger: 0,
    unaccounted: [],
    accounted: [],
    staleCorrections: [],
    staleLedger: [],
    proseChanged: changedProse(viewOf(upstream), proseSources(spec.doc)),
  };
  for (const change of changes) {
    if (isProjectKind(change.kind)) continue;
    const matches = matchCorrections(view.get(change.operation), change, parse);
    for (const m of matches) {
      const key = `${m.correction.pointer}\u0000${m.entry}`;
      used.set(key, (used.get(key) ?? 0) + 1);
    }
    if (change.severity === "docs") continue;
    result.checked++;
    if (matches.length > 0) {
      result.byCorrection++;
      result.accounted.push({ change, by: `x-edis-correction at ${matches[0]!.correction.pointer}: ${matches[0]!.entry}` });
      continue;
    }
    const i = ledger.findIndex((e) => ledgerMatches(e, change));
    if (i >= 0) {
      ledgerUse[i]!++;
      result.byLedger++;
      result.accounted.push({ change, by: `ledger: ${describeEntry(ledger[i]!)}` });
    } else result.unaccounted.push(change);
  }
  for (const [key, count] of used) {
    if (count > 0) continue;
    const [pointer, entry] = key.split("\u0000") as [string, string];
    result.staleCorrections.push({ pointer, entry });
  }
  ledger.forEach((e, i) => {
    if (ledgerUse[i] === 0) result.staleLedger.push(e);
  });
  return result;
}

/** One line per problem, then a summary line. */
export function renderDrift(result: DriftResult, title: string): string[] {
  const lines = [title];
  for (const c of result.unaccounted) {
    lines.push(`unaccounted: ${c.operation}${c.operationId ? ` (${c.operationId})` : ""} ${c.path || "(operation)"}: ${c.kind}: ${c.message}`);
  }
  for (const s of result.staleCorrections) {
    lines.push(`stale correction: x-edis-correction at ${s.pointer} overrides ${s.entry}, which matches no difference from upstream`);
  }
  for (const e of result.staleLedger) lines.push(`stale ledger entry: ${describeEntry(e)} matches no difference from upstream`);
  for (const p of result.proseChanged) lines.push(renderProseChange(p));
  lines.push(
    `${result.checked} differences from upstream (docs and x-edis-* left out): ${result.byCorrection} by corrections, ` +
      `${result.byLedger} by the ledger, ${result.unaccounted.length} unaccounted; ` +
      `${result.staleCorrections.length + result.staleLedger.length} stale` +
      (result.proseChanged.length > 0 ? `; ${result.proseChanged.length} read from prose that changed` : ""),
  );
  return lines;
}

export function driftFails(result: DriftResult): boolean {
  return result.unaccounted.length > 0 || result.staleCorrections.length > 0 || result.staleLedger.length > 0 || result.proseChanged.length > 0;
}
