/**
 * Which API a document belongs to, read from its title, servers and paths: every readable
 * revision vendored here is recognised as its own API's, against the current documents the
 * tooling's tests are written for (Management 8da9913, ORDER 2b17a0f), including the early
 * ones whose servers and paths differ from today's; a document that matches neither clearly is
 * not taken.
 */
import { expect, test } from "vitest";
import type { Doc } from "../spec-diff/load.js";
import { loadDocument } from "../spec-diff/load.js";
import { identifyApi } from "./identify.js";
import { type Api, readManifest, revisionPath } from "./manifest.js";

const known = [
  { api: "management" as Api, file: "management-openapi.json", doc: loadDocument(revisionPath("management", "2026-08-10-8da9913")).doc },
  { api: "order" as Api, file: "order-api.json", doc: loadDocument(revisionPath("order", "2026-03-30-2b17a0f")).doc },
];
const UNREADABLE = new Set(["2025-12-07-78c533e", "2025-12-07-95eb88b", "2026-06-17-dd9ebea"]);
const revisions = readManifest()
  .filter((e) => e.role === "history" && !UNREADABLE.has(`${e.date}-${e.revision}`))
  .map((e) => [`${e.api} ${e.date}-${e.revision}`, e.api, `${e.date}-${e.revision}`] as const);

test.each(revisions)("%s is recognised as its API's", (_name, api, name) => {
  expect(identifyApi(loadDocument(revisionPath(api, name)).doc, known).api).toBe(api);
});

const doc = (title: string | undefined, paths: string[], servers: string[] = []): Doc => ({
  openapi: "3.0.3",
  ...(title === undefined ? {} : { info: { title, version: "1" } }),
  ...(servers.length ? { servers: servers.map((url) => ({ url })) } : {}),
  paths: Object.fromEntries(paths.map((p) => [p, {}])),
});

test("the evidence says what the document shows: its title and how many of its paths each API has", () => {
  const ordered = identifyApi(doc("EDIS Global ORDER API", ["/kvm/v2/get/locations", "/kvm/v2/get/products", "/nowhere"]), known);
  expect(ordered).toEqual({
    api: "order",
    evidence: 'info.title "EDIS Global ORDER API"; 2 of its 3 paths in order-api.json, 0 of its 3 paths in management-openapi.json',
  });
});

test("each sign counts: the title alone, the paths alone, the servers alone", () => {
  expect(identifyApi(doc("EDIS Global Management API", ["/pets"]), known).api).toBe("management");
  expect(identifyApi(doc(undefined, ["/kvm/v2/get/auth", "/kvm/v2/get/power"]), known).api).toBe("management");
  expect(identifyApi(doc("Something else", ["/pets"], ["https://order.edisglobal.com"]), known).api).toBe("order");
  // A share of the paths: one of two paths is less than one sign.
  expect(identifyApi(doc(undefined, ["/kvm/v2/get/auth", "/pets"]), known).api).toBeUndefined();
});

test("no sign, or signs of both APIs as strong: not taken", () => {
  expect(identifyApi(doc("Pet store", ["/pets"], ["https://petstore.example.com"]), known)).toEqual({
    api: undefined,
    evidence: 'info.title "Pet store"; 0 of its 1 paths in management-openapi.json, 0 of its 1 paths in order-api.json',
  });
  expect(identifyApi(doc(undefined, ["/kvm/v2/get/auth", "/kvm/v2/get/locations"]), known).api).toBeUndefined();
  expect(identifyApi(doc("EDIS Global ORDER API", ["/kvm/v2/get/auth"]), known).api).toBeUndefined();
  expect(identifyApi(doc("EDIS Global ORDER API", []), []).api).toBeUndefined();
});

test("hosts count wherever servers are declared (root, path item, operation), in any case, and odd entries are passed over", () => {
  const withServers = (at: "path" | "operation", url: string): Doc => ({
    openapi: "3.0.3",
    paths: {
      "/pets": at === "path" ? { servers: [{ url }], post: {} } : { post: { servers: [null, { description: "no url" }, { url: 7 }, "x", { url }] } },
    },
    servers: "not a list",
  });
  // The Management document declares its servers per operation (the session host among them).
  expect(identifyApi(withServers("operation", "https://SESSION.edisglobal.com"), known).api).toBe("management");
  expect(identifyApi(withServers("path", "https://order.edisglobal.com/"), known).api).toBe("order");
  expect(identifyApi(withServers("path", "order.edisglobal.com"), known).api).toBeUndefined();
});
