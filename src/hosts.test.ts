import { describe, expect, test } from "vitest";
import { operationTable } from "../generated/operations.js";
import { EdisError } from "./errors.js";
import { baseUrlFor, isEdisHost } from "./hosts.js";
import { Session } from "./session.js";

const managementOp = operationTable.getPowerState;

const sessionAt = (apiHost: string) =>
  new Session({ kvm_id: "kvm_1_2", api_host: apiHost, valid_until: 4102444800, signature: "s" });

describe("hosts", () => {
  test.each(["123456.edisglobal.com", "7F3A21.EDISGLOBAL.COM", "example.edis.at"])("%s is an EDIS host", (host) => {
    expect(isEdisHost(host)).toBe(true);
  });

  test.each([
    "edisglobal.com.evil.net",
    "evil-edisglobal.com",
    "123456.edisglobal.com:8443",
    "user@123456.edisglobal.com",
    "123456.edisglobal.com/x",
    "",
  ])("%s is not", (host) => {
    expect(isEdisHost(host)).toBe(false);
  });

  test("management calls go to https://{api_host} of the session", () => {
    expect(baseUrlFor(managementOp, {}, sessionAt("123456.edisglobal.com"))).toBe("https://123456.edisglobal.com");
  });

  test("a session naming a host outside EDIS is refused with an EdisError", () => {
    expect(() => baseUrlFor(managementOp, {}, sessionAt("evil.example.net"))).toThrow(EdisError);
    expect(() => baseUrlFor(managementOp, {}, sessionAt("evil.example.net"))).toThrow(
      'getPowerState: the session names api_host "evil.example.net", which is not an EDIS host; nothing was sent',
    );
  });

  test("an explicit api override is used whatever the session names", () => {
    expect(baseUrlFor(managementOp, { api: "http://127.0.0.1:4010" }, sessionAt("evil.example.net"))).toBe("http://127.0.0.1:4010");
  });
});
