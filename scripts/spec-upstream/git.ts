/**
 * The vendor's revisions, read from its git repository (a path, or a URL cloned bare into a
 * temporary directory): every commit on REF that added or changed one of the documents
 * (management-openapi.json, order-api.json), oldest first, with the documents it changed.
 * Only `git` is run, with its arguments as a list (no shell).
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { APIS, type Api, UPSTREAM_FILE } from "./manifest.js";

export interface GitRevision {
  commit: string;
  /** The first seven characters of the commit, as the manifest and history/ name revisions. */
  revision: string;
  /** The commit's date (committer date, YYYY-MM-DD). */
  date: string;
  /** The documents the commit added or changed (a deletion is no revision). */
  apis: Api[];
}

export class GitError extends Error {}

function git(args: string[], cwd?: string): Buffer {
  try {
    return execFileSync("git", args, { cwd, stdio: ["ignore", "pipe", "pipe"], maxBuffer: 256 * 1024 * 1024 });
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? "")
      .trim()
      .split("\n")[0];
    throw new GitError(`git ${args[0]} failed${stderr ? `: ${stderr}` : ""}`);
  }
}

/** A repository to read: a local path as it is, anything else cloned bare (and removed by `close`). */
export function openRepository(source: string): { dir: string; close: () => void } {
  if (existsSync(source)) {
    git(["rev-parse", "--git-dir"], source);
    return { dir: source, close: () => {} };
  }
  if (source.startsWith("-")) throw new GitError(`--from-git ${source}: not a repository`);
  const tmp = mkdtempSync(join(tmpdir(), "edis-vendor-repo-"));
  try {
    git(["clone", "--quiet", "--bare", "--", source, join(tmp, "repo.git")]);
  } catch (error) {
    rmSync(tmp, { recursive: true, force: true });
    throw error;
  }
  return { dir: join(tmp, "repo.git"), close: () => rmSync(tmp, { recursive: true, force: true }) };
}

/** Every commit on `ref` that added or changed a document, oldest first (git's commit order). */
export function documentRevisions(repo: string, ref: string): GitRevision[] {
  if (ref.startsWith("-")) throw new GitError(`--ref ${ref}: not a revision`);
  const files = APIS.map((api) => UPSTREAM_FILE[api]);
  const out = git(["log", "--reverse", "--topo-order", "--diff-filter=AM", "--name-only", "--format=%x00%H %cs", ref, "--", ...files], repo).toString("utf8");
  const revisions: GitRevision[] = [];
  for (const block of out.split("\0").slice(1)) {
    const [head, ...names] = block.split("\n").filter((l) => l !== "");
    const [commit, date] = head!.split(" ") as [string, string];
    const apis = APIS.filter((api) => names.includes(UPSTREAM_FILE[api]));
    if (apis.length > 0) revisions.push({ commit, revision: commit.slice(0, 7), date, apis });
  }
  return revisions;
}

/** The bytes of an API's document at a commit. */
export function documentAt(repo: string, commit: string, api: Api): Buffer {
  return git(["show", `${commit}:${UPSTREAM_FILE[api]}`], repo);
}

/**
 * The revisions of one API newer than the vendored one: those after its commit on the branch
 * when the repository has it, else those dated from its day on (a revision of the same day
 * whose bytes are vendored already is passed over by the caller).
 */
export function newerThan(all: GitRevision[], api: Api, current: { revision: string; date: string }): GitRevision[] {
  const mine = all.filter((r) => r.apis.includes(api));
  const at = all.findIndex((r) => r.commit.startsWith(current.revision));
  if (at >= 0) return mine.filter((r) => all.indexOf(r) > at);
  return mine.filter((r) => r.date >= current.date);
}
