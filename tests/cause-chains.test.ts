/**
 * Long and odd cause chains, and the shape of what redaction hands back: past the eighth link
 * a chain is kept only when no link of it holds a secret (in a message, a stack, a property
 * or a string cause at its end), a chain too long to check is cut, and every property that
 * redaction rewrites keeps the descriptor a caller would expect.
 */
import { describe, expect, test } from "vitest";
import { EdisApiError } from "../src/errors.js";
import { REDACTED as R, redactError, scrub, scrubCause } from "../src/safety/redact.js";

const SECRET = "hunter2-secret";
const clean = (text: string): string => scrub(text, [SECRET]);

/** A chain of `length` errors, `deepest` being the last link's cause (if any). */
function chain(length: number, last: (error: Error) => void = () => {}, deepest?: unknown): Error {
  let at: Error = new Error(`link ${length - 1}`, deepest === undefined ? undefined : { cause: deepest });
  last(at);
  for (let link = length - 2; link >= 0; link--) at = new Error(`link ${link}`, { cause: at });
  return at;
}

/** The links of a chain, first to last, stopping at a loop. */
function links(error: unknown): unknown[] {
  const out: unknown[] = [];
  for (let at = error; at !== undefined && !out.includes(at); at = at instanceof Error ? at.cause : undefined) out.push(at);
  return out;
}

const leaks = (value: unknown): boolean =>
  links(value).some((l) => (l instanceof Error ? `${l.message}${l.stack}${JSON.stringify({ ...l })}` : String(l)).includes(SECRET));

describe("past the eighth link", () => {
  const withMessage = (e: Error): void => {
    e.message = `pw=${SECRET}`;
    e.stack = "Error: clean";
  };
  const withStack = (e: Error): void => {
    e.stack = `Error: at (${SECRET})`;
  };
  const withoutStack = (e: Error): void => {
    e.message = `pw=${SECRET}`;
    delete (e as { stack?: string }).stack;
  };
  const withCode = (e: Error): void => {
    Object.assign(e, { code: `E_${SECRET}` });
  };
  test.each([
    ["its message only (the stack says nothing)", withMessage],
    ["its stack only", withStack],
    ["its message, and it has no stack", withoutStack],
    ["a string property", withCode],
  ])("a secret in the last link's %s: the rest of the chain is dropped", (_where, dirty) => {
    const copy = scrubCause(chain(12, dirty), clean);
    expect(leaks(copy)).toBe(false);
    expect(links(copy)).toHaveLength(9);
  });

  test("a string cause at the end of the chain, holding a secret, is dropped too", () => {
    const copy = scrubCause(chain(12, undefined, `body pw=${SECRET}`), clean);
    expect(leaks(copy)).toBe(false);
    expect(links(copy)).toHaveLength(9);
  });

  test("a clean chain is kept whole, a clean string at its end and a link without a stack too", () => {
    const withString = chain(12, undefined, "socket closed");
    expect(scrubCause(withString, clean)).toBe(withString);
    const noStack = chain(12, (e) => {
      delete (e as { stack?: string }).stack;
    });
    expect(scrubCause(noStack, clean)).toBe(noStack);
  });

  test("a chain too long to check (past 9 + 64 links) is cut at the ninth, clean or not", () => {
    const dirtyAtTheEnd = chain(100, (e) => {
      e.message = `pw=${SECRET}`;
    });
    expect(leaks(scrubCause(dirtyAtTheEnd, clean))).toBe(false);
    expect(links(scrubCause(dirtyAtTheEnd, clean))).toHaveLength(9);
    const cleanButLong = chain(100);
    expect(links(scrubCause(cleanButLong, clean))).toHaveLength(9);
    const checkable = chain(9 + 64);
    expect(scrubCause(checkable, clean)).toBe(checkable);
  });
});

describe("the copy's shape", () => {
  test("a copy made without a cause has no cause; a string cause is scrubbed and stays non-enumerable", () => {
    const bare = scrubCause(new Error(`pw=${SECRET}`), clean) as Error;
    expect(Object.getOwnPropertyNames(bare)).not.toContain("cause");
    const withString = scrubCause(new Error("outer", { cause: `pw=${SECRET}` }), clean) as Error;
    expect(withString.cause).toBe(`pw=${R}`);
    expect(Object.keys(withString)).toEqual([]);
  });

  test("redactError: what it rewrites stays writable, configurable and as enumerable as it was", () => {
    const error = new EdisApiError({ operationId: "getPTR", status: 400, serverMessage: `bad ${SECRET}` });
    redactError(error, [SECRET]);
    expect(Object.getOwnPropertyDescriptor(error, "serverMessage")).toEqual({ value: `bad ${R}`, writable: true, configurable: true, enumerable: true });
    expect(Object.getOwnPropertyDescriptor(error, "message")).toEqual({
      value: `getPTR failed: 400 bad ${R}`,
      writable: true,
      configurable: true,
      enumerable: false,
    });
  });

  test("redactError leaves alone what it does not rewrite: another object, a fixed property, a request's other values", () => {
    const error = new EdisApiError({
      operationId: "getPTR",
      status: 400,
      serverMessage: "bad",
      request: { method: "POST", url: "https://x/", body: `pw=${SECRET}` },
    });
    const details = ["a", "b"];
    Object.defineProperty(error, "details", { value: details, enumerable: true });
    Object.defineProperty(error, "fixed", { value: "kept", writable: false, configurable: false });
    Object.assign(error.request as object, { attempt: 2, note: undefined });
    expect(() => redactError(error, [SECRET])).not.toThrow();
    expect((error as unknown as { details: unknown }).details).toBe(details);
    expect(error.request).toEqual({ method: "POST", url: "https://x/", body: `pw=${R}`, attempt: 2, note: undefined });
  });
});
