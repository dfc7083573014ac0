import { describe, expect, test } from "vitest";
import { operationTable } from "../generated/operations.js";
import { EdisValidationError } from "./errors.js";
import { validateParams } from "./validate.js";

const kvmId = "kvm_123456_789012";

describe("validateParams", () => {
  test("returns the caller's values by wire name", () => {
    expect(validateParams(operationTable.getPTR, { kvmId, ips: ["192.0.2.1", "2001:db8::1"] })).toEqual({
      kvm_id: kvmId,
      ip: ["192.0.2.1", "2001:db8::1"],
    });
    expect(validateParams(operationTable.setPTR, { kvmId, records: { "192.0.2.1": "mail.example.com." } })).toEqual({
      kvm_id: kvmId,
      ip: { "192.0.2.1": "mail.example.com." },
    });
  });

  const bad: [string, keyof typeof operationTable, unknown, string, RegExp][] = [
    ["missing kvmId", "getPTR", { ips: ["192.0.2.1"] }, "kvmId", /is required/],
    ["kvmId of the wrong shape", "getPTR", { kvmId: "vps_123456_789", ips: ["192.0.2.1"] }, "kvmId", /must match/],
    ["empty ip list", "getPTR", { kvmId, ips: [] }, "ips", /must not be empty/],
    ["ips not a list", "getPTR", { kvmId, ips: "192.0.2.1" }, "ips", /must be an array, got string/],
    ["IPv4 out of range", "getPTR", { kvmId, ips: ["256.1.1.1"] }, "ips[0]", /IPv4 or IPv6/],
    ["IPv4 with three parts", "deletePTR", { kvmId, ips: ["192.0.2"] }, "ips[0]", /IPv4 or IPv6/],
    ["bad IPv6", "getPTR", { kvmId, ips: ["192.0.2.1", "2001:db8:::1"] }, "ips[1]", /IPv4 or IPv6/],
    ["a number for an address", "getPTR", { kvmId, ips: [3221225985] }, "ips[0]", /must be a string, got integer/],
    ["duplicate addresses", "getPTR", { kvmId, ips: ["192.0.2.1", "192.0.2.1"] }, "ips[1]", /repeats/],
    ["too many addresses", "getPTR", { kvmId, ips: Array.from({ length: 101 }, (_, i) => `10.0.0.${i % 250}`) }, "ips", /at most 100/],
    ["hostname with a bad label", "setPTR", { kvmId, records: { "192.0.2.1": "-bad.example.com" } }, 'records["192.0.2.1"]', /must match/],
    ["hostname with an underscore", "setPTR", { kvmId, records: { "192.0.2.1": "a_b.example.com" } }, 'records["192.0.2.1"]', /must match/],
    ["hostname over 253 characters", "setPTR", { kvmId, records: { "192.0.2.1": `${"a".repeat(60)}.`.repeat(4) + "example.com" } }, 'records["192.0.2.1"]', /at most 253/],
    ["hostname with CR/LF", "setPTR", { kvmId, records: { "192.0.2.1": "a.example.com\r\nX: y" } }, 'records["192.0.2.1"]', /line breaks/],
    ["a key that is not an address", "setPTR", { kvmId, records: { mail: "mail.example.com" } }, 'records["mail"]', /key must be an IPv4 or IPv6/],
    ["empty records", "setPTR", { kvmId, records: {} }, "records", /must not be empty/],
    ["NUL in kvmId", "getPTR", { kvmId: "kvm_1_2\0", ips: ["192.0.2.1"] }, "kvmId", /NUL/],
    ["an unknown parameter", "getPTR", { kvmId, ips: ["192.0.2.1"], ip: ["192.0.2.1"] }, "ip", /is not a parameter of getPTR/],
    ["a session field passed by the caller", "getPTR", { kvmId, ips: ["192.0.2.1"], signature: "x" }, "signature", /is not a parameter/],
    ["params that are not an object", "getPTR", null, "params", /must be an object/],
  ];
  test.each(bad)("%s → EdisValidationError naming the field", (_name, operationId, params, field, reason) => {
    let caught: unknown;
    try {
      validateParams(operationTable[operationId], params);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(EdisValidationError);
    const error = caught as EdisValidationError;
    expect(error.field).toBe(field);
    expect(error.operationId).toBe(operationId);
    expect(error.message).toMatch(reason);
    expect(error.message.startsWith(`${operationId}: ${field} `)).toBe(true);
  });
});
