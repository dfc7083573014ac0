/**
 * spec/drift-ledger.yaml: differences from upstream that the project accepts and that no
 * single element of spec/ can carry (an operation upstream has and spec/ leaves out, a rule
 * the project applies to every operation). Each entry names the API whose documents it is
 * about (`management`, `order`: the manifest's `api`), the operation, the kind and optionally
 * the path (all `*` globs), and says why.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import type { Change } from "../spec-diff/compare.js";
import { globMatch } from "./glob.js";

export const LEDGER_PATH = fileURLToPath(new URL("../../spec/drift-ledger.yaml", import.meta.url));

export interface LedgerEntry {
  /** The manifest's `api`: which pair of documents (ours, upstream) the entry is about. */
  api: string;
  operation: string;
  kind: string;
  path?: string;
  why: string;
}

export function readLedger(path: string = LEDGER_PATH): LedgerEntry[] {
  const parsed = parse(readFileSync(path, "utf8")) as { accepted?: unknown } | null;
  const entries = (parsed?.accepted ?? []) as unknown[];
  if (!Array.isArray(entries)) throw new Error(`${path}: accepted must be a list`);
  return entries.map((e, i) => {
    const entry = e as Partial<LedgerEntry>;
    if (
      typeof entry.api !== "string" ||
      entry.api === "" ||
      typeof entry.operation !== "string" ||
      typeof entry.kind !== "string" ||
      typeof entry.why !== "string" ||
      entry.why.trim() === ""
    ) {
      throw new Error(`${path}: entry ${i + 1} needs api, operation, kind and why`);
    }
    if (entry.path !== undefined && typeof entry.path !== "string") throw new Error(`${path}: entry ${i + 1}: path must be a string`);
    return entry as LedgerEntry;
  });
}

/** The entries about one API's documents. */
export function ledgerFor(entries: LedgerEntry[], api: string): LedgerEntry[] {
  return entries.filter((e) => e.api === api);
}

export function ledgerMatches(entry: LedgerEntry, change: Change): boolean {
  return globMatch(entry.operation, change.operation) && globMatch(entry.kind, change.kind) && (entry.path === undefined || globMatch(entry.path, change.path));
}

export function describeEntry(entry: LedgerEntry): string {
  return `${entry.api}: ${entry.operation} ${entry.kind}${entry.path === undefined ? "" : ` ${entry.path || '""'}`}`;
}
