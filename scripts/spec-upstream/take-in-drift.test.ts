/**
 * Vendoring a real newer revision over a spec/ written for the one before it: spec:drift, run
 * by spec:upstream after the take-in, fails on what that revision changed and nothing else.
 *
 * - before: the Management document vendored is 2026-05-06-08afe81 (taken back with
 *   --allow-older from 2026-08-10-8da9913; history/ keeps every revision), and spec/ is as the
 *   project would have written it then (reinstall still has the deprecated `pubkey` and
 *   `postscript`; config has no default to override and no value lists in words yet):
 *   spec:drift passes;
 * - `npm run spec:upstream` takes in 2026-05-06-2db7fe1, which removed `pubkey` and `postscript`:
 *   exit 1, and the drift lines name exactly those two fields.
 *
 * In-process (runUpstream, as `npm run spec:upstream` runs it) on a temporary spec/upstream/;
 * that the tooling's own tests still pass once 2db7fe1 is vendored is newer-revision.test.ts,
 * a job of its own (npm run test:spec-loop).
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { captureIo } from "../lib/cli-io.js";
import { specPathFor } from "../lib/spec.js";
import { runUpstream } from "./cli.js";
import { upstreamFixture, writeSpecFor08afe81 } from "./fixture.js";
import { readManifest, revisionPath } from "./manifest.js";

let base: string;
let dir: string;
let beforeSpec: string;

function specUpstream(...argv: string[]) {
  const io = captureIo();
  const code = runUpstream([...argv, "--dir", dir], io);
  return { code, out: io.stdout.join("\n"), err: io.stderr.join("\n") };
}

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), "spec-upstream-drift-"));
  dir = join(base, "upstream");
  mkdirSync(dir);
  upstreamFixture(dir, { management: "2026-08-10-8da9913", order: "2026-03-30-2b17a0f" });

  beforeSpec = join(base, "edis-management-api.before.yaml");
  writeSpecFor08afe81(specPathFor("management"), beforeSpec);
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

test("spec:upstream takes in 2db7fe1 over a spec/ written for 08afe81: drift fails on the two fields it removed, and only on them", () => {
  const older = specUpstream(revisionPath("management", "2026-05-06-08afe81"), "--allow-older", "--spec", beforeSpec);
  expect(older.err).toBe("");
  expect(older.out).toMatch(/0 unaccounted; 0 stale$/m);
  expect(older.code).toBe(0);
  expect(readManifest(dir).find((d) => d.api === "management" && d.role === "current")?.revision).toBe("08afe81");

  const newer = specUpstream(revisionPath("management", "2026-05-06-2db7fe1"), "--spec", beforeSpec);
  expect(newer.err).toBe("");
  expect(newer.code).toBe(1);
  const drift = newer.out.split("\n").filter((l) => /^(unaccounted|stale|prose changed)/.test(l));
  expect(drift).toEqual([
    "unaccounted: POST /kvm/v2/set/reinstall (reinstallVPS) requestBody.pubkey: request-field-added: optional request field pubkey added",
    "unaccounted: POST /kvm/v2/set/reinstall (reinstallVPS) requestBody.postscript: request-field-added: optional request field postscript added",
  ]);
  expect(readManifest(dir).find((d) => d.api === "management" && d.role === "current")?.revision).toBe("2db7fe1");
});
