/**
 * spec:drift: the current tree accounts for every difference from the vendored upstream
 * document, the corrections the issue names are what accounts for theirs, and a difference
 * nothing accounts for, or a correction or ledger entry that accounts for nothing, fails with
 * one line naming the operation and the field.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { parse } from "yaml";
import { loadDocument, type LoadedDocument } from "../spec-diff/load.js";
import { captureIo } from "../lib/cli-io.js";
import { runDrift } from "./cli.js";
import { computeDrift, renderDrift } from "./drift.js";
import { type LedgerEntry, ledgerFor, readLedger } from "./ledger.js";
import { upstreamFixture } from "../spec-upstream/fixture.js";
import { revisionPath } from "../spec-upstream/manifest.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
/** The revision these tests were written against, fixed: not whatever the manifest calls current. */
const upstream = loadDocument(revisionPath("management", "2026-08-10-8da9913"));
const specText = readFileSync(`${ROOT}spec/edis-management-api.yaml`, "utf8");
const spec = loadDocument(`${ROOT}spec/edis-management-api.yaml`);
const ledger = ledgerFor(readLedger(), "management");

describe("the current tree", () => {
  const result = computeDrift(upstream, spec, ledger);

  test("every difference from upstream is accounted for and nothing is stale", () => {
    expect(result.unaccounted).toEqual([]);
    expect(result.staleCorrections).toEqual([]);
    expect(result.staleLedger).toEqual([]);
    expect(result.checked).toBe(result.byCorrection + result.byLedger);
    expect(result.checked).toBeGreaterThan(900);
  });

  const by = (operationId: string, kind: string, path: string) =>
    result.accounted.filter((a) => a.change.operationId === operationId && a.change.kind === kind && a.change.path === path).map((a) => a.by);

  test.each([
    [
      "multipart upload",
      "uploadQCOW2",
      "request-content-type-changed",
      "requestBody",
      "x-edis-correction at /paths/~1kvm~1v2~1upload_qcow2/post/requestBody: request-content-type-changed",
    ],
    [
      "oneOf for auto-hydration",
      "getAutoHydrationStatus",
      "response-field-type-changed",
      "responses.200",
      "x-edis-correction at /components/schemas/AutoHydrationStatusResponse: response-field-type-changed",
    ],
    [
      "config as an object",
      "setKvmConfiguration",
      "request-field-type-changed",
      "requestBody.config",
      "x-edis-correction at /components/schemas/SetConfigRequest/properties/config: request-field-type-changed",
    ],
    [
      "a required request body",
      "setKvmConfiguration",
      "request-body-required",
      "requestBody",
      "x-edis-correction at /paths/~1kvm~1v2~1set~1config/post/requestBody: request-body-required",
    ],
    [
      "an added status",
      "getCpuUsage",
      "response-status-added",
      "responses.401",
      "x-edis-correction at /paths/~1kvm~1v2~1get~1cpu_usage/post/responses/401: response-status-added",
    ],
    [
      "required session fields",
      "getPowerState",
      "request-field-required",
      "requestBody.signature",
      "x-edis-correction at /components/schemas/SessionRequest: request-field-required",
    ],
    ["the webhook as a callback", null, "operation-removed", "", "ledger: management: POST /example/callback operation-removed"],
  ])("%s is accounted for by its correction", (_what, operationId, kind, path, expected) => {
    const found =
      operationId === null
        ? result.accounted.filter((a) => a.change.kind === kind && a.change.operation === "POST /example/callback").map((a) => a.by)
        : by(operationId, kind, path);
    expect(found).toEqual([expected]);
  });
});

function edited(edit: (s: Record<string, any>) => void): LoadedDocument {
  const doc = parse(specText) as Record<string, any>;
  edit(doc);
  return { name: "spec/edis-management-api.yaml", text: specText, doc };
}

describe("what fails", () => {
  test("the issue's edit, a response field renamed and a request field removed, is unaccounted, one line each", () => {
    const changed = edited((s) => {
      const mount = s.components.schemas.MountDetailsResponse;
      mount.properties.mounted_iso = mount.properties.current_iso;
      delete mount.properties.current_iso;
      mount.required = ["status", "mounted_iso"];
      delete s.components.schemas.MountIsoRequest.properties.force_reset;
      s.components.schemas.MountIsoRequest.required = s.components.schemas.MountIsoRequest.required.filter((r: string) => r !== "force_reset");
    });
    const result = computeDrift(upstream, changed, ledger);
    expect(renderDrift(result, "t").filter((l) => l.startsWith("unaccounted:"))).toEqual([
      "unaccounted: POST /kvm/v2/set/mount (mountISO) requestBody.force_reset: request-field-removed: request field force_reset removed",
      "unaccounted: POST /kvm/v2/get/mount (getMountDetails) responses.200.current_iso: response-field-removed: response field current_iso removed",
      "unaccounted: POST /kvm/v2/get/mount (getMountDetails) responses.200.mounted_iso: response-field-added: response field mounted_iso added",
    ]);
    // The enum correction of MountIsoRequest now overrides nothing: reported as stale.
    expect(result.staleCorrections).toEqual([{ pointer: "/components/schemas/MountIsoRequest", entry: "request-enum-added:force_reset" }]);
  });

  test("a correction whose difference went away upstream is stale", () => {
    const changed = edited((s) => {
      s.paths["/kvm/v2/set/config"].post.requestBody.required = false;
    });
    const result = computeDrift(upstream, changed, ledger);
    expect(result.unaccounted).toEqual([]);
    expect(renderDrift(result, "t").filter((l) => l.startsWith("stale"))).toEqual([
      "stale correction: x-edis-correction at /paths/~1kvm~1v2~1set~1config/post/requestBody overrides request-body-required, which matches no difference from upstream",
    ]);
  });

  test("a ledger entry that matches nothing is stale", () => {
    const extra: LedgerEntry = { api: "management", operation: "POST /kvm/v2/get/nothing", kind: "operation-removed", why: "gone" };
    const result = computeDrift(upstream, spec, [...ledger, extra]);
    expect(renderDrift(result, "t").filter((l) => l.startsWith("stale"))).toEqual([
      "stale ledger entry: management: POST /kvm/v2/get/nothing operation-removed matches no difference from upstream",
    ]);
  });

  test("a correction in prose only (no overrides) is refused", () => {
    const changed = edited((s) => {
      s.components.schemas.KvmId["x-edis-correction"] = "The pattern is ours.";
    });
    expect(() => computeDrift(upstream, changed, ledger)).toThrow(
      'x-edis-correction at /components/schemas/KvmId must be { overrides: [kind[:path], …], why: "…" }',
    );
  });

  test("a correction's path narrows it: a kind at another field is not accounted for", () => {
    const changed = edited((s) => {
      const c = s.components.schemas.MountIsoRequest["x-edis-correction"];
      c.overrides = c.overrides.map((o: string) => (o === "request-enum-added:force_reset" ? "request-enum-added:iso" : o));
    });
    const result = computeDrift(upstream, changed, ledger);
    expect(result.unaccounted.map((c) => `${c.operationId} ${c.path} ${c.kind}`)).toEqual(["mountISO requestBody.force_reset request-enum-added"]);
    expect(result.staleCorrections).toEqual([{ pointer: "/components/schemas/MountIsoRequest", entry: "request-enum-added:iso" }]);
  });
});

describe("npm run spec:drift", () => {
  test("passes on spec/ and the revisions it was written from, with a title and a summary line per API", () => {
    const dir = mkdtempSync(join(tmpdir(), "edis-drift-"));
    upstreamFixture(dir, { management: "2026-08-10-8da9913", order: "2026-03-30-2b17a0f" });
    const io = captureIo();
    expect(runDrift(["--upstream-dir", dir], io)).toBe(0);
    rmSync(dir, { recursive: true, force: true });
    const lines = io.stdout.join("\n").split("\n");
    const rel = relative(process.cwd(), dir);
    expect(lines.filter((l) => l.startsWith("spec:drift"))).toEqual([
      `spec:drift (management): ${rel}/management-openapi.json → spec/edis-management-api.yaml`,
      `spec:drift (order): ${rel}/order-api.json → spec/edis-order-api.yaml`,
    ]);
    const summary = /^\d+ differences from upstream \(docs and x-edis-\* left out\): \d+ by corrections, \d+ by the ledger, 0 unaccounted; 0 stale$/;
    expect(lines.filter((l) => summary.test(l))).toHaveLength(2);
  });

  test("an older upstream revision leaves differences unaccounted: exit 1, one line per difference", () => {
    const io = captureIo();
    expect(runDrift(["--api", "management", "--upstream", revisionPath("management", "2026-05-06-08afe81")], io)).toBe(1);
    const lines = io.stderr.join("\n").split("\n");
    expect(lines).toContain("unaccounted: POST /kvm/v2/set/reinstall (reinstallVPS) requestBody.pubkey: request-field-removed: request field pubkey removed");
    expect(lines).toContain(
      "unaccounted: POST /kvm/v2/set/reinstall (reinstallVPS) requestBody.postscript: request-field-removed: request field postscript removed",
    );
  });

  test("an unreadable upstream document: exit 2 with its place", () => {
    const io = captureIo();
    expect(runDrift(["--api", "management", "--upstream", revisionPath("management", "2026-06-17-dd9ebea")], io)).toBe(2);
    expect(io.stderr[0]).toMatch(/2026-06-17-dd9ebea\.json:2838:4: not valid JSON/);
  });
});
