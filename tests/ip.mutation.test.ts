/**
 * IP syntax at its edges, written against the mutants that survived tests/ip.test.ts: the
 * longest address the text form allows, and the exact number of groups around `::` and a
 * dotted tail.
 */
import { isIP as nodeIsIP } from "node:net";
import { describe, expect, test } from "vitest";
import { isIP, isIPv6 } from "../src/ip.js";

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
