/** The IP address syntax checks (src/safety/ip.ts): valid IPv4 and IPv6 forms and near misses refused, and agreement with node:net on samples and random text. */
import { isIP as nodeIsIP } from "node:net";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { isIP, isIPv4, isIPv6 } from "../src/safety/ip.js";

describe("IP syntax", () => {
  test.each(["0.0.0.0", "192.0.2.1", "255.255.255.255", "10.0.0.10"])("%s is IPv4", (ip) => {
    expect(isIPv4(ip)).toBe(true);
    expect(isIPv6(ip)).toBe(false);
  });

  test.each([
    "::",
    "::1",
    "2001:db8::1",
    "2001:db8:0:0:0:0:0:1",
    "fe80::",
    "::ffff:192.0.2.1",
    "2001:db8:abcd:0012::1",
    "1:2:3:4:5:6:7:8",
    "1:2:3:4:5:6:192.0.2.1",
    "1::8",
  ])("%s is IPv6", (ip) => {
    expect(isIPv6(ip)).toBe(true);
    expect(isIPv4(ip)).toBe(false);
  });

  test.each([
    "",
    "1.2.3",
    "1.2.3.4.5",
    "256.1.1.1",
    "01.2.3.4",
    "1.2.3.-4",
    " 1.2.3.4",
    "1.2.3.4 ",
    "1.2.3.4\n",
    ":::",
    "1:2:3:4:5:6:7:8:9",
    "1::2::3",
    "12345::",
    "g::1",
    "1:2:3:4:5:6:7::8",
    "::ffff:256.0.0.1",
    "fe80::1%eth0",
    ":1",
    "1:",
    "1.2.3.4::",
  ])("%j is neither", (text) => {
    expect(isIP(text)).toBe(false);
  });

  test("agrees with node:net on every address of a broad sample", () => {
    const samples: string[] = [];
    const hex = ["0", "1", "a", "ff", "db8", "ffff", "10000", "g"];
    for (let n = 0; n < 4000; n++) {
      const groups = 2 + (n % 8);
      const parts = Array.from({ length: groups }, (_, i) => hex[(n * 7 + i * 3) % hex.length]!);
      const text = parts.join(":");
      samples.push(text, text.replace(":", "::"), `${text}:1.2.3.${n % 300}`, `${n % 300}.${(n * 3) % 260}.0.${n % 11}`);
    }
    for (const text of samples) expect([text, isIP(text)]).toEqual([text, nodeIsIP(text) !== 0]);
  });

  test("agrees with node:net on random text of address characters, and every address is of those characters only", () => {
    const char = fc.constantFrom(..."0123456789abcdefABCDEF:.:.:g% ".split(""));
    fc.assert(
      fc.property(
        fc.array(char, { maxLength: 46 }).map((chars) => chars.join("")),
        (text) => {
          // node:net takes a zone id (fe80::1%eth0); the spec's addresses have none.
          expect([text, isIP(text)]).toEqual([text, nodeIsIP(text) !== 0 && !text.includes("%")]);
          // src/request/validate.ts skips the spec's ^[0-9A-Fa-f:.]+$ after an IP format check that passed.
          if (isIP(text)) expect(text).toMatch(/^[0-9A-Fa-f:.]+$/u);
        },
      ),
      { numRuns: 20_000 },
    );
  });
});

describe("IP syntax at its edges: the longest text form, the number of groups around :: and a dotted tail", () => {
  describe("IPv6 text at its limits", () => {
    test("the longest valid address, 45 characters, is IPv6", () => {
      const longest = "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255";
      expect(longest).toHaveLength(45);
      expect(nodeIsIP(longest)).toBe(6);
      expect(isIPv6(longest)).toBe(true);
    });

    test.each([
      ["1:2:3:4:5:6:7::", true],
      ["::2:3:4:5:6:7:8", true],
      ["1:2:3:4:5:6::1.2.3.4", false],
      ["1:2:3:4:5::1.2.3.4", true],
      ["1:2:3:4:5:6:7", false],
      ["1:2:3:4:5:1.2.3.4", false],
      ["1:2:3:4:5:6:7:1.2.3.4", false],
      ["::1.2.3.4", true],
      ["::ffff:1.2.3", false],
      ["1.2.3.4", false],
    ])("%s: %s, as node:net says", (text, valid) => {
      expect(nodeIsIP(text) === 6).toBe(valid);
      expect(isIPv6(text)).toBe(valid);
    });
  });

  // The one-pass parser's digit and length checks, against the mutants a fresh Stryker run left
  // alive: a character above '9' is not a digit, and an empty part is not a part, in an IPv4
  // address and in an IPv6 address's dotted tail. node:net is the judge of each case.
  describe("the parts of a dotted address", () => {
    test.each(["192.0.2.a", "1a.2.3.4", "1.2.3.~", "1.2.3.:", "10.20.3.", "10..20.3", ".10.20.3", "::ffff:1.2.3.", "::ffff:1.2.3.a", "::ffff:1..2.3"])(
      "%s is no address, as node:net says",
      (text) => {
        expect(nodeIsIP(text)).toBe(0);
        expect(isIP(text)).toBe(false);
      },
    );
  });
});
