/**
 * `npm run spec:upstream -- --from-git REPO [--ref REF]` against a local repository that the
 * test builds the way the vendor's looks: the two documents at its root, commits made from
 * real revisions (history/) with their dates, two of them changing both documents at once
 * (one with a Management document that is not valid JSON, as 78c533e and 95eb88b were), and a
 * commit that changes neither. Every revision newer than the manifest is taken in, oldest
 * first, under a name read from its commit; unreadable ones are passed over.
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, expect, test } from "vitest";
import { captureIo } from "../lib/cli-io.js";
import { runUpstream } from "./cli.js";
import { snapshot, upstreamFixture } from "./fixture.js";
import { type Api, UPSTREAM_FILE, readManifest, revisionPath, sha256 } from "./manifest.js";
import { manifestProblems } from "./stage.js";

let base: string;
let repo: string;
let dir: string;
const hashes: string[] = [];

function git(...args: string[]): string {
  return execFileSync("git", ["-c", "user.name=Vendor", "-c", "user.email=docs@example.com", "-c", "commit.gpgsign=false", ...args], {
    cwd: repo,
    encoding: "utf8",
    env: { ...process.env, GIT_CONFIG_GLOBAL: "/dev/null", GIT_CONFIG_NOSYSTEM: "1", GIT_AUTHOR_DATE: when, GIT_COMMITTER_DATE: when },
  }).trim();
}
let when = "";

/** One vendor commit at `at` (ISO time) with the given revisions of the documents. */
function commit(at: string, documents: Partial<Record<Api, string>>, message: string): string {
  when = at;
  for (const [api, name] of Object.entries(documents) as [Api, string][]) copyFileSync(revisionPath(api, name), join(repo, UPSTREAM_FILE[api]));
  if (Object.keys(documents).length === 0) writeFileSync(join(repo, "README.md"), `${message}\n`);
  git("add", "-A");
  git("commit", "-q", "-m", message);
  const hash = git("rev-parse", "HEAD");
  hashes.push(hash);
  return hash.slice(0, 7);
}

function run(...argv: string[]) {
  const io = captureIo();
  const code = runUpstream([...argv, "--dir", dir], io);
  return { code, out: io.stdout.join("\n"), err: io.stderr.join("\n") };
}

let c1: string;
let c2: string;
let c3: string;
beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), "spec-upstream-git-"));
  repo = join(base, "docs");
  mkdirSync(repo);
  git("init", "-q", "-b", "main");
  commit("2025-04-22T09:00:00Z", { management: "2025-04-22-31ae49d", order: "2025-12-07-03b4ffa" }, "start");
  c1 = commit(
    "2025-12-07T10:00:00Z",
    { management: "2025-12-07-78c533e", order: "2025-12-07-78c533e" },
    "Documentation edits made through Mintlify web editor",
  );
  c2 = commit(
    "2025-12-07T11:00:00Z",
    { management: "2025-12-07-95eb88b", order: "2025-12-07-95eb88b" },
    "Documentation edits made through Mintlify web editor",
  );
  c3 = commit("2025-12-08T12:00:00Z", { management: "2025-12-08-b8bca97", order: "2025-12-09-3f751be" }, "both documents, both readable");
  commit("2025-12-10T12:00:00Z", {}, "no document changed");
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

// Each test starts from the vendored state before, in a directory of its own: no test depends
// on what another one took in.
let dirs = 0;
beforeEach(() => {
  dir = join(base, `upstream-${++dirs}`);
  mkdirSync(dir);
  // The first commit's documents (their real revision names; the repository does not have
  // those commits, so "newer" is read from the dates).
  upstreamFixture(dir, { management: "2025-04-22-31ae49d", order: "2025-12-07-03b4ffa" });
});

/** Takes in everything up to c3, as the first test does (drift fails: spec/ is written for later revisions). */
function takeInEverything(): void {
  expect(run("--from-git", repo).code).toBe(1);
}

test("every newer revision of both documents is taken in, in commit order, each named DATE-REV from its commit", () => {
  const { code, out } = run("--from-git", repo);
  // spec/ is written for far later revisions, so the drift of these old ones fails.
  expect(code).toBe(1);
  const headings = out.split("\n").filter((l) => l.startsWith("== ") || l.startsWith("passed over "));
  expect(headings.map((l) => l.replace(/: .*$/, ""))).toEqual([
    `passed over ${c1}:management-openapi.json (2025-12-07)`,
    `== order ${c1} (2025-12-07)`,
    `passed over ${c2}:management-openapi.json (2025-12-07)`,
    `== order ${c2} (2025-12-07)`,
    `== management ${c3} (2025-12-08)`,
    `== order ${c3} (2025-12-08)`,
  ]);
  expect(out).toMatch(new RegExp(`passed over ${c1}:management-openapi.json \\(2025-12-07\\): ${c1}:management-openapi.json:\\d+:\\d+: not valid JSON`));
  // Each taken revision is reported as a single file is: what changed, what was vendored, the drift.
  expect(out).toContain(`What upstream changed in the management document: 31ae49d (2025-04-22) → ${c3} (2025-12-08)`);
  expect(out).toMatch(/POST \/kvm\/v2\/get\/turnkey_images \(getTurnkeyImages\)\n {2}breaking {5}operation-removed/);
  expect(out).toContain(`vendored ${c3}:order-api.json as order-api.json and history/order/2025-12-08-${c3}.json (${c3}, 2025-12-08)`);
  expect(out).toContain(`took in 4 revision(s), passed over 2; current: order ${c3} (2025-12-08), management ${c3} (2025-12-08)`);

  const entries = readManifest(dir);
  expect(entries.filter((e) => e.role === "history").map((e) => e.file)).toEqual([
    "history/management/2025-04-22-31ae49d.json",
    `history/management/2025-12-08-${c3}.json`,
    "history/order/2025-12-07-03b4ffa.json",
    `history/order/2025-12-07-${c1}.json`,
    `history/order/2025-12-07-${c2}.json`,
    `history/order/2025-12-08-${c3}.json`,
  ]);
  expect(sha256(readFileSync(join(dir, "management-openapi.json")))).toBe(sha256(readFileSync(revisionPath("management", "2025-12-08-b8bca97"))));
  expect(sha256(readFileSync(join(dir, `history/order/2025-12-07-${c2}.json`)))).toBe(sha256(readFileSync(revisionPath("order", "2025-12-07-95eb88b"))));
  expect(manifestProblems(dir)).toEqual([]);
});

test("run again: the manifest's revisions are found on the branch, and nothing is newer", () => {
  takeInEverything();
  const before = snapshot(dir);
  const { code, out } = run("--from-git", repo);
  expect(code).toBe(0);
  expect(out).toBe(`spec:upstream: nothing newer than the vendored documents on HEAD (management ${c3}, order ${c3})`);
  expect(snapshot(dir)).toEqual(before);
});

test("a later commit is the only one taken; --ref names where to read", () => {
  takeInEverything();
  git("checkout", "-q", "-b", "later");
  const c5 = commit("2026-05-06T08:00:00Z", { management: "2026-05-06-08afe81" }, "later");
  git("checkout", "-q", "main");
  expect(run("--from-git", repo).code).toBe(0);
  const { out } = run("--from-git", repo, "--ref", "later");
  expect(out.split("\n").filter((l) => l.startsWith("== "))).toEqual([`== management ${c5} (2026-05-06)`]);
  expect(readManifest(dir).find((e) => e.role === "current" && e.api === "management")?.revision).toBe(c5);
});

test("a repository git cannot read, or a ref it does not have: refused, nothing changed", () => {
  const before = snapshot(dir);
  const missing = run("--from-git", join(base, "no-such-repo"));
  expect(missing.code).toBe(2);
  expect(missing.err).toMatch(/^spec:upstream: refused, spec\/upstream\/ is unchanged: git clone failed/);
  const ref = run("--from-git", repo, "--ref", "no-such-branch");
  expect(ref.code).toBe(2);
  expect(ref.err).toMatch(/^spec:upstream: refused, spec\/upstream\/ is unchanged: git log failed/);
  expect(run("--from-git", repo, "--ref", "--output=x").code).toBe(2);
  expect(snapshot(dir)).toEqual(before);
});
