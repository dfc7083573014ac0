/** The is… type guards (src/type-guards.ts): one per exported error class, true for its class and its name from another copy of the package, false for a sibling. */
import { describe, expect, test } from "vitest";
import * as api from "../src/index.js";
import { EdisApiError, EdisError, EdisHostError, EdisTimeoutError, EdisValidationError, isEdisApiError, isEdisError, isEdisHostError } from "../src/index.js";

/** Every error class the package exports, by name. */
const classes = Object.entries(api).filter(
  (entry): entry is [string, typeof EdisError] => typeof entry[1] === "function" && (entry[1] === EdisError || entry[1].prototype instanceof EdisError),
);

/** An error as another copy of the package (or a structured clone) would hand it over: the name, no shared prototype. */
function foreign(name: string): Error {
  const error = new Error("from another copy");
  error.name = name;
  return error;
}

describe("type guards", () => {
  test("every error class has an is… guard, and it is exported", () => {
    expect(classes.map(([name]) => name).sort()).toEqual([
      "EdisAbortError",
      "EdisApiError",
      "EdisBulkError",
      "EdisError",
      "EdisHostError",
      "EdisNetworkError",
      "EdisOutcomeUnknownError",
      "EdisRedirectError",
      "EdisTimeoutError",
      "EdisValidationError",
      "EdisWaitTimeoutError",
    ]);
    for (const [name] of classes) expect(typeof (api as Record<string, unknown>)[`is${name}`], name).toBe("function");
  });

  test.for(classes.map(([name]) => name))("is%s: true for its class and for its name from another copy", (name) => {
    const guard = (api as unknown as Record<string, (value: unknown) => boolean>)[`is${name}`]!;
    expect(guard(foreign(name))).toBe(true);
    expect(guard(foreign(`${name}X`))).toBe(false);
    expect(guard({ name: 42 })).toBe(false);
    expect(guard(null)).toBe(false);
    expect(guard("EdisError")).toBe(false);
  });

  test("isEdisError is true for every class of the package, by instance and by name", () => {
    for (const [name] of classes) expect(isEdisError(foreign(name)), name).toBe(true);
    expect(isEdisError(new EdisValidationError({ field: "x", reason: "is bad" }))).toBe(true);
    expect(isEdisError(new TypeError("fetch failed"))).toBe(false);
    expect(isEdisError(foreign("Error"))).toBe(false);
  });

  test("a guard is false for a sibling class", () => {
    const timeout = new EdisTimeoutError({ operationId: "getPTR", timeoutMs: 5 });
    expect(isEdisApiError(timeout)).toBe(false);
    expect(isEdisHostError(foreign("EdisApiError"))).toBe(false);
    expect(isEdisHostError(new EdisHostError({ operationId: "createAuthSession", host: "evil.com" }))).toBe(true);
    expect(isEdisApiError(new EdisApiError({ operationId: "getPTR", status: 500, serverMessage: "x" }))).toBe(true);
  });
});
