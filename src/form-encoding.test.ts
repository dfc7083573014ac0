import { describe, expect, test } from "vitest";
import { operationTable } from "../generated/operations.js";
import { encodeForm } from "./form-encoding.js";

describe("encodeForm", () => {
  test("sends ip of get/ptr as one JSON text field, after the other fields in spec order", () => {
    const body = encodeForm(operationTable.getPTR, {
      ip: ["192.0.2.1", "2001:db8::1"],
      kvm_id: "kvm_1_2",
      signature: "s",
      valid_until: "4102444800",
      api_host: "1.edisglobal.com",
    });
    expect(body).toBe(
      "signature=s&kvm_id=kvm_1_2&valid_until=4102444800&api_host=1.edisglobal.com&ip=%5B%22192.0.2.1%22%2C%222001%3Adb8%3A%3A1%22%5D",
    );
    expect(new URLSearchParams(body).getAll("ip")).toEqual(['["192.0.2.1","2001:db8::1"]']);
  });

  test("sends ip of set/ptr as one JSON object", () => {
    const body = encodeForm(operationTable.setPTR, { ip: { "192.0.2.1": "mail.example.com" } });
    expect(body).toBe("ip=%7B%22192.0.2.1%22%3A%22mail.example.com%22%7D");
  });

  test("percent-encodes + & = % and non-ASCII so they arrive intact", () => {
    const password = "a+b&c=d%e ü€😀";
    const body = encodeForm(operationTable.createAuthSession, { email: "x@example.com", pw: password });
    expect(body).toBe("email=x%40example.com&pw=a%2Bb%26c%3Dd%25e+%C3%BC%E2%82%AC%F0%9F%98%80");
    expect(new URLSearchParams(body).get("pw")).toBe(password);
  });

  test("leaves out undefined fields instead of sending the text undefined", () => {
    expect(encodeForm(operationTable.createAuthSession, { email: "x@example.com", pw: "p", kvm_id: undefined })).toBe(
      "email=x%40example.com&pw=p",
    );
  });
});
