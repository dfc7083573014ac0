/**
 * `npm run spec:pull-request -- --from-git PATH-OR-URL [--ref REF] --body FILE [--open]`:
 * what the scheduled vendor workflow runs (.github/workflows/vendor-spec.yml only calls this).
 *
 * 1. takes in every newer revision of both documents (spec:upstream --from-git);
 * 2. regenerates (`npm run generate`), rewrites the API report (`npm run api:update`) and runs
 *    `npm test`, keeping its result (a failing drift is expected until spec/ follows upstream);
 * 3. writes the pull request's body (pr-body.ts) to FILE;
 * 4. with --open: commits on a branch `vendor/<api>-<rev>…`, pushes it and opens the pull
 *    request with `gh` (GH_TOKEN from the workflow).
 *
 * Exit 0: a body was written (or nothing was newer: no body, nothing opened); 2: refused.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { removedLines } from "../api-report/version-rule.js";
import { type CliIo, captureIo } from "../lib/cli-io.js";
import { diffDocuments } from "../spec-diff/diff.js";
import { loadDocument } from "../spec-diff/load.js";
import { type UpstreamRun, runUpstream } from "./cli.js";
import { UPSTREAM_DIR, historyFile } from "./manifest.js";
import { type ApiUpdate, type BodyInput, prBody } from "./pr-body.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const REPORT = "etc/edis-global.api.md";

/** How the steps that need the whole project are run; the tests give their own. */
export interface Runner {
  /** Runs `npm run <script>` (or `npm test`) in the project; true when it exits 0. */
  npm(args: string[]): { ok: boolean; output: string };
  /** `git` in the project, its stdout. */
  git(args: string[]): string;
}

export const projectRunner = (root: string = ROOT): Runner => ({
  npm: (args) => {
    const r = spawnSync("npm", args, { cwd: root, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
    return { ok: r.status === 0, output: `${r.stdout ?? ""}${r.stderr ?? ""}` };
  },
  git: (args) => execFileSync("git", args, { cwd: root, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 }),
});

function option(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}

/** One update per API: from the first revision's predecessor to the last one taken in. */
export function updatesOf(run: UpstreamRun, dir: string): ApiUpdate[] {
  const out: ApiUpdate[] = [];
  for (const api of [...new Set(run.taken.map((t) => t.api))]) {
    const steps = run.taken.filter((t) => t.api === api);
    const first = steps[0]!;
    const last = steps.at(-1)!;
    const report =
      steps.length === 1
        ? first.report
        : diffDocuments(loadDocument(join(dir, historyFile(api, first.from.date, first.from.revision))), loadDocument(join(dir, last.to.file)));
    out.push({
      api,
      from: { revision: first.from.revision, date: first.from.date },
      to: { revision: last.to.revision, date: last.to.date, source: last.to.source },
      revisions: steps.map((s) => ({ revision: s.to.revision, date: s.to.date })),
      report,
      drift: last.drift,
    });
  }
  return out;
}

export function runPullRequest(argv: string[], io: CliIo, runner: Runner = projectRunner()): number {
  const repo = option(argv, "--from-git");
  const bodyFile = option(argv, "--body");
  if (repo === undefined || bodyFile === undefined) {
    io.err("usage: npm run spec:pull-request -- --from-git PATH-OR-URL [--ref REF] --body FILE [--open]");
    return 2;
  }
  const dir = option(argv, "--dir") ?? UPSTREAM_DIR;
  const run: UpstreamRun = { taken: [], skipped: [] };
  const upstream = captureIo();
  const code = runUpstream(["--from-git", repo, "--ref", option(argv, "--ref") ?? "HEAD", "--dir", dir], upstream, run);
  io.out(upstream.stdout.join("\n"));
  if (upstream.stderr.length > 0) io.err(upstream.stderr.join("\n"));
  if (code === 2) return 2;
  if (run.taken.length === 0) {
    io.out("spec:pull-request: nothing new upstream; no pull request.");
    return 0;
  }

  const reportBefore = runner.git(["show", `HEAD:${REPORT}`]);
  for (const step of [
    ["run", "generate"],
    ["run", "api:update"],
  ]) {
    const r = runner.npm(step);
    if (!r.ok) io.err(`spec:pull-request: npm ${step.join(" ")} failed:\n${r.output.split("\n").slice(-20).join("\n")}`);
  }
  const tests = runner.npm(["test"]);
  const reportAfter = readFileSync(join(ROOT, REPORT), "utf8");
  const input: BodyInput = {
    updates: updatesOf(run, dir),
    skipped: run.skipped,
    generated: runner
      .git(["diff", "--stat", "--", "generated/"])
      .split("\n")
      .filter((l) => l.trim() !== ""),
    apiReport: { removed: removedLines(reportBefore, reportAfter), added: removedLines(reportAfter, reportBefore) },
    version: (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string }).version,
    tests: { passed: tests.ok, tail: tests.output.trimEnd().split("\n").slice(-30) },
  };
  writeFileSync(bodyFile, prBody(input));
  io.out(`spec:pull-request: body written to ${bodyFile}`);
  if (!argv.includes("--open")) return 0;

  const name = input.updates.map((u) => `${u.api}-${u.to.revision}`).join("-");
  const title = `Vendor: ${input.updates.map((u) => `${u.api} ${u.to.revision} (${u.to.date})`).join(", ")}`;
  runner.git(["switch", "-c", `vendor/${name}`]);
  runner.git(["add", "--", "spec/upstream", "generated", REPORT]);
  runner.git([
    "-c",
    "user.name=edis-global vendor workflow",
    "-c",
    "user.email=41898282+github-actions[bot]@users.noreply.github.com",
    "commit",
    "-m",
    title,
    "-m",
    "Taken in by the scheduled vendor workflow (npm run spec:pull-request).",
  ]);
  // The branch is the workflow's own: a run that finds the same revisions again (its pull
  // request not merged yet) replaces it and the body.
  runner.git(["push", "--force", "--set-upstream", "origin", `vendor/${name}`]);
  try {
    execFileSync("gh", ["pr", "create", "--title", title, "--body-file", bodyFile, "--head", `vendor/${name}`], { cwd: ROOT, stdio: "inherit" });
  } catch {
    execFileSync("gh", ["pr", "edit", `vendor/${name}`, "--title", title, "--body-file", bodyFile], { cwd: ROOT, stdio: "inherit" });
  }
  return 0;
}
