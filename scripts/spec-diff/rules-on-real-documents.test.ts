/**
 * Every rule of spec:diff on a real document: where a rule occurs between real revisions (or
 * between upstream and spec/) the test names that occurrence; where none does, it makes the
 * one edit on spec/ a maintainer would make and expects exactly that change.
 */
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { parse } from "yaml";
import { diffChanges, diffDocuments } from "./diff.js";
import { ROOT, changes } from "./documents.js";
import type { LoadedDocument } from "./load.js";
import { RULES } from "./rules.js";

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
  [
    "server-alternatives-changed",
    none,
    (s) => s.paths["/get/ptr"].servers.push({ url: "https://dns-api.edis.at", "x-edis-host": "rdns" }),
    "POST /get/ptr",
    "servers",
  ],
  ["request-body-added", noAuthBody, (s) => (post(s, "/kvm/v2/get/auth").requestBody.required = false), "POST /kvm/v2/get/auth", "requestBody"],
  ["request-body-added-required", noAuthBody, none, "POST /kvm/v2/get/auth", "requestBody"],
  ["request-body-removed", none, (s) => delete post(s, "/kvm/v2/get/auth").requestBody, "POST /kvm/v2/get/auth", "requestBody"],
  [
    "request-field-added-required",
    none,
    (s) => {
      schema(s, "AuthRequest").properties.otp = { type: "string" };
      schema(s, "AuthRequest").required.push("otp");
    },
    "POST /kvm/v2/get/auth",
    "requestBody.otp",
  ],
  [
    "request-field-deprecated",
    none,
    (s) => (schema(s, "ReinstallRequest").properties.password.deprecated = true),
    "POST /kvm/v2/set/reinstall",
    "requestBody.password",
  ],
  [
    "request-enum-value-added",
    none,
    (s) => schema(s, "SetVncKeyboardRequest").properties.vnc_keyboard.enum.push("es"),
    "POST /kvm/v2/set/vnc/keyboard",
    "requestBody.vnc_keyboard",
  ],
  [
    "request-enum-value-removed",
    none,
    (s) => schema(s, "SetVncKeyboardRequest").properties.vnc_keyboard.enum.pop(),
    "POST /kvm/v2/set/vnc/keyboard",
    "requestBody.vnc_keyboard",
  ],
  ["response-success-removed", none, (s) => delete post(s, "/kvm/v2/get/mount").responses["200"], "POST /kvm/v2/get/mount", "responses.200"],
  [
    "response-content-type-changed",
    none,
    (s) => {
      const c = post(s, "/kvm/v2/get/mount").responses["200"].content;
      c["text/json"] = c["application/json"];
      delete c["application/json"];
    },
    "POST /kvm/v2/get/mount",
    "responses.200",
  ],
  [
    "response-field-deprecated",
    none,
    (s) => (schema(s, "MountDetailsResponse").properties.current_iso.deprecated = true),
    "POST /kvm/v2/get/mount",
    "responses.200.current_iso",
  ],
  [
    "response-enum-value-added",
    none,
    (s) => schema(s, "Hook").properties.callback_method.enum.push("put"),
    "POST /kvm/v2/hooks/get",
    "responses.200.hooks[].callback_method",
  ],
  [
    "response-enum-value-removed",
    none,
    (s) => schema(s, "Hook").properties.callback_method.enum.pop(),
    "POST /kvm/v2/hooks/get",
    "responses.200.hooks[].callback_method",
  ],
  [
    "title-changed",
    none,
    (s) => (schema(s, "MountDetailsResponse").properties.current_iso.title = "Mounted ISO"),
    "POST /kvm/v2/get/mount",
    "responses.200.current_iso",
  ],
  [
    "note-changed",
    none,
    (s) => (schema(s, "VncStatusResponse").properties.vnc_port["x-edis-note"] = "Reworded."),
    "POST /kvm/v2/get/vnc/status",
    "responses.200.vnc_port",
  ],
  ["client-method-changed", none, (s) => (post(s, "/kvm/v2/get/power")["x-edis-method"] = "power.status"), "POST /kvm/v2/get/power", ""],
  ["bulk-changed", none, (s) => (post(s, "/get/ptr")["x-edis-bulk"] = "api_host"), "POST /get/ptr", ""],
  [
    "callback-sources-changed",
    none,
    (s) => (post(s, "/kvm/v2/hooks/set").callbacks.trafficHook["{$request.body#/callback_url}"].post["x-edis-source-addresses"] = ["192.0.2.10"]),
    "POST {$request.body#/callback_url} (callback trafficHook of POST /kvm/v2/hooks/set)",
    "",
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

/** spec/ as text, and parsed once (half a second a parse): each edit works on its own deep copies. */
const specText = readFileSync(`${ROOT}spec/edis-management-api.yaml`, "utf8");
const specParsed = parse(specText) as Spec;
const freshSpec = (): Spec => structuredClone(specParsed);

describe("rules on one edit of spec/", () => {
  test.each(EDITS)("%s", (kind, editBefore, editAfter, operation, path) => {
    const before = freshSpec();
    const after = freshSpec();
    editBefore(before);
    editAfter(after);
    const load = (d: Spec): LoadedDocument => ({ name: "spec.yaml", text: specText, doc: d });
    const cs = diffChanges(load(before), load(after));
    expect(cs.filter((c) => c.severity !== "docs" || c.kind === kind).map((c) => [c.kind, c.operation, c.path])).toEqual([[kind, operation, path]]);
  });
});

test("the new maintainer's edit of the issue, a response field renamed and a request field removed, is breaking", () => {
  const after = freshSpec();
  const mount = schema(after, "MountDetailsResponse");
  mount.properties.mounted_iso = mount.properties.current_iso;
  delete mount.properties.current_iso;
  mount.required = mount.required.map((r: string) => (r === "current_iso" ? "mounted_iso" : r));
  delete schema(after, "MountIsoRequest").properties.force_reset;
  const report = diffDocuments({ name: "a", text: specText, doc: freshSpec() }, { name: "b", text: specText, doc: after });
  expect(report.changes.map((c) => [c.severity, c.kind, c.operationId, c.path])).toEqual([
    ["breaking", "request-field-removed", "mountISO", "requestBody.force_reset"],
    ["breaking", "response-field-removed", "getMountDetails", "responses.200.current_iso"],
    ["non-breaking", "response-field-added", "getMountDetails", "responses.200.mounted_iso"],
  ]);
});
