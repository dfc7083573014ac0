/**
 * spec:diff on the vendor's real revisions (spec/upstream/history/), with expectations written
 * from reading the documents and spec/upstream's README table, and every rule on a real
 * document: where a rule occurs between real revisions (or between upstream and spec/) the
 * test names that occurrence; where none does, it makes the one edit on spec/ a maintainer
 * would make and expects exactly that change.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { parse } from "yaml";
import type { Change } from "./compare.js";
import { diffChanges, diffDocuments } from "./diff.js";
import { type LoadedDocument, SpecLoadError, loadDocument } from "./load.js";
import { RULES } from "./rules.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const cache = new Map<string, LoadedDocument>();
/** A history revision by its DATE-REV name, `current` (the vendored upstream) or `spec` (ours). */
function doc(name: string): LoadedDocument {
  const file = name === "current" ? "spec/upstream/management-openapi.json" : name === "spec" ? "spec/edis-management-api.yaml" : `spec/upstream/history/${name}.json`;
  let d = cache.get(file);
  if (!d) cache.set(file, (d = loadDocument(`${ROOT}${file}`)));
  return d;
}
const changes = (a: string, b: string) => diffChanges(doc(a), doc(b));
const count = (cs: Change[], kind: string) => cs.filter((c) => c.kind === kind).length;
const nonDocs = (cs: Change[]) => cs.filter((c) => c.severity !== "docs");

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
        severity: "breaking", kind: "request-field-removed", operation: "POST /kvm/v2/set/reinstall", operationId: "reinstallVPS",
        path: "requestBody.pubkey", from: "string", to: null, message: "request field pubkey removed",
      },
      {
        severity: "breaking", kind: "request-field-removed", operation: "POST /kvm/v2/set/reinstall", operationId: "reinstallVPS",
        path: "requestBody.postscript", from: "string", to: null, message: "request field postscript removed",
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
    expect(cs.filter((c) => c.kind === "request-field-removed").map((c) => [c.operation, c.path])).toEqual([["POST /kvm/v2/get/details", "requestBody.api_host"]]);
    const servers = cs.filter((c) => c.kind === "server-changed");
    expect(servers).toHaveLength(32);
    const moves: Record<string, number> = {};
    for (const c of servers) moves[`${c.from} → ${c.to}`] = (moves[`${c.from} → ${c.to}`] ?? 0) + 1;
    expect(moves).toEqual(MOVES_0127);
    // Not in the README's table but in the documents: cpu_usage loses its 401, 403 and 500.
    expect(cs.filter((c) => c.kind === "response-status-removed").map((c) => `${c.operationId} ${c.path}`)).toEqual([
      "getCpuUsage responses.401", "getCpuUsage responses.403", "getCpuUsage responses.500",
    ]);
  });

  test("the last valid predecessor (2db7fe1) → current: config gains a default (breaking), the rest is docs", () => {
    // 2026-06-17-dd9ebea, the direct predecessor, is not valid JSON. From 2db7fe1 the image list
    // example changes (as the README says), and set/config's config trades its example for a
    // `default`, which a generated client sends when the caller gives none: that is breaking.
    const report = diffDocuments(doc("2026-05-06-2db7fe1"), doc("current"));
    expect(nonDocs(report.changes).map((c) => [c.kind, c.operationId, c.path])).toEqual([["request-default-changed", "setKvmConfiguration", "requestBody.config"]]);
    expect(report.changes).toContainEqual(expect.objectContaining({ kind: "example-changed", operationId: "getAutoinstallImages", path: "responses.200.data" }));
    expect(report.summary).toEqual({ breaking: 1, "non-breaking": 0, docs: 5 });
  });

  test("2026-06-17-dd9ebea is refused with the line and column of the extra data", () => {
    const file = `${ROOT}spec/upstream/history/2026-06-17-dd9ebea.json`;
    expect(() => loadDocument(file)).toThrowError(new SpecLoadError(file, 2838, 4, "not valid JSON: Unexpected non-whitespace character after JSON"));
    // Python's json module agrees: "Extra data: line 2838 column 4 (char 102733)".
    const text = readFileSync(file, "utf8");
    expect(text.split("\n").slice(0, 2837).join("\n").length + 1 + 3).toBe(102733);
  });
});

/** Where each rule occurs between real documents: [kind, from, to, operation, path]. */
const OCCURRENCES: [string, string, string, string, string][] = [
  ["operation-added", "2025-01-27-5981483", "2025-04-22-31ae49d", "POST /kvm/v2/set/autohydration_enable", ""],
  ["operation-removed", "2025-04-22-31ae49d", "2025-12-08-b8bca97", "POST /kvm/v2/get/turnkey_images", ""],
  ["operation-id-changed", "2025-01-21-6f79a7f", "2025-01-27-5981483", "POST /kvm/v2/get/screenshot", "operationId"],
  ["server-changed", "2025-12-23-88f4243", "2025-12-25-96bc56d", "POST /get/ptr", "servers"],
  ["request-body-required", "2025-04-22-31ae49d", "2025-01-27-5981483", "POST /kvm/v2/set/config", "requestBody"],
  ["request-body-optional", "2025-01-27-5981483", "2025-04-22-31ae49d", "POST /kvm/v2/set/config", "requestBody"],
  ["request-content-type-changed", "current", "spec", "POST /kvm/v2/upload_qcow2", "requestBody"],
  ["request-field-added", "2026-05-06-2db7fe1", "2026-05-06-08afe81", "POST /kvm/v2/set/reinstall", "requestBody.pubkey"],
  ["request-field-removed", "2026-05-06-08afe81", "2026-05-06-2db7fe1", "POST /kvm/v2/set/reinstall", "requestBody.postscript"],
  ["request-field-required", "current", "spec", "POST /kvm/v2/get/auth", "requestBody.email"],
  ["request-field-optional", "spec", "current", "POST /kvm/v2/get/auth", "requestBody.email"],
  ["request-field-type-changed", "current", "spec", "POST /kvm/v2/set/config", "requestBody.config"],
  ["request-enum-added", "current", "spec", "POST /kvm/v2/set/mount", "requestBody.force_reset"],
  ["request-enum-removed", "spec", "current", "POST /kvm/v2/set/mount", "requestBody.force_reset"],
  ["request-constraint-tightened", "current", "spec", "POST /kvm/v2/get/auth", "requestBody.email"],
  ["request-constraint-loosened", "spec", "current", "POST /kvm/v2/get/auth", "requestBody.email"],
  ["request-format-changed", "current", "spec", "POST /kvm/v2/get/auth", "requestBody.email"],
  ["request-format-removed", "spec", "current", "POST /kvm/v2/get/auth", "requestBody.email"],
  ["request-pattern-changed", "current", "spec", "POST /kvm/v2/get/auth", "requestBody.kvm_id"],
  ["request-pattern-removed", "spec", "current", "POST /kvm/v2/get/auth", "requestBody.kvm_id"],
  ["request-encoding-changed", "current", "spec", "POST /get/ptr", "requestBody.ip"],
  ["request-default-changed", "2026-05-06-2db7fe1", "current", "POST /kvm/v2/set/config", "requestBody.config"],
  ["response-status-added", "2025-01-21-6f79a7f", "2025-01-27-5981483", "POST /kvm/v2/hooks/del", "responses.403"],
  ["response-status-removed", "2025-01-21-6f79a7f", "2025-01-27-5981483", "POST /kvm/v2/get/cpu_usage", "responses.401"],
  ["response-body-added", "2025-01-21-6f79a7f", "2025-01-27-5981483", "POST /kvm/v2/get/auth", "responses.400"],
  ["response-body-removed", "2025-01-27-5981483", "2025-01-21-6f79a7f", "POST /kvm/v2/get/auth", "responses.400"],
  ["response-field-added", "2025-01-21-6f79a7f", "2025-01-27-5981483", "POST /kvm/v2/get/power", "responses.200.traffic_suspended"],
  ["response-field-removed", "2025-01-21-6f79a7f", "2025-01-27-5981483", "POST /kvm/v2/get/auth", "responses.200.session_id"],
  ["response-field-optional", "spec", "current", "POST /kvm/v2/get/auth", "responses.200.data"],
  ["response-field-required", "current", "spec", "POST /kvm/v2/get/auth", "responses.200.status"],
  ["response-field-type-changed", "2025-01-21-6f79a7f", "2025-01-27-5981483", "POST /kvm/v2/get/isos", "responses.200"],
  ["response-enum-added", "current", "spec", "POST /kvm/v2/get/auth", "responses.200.status"],
  ["response-enum-removed", "spec", "current", "POST /kvm/v2/get/auth", "responses.200.status"],
  ["summary-changed", "2025-01-21-6f79a7f", "2025-01-27-5981483", "POST /kvm/v2/get/turnkey_images", ""],
  ["description-changed", "2026-05-06-08afe81", "2026-05-06-2db7fe1", "POST /kvm/v2/set/reinstall", "requestBody.cloudinit_user_data"],
  ["example-changed", "2026-05-06-2db7fe1", "current", "POST /kvm/v2/get/images", "responses.200.data"],
  ["client-method-added", "current", "spec", "POST /kvm/v2/get/auth", ""],
  ["client-method-removed", "spec", "current", "POST /kvm/v2/get/auth", ""],
  ["client-result-changed", "current", "spec", "POST /get/ptr", ""],
  ["client-host-changed", "current", "spec", "POST /kvm/v2/get/auth", ""],
  ["retry-safety-changed", "current", "spec", "POST /kvm/v2/get/auth", ""],
  ["destructive-on", "current", "spec", "POST /set/ptr", ""],
  ["destructive-off", "current", "spec", "POST /kvm/v2/get/auth", ""],
  ["bulk-added", "current", "spec", "POST /get/ptr", ""],
  ["bulk-removed", "spec", "current", "POST /get/ptr", ""],
  ["field-source-changed", "current", "spec", "POST /kvm/v2/get/auth", "requestBody.email"],
  ["param-renamed", "current", "spec", "POST /get/ptr", "requestBody.ip"],
  ["secret-added", "current", "spec", "POST /kvm/v2/get/auth", "requestBody.pw"],
  ["secret-removed", "spec", "current", "POST /kvm/v2/get/auth", "requestBody.pw"],
  ["response-decoding-changed", "current", "spec", "POST /kvm/v2/get/traffic", "responses.200.chart_daily"],
  ["multiline-added", "current", "spec", "POST /kvm/v2/set/reinstall", "requestBody.cloudinit_user_data"],
  ["multiline-removed", "spec", "current", "POST /kvm/v2/set/reinstall", "requestBody.cloudinit_user_data"],
  ["key-format-changed", "current", "spec", "POST /set/ptr", "requestBody.ip"],
  ["filename-changed", "current", "spec", "POST /kvm/v2/upload_qcow2", "requestBody.file"],
];

type Spec = Record<string, any>;
const post = (s: Spec, path: string) => s.paths[path].post;
const schema = (s: Spec, name: string) => s.components.schemas[name];

/** Rules no pair of real documents shows: one edit on spec/, and the change it must give. */
type Edit = (s: Spec) => void;
const none: Edit = () => {};
const noAuthBody: Edit = (s) => delete post(s, "/kvm/v2/get/auth").requestBody;
/** [kind, edit of the old side, edit of the new side, operation, path] */
const EDITS: [string, Edit, Edit, string, string][] = [
  ["operation-deprecated", none, (s) => (post(s, "/kvm/v2/get/power").deprecated = true), "POST /kvm/v2/get/power", ""],
  ["server-alternatives-changed", none, (s) => s.paths["/get/ptr"].servers.push({ url: "https://dns-api.edis.at", "x-edis-host": "rdns" }), "POST /get/ptr", "servers"],
  ["request-body-added", noAuthBody, (s) => (post(s, "/kvm/v2/get/auth").requestBody.required = false), "POST /kvm/v2/get/auth", "requestBody"],
  ["request-body-added-required", noAuthBody, none, "POST /kvm/v2/get/auth", "requestBody"],
  ["request-body-removed", none, (s) => delete post(s, "/kvm/v2/get/auth").requestBody, "POST /kvm/v2/get/auth", "requestBody"],
  ["request-field-added-required", none, (s) => ((schema(s, "AuthRequest").properties.otp = { type: "string" }), schema(s, "AuthRequest").required.push("otp")), "POST /kvm/v2/get/auth", "requestBody.otp"],
  ["request-field-deprecated", none, (s) => (schema(s, "ReinstallRequest").properties.password.deprecated = true), "POST /kvm/v2/set/reinstall", "requestBody.password"],
  ["request-enum-value-added", none, (s) => schema(s, "SetVncKeyboardRequest").properties.vnc_keyboard.enum.push("es"), "POST /kvm/v2/set/vnc/keyboard", "requestBody.vnc_keyboard"],
  ["request-enum-value-removed", none, (s) => schema(s, "SetVncKeyboardRequest").properties.vnc_keyboard.enum.pop(), "POST /kvm/v2/set/vnc/keyboard", "requestBody.vnc_keyboard"],
  ["response-success-removed", none, (s) => delete post(s, "/kvm/v2/get/mount").responses["200"], "POST /kvm/v2/get/mount", "responses.200"],
  [
    "response-content-type-changed",
    none,
    (s) => {
      const c = post(s, "/kvm/v2/get/mount").responses["200"].content;
      c["text/json"] = c["application/json"];
      delete c["application/json"];
    },
    "POST /kvm/v2/get/mount", "responses.200",
  ],
  ["response-field-deprecated", none, (s) => (schema(s, "MountDetailsResponse").properties.current_iso.deprecated = true), "POST /kvm/v2/get/mount", "responses.200.current_iso"],
  ["response-enum-value-added", none, (s) => schema(s, "Hook").properties.callback_method.enum.push("put"), "POST /kvm/v2/hooks/get", "responses.200.hooks[].callback_method"],
  ["response-enum-value-removed", none, (s) => schema(s, "Hook").properties.callback_method.enum.pop(), "POST /kvm/v2/hooks/get", "responses.200.hooks[].callback_method"],
  ["title-changed", none, (s) => (schema(s, "MountDetailsResponse").properties.current_iso.title = "Mounted ISO"), "POST /kvm/v2/get/mount", "responses.200.current_iso"],
  ["note-changed", none, (s) => (schema(s, "VncStatusResponse").properties.vnc_port["x-edis-note"] = "Reworded."), "POST /kvm/v2/get/vnc/status", "responses.200.vnc_port"],
  ["client-method-changed", none, (s) => (post(s, "/kvm/v2/get/power")["x-edis-method"] = "power.status"), "POST /kvm/v2/get/power", ""],
  ["bulk-changed", none, (s) => (post(s, "/get/ptr")["x-edis-bulk"] = "api_host"), "POST /get/ptr", ""],
  [
    "callback-sources-changed",
    none,
    (s) => (post(s, "/kvm/v2/hooks/set").callbacks.trafficHook["{$request.body#/callback_url}"].post["x-edis-source-addresses"] = ["192.0.2.10"]),
    "POST {$request.body#/callback_url} (callback trafficHook of POST /kvm/v2/hooks/set)", "",
  ],
  ["client-extension-changed", none, (s) => (post(s, "/kvm/v2/get/power")["x-edis-cache-seconds"] = 60), "POST /kvm/v2/get/power", ""],
];

test("every rule is tried on a real document: an occurrence between real revisions or one edit on spec/", () => {
  const covered = [...OCCURRENCES.map((o) => o[0]), ...EDITS.map((e) => e[0])].sort();
  expect(covered).toEqual(Object.keys(RULES).sort());
});

describe("rules between real documents", () => {
  test.each(OCCURRENCES)("%s: %s → %s at %s %s", (kind, from, to, operation, path) => {
    const found = changes(from, to).filter((c) => c.kind === kind && c.operation === operation && c.path === path);
    expect(found.length).toBeGreaterThanOrEqual(1);
    for (const c of found) expect(c.severity).toBe(RULES[kind as keyof typeof RULES].severity);
  });
});

describe("rules on one edit of spec/", () => {
  const specText = readFileSync(`${ROOT}spec/edis-management-api.yaml`, "utf8");
  test.each(EDITS)("%s", (kind, editBefore, editAfter, operation, path) => {
    const before = parse(specText) as Spec;
    const after = parse(specText) as Spec;
    editBefore(before);
    editAfter(after);
    const load = (d: Spec): LoadedDocument => ({ name: "spec.yaml", text: specText, doc: d });
    const cs = diffChanges(load(before), load(after));
    expect(cs.filter((c) => c.severity !== "docs" || c.kind === kind).map((c) => [c.kind, c.operation, c.path])).toEqual([[kind, operation, path]]);
  });
});

test("the new maintainer's edit of the issue, a response field renamed and a request field removed, is breaking", () => {
  const specText = readFileSync(`${ROOT}spec/edis-management-api.yaml`, "utf8");
  const after = parse(specText) as Spec;
  const mount = schema(after, "MountDetailsResponse");
  mount.properties.mounted_iso = mount.properties.current_iso;
  delete mount.properties.current_iso;
  mount.required = mount.required.map((r: string) => (r === "current_iso" ? "mounted_iso" : r));
  delete schema(after, "MountIsoRequest").properties.force_reset;
  const report = diffDocuments({ name: "a", text: specText, doc: parse(specText) }, { name: "b", text: specText, doc: after });
  expect(report.changes.map((c) => [c.severity, c.kind, c.operationId, c.path])).toEqual([
    ["breaking", "request-field-removed", "mountISO", "requestBody.force_reset"],
    ["breaking", "response-field-removed", "getMountDetails", "responses.200.current_iso"],
    ["non-breaking", "response-field-added", "getMountDetails", "responses.200.mounted_iso"],
  ]);
});
