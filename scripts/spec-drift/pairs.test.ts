/**
 * spec:drift over several APIs: one (ours, upstream) pair per API of the manifest, each
 * checked with its own ledger entries and no special case; the ORDER API's document accounts
 * for every difference from the vendor's, by the corrections the issue asks for (the request
 * content type among them).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, test } from "vitest";
import { parse, stringify } from "yaml";
import { captureIo } from "../lib/cli-io.js";
import { loadDocument, type LoadedDocument } from "../spec-diff/load.js";
import { upstreamFixture } from "../spec-upstream/fixture.js";
import { readManifest, revisionPath } from "../spec-upstream/manifest.js";
import { runDrift } from "./cli.js";
import { computeDrift, renderDrift } from "./drift.js";
import { type LedgerEntry, ledgerFor, readLedger } from "./ledger.js";
import { driftPairs } from "./pairs.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const UPSTREAM = `${ROOT}spec/upstream`;
/** The revision these tests were written against, fixed: not whatever the manifest calls current. */
const orderUpstream = loadDocument(revisionPath("order", "2026-03-30-2b17a0f"));
const orderText = readFileSync(`${ROOT}spec/edis-order-api.yaml`, "utf8");
const orderSpec = loadDocument(`${ROOT}spec/edis-order-api.yaml`);
const allEntries = readLedger();
const orderLedger = ledgerFor(allEntries, "order");

const tmp = mkdtempSync(join(tmpdir(), "edis-drift-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
/** spec/upstream/ as these tests were written against it, fixed: Management 8da9913, ORDER 2b17a0f. */
const FIXED = join(tmp, "upstream");
mkdirSync(FIXED);
upstreamFixture(FIXED, { management: "2026-08-10-8da9913", order: "2026-03-30-2b17a0f" });
const drift = (argv: string[], io: ReturnType<typeof captureIo>) => runDrift([...argv, "--upstream-dir", FIXED], io);
function ledgerFile(entries: LedgerEntry[]): string {
  const file = join(tmp, `ledger-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, stringify({ accepted: entries }));
  return file;
}

describe("the pairs", () => {
  test("one per API of the manifest: its current document and spec/edis-<api>-api.yaml", () => {
    expect(driftPairs(readManifest(UPSTREAM), UPSTREAM).map((p) => [p.api, p.upstream.slice(ROOT.length), p.spec.slice(ROOT.length)])).toEqual([
      ["management", "spec/upstream/management-openapi.json", "spec/edis-management-api.yaml"],
      ["order", "spec/upstream/order-api.json", "spec/edis-order-api.yaml"],
    ]);
  });

  test("every ledger entry names its API, and an entry without one is refused", () => {
    expect(new Set(allEntries.map((e) => e.api))).toEqual(new Set(["management", "order"]));
    const file = ledgerFile([{ operation: "*", kind: "response-field-required", why: "x" } as LedgerEntry]);
    expect(() => readLedger(file)).toThrow(/entry 1 needs api, operation, kind and why/);
  });
});

describe("the ORDER API document", () => {
  const result = computeDrift(orderUpstream, orderSpec, orderLedger);

  test("accounts for every difference from upstream, and nothing is stale", () => {
    expect(result.unaccounted).toEqual([]);
    expect(result.staleCorrections).toEqual([]);
    expect(result.staleLedger).toEqual([]);
    expect(result.checked).toBe(result.byCorrection + result.byLedger);
    expect(result.checked).toBeGreaterThan(250);
  });

  const by = (operationId: string, kind: string, path: string) =>
    result.accounted.filter((a) => a.change.operationId === operationId && a.change.kind === kind && a.change.path === path).map((a) => a.by);

  test.each([
    [
      "services as a form",
      "getUserServices",
      "request-content-type-changed",
      "requestBody",
      "x-edis-correction at /paths/~1kvm~1v2~1get~1services/post/requestBody: request-content-type-changed",
    ],
    [
      "upgrade as a form",
      "upgradeKVM",
      "request-content-type-changed",
      "requestBody",
      "x-edis-correction at /paths/~1kvm~1v2~1add~1upgrade/post/requestBody: request-content-type-changed",
    ],
    ["an operationId named", "addOrder", "operation-id-changed", "operationId", "x-edis-correction at /paths/~1kvm~1v2~1add~1order/post: operation-id-changed"],
    [
      "order as a JSON object",
      "addOrder",
      "request-field-type-changed",
      "requestBody.order",
      "x-edis-correction at /components/schemas/AddOrderRequest/properties/order: request-field-type-changed",
    ],
    [
      "the cancellation kinds",
      "cancelProduct",
      "request-enum-added",
      "requestBody.type",
      "x-edis-correction at /components/schemas/CancelRequest/properties/type: request-enum-added",
    ],
    [
      "an added 500",
      "getPaymentMethods",
      "response-status-added",
      "responses.500",
      "x-edis-correction at /paths/~1kvm~1v2~1get~1paymentmethods/post/responses/500: response-status-added",
    ],
    [
      "the password required",
      "getKvmId",
      "request-field-required",
      "requestBody.pw",
      "x-edis-correction at /components/schemas/KvmIdRequest: request-field-required",
    ],
    ["required answer fields", "getLocations", "response-field-required", "responses.200.locations", "ledger: order: * response-field-required"],
  ])("%s is accounted for", (_what, operationId, kind, path, expected) => {
    expect(by(operationId, kind, path)).toEqual([expected]);
  });

  function edited(edit: (s: Record<string, any>) => void): LoadedDocument {
    const doc = parse(orderText) as Record<string, any>;
    edit(doc);
    return { name: "spec/edis-order-api.yaml", text: orderText, doc };
  }

  test("a correction taken away leaves its difference unaccounted, one line naming operation and field", () => {
    const changed = edited((s) => {
      delete s.components.schemas.CancelRequest.properties.type["x-edis-correction"];
    });
    const lines = renderDrift(computeDrift(orderUpstream, changed, orderLedger), "t").filter((l) => l.startsWith("unaccounted:"));
    expect(lines).toEqual([
      "unaccounted: POST /kvm/v2/cancel/product (cancelProduct) requestBody.type: request-enum-added: request field type is now limited to an enum",
    ]);
  });

  test("an order operation that goes back to JSON makes its correction stale", () => {
    const changed = edited((s) => {
      const body = s.paths["/kvm/v2/get/services"].post.requestBody;
      body.content = { "application/json": body.content["application/x-www-form-urlencoded"] };
    });
    expect(computeDrift(orderUpstream, changed, orderLedger).staleCorrections).toEqual([
      { pointer: "/paths/~1kvm~1v2~1get~1services/post/requestBody", entry: "request-content-type-changed" },
    ]);
  });
});

describe("npm run spec:drift over both APIs", () => {
  test("a ledger entry counts for its own API only: the order entries taken away fail the order pair", () => {
    const io = captureIo();
    const file = ledgerFile(allEntries.filter((e) => e.api === "management"));
    expect(drift(["--ledger", file], io)).toBe(1);
    const lines = io.stderr.join("\n").split("\n");
    const at = lines.findIndex((l) => l.startsWith("spec:drift (order): ") && l.endsWith("order-api.json → spec/edis-order-api.yaml"));
    expect(at).toBeGreaterThan(0);
    const [management, order] = [lines.slice(0, at), lines.slice(at)];
    // The management pair passes with its own entries.
    expect(management.filter((l) => l.startsWith("unaccounted:") || l.startsWith("stale"))).toEqual([]);
    expect(management.at(-1)).toMatch(/ 0 unaccounted; 0 stale$/);
    // The order pair lists exactly what its two entries accounted for.
    const unaccounted = order.filter((l) => l.startsWith("unaccounted:"));
    expect(unaccounted).toContain(
      "unaccounted: POST /kvm/v2/get/locations (getLocations) responses.200.status: response-field-required: response field status became required",
    );
    expect(unaccounted.filter((l) => !/: response-(field-required|enum-added): /.test(l))).toEqual([]);
  });

  test("an entry given to the wrong API is stale there, even where it would match the other API", () => {
    const io = captureIo();
    const wrong: LedgerEntry = { api: "order", operation: "POST /example/callback", kind: "operation-removed", why: "belongs to management" };
    expect(drift(["--ledger", ledgerFile([...allEntries, wrong])], io)).toBe(1);
    expect(io.stderr.join("\n")).toContain("stale ledger entry: order: POST /example/callback operation-removed matches no difference from upstream");
  });

  test("--api checks one pair; --upstream without --api is refused when there are several (exit 2)", () => {
    const one = captureIo();
    expect(drift(["--api", "order"], one)).toBe(0);
    expect(one.stdout.join("\n")).not.toContain("management");
    const refused = captureIo();
    expect(drift(["--upstream", revisionPath("order", "2026-03-30-2b17a0f")], refused)).toBe(2);
    expect(refused.stderr).toEqual(["spec:drift: --upstream and --spec replace the documents of one API: name it with --api"]);
    const unknown = captureIo();
    expect(drift(["--api", "billing"], unknown)).toBe(2);
    expect(unknown.stderr).toEqual(["spec:drift: --api billing: the manifest names no current billing document (APIs: management, order)"]);
  });
});
