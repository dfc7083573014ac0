/**
 * Redaction on its own (src/safety/redact.ts): the redacted body field by field, which values count as
 * secrets, and every form in which a server may echo a secret back. The whole table of echoes
 * through the client is reliability-tests/secret-echoes.test.ts.
 */
import { describe, expect, test } from "vitest";
import { type OperationSpec, operationTable } from "../generated/operations.js";
import { REDACTED, redactForm, scrub, secretsOf } from "../src/safety/redact.js";
import { textField as field } from "../test-support/operation-fields.js";

/** An operation of the test's own: a plain field, a secret, a JSON field and a JSON secret. */
const op: OperationSpec = {
  ...operationTable.createAuthSession,
  fields: [field("email"), field("pw", { secret: true }), field("ip", { json: true }), field("keys", { json: true, secret: true })],
};

describe("redactForm", () => {
  test("replaces each secret field's value, keeps the others as they were sent, leaves out undefined ones", () => {
    const body = redactForm(op, { email: "a@example.com", pw: "hunter2", ip: ["192.0.2.1"], keys: { k: "v" } });
    expect(body).toBe("email=a%40example.com&pw=%5BREDACTED%5D&ip=%5B%22192.0.2.1%22%5D&keys=%5BREDACTED%5D");
    expect(new URLSearchParams(body).get("pw")).toBe(REDACTED);
    expect(redactForm(op, { email: "a@example.com", pw: undefined })).toBe("email=a%40example.com");
    expect(redactForm(op, {})).toBe("");
  });

  test("the real auth operation: the password is redacted, the email is not", () => {
    expect(redactForm(operationTable.createAuthSession, { email: "a@example.com", pw: "p" })).toBe("email=a%40example.com&pw=%5BREDACTED%5D");
  });
});

describe("secretsOf", () => {
  test("the text of each secret field that has a value, JSON ones as JSON, in field order", () => {
    expect(secretsOf(op, { email: "a@example.com", pw: "hunter2", ip: ["x"], keys: { k: "v" } })).toEqual(["hunter2", '{"k":"v"}']);
    expect(secretsOf(op, { email: "a@example.com", keys: ["s"] })).toEqual(['["s"]']);
    expect(secretsOf(op, { email: "a@example.com" })).toEqual([]);
  });
});

describe("scrub", () => {
  const secret = 'p a+s&s=w%o"r\\d/ü';

  test.each([
    ["as it is", secret],
    ["percent-encoded", encodeURIComponent(secret)],
    ["form-encoded", new URLSearchParams({ s: secret }).toString().slice(2)],
    ["JSON-escaped", JSON.stringify(secret).slice(1, -1)],
  ])("removes a secret %s, every time it occurs", (_form, echoed) => {
    expect(scrub(`a ${echoed} b ${echoed} c`, [secret])).toBe(`a ${REDACTED} b ${REDACTED} c`);
  });

  test("removes every secret of the list", () => {
    expect(scrub("one two three", ["one", "three"])).toBe(`${REDACTED} two ${REDACTED}`);
  });

  test("an empty secret changes nothing", () => {
    expect(scrub("some text", [""])).toBe("some text");
    expect(scrub("some text", ["", "text"])).toBe(`some ${REDACTED}`);
  });

  test("a secret with a lone surrogate is removed in its U+FFFD percent-encoded forms too, without a throw", () => {
    const lone = "a b\uD800cd";
    expect(scrub("x a%20b%EF%BF%BDcd y", [lone])).toBe(`x ${REDACTED} y`);
    expect(scrub("x a+b%EF%BF%BDcd y", [lone])).toBe(`x ${REDACTED} y`);
    expect(scrub(`x ${lone} y`, [lone])).toBe(`x ${REDACTED} y`);
  });

  test("text without a secret comes back unchanged", () => {
    expect(scrub("nothing to hide", ["hunter2"])).toBe("nothing to hide");
    expect(scrub("nothing to hide", [])).toBe("nothing to hide");
  });
});
