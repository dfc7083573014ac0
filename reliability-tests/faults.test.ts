/**
 * What a user gets when the server or the network misbehaves: every fault scenario of the
 * table (support/fault-cases.ts), against a retry-safe read (`ptr.get`) and a state-changing
 * operation (`vnc.enable`). Each scenario asserts the error class, status, message and cause
 * the user sees, and counts the requests on the server side: reads are retried up to
 * `retries` times, state-changing operations are sent exactly once (except after a 401, which
 * means the call was not executed: the client renews the session and sends it once more, by
 * design). The leak guard fails any scenario that leaves a timer, socket or unhandled
 * rejection behind. The retry policy, compression bombs and redirects have files of their own.
 */
import { describe, expect, test } from "vitest";
import { AUTH_PATH, withFaultServer } from "../test-support/fault-server.js";
import { useLeakGuard } from "../test-support/leak-guard.js";
import { countFigure } from "../test-support/reliability-figures.js";
import { cases } from "./support/fault-cases.js";
import { RETRIES, outcomeOf, read, write } from "./support/fault-operations.js";

useLeakGuard();

describe.each([read, write])("$operationId ($kind)", (op) => {
  test.for(cases)("$name", async (fault, context) => {
    await withFaultServer(async (server) => {
      server.script(op.path, ...fault.faults(op));
      const edis = server.client({ retries: RETRIES, ...fault.client });
      const got = await outcomeOf(op.call(edis, fault.options));
      const want = fault.expect(op);
      if ("result" in want) {
        expect(got.error).toBeUndefined();
        expect(got.value).toEqual(op.ok.result);
        if (want.auths !== undefined) expect(server.to(AUTH_PATH)).toHaveLength(want.auths);
      } else {
        expect(got.error).toBeInstanceOf(want.error);
        const error = got.error as Error & { status?: number };
        expect(error.message).toBe(want.message);
        if (want.status !== undefined) expect(error.status).toBe(want.status);
        if (want.cause) expect(error.cause).toBeInstanceOf(want.cause);
        else expect(error.cause).toBeUndefined();
      }
      const arrived = server.to(op.path);
      expect(arrived).toHaveLength(want.attempts);
      fault.arrivals?.(op, arrived);
      await server.settled();
    });
    countFigure(context, "faultScenarios");
    if (fault.hostile) countFigure(context, "hostileAnswers");
  });
});
