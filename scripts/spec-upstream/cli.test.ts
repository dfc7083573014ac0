/**
 * `npm run spec:upstream -- FILE` on the provided revisions, in a copy of spec/upstream/: an
 * unreadable revision is refused and nothing changes; a readable one is diffed against the
 * vendored copy, vendored byte for byte with its manifest entry (the old copy kept in
 * history/), and the drift of spec/ against it is printed.
 */
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, expect, test } from "vitest";
import { captureIo } from "../lib/cli-io.js";
import { runUpstream } from "./cli.js";
import { readManifest, sha256, writeManifest } from "./manifest.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const HISTORY = `${ROOT}spec/upstream/history`;
let dir: string;

/** A copy of spec/upstream/ whose current document is the 2026-05-06-2db7fe1 revision. */
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "spec-upstream-"));
  cpSync(`${ROOT}spec/upstream`, dir, { recursive: true });
  const entries = readManifest(dir).filter((e) => e.file !== "history/2026-05-06-2db7fe1.json");
  const current = entries.find((e) => e.role === "current" && e.api === "management")!;
  const bytes = readFileSync(`${HISTORY}/2026-05-06-2db7fe1.json`);
  writeFileSync(join(dir, current.file), bytes);
  rmSync(join(dir, "history/2026-05-06-2db7fe1.json"));
  Object.assign(current, { revision: "2db7fe1", date: "2026-05-06", source: current.source.replace("8da9913", "2db7fe1"), sha256: sha256(bytes) });
  writeManifest(entries, dir);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function snapshot(): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[p.slice(dir.length)] = sha256(readFileSync(p));
    }
  };
  walk(dir);
  return out;
}

test("an unreadable revision is refused with its place and spec/upstream/ stays as it was", () => {
  const before = snapshot();
  const io = captureIo();
  expect(runUpstream([`${HISTORY}/2026-06-17-dd9ebea.json`, "--dir", dir], io)).toBe(2);
  expect(io.stdout).toEqual([]);
  expect(io.stderr).toEqual([
    `spec:upstream: refused, spec/upstream/ is unchanged: ${HISTORY}/2026-06-17-dd9ebea.json:2838:4: not valid JSON: Unexpected non-whitespace character after JSON`,
  ]);
  expect(snapshot()).toEqual(before);
});

test("the current upstream document, taken in: the diff, the vendored copy with its manifest entry, then the drift", () => {
  const io = captureIo();
  const file = `${ROOT}spec/upstream/management-openapi.json`;
  expect(runUpstream([file, "--revision", "8da9913", "--date", "2026-08-10", "--dir", dir], io)).toBe(0);
  const out = io.stdout.join("\n");
  expect(out).toContain("What upstream changed: 2db7fe1 (2026-05-06) → 8da9913 (2026-08-10)");
  expect(out).toContain("POST /kvm/v2/set/config (setKvmConfiguration)\n  breaking     request-default-changed");
  expect(out).toContain("summary: 1 breaking, 0 non-breaking, 5 docs");
  expect(out).toContain("the previous copy is history/2026-05-06-2db7fe1.json");
  expect(out).toMatch(/0 unaccounted; 0 stale$/);

  expect(readFileSync(join(dir, "management-openapi.json"))).toEqual(readFileSync(file));
  expect(readFileSync(join(dir, "history/2026-05-06-2db7fe1.json"))).toEqual(readFileSync(`${HISTORY}/2026-05-06-2db7fe1.json`));
  const entries = readManifest(dir);
  expect(entries.find((e) => e.role === "current" && e.api === "management")).toEqual({
    file: "management-openapi.json",
    api: "management",
    role: "current",
    source: "https://github.com/gExPl0ReR/docs/blob/8da9913/management-openapi.json",
    revision: "8da9913",
    date: "2026-08-10",
    sha256: "2960d2c1e5fc936e244e5ab0b6a04df0f2e3a23ef09a675d50aec34af9212db8",
  });
  expect(entries.find((e) => e.file === "history/2026-05-06-2db7fe1.json")).toMatchObject({ role: "history", revision: "2db7fe1", date: "2026-05-06" });
  // The manifest of the real tree, as spec:upstream writes it, is the one committed.
  expect(readFileSync(join(dir, "manifest.yaml"), "utf8")).toBe(readFileSync(`${ROOT}spec/upstream/manifest.yaml`, "utf8"));
});

test("an older revision named DATE-REV.json: revision and date come from the name, the drift fails (exit 1)", () => {
  const io = captureIo();
  expect(runUpstream([`${HISTORY}/2026-05-06-08afe81.json`, "--dir", dir], io)).toBe(1);
  const out = io.stdout.join("\n");
  expect(out).toContain("request field pubkey added");
  expect(out).toContain("unaccounted: POST /kvm/v2/set/reinstall (reinstallVPS) requestBody.pubkey: request-field-removed");
  expect(readManifest(dir).find((e) => e.role === "current" && e.api === "management")).toMatchObject({ revision: "08afe81", date: "2026-05-06" });
});

test("without a revision and a date it refuses before touching anything", () => {
  const before = snapshot();
  const copy = join(dir, "..", `${dir.split("/").pop()}-download.json`);
  cpSync(`${ROOT}spec/upstream/management-openapi.json`, copy);
  const io = captureIo();
  expect(runUpstream([copy, "--dir", dir], io)).toBe(2);
  expect(io.stderr[0]).toMatch(/give --revision and --date/);
  expect(snapshot()).toEqual(before);
  rmSync(copy);
});

test("--api order takes the ORDER API's document and checks spec/edis-order-api.yaml against it", () => {
  const io = captureIo();
  const file = `${ROOT}spec/upstream/order-api.json`;
  expect(runUpstream([file, "--api", "order", "--revision", "2b17a0f", "--date", "2026-03-30", "--dir", dir], io)).toBe(0);
  const out = io.stdout.join("\n");
  expect(out).toContain("What upstream changed: 2b17a0f (2026-03-30) → 2b17a0f (2026-03-30)");
  expect(out).toContain("is the vendored copy already (2b17a0f); nothing vendored.");
  expect(out).toMatch(/0 unaccounted; 0 stale$/);
});

test("an --api the manifest does not name is refused before touching anything (exit 2)", () => {
  const before = snapshot();
  const io = captureIo();
  expect(runUpstream([`${ROOT}spec/upstream/order-api.json`, "--api", "billing", "--revision", "2b17a0f", "--date", "2026-03-30", "--dir", dir], io)).toBe(2);
  expect(io.stderr).toEqual(["spec:upstream: --api billing: manifest.yaml must name exactly one current billing document (found 0)"]);
  expect(snapshot()).toEqual(before);
});
