/**
 * `npm run spec:upstream -- FILE`, on fixed revisions of the vendor's documents (history/),
 * in a temporary spec/upstream/ whose current documents are 2026-05-06-2db7fe1 (Management)
 * and 2026-03-30-2b17a0f (ORDER): a readable newer revision is diffed, vendored byte for byte
 * with its manifest entries and drift-checked; everything that refuses (exit 2) leaves the
 * directory exactly as it was.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, expect, test } from "vitest";
import { stringify } from "yaml";
import { captureIo } from "../lib/cli-io.js";
import { runUpstream } from "./cli.js";
import { snapshot, upstreamFixture } from "./fixture.js";
import { readManifest, revisionPath, sha256 } from "./manifest.js";
import { manifestProblems } from "./stage.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const M = (name: string) => revisionPath("management", name);
const O = (name: string) => revisionPath("order", name);
let base: string;
let dir: string;

beforeEach(() => {
  base = mkdtempSync(join(tmpdir(), "spec-upstream-"));
  dir = join(base, "upstream");
  mkdirSync(dir);
  upstreamFixture(dir, { management: "2026-05-06-2db7fe1", order: "2026-03-30-2b17a0f" });
});
afterEach(() => rmSync(base, { recursive: true, force: true }));

function run(...argv: string[]) {
  const io = captureIo();
  const code = runUpstream([...argv, "--dir", dir], io);
  return { code, out: io.stdout.join("\n"), err: io.stderr.join("\n") };
}

/** Runs a command that must refuse: exit 2, one message, nothing on stdout, and nothing changed. */
function refused(...argv: string[]): string {
  const before = snapshot(dir);
  const { code, out, err } = run(...argv);
  expect({ code, out }).toEqual({ code: 2, out: "" });
  expect(snapshot(dir)).toEqual(before);
  return err;
}

test("a newer revision, taken in: the diff, the vendored copy with its manifest entries, then the drift", () => {
  const { code, out } = run(M("2026-08-10-8da9913"));
  expect(code).toBe(0);
  expect(out).toContain("What upstream changed in the management document: 2db7fe1 (2026-05-06) → 8da9913 (2026-08-10)");
  expect(out).toContain("POST /kvm/v2/set/config (setKvmConfiguration)\n  breaking     request-default-changed");
  expect(out).toContain("summary: 1 breaking, 0 non-breaking, 5 docs");
  expect(out).toContain(`vendored ${M("2026-08-10-8da9913")} as management-openapi.json and history/management/2026-08-10-8da9913.json (8da9913, 2026-08-10)`);
  expect(out).toMatch(/0 unaccounted; 0 stale$/);

  const bytes = readFileSync(M("2026-08-10-8da9913"));
  expect(sha256(readFileSync(join(dir, "management-openapi.json")))).toBe(sha256(bytes));
  expect(sha256(readFileSync(join(dir, "history/management/2026-08-10-8da9913.json")))).toBe(sha256(bytes));
  expect(sha256(readFileSync(join(dir, "history/management/2026-05-06-2db7fe1.json")))).toBe(sha256(readFileSync(M("2026-05-06-2db7fe1"))));
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
  expect(entries.filter((e) => e.role === "history" && e.api === "management").map((e) => e.file)).toEqual([
    "history/management/2026-05-06-2db7fe1.json",
    "history/management/2026-08-10-8da9913.json",
  ]);
  expect(manifestProblems(dir)).toEqual([]);
});

test("the document says which API it is: the ORDER one needs no --api, and goes to the ORDER API's files", () => {
  const { code, out } = run(O("2026-03-16-f25db83"), "--allow-older");
  expect(code).toBe(1);
  expect(out).toContain("What upstream changed in the order document: 2b17a0f (2026-03-30) → f25db83 (2026-03-16)");
  expect(sha256(readFileSync(join(dir, "order-api.json")))).toBe(sha256(readFileSync(O("2026-03-16-f25db83"))));
  expect(sha256(readFileSync(join(dir, "management-openapi.json")))).toBe(sha256(readFileSync(M("2026-05-06-2db7fe1"))));
  expect(readManifest(dir).find((e) => e.role === "current" && e.api === "order")?.source).toBe(
    "https://github.com/gExPl0ReR/docs/blob/f25db83/order-api.json",
  );
  expect(manifestProblems(dir)).toEqual([]);
});

test("the ORDER document given as --api management is refused, naming what the document is", () => {
  const err = refused(O("2026-03-30-2b17a0f"), "--api", "management");
  expect(err).toMatch(
    /^spec:upstream: refused, spec\/upstream\/ is unchanged: .*2026-03-30-2b17a0f\.json is the order API's document, not the management API's \(info\.title "EDIS Global ORDER API"; /,
  );
  expect(err).toContain("leave out --api or give --api order");
});

test("a document of neither API is refused", () => {
  const file = join(base, "2026-09-01-abcdef0.json");
  writeFileSync(file, JSON.stringify({ openapi: "3.0.3", info: { title: "Pet store", version: "1" }, paths: { "/pets": {} } }));
  expect(refused(file)).toContain("is not a document of any API vendored here");
});

test("the two documents of one commit are kept apart: history/<api>/ per API, one manifest entry each", () => {
  // 78c533e changed both documents; the Management one is not valid JSON as published.
  expect(run(O("2025-12-07-78c533e"), "--allow-older").code).toBe(1);
  expect(refused(M("2025-12-07-78c533e"), "--allow-older")).toMatch(/2025-12-07-78c533e\.json:\d+:\d+: not valid JSON/);
  const entries = readManifest(dir);
  expect(entries.filter((e) => e.revision === "78c533e").map((e) => [e.api, e.role, e.file])).toEqual([
    ["order", "current", "order-api.json"],
    ["order", "history", "history/order/2025-12-07-78c533e.json"],
  ]);
  expect(manifestProblems(dir)).toEqual([]);
});

test("an older revision is refused unless --allow-older", () => {
  expect(refused(M("2025-12-25-96bc56d"))).toContain(
    "(96bc56d, 2025-12-25) is older than the vendored management document (2db7fe1, 2026-05-06); give --allow-older to take it as current",
  );
  expect(run(M("2026-08-10-8da9913")).code).toBe(0);
  expect(refused(M("2026-05-06-2db7fe1"))).toContain("(2db7fe1, 2026-05-06) is older than the vendored management document (8da9913, 2026-08-10)");
  const { code, out } = run(M("2025-12-25-96bc56d"), "--allow-older");
  expect(code).toBe(1);
  expect(out).toContain("unaccounted: POST /kvm/v2/set/reinstall (reinstallVPS) requestBody.pubkey: request-field-removed");
  expect(readManifest(dir).find((e) => e.role === "current" && e.api === "management")).toMatchObject({ revision: "96bc56d", date: "2025-12-25" });
});

test("the revision already vendored: nothing to do, exit 0", () => {
  const { code, out } = run(O("2026-03-30-2b17a0f"));
  expect(code).toBe(0);
  expect(out).toContain("is the vendored order document already (2b17a0f); nothing vendored.");
});

test("an unreadable revision is refused with its place, and nothing changes", () => {
  const file = M("2026-06-17-dd9ebea");
  expect(refused(file)).toBe(
    `spec:upstream: refused, spec/upstream/ is unchanged: ${file}:2838:4: not valid JSON: Unexpected non-whitespace character after JSON`,
  );
});

test("a spec/ document that cannot be read (missing, or YAML broken mid-edit) refuses before anything is vendored", () => {
  expect(refused(M("2026-08-10-8da9913"), "--spec", join(base, "missing.yaml"))).toContain("missing.yaml:1:1: no such file");
  const broken = join(base, "broken.yaml");
  writeFileSync(broken, `${readFileSync(`${ROOT}spec/edis-management-api.yaml`, "utf8").slice(0, 5000)}\n  - : [\n`);
  expect(refused(M("2026-08-10-8da9913"), "--spec", broken)).toMatch(/broken\.yaml:\d+:\d+: not valid YAML/);
  const ledger = join(base, "ledger.yaml");
  writeFileSync(ledger, stringify({ accepted: [{ api: "management", operation: "*" }] }));
  expect(refused(M("2026-08-10-8da9913"), "--ledger", ledger)).toContain("entry 1 needs api, operation, kind and why");
});

test("without a revision and a date, an unknown --api or a missing file: refused before anything is read", () => {
  const copy = join(base, "download.json");
  copyFileSync(M("2026-08-10-8da9913"), copy);
  expect(refused(copy)).toMatch(/give --revision and --date/);
  expect(refused(copy, "--api", "billing", "--revision", "8da9913", "--date", "2026-08-10")).toBe("spec:upstream: --api billing: not one of management, order");
  expect(refused(join(base, "2026-09-01-abcdef0.json"))).toMatch(/2026-09-01-abcdef0\.json: cannot be read \(ENOENT\)/);
});

test("a revision named like one vendored already, with other bytes, is refused: a revision's file never changes", () => {
  const file = join(base, "2026-05-06-2db7fe1.json");
  copyFileSync(M("2026-08-10-8da9913"), file);
  expect(refused(file)).toMatch(/history\/management\/2026-05-06-2db7fe1\.json is vendored already with other bytes \(sha256 [0-9a-f]{12}…\)$/);
});
