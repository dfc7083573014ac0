/**
 * spec:diff on the vendor's real revisions (spec/upstream/history/management/), with expectations written
 * from reading the documents and spec/upstream's README table. Every rule on a real document
 * is in rules-on-real-documents.test.ts.
 */
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import type { Change } from "./compare.js";
import { diffDocuments } from "./diff.js";
import { ROOT, changes, doc } from "./documents.js";
import { SpecLoadError, loadDocument } from "./load.js";

const count = (cs: readonly Change[], kind: string) => cs.filter((c) => c.kind === kind).length;
const nonDocs = (cs: readonly Change[]) => cs.filter((c) => c.severity !== "docs");

/** The servers of 2025-01-27, from a placeholder host and from SwaggerHub's mock, per operation. */
const MOVES_0127 = {
  "https://xxxxx.edisglobal.com → https://{api_host}.edisglobal.com": 25,
  "https://virtserver.swaggerhub.com/GERHARDKLEEWEIN/New-edis-api-doc/1.0.0 → https://{api_host}.edisglobal.com": 6,
  "https://virtserver.swaggerhub.com/GERHARDKLEEWEIN/New-edis-api-doc/1.0.0 → https://{callback_url}": 1,
};

describe("the README's revisions, as the documents show them", () => {
  test("2026-05-06-08afe81 → 2db7fe1: reinstall's pubkey and postscript removed, 2 breaking", () => {
    const report = diffDocuments(doc("2026-05-06-08afe81"), doc("2026-05-06-2db7fe1"));
    expect(nonDocs(report.changes)).toEqual([
      {
        severity: "breaking",
        kind: "request-field-removed",
        operation: "POST /kvm/v2/set/reinstall",
        operationId: "reinstallVPS",
        path: "requestBody.pubkey",
        from: "string",
        to: null,
        message: "request field pubkey removed",
      },
      {
        severity: "breaking",
        kind: "request-field-removed",
        operation: "POST /kvm/v2/set/reinstall",
        operationId: "reinstallVPS",
        path: "requestBody.postscript",
        from: "string",
        to: null,
        message: "request field postscript removed",
      },
    ]);
    // cloudinit_user_data's description and example were reworded in the same commit.
    expect(report.summary).toEqual({ breaking: 2, "non-breaking": 0, docs: 2 });
  });

  test("the same pair the other way: the two fields come back as optional additions, nothing breaking", () => {
    const cs = nonDocs(changes("2026-05-06-2db7fe1", "2026-05-06-08afe81"));
    expect(cs.map((c) => [c.kind, c.severity, c.path])).toEqual([
      ["request-field-added", "non-breaking", "requestBody.pubkey"],
      ["request-field-added", "non-breaking", "requestBody.postscript"],
    ]);
  });

  test("2025-12-23 → 2025-12-25: the three PTR operations move to dns-api.edisglobal.com, 3 breaking, nothing else", () => {
    const cs = changes("2025-12-23-88f4243", "2025-12-25-96bc56d");
    expect(cs.map((c) => [c.kind, c.operationId, c.from, c.to])).toEqual([
      ["server-changed", "getPTR", "https://dns-api.edis.at", "https://dns-api.edisglobal.com"],
      ["server-changed", "deletePTR", "https://dns-api.edis.at", "https://dns-api.edisglobal.com"],
      ["server-changed", "setPTR", "https://dns-api.edis.at", "https://dns-api.edisglobal.com"],
    ]);
  });

  test("2025-04-22 → 2025-12-08: the turnkey operations removed; the new root servers change no operation's server", () => {
    const cs = changes("2025-04-22-31ae49d", "2025-12-08-b8bca97");
    expect(nonDocs(cs).map((c) => [c.kind, c.operation, c.operationId])).toEqual([
      ["operation-removed", "POST /kvm/v2/get/turnkey_images", "getTurnkeyImages"],
      ["operation-removed", "POST /kvm/v2/set/turnkey_reinstall", "reinstallWithTurnkeyImage"],
    ]);
    // The root list changed, but every operation keeps the servers it declares itself.
    expect(doc("2025-04-22-31ae49d").doc.servers).not.toEqual(doc("2025-12-08-b8bca97").doc.servers);
    expect(count(cs, "server-changed") + count(cs, "server-alternatives-changed")).toBe(0);
  });

  test("2025-01-21 → 01-27: 132 error statuses, 29 reshaped bodies, 3 renamed operationIds, 1 removed field, 32 servers", () => {
    const cs = changes("2025-01-21-6f79a7f", "2025-01-27-5981483");
    // 130 statuses that had only a description gain a body; 2 are new altogether.
    expect(count(cs, "response-body-added") + count(cs, "response-status-added")).toBe(132);
    expect(count(cs, "response-status-added")).toBe(2);
    const reshaped = new Set(cs.filter((c) => c.kind.startsWith("response-field-")).map((c) => `${c.operation} ${c.path.split(".").slice(0, 2).join(".")}`));
    expect(reshaped.size).toBe(29);
    expect(cs.filter((c) => c.kind === "operation-id-changed").map((c) => [c.from, c.to])).toEqual([
      ["configureKvmVps", "configureKvmVpsSettings"],
      ["getConfiguration", "getKvmVpsSettings"],
      ["getScreenshot", "getVpsScreenshot"],
    ]);
    expect(cs.filter((c) => c.kind === "request-field-removed").map((c) => [c.operation, c.path])).toEqual([
      ["POST /kvm/v2/get/details", "requestBody.api_host"],
    ]);
    const servers = cs.filter((c) => c.kind === "server-changed");
    expect(servers).toHaveLength(32);
    const moves: Record<string, number> = {};
    for (const c of servers) moves[`${c.from} → ${c.to}`] = (moves[`${c.from} → ${c.to}`] ?? 0) + 1;
    expect(moves).toEqual(MOVES_0127);
    // Not in the README's table but in the documents: cpu_usage loses its 401, 403 and 500.
    expect(cs.filter((c) => c.kind === "response-status-removed").map((c) => `${c.operationId} ${c.path}`)).toEqual([
      "getCpuUsage responses.401",
      "getCpuUsage responses.403",
      "getCpuUsage responses.500",
    ]);
  });

  test("the last valid predecessor (2db7fe1) → 8da9913: config gains a default (breaking), the rest is docs", () => {
    // 2026-06-17-dd9ebea, the direct predecessor, is not valid JSON. From 2db7fe1 the image list
    // example changes (as the README says), and set/config's config trades its example for a
    // `default`, which a generated client sends when the caller gives none: that is breaking.
    const report = diffDocuments(doc("2026-05-06-2db7fe1"), doc("current"));
    expect(nonDocs(report.changes).map((c) => [c.kind, c.operationId, c.path])).toEqual([
      ["request-default-changed", "setKvmConfiguration", "requestBody.config"],
    ]);
    expect(report.changes).toContainEqual(
      expect.objectContaining({ kind: "example-changed", operationId: "getAutoinstallImages", path: "responses.200.data" }),
    );
    expect(report.summary).toEqual({ breaking: 1, "non-breaking": 0, docs: 5 });
  });

  test("2026-06-17-dd9ebea is refused with the line and column of the extra data", () => {
    const file = `${ROOT}spec/upstream/history/management/2026-06-17-dd9ebea.json`;
    expect(() => loadDocument(file)).toThrowError(new SpecLoadError(file, 2838, 4, "not valid JSON: Unexpected non-whitespace character after JSON"));
    // Python's json module agrees: "Extra data: line 2838 column 4 (char 102733)".
    const text = readFileSync(file, "utf8");
    expect(text.split("\n").slice(0, 2837).join("\n").length + 1 + 3).toBe(102733);
  });
});
