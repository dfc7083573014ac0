/**
 * All-or-nothing writes to spec/upstream/: the work is done on a staged copy beside it
 * (`.upstream.staging-*`, same file system), checked (every file has exactly one manifest
 * entry, every sha256 matches), and only then swapped in by two renames. Anything that fails
 * before the swap leaves spec/upstream/ as it was and removes the copy.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { MANIFEST_NAME, readManifest, sha256 } from "./manifest.js";

/** Every file under `dir`, relative to it. */
export function filesUnder(dir: string, root: string = dir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? filesUnder(join(dir, d.name), root) : [relative(root, join(dir, d.name))],
  );
}

/** What is wrong between a directory and its manifest: files without exactly one entry, entries without a file, hashes that differ. */
export function manifestProblems(dir: string): string[] {
  const entries = readManifest(dir);
  const files = filesUnder(dir).filter((f) => f !== MANIFEST_NAME);
  const problems: string[] = [];
  for (const f of files) {
    const n = entries.filter((e) => e.file === f).length;
    if (n !== 1) problems.push(`${f}: ${n} manifest entries`);
  }
  for (const e of entries) {
    if (!files.includes(e.file)) problems.push(`${e.file}: in the manifest, no such file`);
    else if (sha256(readFileSync(join(dir, e.file))) !== e.sha256) problems.push(`${e.file}: sha256 differs from the manifest`);
  }
  return problems;
}

/**
 * Runs `work` on a staged copy of `dir`. When it returns `commit: true` and the copy's manifest
 * matches its files, the copy replaces `dir`; otherwise `dir` is untouched.
 */
export function staged<T extends { commit: boolean }>(dir: string, work: (stagingDir: string) => T): T {
  const staging = mkdtempSync(join(dirname(dir), ".upstream.staging-"));
  try {
    cpSync(dir, staging, { recursive: true });
    const result = work(staging);
    if (!result.commit) return result;
    const problems = manifestProblems(staging);
    if (problems.length > 0) throw new Error(`the staged manifest does not match its files: ${problems.join("; ")}`);
    const old = `${staging}.old`;
    renameSync(dir, old);
    renameSync(staging, dir);
    rmSync(old, { recursive: true, force: true });
    return result;
  } finally {
    if (existsSync(staging)) rmSync(staging, { recursive: true, force: true });
  }
}
