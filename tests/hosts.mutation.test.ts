/**
 * The host checks label by label, written against the mutants that survived tests/hosts.test.ts:
 * which names count as EDIS hosts, and where each kind of operation is sent with and without
 * overrides and a session.
 */
import { describe, expect, test } from "vitest";
import { operationTable } from "../generated/operations.js";
import { EdisError } from "../src/errors.js";
import { baseUrlFor, isEdisHost } from "../src/hosts.js";
import { Session } from "../src/session.js";

const sessionAt = (apiHost: string) => new Session({ kvm_id: "kvm_1_2", api_host: apiHost, valid_until: 4102444800, signature: "s" });

describe("isEdisHost", () => {
  test.each([
    "a.edisglobal.com",
    "a-b.edisglobal.com",
    "a--b.edisglobal.com",
    "0.edisglobal.com",
    "x.y-z.edisglobal.com",
    "x.y.edisglobal.com",
    "kvm1.de.edis.at",
    "9a.edis.at",
  ])("%s is an EDIS host", (host) => {
    expect(isEdisHost(host)).toBe(true);
  });

  test.each([
    "-a.edisglobal.com",
    "a-.edisglobal.com",
    "x.-a.edisglobal.com",
    "x.a-.edisglobal.com",
    "a..edisglobal.com",
    ".edisglobal.com",
    "a_b.edisglobal.com",
    "a b.edisglobal.com",
    "ä.edisglobal.com",
    "a.edisglobal.com.",
    "a.edisglobal.com\n",
    "\na.edisglobal.com",
    "a.edisglobal.comx",
    "a.edis.at.evil.example",
    "a.edisxglobal.com",
    "a.edisglobalxcom",
    "edis.at",
  ])("%j is not", (host) => {
    expect(isEdisHost(host)).toBe(false);
  });

  // A hostile auth answer or a hand-edited session cache can put anything in api_host.
  test.each([42, null, undefined, {}, ["a.edisglobal.com"]])("%j, not a string, is not (and does not throw)", (host) => {
    expect(isEdisHost(host as never)).toBe(false);
  });
});

describe("baseUrlFor", () => {
  const auth = operationTable.createAuthSession;
  const rdns = operationTable.getPTR;
  const api = operationTable.getPowerState;

  test("an operation of the session or rDNS host goes to the spec's server, and needs no session", () => {
    expect(baseUrlFor(auth, {})).toBe("https://session.edisglobal.com");
    expect(baseUrlFor(rdns, {})).toBe("https://dns-api.edisglobal.com");
    expect(baseUrlFor(rdns, {}, sessionAt("evil.example.net"))).toBe("https://dns-api.edisglobal.com");
  });

  test("an override replaces only the host it names", () => {
    const hosts = { session: "http://127.0.0.1:1", rdns: "http://127.0.0.1:2" };
    expect(baseUrlFor(auth, hosts)).toBe("http://127.0.0.1:1");
    expect(baseUrlFor(rdns, hosts)).toBe("http://127.0.0.1:2");
    expect(baseUrlFor(api, hosts, sessionAt("123456.edisglobal.com"))).toBe("https://123456.edisglobal.com");
    expect(baseUrlFor(api, { api: "http://127.0.0.1:3" })).toBe("http://127.0.0.1:3");
  });

  test("a management call without a session is an EdisError naming the operation", () => {
    let error: unknown;
    try {
      baseUrlFor(api, {});
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EdisError);
    expect((error as EdisError).message).toBe("getPowerState: no session to take api_host from");
    expect((error as EdisError).operationId).toBe("getPowerState");
  });

  test("an api_host in capitals is sent to in lower case", () => {
    expect(baseUrlFor(api, {}, sessionAt("7F3A21.EDISGLOBAL.COM"))).toBe("https://7f3a21.edisglobal.com");
  });
});
