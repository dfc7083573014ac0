/**
 * The tests of the tooling (scripts/spec-*) do not depend on which document is vendored as
 * current: in a copy of the tree (a git repository of its own, node_modules linked) whose
 * current Management document is a real newer revision than the one they were written against,
 * they all pass. The copy's spec/upstream/ is brought there as a maintainer would: `npm run
 * spec:upstream` takes 2026-05-06-08afe81 back (--allow-older) and then takes in
 * 2026-05-06-2db7fe1, against a spec/ written for 08afe81 (what drift says about that is
 * take-in-drift.test.ts, in-process in the unit project).
 *
 * Not in `npm test`: it runs every test of the tooling a second time (half a minute of CPU), a
 * check of the tests' independence from the vendored state rather than of a module, so it is a
 * job of its own (`npm run test:spec-loop`, .github/workflows/ci.yml), as mutation testing is.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, test } from "vitest";
import { parse } from "yaml";
import { writeSpecFor08afe81 } from "./fixture.js";
import { revisionPath } from "./manifest.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const COPIED = ["scripts/", "spec/", "src/", "generated/", "test-support/", "etc/", "package.json", "tsconfig.json"];
let base: string;
let copy: string;
let beforeSpec: string;

function inCopy(args: string[]) {
  return spawnSync(process.execPath, args, { cwd: copy, encoding: "utf8", env: { ...process.env, FORCE_COLOR: "0", NO_COLOR: "1" }, timeout: 240_000 });
}

function specUpstream(...argv: string[]) {
  return inCopy(["--import", "tsx", "scripts/spec-upstream/main.ts", ...argv]);
}

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), "edis-newer-revision-"));
  copy = join(base, "tree");
  const files = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: ROOT, encoding: "utf8" })
    .split("\0")
    .filter((f) => f !== "" && COPIED.some((c) => f === c || f.startsWith(c)) && existsSync(join(ROOT, f)));
  for (const f of files) {
    mkdirSync(dirname(join(copy, f)), { recursive: true });
    copyFileSync(join(ROOT, f), join(copy, f));
  }
  symlinkSync(join(ROOT, "node_modules"), join(copy, "node_modules"), "dir");
  const git = (...args: string[]) =>
    execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false", ...args], {
      cwd: copy,
      env: { ...process.env, GIT_CONFIG_GLOBAL: "/dev/null", GIT_CONFIG_NOSYSTEM: "1" },
    });
  git("init", "-q");
  git("add", "-A");
  git("commit", "-q", "-m", "copy");

  beforeSpec = join(base, "edis-management-api.before.yaml");
  writeSpecFor08afe81(join(copy, "spec/edis-management-api.yaml"), beforeSpec);

  const older = specUpstream(revisionPath("management", "2026-05-06-08afe81"), "--allow-older", "--spec", beforeSpec);
  expect(older.stderr).toBe("");
  expect(older.stdout).toMatch(/0 unaccounted; 0 stale$/m);
  expect(older.status).toBe(0);

  // 2db7fe1 removed the two fields spec/ still has: taken in, drift fails (exit 1).
  const newer = specUpstream(revisionPath("management", "2026-05-06-2db7fe1"), "--spec", beforeSpec);
  expect(newer.stderr).toBe("");
  expect(newer.status).toBe(1);
  const manifest = parse(readFileSync(join(copy, "spec/upstream/manifest.yaml"), "utf8")) as { documents: { api: string; role: string; revision: string }[] };
  expect(manifest.documents.find((d) => d.api === "management" && d.role === "current")?.revision).toBe("2db7fe1");
}, 300_000);
afterAll(() => rmSync(base, { recursive: true, force: true }));

// The files share their workers' modules (isolate: false), a third less CPU: every module they
// load is the copy's, so sharing cannot bring the tree's own current document in.
test("the tests of the tooling pass in the copy, whose current document is no longer the one they were written against", () => {
  writeFileSync(
    join(copy, "vitest.spec-tools.config.ts"),
    `import { defineConfig } from "vitest/config";
export default defineConfig({ test: { include: ["scripts/spec-*/**/*.test.ts"], exclude: ["scripts/spec-upstream/newer-revision.test.ts"], testTimeout: 120000, hookTimeout: 120000, maxWorkers: 2, isolate: false } });
`,
  );
  const run = inCopy([join(copy, "node_modules/vitest/vitest.mjs"), "run", "--config", "vitest.spec-tools.config.ts", "--reporter=dot"]);
  expect(run.stdout + run.stderr).toMatch(/Test Files {2}\d+ passed \(\d+\)/);
  expect(run.status).toBe(0);
}, 300_000);
