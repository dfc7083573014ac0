/**
 * Which hosts the client talks to (src/safety/hosts.ts): what counts as an EDIS host, a foreign
 * api_host in a session refused with EdisHostError, the base URL of each call, and when the
 * session's api_host needs checking at all.
 */
import { describe, expect, test } from "vitest";
import { operationTable } from "../generated/operations.js";
import { EdisHostError, EdisError } from "../src/errors.js";
import { apiHostMatters, baseUrlFor, checkSessionHost, isEdisHost } from "../src/safety/hosts.js";
import { Session } from "../src/session.js";
import { HOSTILE_API_HOSTS } from "../test-support/hostile-hosts.js";

const managementOp = operationTable.getPowerState;

const sessionAt = (apiHost: string) => new Session({ kvm_id: "kvm_1_2", api_host: apiHost, valid_until: 4102444800, signature: "s" });

describe("isEdisHost", () => {
  test.each(["123456.edisglobal.com", "7F3A21.EDISGLOBAL.COM", "Node-7.EdisGlobal.Com", "example.edis.at", `${"a".repeat(63)}.edisglobal.com`])(
    "%s is an EDIS host",
    (host) => {
      expect(isEdisHost(host)).toBe(true);
    },
  );

  test.each(HOSTILE_API_HOSTS)("%j is not", (host) => {
    expect(isEdisHost(host)).toBe(false);
  });

  test("a name of 253 characters passes, one of 254 does not", () => {
    const label = "a".repeat(63);
    const at253 = `${label}.${label}.${label}.${"b".repeat(46)}.edisglobal.com`;
    expect(at253.length).toBe(253);
    expect(isEdisHost(at253)).toBe(true);
    expect(isEdisHost(`c${at253}`)).toBe(false);
  });
});

describe("checkSessionHost", () => {
  test("refuses a foreign api_host with EdisHostError, which carries the host and names the VPS", () => {
    const error = (() => {
      try {
        checkSessionHost(sessionAt("x.edisglobal.com@evil.com"), "createAuthSession");
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(EdisHostError);
    expect((error as EdisHostError).host).toBe("x.edisglobal.com@evil.com");
    expect((error as EdisHostError).message).toBe(
      'createAuthSession failed: the session of kvm_1_2 names api_host "x.edisglobal.com@evil.com", which is not an EDIS host; nothing was sent to it',
    );
  });

  test("accepts an EDIS host in any case", () => {
    expect(() => checkSessionHost(sessionAt("123456.EdisGlobal.com"), "createAuthSession")).not.toThrow();
  });

  test("a very long host is shown cut to 300 characters", () => {
    const host = `${"a".repeat(500)}.evil.com`;
    const error = (() => {
      try {
        checkSessionHost(sessionAt(host), "createAuthSession");
      } catch (caught) {
        return caught as EdisHostError;
      }
    })()!;
    expect(error.host).toBe(`${"a".repeat(297)}...`);
  });
});

describe("baseUrlFor", () => {
  test("management calls go to https://{api_host} of the session, in lower case", () => {
    expect(baseUrlFor(managementOp, {}, sessionAt("123456.EDISGLOBAL.com"))).toBe("https://123456.edisglobal.com");
  });

  test("an explicit api override is used whatever the session names", () => {
    expect(baseUrlFor(managementOp, { api: "http://127.0.0.1:4010" }, sessionAt("evil.example.net"))).toBe("http://127.0.0.1:4010");
  });

  test("PTR calls go to the spec's rDNS host, or its override", () => {
    expect(baseUrlFor(operationTable.getPTR, {}, sessionAt("123456.edisglobal.com"))).toBe("https://dns-api.edisglobal.com");
    expect(baseUrlFor(operationTable.getPTR, { rdns: "http://127.0.0.1:1" }, sessionAt("123456.edisglobal.com"))).toBe("http://127.0.0.1:1");
  });
});

describe("apiHostMatters", () => {
  test("unless both hosts that use api_host are overridden, it is checked", () => {
    expect(apiHostMatters({})).toBe(true);
    expect(apiHostMatters({ api: "http://127.0.0.1:1" })).toBe(true);
    expect(apiHostMatters({ rdns: "http://127.0.0.1:1" })).toBe(true);
    expect(apiHostMatters({ session: "http://127.0.0.1:1", rdns: "http://127.0.0.1:1" })).toBe(true);
    expect(apiHostMatters({ api: "http://127.0.0.1:1", rdns: "http://127.0.0.1:1" })).toBe(false);
  });
});

describe("host checks label by label, and where each kind of operation is sent with and without overrides and a session", () => {
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
});
