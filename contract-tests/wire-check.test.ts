/**
 * The contract check itself, held against wrong encodings. Prism lets some of these through,
 * so these tests send them raw (not through the client) and show that the suite's own check
 * catches every one: `ip` as repeated fields, comma-joined, as a bare string, and a request
 * without a session field.
 */
import { describe, expect, test } from "vitest";
import { FORM, checkNoViolations, checkRequest } from "../scripts/lib/wire-check.js";
import { useHarness } from "./support/harness.js";

const h = useHarness();

const session = "signature=12345678901234567890123456789012345678901234567890&kvm_id=kvm_123456_789012&valid_until=4102444800&api_host=123456.edisglobal.com";

async function sendRaw(path: string, body: string) {
  await fetch(h.recorder.url + path, { method: "POST", headers: { "content-type": FORM }, body });
  const exchange = h.recorder.exchanges.at(-1);
  if (!exchange) throw new Error("nothing was recorded");
  return exchange;
}

describe("the wire check", () => {
  test("accepts the correct encoding: ip as one JSON text field", async () => {
    const exchange = await sendRaw("/get/ptr", `${session}&ip=${encodeURIComponent('["192.0.2.1","2001:db8::1"]')}`);
    expect((await checkRequest(h.validator, "getPTR", exchange)).ip).toEqual(["192.0.2.1", "2001:db8::1"]);
    checkNoViolations(exchange);
  });

  test.each([
    ["ip as repeated fields", `${session}&ip=192.0.2.1&ip=192.0.2.2`, /field ip is sent 2 times/],
    ["ip comma-joined", `${session}&ip=192.0.2.1,192.0.2.2`, /field ip is not JSON text/],
    ["ip as one bare address", `${session}&ip=192.0.2.1`, /field ip is not JSON text/],
    ["ip as JSON of the wrong type", `${session}&ip=${encodeURIComponent('"192.0.2.1"')}`, /\/ip must be array/],
    ["ip holding a non-address", `${session}&ip=${encodeURIComponent('["not-an-ip"]')}`, /\/ip\/0 must match format "ip"/],
    ["no signature", `${session.replace(/^signature=\d+&/, "")}&ip=${encodeURIComponent('["192.0.2.1"]')}`, /must have required property 'signature'/],
    ["no valid_until", `${session.replace(/&valid_until=\d+/, "")}&ip=${encodeURIComponent('["192.0.2.1"]')}`, /must have required property 'valid_until'/],
    [
      "valid_until as ISO text",
      `${session.replace(/valid_until=\d+/, "valid_until=2025-01-12T15%3A30%3A00Z")}&ip=${encodeURIComponent('["192.0.2.1"]')}`,
      /\/valid_until must match pattern/,
    ],
  ])("rejects %s", async (_name, body, reason) => {
    const exchange = await sendRaw("/get/ptr", body);
    await expect(checkRequest(h.validator, "getPTR", exchange)).rejects.toThrow(reason);
  });

  test("rejects a set/ptr map whose keys are not addresses", async () => {
    const exchange = await sendRaw("/set/ptr", `${session}&ip=${encodeURIComponent('{"mail":"mail.example.com"}')}`);
    await expect(checkRequest(h.validator, "setPTR", exchange)).rejects.toThrow(/property name must be valid|must match format "ip"/);
  });

  test("rejects a request with the wrong content type", async () => {
    await fetch(`${h.recorder.url}/get/ptr`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    await expect(checkRequest(h.validator, "getPTR", h.recorder.exchanges.at(-1)!)).rejects.toThrow(/content type is application\/json/);
  });

  test("fails on a violation Prism reports", async () => {
    const exchange = await sendRaw("/get/ptr", "kvm_id=kvm_1_2");
    expect(() => checkNoViolations(exchange)).toThrow(/Prism reports violations/);
  });
});
