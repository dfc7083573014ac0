/**
 * The User-Agent header as a server sees it, over both transports (node:http, the default on
 * Node, and an injected fetch): `edis-global/<version> node/<version>`, then the caller's
 * `userAgent`; a bad `userAgent` refused when the client is created, before anything is sent.
 */
import { readFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { EdisValidationError } from "../src/index.js";
import { runtimeProduct, userAgentHeader } from "../src/user-agent.js";
import { VERSION } from "../src/version.js";
import { type FakeEdis, KVM, startFakeEdis } from "../test-support/fake-edis.js";

const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };
const EXPECTED = `edis-global/${pkg.version} node/${process.versions.node}`;

let fake: FakeEdis;
beforeEach(async () => {
  fake = await startFakeEdis();
});
afterEach(async () => {
  await fake.close();
});

test("the version in the header is package.json's (bump src/version.ts with it)", () => {
  expect(VERSION).toBe(pkg.version);
});

const TRANSPORTS = {
  "node:http (no fetch given)": {},
  "an injected fetch": { fetch: ((input, init) => globalThis.fetch(input, init)) as typeof fetch },
};

describe.each(Object.entries(TRANSPORTS))("on the wire, over %s", (_name, transport) => {
  test("every request, the auth call included, says edis-global/<version> node/<version>", async () => {
    await fake.client(transport).power.state({ kvmId: KVM });
    expect(fake.received).toHaveLength(2);
    expect(fake.received.map((r) => r.headers["user-agent"])).toEqual([EXPECTED, EXPECTED]);
  });

  test("the userAgent option adds the caller's app after them", async () => {
    await fake.client({ ...transport, userAgent: "fleetbot/1.2 ops-team" }).power.state({ kvmId: KVM });
    expect(fake.received.map((r) => r.headers["user-agent"])).toEqual([`${EXPECTED} fleetbot/1.2 ops-team`, `${EXPECTED} fleetbot/1.2 ops-team`]);
  });
});

describe("a bad userAgent", () => {
  test.each([
    ["empty", ""],
    ["a comment in parentheses", "fleetbot/1.2 (linux)"],
    ["a line break (header injection)", "fleetbot/1.2\r\nX-Evil: 1"],
    ["a trailing space", "fleetbot/1.2 "],
    ["two spaces", "fleetbot/1.2  ops"],
    ["non-ASCII", "flöttbot/1.2"],
    ["an empty version", "fleetbot/"],
    ["two slashes", "fleetbot/1.2/3"],
    ["a tab", "fleetbot\t1.2"],
    ["201 characters", "a".repeat(201)],
    ["a number", 12],
  ])("is refused with EdisValidationError before anything is sent: %s", async (_name, userAgent) => {
    let error: unknown;
    try {
      fake.client({ userAgent: userAgent as string });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EdisValidationError);
    expect((error as EdisValidationError).field).toBe("userAgent");
    expect((error as Error).message).toMatch(/^userAgent option must be products such as "myapp\/1\.2"/u);
    expect(fake.received).toHaveLength(0);
  });

  test("200 token characters are taken", () => {
    const longest = `${"a".repeat(195)}/1.2.`;
    expect(userAgentHeader(longest, "node/20.0.0")).toBe(`edis-global/${VERSION} node/20.0.0 ${longest}`);
  });
});

describe("the runtime it names", () => {
  test.each([
    ["Node", { process: { versions: { node: "22.3.0" } }, navigator: { userAgent: "Node.js/22" } }, "node/22.3.0"],
    ["Bun", { process: { versions: { node: "22.6.0", bun: "1.2.3" } }, navigator: { userAgent: "Bun/1.2.3" } }, "bun/1.2.3"],
    ["Deno", { process: { versions: { node: "22.0.0", deno: "2.1.4" } }, Deno: { version: { deno: "2.1.4" } } }, "deno/2.1.4"],
    ["Cloudflare Workers with nodejs_compat", { process: { versions: { node: "22.14.0" } }, navigator: { userAgent: "Cloudflare-Workers" } }, "workerd"],
    ["a browser", { navigator: { userAgent: "Mozilla/5.0 (X11; Linux x86_64)" } }, undefined],
  ])("%s: %s", (_name, globals, expected) => {
    expect(runtimeProduct(globals)).toBe(expected);
  });

  test("a runtime it cannot tell leaves only the package and the caller's app", () => {
    expect(userAgentHeader("fleetbot/1.2", undefined)).toBe(`edis-global/${VERSION} fleetbot/1.2`);
  });
});
