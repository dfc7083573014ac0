/**
 * IP syntax at its edges, written against the mutants that survived tests/ip.test.ts: the
 * longest address the text form allows, and the exact number of groups around `::` and a
 * dotted tail.
 */
import { isIP as nodeIsIP } from "node:net";
import { describe, expect, test } from "vitest";
import { isIPv6 } from "../src/ip.js";

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
