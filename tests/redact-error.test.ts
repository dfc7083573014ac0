/**
 * The one exit every error of a request passes (redactError) and the copy it makes of a
 * foreign error's cause chain (scrubCause), on their own: what is scrubbed, what is kept
 * as it was, what is dropped, and that an error without a secret is the caller's own object.
 */
import { inspect } from "node:util";
import { describe, expect, test } from "vitest";
import { EdisApiError, EdisNetworkError } from "../src/errors.js";
import { REDACTED as R, redactError, scrub, scrubCause } from "../src/safety/redact.js";

const SECRET = "hunter2-secret";
const clean = (text: string): string => scrub(text, [SECRET]);

/** An error as a caller's fetch might throw it, with extra properties of its own. */
function foreign(message: string, extra: Record<string, unknown> = {}, options?: { cause?: unknown }): Error {
  const error = new TypeError(message, options);
  Object.assign(error, extra);
  return error;
}

/** Every text reachable from a value, as a curious reader would dump it. */
const everything = (value: unknown): string => inspect(value, { depth: 50, showHidden: true });

describe("scrubCause", () => {
  test("an error without a secret is returned as it is, its cause and a null property too", () => {
    const inner = new Error("inner");
    const error = foreign("fetch failed", { code: "ECONNRESET", errno: -104, fatal: false, extra: null }, { cause: inner });
    expect(scrubCause(error, clean)).toBe(error);
    let long: Error = new Error("level 20");
    for (let level = 19; level >= 0; level--) long = new Error(`level ${level}`, { cause: long });
    expect(scrubCause(long, clean)).toBe(long);
    const loop = new Error("loop");
    (loop as { cause?: unknown }).cause = loop;
    expect(scrubCause(loop, clean)).toBe(loop);
  });

  test("a secret in the message: a copy with the same prototype, name, code, errno and flags", () => {
    const error = foreign(`body pw=${SECRET}`, { code: "E_BODY", errno: -22, fatal: true });
    const copy = scrubCause(error, clean) as TypeError & Record<string, unknown>;
    expect(copy).not.toBe(error);
    expect(copy).toBeInstanceOf(TypeError);
    expect(copy.name).toBe("TypeError");
    expect(copy.message).toBe(`body pw=${R}`);
    expect(copy.stack).toContain(`body pw=${R}`);
    expect(copy.stack).not.toContain(SECRET);
    expect([copy.code, copy.errno, copy.fatal]).toEqual(["E_BODY", -22, true]);
    expect(Object.getOwnPropertyDescriptor(copy, "message")).toEqual({ ...Object.getOwnPropertyDescriptor(error, "message"), value: `body pw=${R}` });
    expect(Object.getOwnPropertyDescriptor(copy, "stack")).toMatchObject({ writable: true, configurable: true, enumerable: false });
    expect(error.message).toBe(`body pw=${SECRET}`);
  });

  test("a secret only in a string property, only in the stack, or only in the cause: still a copy", () => {
    const byCode = scrubCause(foreign("failed", { code: `E_${SECRET}` }), clean) as Error & { code: string };
    expect(byCode.code).toBe(`E_${R}`);
    expect(byCode.message).toBe("failed");

    const byStack = foreign("failed");
    byStack.stack = `TypeError: failed\n    at send (${SECRET})`;
    const stackCopy = scrubCause(byStack, clean) as Error;
    expect(stackCopy).not.toBe(byStack);
    expect(stackCopy.stack).toBe(`TypeError: failed\n    at send (${R})`);

    const byCause = foreign("outer", {}, { cause: new Error(`inner ${SECRET}`) });
    const causeCopy = scrubCause(byCause, clean) as Error;
    expect((causeCopy.cause as Error).message).toBe(`inner ${R}`);
    expect(Object.getOwnPropertyDescriptor(causeCopy, "cause")).toMatchObject({ writable: true, configurable: true, enumerable: false });
  });

  test("an object property is dropped from the copy: it may hold a secret no one can scrub", () => {
    const error = foreign("failed", { request: { body: `pw=${SECRET}` }, code: "E" });
    const copy = scrubCause(error, clean) as Error & Record<string, unknown>;
    expect(copy).not.toBe(error);
    expect(copy.request).toBeUndefined();
    expect(copy.code).toBe("E");
    expect(everything(copy)).not.toContain(SECRET);
  });

  test("an error without a stack gets none in its copy", () => {
    const error = foreign(`pw=${SECRET}`);
    delete (error as { stack?: string }).stack;
    const copy = scrubCause(error, clean) as Error;
    expect(copy.message).toBe(`pw=${R}`);
    expect(Object.getOwnPropertyNames(copy)).not.toContain("stack");
  });

  test("a string cause is scrubbed; a number or a plain object is returned as it is", () => {
    expect(scrubCause(`pw=${SECRET}`, clean)).toBe(`pw=${R}`);
    expect(scrubCause(42, clean)).toBe(42);
    const plain = { note: "x" };
    expect(scrubCause(plain, clean)).toBe(plain);
    expect(scrubCause(undefined, clean)).toBeUndefined();
  });

  test("a chain of any depth keeps no secret, a cycle ends", () => {
    let chain: Error = new Error(`level 20 ${SECRET}`);
    for (let level = 19; level >= 0; level--) chain = new Error(`level ${level} ${SECRET}`, { cause: chain });
    const copy = scrubCause(chain, clean) as Error;
    expect(everything(copy)).not.toContain(SECRET);
    let at: unknown = copy;
    for (let level = 0; level <= 8; level++) {
      expect((at as Error).message).toBe(`level ${level} ${R}`);
      at = (at as Error).cause;
    }

    const loop = new Error(`loop ${SECRET}`);
    (loop as { cause?: unknown }).cause = loop;
    expect(everything(scrubCause(loop, clean))).not.toContain(SECRET);
  });
});

describe("redactError", () => {
  const api = (message: string, code?: string): EdisApiError =>
    new EdisApiError({
      operationId: "getPTR",
      status: 400,
      serverMessage: message,
      serverCode: code,
      request: { method: "POST", url: "https://x/", body: `pw=${SECRET}` },
    });

  test("an error of this package is fixed in place: message, server words and code, request texts", () => {
    const error = api(`bad pw ${SECRET}`, `E_${SECRET}`);
    expect(redactError(error, [SECRET])).toBe(error);
    expect(error.message).toBe(`getPTR failed: 400 bad pw ${R}`);
    expect(error.serverMessage).toBe(`bad pw ${R}`);
    expect(error.serverCode).toBe(`E_${R}`);
    expect(error.request).toEqual({ method: "POST", url: "https://x/", body: `pw=${R}` });
    expect(everything(error)).not.toContain(SECRET);
  });

  test("what it fixes keeps its enumerability: JSON.stringify shows the same fields, without the secret", () => {
    const error = api(`bad pw ${SECRET}`);
    const before = Object.keys(error);
    redactError(error, [SECRET]);
    expect(Object.keys(error)).toEqual(before);
    expect(Object.prototype.propertyIsEnumerable.call(error, "message")).toBe(false);
    expect(JSON.stringify(error)).not.toContain(SECRET);
    expect(JSON.parse(JSON.stringify(error)).serverMessage).toBe(`bad pw ${R}`);
  });

  test("a request that is not an object of texts is left as it is", () => {
    const error = api("bad");
    (error as unknown as { request: unknown }).request = null;
    expect(() => redactError(error, [SECRET])).not.toThrow();
    expect(error.request).toBeNull();
  });

  test("its cause chain is scrubbed as a copy; the caller's cause is untouched", () => {
    const cause = foreign(`socket wrote pw=${SECRET}`, { code: "EPIPE" });
    const error = new EdisNetworkError({ operationId: "getPTR", cause });
    redactError(error, [SECRET]);
    expect((error.cause as Error).message).toBe(`socket wrote pw=${R}`);
    expect((error.cause as Error & { code: string }).code).toBe("EPIPE");
    expect(cause.message).toContain(SECRET);
    expect(everything(error)).not.toContain(SECRET);
  });

  test("anything else thrown is copied and scrubbed, a thrown string too", () => {
    const error = foreign(`pw=${SECRET}`);
    const out = redactError(error, [SECRET]) as Error;
    expect(out).not.toBe(error);
    expect(out.message).toBe(`pw=${R}`);
    expect(redactError(`pw=${SECRET}`, [SECRET])).toBe(`pw=${R}`);
    expect(redactError(7, [SECRET])).toBe(7);
  });

  test("without a secret (none, or only empty ones) nothing is touched", () => {
    const error = foreign("failed", { details: { a: 1 } });
    expect(redactError(error, [])).toBe(error);
    expect(redactError(error, [""])).toBe(error);
    expect((error as Error & { details: unknown }).details).toEqual({ a: 1 });
    const ours = api("bad");
    expect(redactError(ours, [SECRET])).toBe(ours);
    expect(ours.message).toBe("getPTR failed: 400 bad");
  });
});
