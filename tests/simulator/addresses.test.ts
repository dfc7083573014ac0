/**
 * The simulator's addresses: PTR records are kept by an address's canonical text, and a VPS
 * owns its IPv4 list and every address of its IPv6 /64, nothing else.
 */
import { describe, expect, it } from "vitest";
import { canonicalAddress, ownsAddress } from "../../src/testing/addresses.js";
import { initialState } from "../../src/testing/state.js";

describe("canonicalAddress", () => {
  it.each([
    ["192.0.2.1", "192.0.2.1"],
    ["2001:DB8:1::0001", "2001:db8:1::1"],
    ["2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"],
    ["2001:db8:0:0:0:0:0:1", "2001:db8::1"],
    ["1:0:0:2:0:0:0:3", "1:0:0:2::3"],
    ["1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8"],
    ["1:0:2:3:4:5:6:7", "1:0:2:3:4:5:6:7"],
    ["::", "::"],
    ["::1", "::1"],
    ["fe80::", "fe80::"],
    ["::ffff:192.0.2.1", "::ffff:c000:201"],
    ["2001:db8::192.0.2.1", "2001:db8::c000:201"],
    ["::ffff:198.51.100.77", "::ffff:c633:644d"],
    ["1:2:3:4:5:6:198.51.100.77", "1:2:3:4:5:6:c633:644d"],
    ["2001:db8::1:2:3:4:5", "2001:db8:0:1:2:3:4:5"],
  ])("%s is %s", (text, canonical) => {
    expect(canonicalAddress(text)).toBe(canonical);
  });

  it.each(["192.0.2", "192.0.2.256", "2001:db8:::1", "mail.example.com", ""])("%j is no address", (text) => {
    expect(canonicalAddress(text)).toBeUndefined();
  });
});

describe("ownsAddress", () => {
  const vps = initialState().vps[0]!;

  it("owns its IPv4 addresses and every address of its /64, in any spelling", () => {
    for (const address of ["192.0.2.1", "192.0.2.2", "2001:db8:1::1", "2001:db8:1:0:ffff:ffff:ffff:ffff", "2001:DB8:1::abcd"]) {
      expect(ownsAddress(vps, address), address).toBe(true);
    }
  });

  it("owns no IPv6 address when its prefix is not a /64 of an IPv6 address (a seed can say anything)", () => {
    for (const ipv6Prefix of ["2001:db8:1::/48", "2001:db8:1::", "not-a-prefix/64", "2001:db8:1::zz/64"]) {
      expect(ownsAddress({ ...vps, ipv6Prefix }, "2001:db8:1::1"), ipv6Prefix).toBe(false);
    }
  });

  it("compares the first four groups however the address is compressed", () => {
    expect(ownsAddress({ ...vps, ipv6Prefix: "2001:db8:0:1::/64" }, "2001:db8::1:2:3:4:5")).toBe(true);
  });

  it("owns nothing else", () => {
    for (const address of [
      "192.0.2.3",
      "192.0.2.20",
      "2001:db8:2::1",
      "2001:db8:1:1::1",
      "2001:db8::1",
      "::ffff:192.0.2.1",
      "host.example.com",
      "2001:db8:1::1%eth0",
      "2001:db8:1::1/128",
    ]) {
      expect(ownsAddress(vps, address), address).toBe(false);
    }
  });
});
