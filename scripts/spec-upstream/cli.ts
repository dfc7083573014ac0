/**
 * `npm run spec:upstream -- FILE [--api NAME] [--revision REV] [--date YYYY-MM-DD] [--source URL] [--allow-older]`
 * `npm run spec:upstream -- --from-git PATH-OR-URL [--ref REF] [--allow-older]`
 *
 * Takes new revisions of the vendor's documents into spec/upstream/ (take-in.ts has the steps
 * of one revision): one downloaded FILE, or every revision of both documents in the vendor's
 * git repository that is newer than the manifest's, oldest first, each reported as for a file
 * (what upstream changed, what was vendored, the drift of spec/). Revisions the vendor
 * published unreadable are listed and passed over: the next one supersedes them.
 *
 * The work is done on a staged copy of spec/upstream/ and swapped in whole (stage.ts). Exit 0:
 * taken in (or nothing new) and spec/ accounts for every difference; 1: taken in, spec/ needs
 * updating (the drift lines say where); 2: refused, and nothing changed.
 */
import { readFileSync } from "node:fs";
import type { CliIo } from "../lib/cli-io.js";
import { specPathFor } from "../lib/spec.js";
import { driftFails } from "../spec-drift/drift.js";
import { LEDGER_PATH } from "../spec-drift/ledger.js";
import { GitError, documentAt, documentRevisions, newerThan, openRepository } from "./git.js";
import { APIS, type Api, UPSTREAM_DIR, UPSTREAM_FILE, currentEntry, readManifest, sha256 } from "./manifest.js";
import { staged } from "./stage.js";
import { type Revision, type TakeInOptions, type TakeInResult, takeIn } from "./take-in.js";

const USAGE = [
  "usage: npm run spec:upstream -- FILE [--api management|order] [--revision REV] [--date YYYY-MM-DD] [--source URL] [--allow-older]",
  "       npm run spec:upstream -- --from-git PATH-OR-URL [--ref REF] [--allow-older]",
].join("\n");
const VALUED = new Set(["--api", "--revision", "--date", "--source", "--dir", "--spec", "--ledger", "--from-git", "--ref"]);
const FLAGS = new Set(["--allow-older"]);

function option(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}

/** What a run did, for the summary and for the pull-request body (pr-body.ts). */
export interface UpstreamRun {
  taken: Extract<TakeInResult, { status: "taken" }>[];
  skipped: { name: string; message: string }[];
}

export function runUpstream(argv: string[], io: CliIo, run: UpstreamRun = { taken: [], skipped: [] }): number {
  const positional = argv.filter((a, i) => !a.startsWith("--") && !VALUED.has(argv[i - 1] ?? ""));
  const unknown = argv.filter((a, i) => a.startsWith("--") && !VALUED.has(a) && !FLAGS.has(a) && !VALUED.has(argv[i - 1] ?? ""));
  const fromGit = option(argv, "--from-git");
  const api = option(argv, "--api");
  if (unknown.length > 0 || (fromGit === undefined ? positional.length !== 1 : positional.length !== 0) || (api !== undefined && !APIS.includes(api as Api))) {
    io.err(
      unknown.length > 0
        ? `spec:upstream: unknown option ${unknown[0]}\n${USAGE}`
        : api !== undefined && !APIS.includes(api as Api)
          ? `spec:upstream: --api ${api}: not one of ${APIS.join(", ")}`
          : USAGE,
    );
    return 2;
  }
  const dir = option(argv, "--dir") ?? UPSTREAM_DIR;
  const spec = option(argv, "--spec");
  const options: TakeInOptions = {
    ...(api === undefined ? {} : { api: api as Api }),
    allowOlder: argv.includes("--allow-older"),
    specPath: (a) => (spec !== undefined && (api === undefined || a === api) ? spec : specPathFor(a)),
    ledgerPath: option(argv, "--ledger") ?? LEDGER_PATH,
  };
  try {
    return fromGit === undefined
      ? fromFile(positional[0]!, argv, dir, options, io, run)
      : fromRepository(fromGit, option(argv, "--ref") ?? "HEAD", dir, options, io, run);
  } catch (error) {
    if (!(error instanceof GitError)) throw error;
    io.err(`spec:upstream: refused, spec/upstream/ is unchanged: ${error.message}`);
    return 2;
  }
}

function fromFile(file: string, argv: string[], dir: string, options: TakeInOptions, io: CliIo, run: UpstreamRun): number {
  const named = /(?:^|[\\/])(\d{4}-\d{2}-\d{2})-([0-9a-f]{7,40})\.json$/.exec(file);
  const revision = option(argv, "--revision") ?? named?.[2];
  const date = option(argv, "--date") ?? named?.[1];
  if (!revision || !date || !/^\d{4}-\d{2}-\d{2}$/.test(date)) {
    io.err(`spec:upstream: give --revision and --date (YYYY-MM-DD) of ${file}, or name it DATE-REV.json\n${USAGE}`);
    return 2;
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    io.err(`spec:upstream: refused, spec/upstream/ is unchanged: ${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"})`);
    return 2;
  }
  const source = option(argv, "--source");
  const rev: Revision = { name: file, bytes, revision, date, ...(source === undefined ? {} : { source }) };
  const outcome = staged(dir, (staging) => {
    const result = takeIn(staging, rev, options);
    return { result, commit: result.status === "taken" };
  });
  const { result } = outcome;
  if (result.status === "refused") {
    io.err(`spec:upstream: refused, spec/upstream/ is unchanged: ${result.message}`);
    return 2;
  }
  io.out(result.lines.join("\n"));
  if (result.status === "unchanged") return 0;
  run.taken.push(result);
  return driftFails(result.drift) ? 1 : 0;
}

function fromRepository(source: string, ref: string, dir: string, options: TakeInOptions, io: CliIo, run: UpstreamRun): number {
  const repo = openRepository(source);
  try {
    const all = documentRevisions(repo.dir, ref);
    const entries = readManifest(dir);
    const apis = APIS.filter((a) => entries.some((e) => e.api === a && e.role === "current") && (options.api === undefined || options.api === a));
    const wanted = new Set(apis.flatMap((a) => newerThan(all, a, currentEntry(entries, a)).map((r) => `${r.commit} ${a}`)));
    const steps = all.flatMap((r) => r.apis.filter((a) => wanted.has(`${r.commit} ${a}`)).map((a) => ({ r, api: a })));
    if (steps.length === 0) {
      io.out(`spec:upstream: nothing newer than the vendored documents on ${ref} (${apis.map((a) => `${a} ${currentEntry(entries, a).revision}`).join(", ")})`);
      return 0;
    }
    const outcome = staged(dir, (staging) => {
      const lines: string[] = [];
      const taken: UpstreamRun["taken"] = [];
      const skipped: UpstreamRun["skipped"] = [];
      for (const { r, api } of steps) {
        const rev: Revision = { name: `${r.revision}:${UPSTREAM_FILE[api]}`, bytes: documentAt(repo.dir, r.commit, api), revision: r.revision, date: r.date };
        const vendored = readManifest(staging).find((e) => e.api === api && e.role === "history" && e.sha256 === sha256(rev.bytes));
        if (vendored) {
          lines.push(`${rev.name} (${r.date}) is vendored already as ${vendored.file}`, "");
          continue;
        }
        const result = takeIn(staging, rev, { ...options, api });
        if (result.status === "refused") {
          skipped.push({ name: rev.name, message: result.message });
          lines.push(`passed over ${rev.name} (${r.date}): ${result.message}`, "");
          continue;
        }
        if (result.status === "taken") taken.push(result);
        lines.push(`== ${api} ${r.revision} (${r.date})`, ...result.lines, "");
      }
      return { lines, taken, skipped, commit: taken.length > 0 };
    });
    run.taken.push(...outcome.taken);
    run.skipped.push(...outcome.skipped);
    if (outcome.taken.length === 0) {
      io.err([...outcome.lines, "spec:upstream: refused, spec/upstream/ is unchanged: no newer revision could be taken in"].join("\n"));
      return 2;
    }
    io.out(outcome.lines.join("\n").trimEnd());
    const last = new Map(outcome.taken.map((t) => [t.api, t] as const));
    io.out(
      `\ntook in ${outcome.taken.length} revision(s), passed over ${outcome.skipped.length}; current: ${[...last.values()].map((t) => `${t.api} ${t.to.revision} (${t.to.date})`).join(", ")}`,
    );
    return [...last.values()].some((t) => driftFails(t.drift)) ? 1 : 0;
  } finally {
    repo.close();
  }
}
