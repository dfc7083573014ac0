/** Which failure ends `edis` with which exit code: the documented 0, 1, 2, 3 and 130. */
import { CommanderError } from "commander";
import { describe, expect, it } from "vitest";
import { EdisAbortError, EdisApiError, EdisError, EdisNetworkError, EdisOutcomeUnknownError, EdisTimeoutError, EdisValidationError } from "../../src/index.js";
import { UnsafeCacheDir } from "../../src/cli/stores/cache-dir-safety.js";
import { Interrupted, UsageError } from "../../src/cli/errors.js";
import { EXIT, exitCodeOf } from "../../src/cli/exit-codes.js";

describe("exit codes", () => {
  it("are the documented numbers", () => {
    expect(EXIT).toEqual({ ok: 0, failed: 1, usage: 2, outcomeUnknown: 3, interrupted: 130 });
  });

  it.each([
    ["a usage error", new UsageError("give at least one address"), 2],
    ["an unsafe cache directory (a usage error)", new UnsafeCacheDir("the session cache directory /x is a symbolic link"), 2],
    ["a commander error (unknown option)", new CommanderError(1, "commander.unknownOption", "unknown option '--pw'"), 2],
    ["a validation error of the library", new EdisValidationError({ operationId: "getPTR", field: "ips[0]", reason: "must be an IPv4 or IPv6 address" }), 2],
    ["Ctrl-C at a prompt", new Interrupted(), 130],
    ["Ctrl-C during a call", new EdisAbortError({ operationId: "getPTR", cause: new Error("interrupted") }), 130],
    ["an API error", new EdisApiError({ operationId: "getPTR", status: 400, serverMessage: "bad" }), 1],
    ["a network error", new EdisNetworkError({ operationId: "getPTR", cause: new Error("ECONNREFUSED") }), 1],
    ["any other error of the library", new EdisError("the account has no VPS"), 1],
    [
      "an order whose outcome is unknown",
      new EdisOutcomeUnknownError({ operationId: "addOrder", cause: new EdisTimeoutError({ operationId: "addOrder", timeoutMs: 30_000 }) }),
      3,
    ],
    ["a bug (a plain Error)", new TypeError("x is undefined"), 1],
    ["a thrown non-error", "oops", 1],
  ])("%s: %i", (_, error, code) => {
    expect(exitCodeOf(error)).toBe(code);
  });
});
