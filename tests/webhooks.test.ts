/** The traffic webhook helpers (src/helpers/webhooks.ts): parseTrafficHook reads EDIS's POST, GET or pre-parsed call, and isEdisWebhookSource tells EDIS's sending address from others. */
import { describe, expect, test } from "vitest";
import { EdisValidationError } from "../src/errors.js";
import { isEdisWebhookSource, parseTrafficHook } from "../src/helpers/webhooks.js";

const fields = { kvm: "kvm_123456_789012", details: "Traffic usage reached 80%", trigger_value: "80" };
const parsed = { kvm: "kvm_123456_789012", details: "Traffic usage reached 80%", trigger_value: 80 };

describe("parseTrafficHook", () => {
  test("reads the form-encoded POST that EDIS sends", async () => {
    const request = new Request("https://receiver.example/hook", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(fields).toString(),
    });
    expect(await parseTrafficHook(request)).toEqual(parsed);
  });

  test("reads the GET variant from the query string", async () => {
    const request = new Request(`https://receiver.example/hook?${new URLSearchParams(fields)}`);
    expect(await parseTrafficHook(request)).toEqual(parsed);
  });

  test("reads fields a framework has parsed already", async () => {
    expect(await parseTrafficHook(new URLSearchParams(fields))).toEqual(parsed);
    expect(await parseTrafficHook({ ...fields })).toEqual(parsed);
  });

  test.each([
    ["a missing kvm", { details: "x", trigger_value: "80" }, "kvm", /is required/],
    ["a kvm of the wrong shape", { ...fields, kvm: "vps1" }, "kvm", /is not a valid VPS id \(kvm_ and two groups of digits/],
    ["a trigger value that is not a number", { ...fields, trigger_value: "eighty" }, "trigger_value", /must be a number/],
    ["a trigger value out of range", { ...fields, trigger_value: "5000" }, "trigger_value", /at most 1000/],
    ["a repeated field", { ...fields, kvm: ["kvm_1_1", "kvm_2_2"] }, "kvm", /is sent 2 times/],
    ["details with a line break", { ...fields, details: "a\r\nb" }, "details", /line breaks/],
  ])("refuses %s with an EdisValidationError naming the field", async (_name, input, field, reason) => {
    const error = await parseTrafficHook(input).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EdisValidationError);
    expect((error as EdisValidationError).field).toBe(field);
    expect((error as EdisValidationError).message).toMatch(reason);
  });

  test("checks the peer address when given", async () => {
    await expect(parseTrafficHook(fields, { remoteAddress: "149.154.154.251" })).resolves.toEqual(parsed);
    await expect(parseTrafficHook(fields, { remoteAddress: "::ffff:149.154.154.251" })).resolves.toEqual(parsed);
    await expect(parseTrafficHook(fields, { remoteAddress: "203.0.113.9" })).rejects.toThrow(
      'trafficHookCallback: remoteAddress "203.0.113.9" is not an address EDIS sends webhooks from',
    );
  });

  // Node's req.socket.remoteAddress is undefined once the socket is gone: passing it must not
  // turn the source check off, as leaving the option out does.
  test("refuses a peer address passed as undefined rather than skipping the check", async () => {
    const error = await parseTrafficHook(fields, { remoteAddress: undefined }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EdisValidationError);
    expect((error as EdisValidationError).field).toBe("remoteAddress");
    expect((error as EdisValidationError).message).toBe(
      "trafficHookCallback: remoteAddress is not known (the connection is gone?); the call cannot be checked",
    );
  });
});

describe("isEdisWebhookSource", () => {
  test.each([
    ["149.154.154.251", true],
    ["::ffff:149.154.154.251", true],
    ["149.154.154.250", false],
    ["", false],
    ["149.154.154.251.evil", false],
  ])("%s → %s", (address, expected) => {
    expect(isEdisWebhookSource(address)).toBe(expected);
  });
});
