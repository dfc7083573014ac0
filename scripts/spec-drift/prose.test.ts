/**
 * Constraints spec/ reads from the vendor's prose (x-edis-from-prose): spec/'s config values of
 * setKvmConfiguration come from the words of upstream's config description. When those words
 * change (the vendor's 017622d rewrote the auto-hydration values, which dd9ebea still has and
 * 8da9913 no longer), spec:drift fails naming the operation and the field, and passes once the
 * recorded words are the new ones.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { parse } from "yaml";
import { viewOf } from "../spec-diff/diff.js";
import { type LoadedDocument, loadDocument } from "../spec-diff/load.js";
import { revisionPath } from "../spec-upstream/manifest.js";
import { computeDrift, driftFails, renderDrift } from "./drift.js";
import { ledgerFor, readLedger } from "./ledger.js";
import { changedProse, proseSources } from "./prose.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const SPEC = `${ROOT}spec/edis-management-api.yaml`;
const specText = readFileSync(SPEC, "utf8");
const spec = loadDocument(SPEC);
const ledger = ledgerFor(readLedger(), "management");
const v8da9913 = loadDocument(revisionPath("management", "2026-08-10-8da9913"));

const OLD_WORDS = "`auto_hydration`: `off` or percentage value depending on configuration";
const NEW_WORDS = "`auto_hydration`: `off`, `100`, `500`, or `1000` depending on available hydration packages";
const AT = "/components/schemas/KvmConfiguration/properties/auto_hydration/x-edis-from-prose";

/** spec/ with the auto-hydration words recorded as `words`. */
function recording(words: string): LoadedDocument {
  const doc = parse(specText) as Record<string, any>;
  doc.components.schemas.KvmConfiguration.properties.auto_hydration["x-edis-from-prose"].text = words;
  return { name: "spec", text: specText, doc };
}

describe("spec/'s setKvmConfiguration values, read from upstream's words", () => {
  test("every value set of config records the words it came from, and 8da9913 still says them all", () => {
    const sources = proseSources(spec.doc);
    expect(sources.map((s) => s.pointer.split("/")[5])).toEqual([
      "uefi",
      "tpm",
      "vnc_keymap",
      "cpu_set_cores",
      "cpu_model",
      "disk_driver",
      "nw_driver",
      "video_driver",
      "auto_hydration",
    ]);
    expect(changedProse(viewOf(v8da9913), sources)).toEqual([]);
  });

  test("the words change upstream: drift fails naming operation and field, with the new words, until they are read again", () => {
    const before = recording(OLD_WORDS);
    const result = computeDrift(v8da9913, before, ledger);
    expect(driftFails(result)).toBe(true);
    const lines = renderDrift(result, "t");
    expect(lines.filter((l) => l.startsWith("prose changed:"))).toEqual([
      `prose changed: POST /kvm/v2/set/config (setKvmConfiguration) requestBody.config: spec/ read "${OLD_WORDS}" from its description (x-edis-from-prose at ${AT}); upstream now says "…${NEW_WORDS} Example Configuration: \`\`\`json {"boot_timeout":"10000","vnc_keymap":"…"`,
    ]);
    expect(lines.at(-1)).toMatch(/ 0 unaccounted; 0 stale; 1 read from prose that changed$/);
    // Looked at again: the recorded words are upstream's, and drift passes.
    expect(driftFails(computeDrift(v8da9913, recording(NEW_WORDS), ledger))).toBe(false);
  });

  test("the old words are dd9ebea's, as published (a document that is not valid JSON, so read here as text)", () => {
    const text = readFileSync(revisionPath("management", "2026-06-17-dd9ebea"), "utf8");
    expect(text).toContain(OLD_WORDS);
    expect(text).not.toContain(NEW_WORDS);
  });

  test("an operation or field that is gone upstream fails too, and a malformed record is refused", () => {
    const doc = parse(specText) as Record<string, any>;
    doc.components.schemas.KvmConfiguration.properties.uefi["x-edis-from-prose"].operation = "POST /kvm/v2/set/settings";
    const lines = renderDrift(computeDrift(v8da9913, { name: "spec", text: specText, doc }, ledger), "t");
    expect(lines.filter((l) => l.startsWith("prose changed:"))).toEqual([
      'prose changed: POST /kvm/v2/set/settings requestBody.config: gone upstream; spec/ read "`uefi`: `enabled` or `disabled`" from its description (x-edis-from-prose at /components/schemas/KvmConfiguration/properties/uefi/x-edis-from-prose)',
    ]);
    doc.components.schemas.KvmConfiguration.properties.uefi["x-edis-from-prose"] = "the prose";
    expect(() => proseSources(doc)).toThrow(
      "x-edis-from-prose at /components/schemas/KvmConfiguration/properties/uefi/x-edis-from-prose must be { operation, field, text } (and optionally in)",
    );
  });
});

test("the ORDER document's fields of addOrder's order, and its `failed` status, record the words of addOrder's description, unchanged in every ORDER revision here", () => {
  const sources = proseSources(loadDocument(`${ROOT}spec/edis-order-api.yaml`).doc);
  expect(sources.map((s) => s.pointer)).toEqual([
    "/components/schemas/OrderDetails/x-edis-from-prose",
    "/components/schemas/OrderItem/x-edis-from-prose",
    "/components/schemas/AddOrderResponse/properties/status/x-edis-from-prose",
  ]);
  for (const name of ["2025-12-07-03b4ffa", "2025-12-09-3f751be", "2026-01-24-f696ef1", "2026-03-16-f25db83", "2026-03-30-2b17a0f"]) {
    expect(changedProse(viewOf(loadDocument(revisionPath("order", name))), sources)).toEqual([]);
  }
});
