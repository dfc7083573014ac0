/**
 * Redirects (301, 302, 303, 307, 308) to a second server: each is an EdisRedirectError naming
 * where it pointed, the call is sent once, and the target gets nothing.
 */
import { describe, expect, test } from "vitest";
import { EdisRedirectError } from "../src/index.js";
import { redirect } from "../test-support/fault-answers.js";
import { AUTH_PATH, withFaultServer } from "../test-support/fault-server.js";
import { useLeakGuard } from "../test-support/leak-guard.js";
import { countFigure } from "../test-support/reliability-figures.js";
import { RETRIES, outcomeOf, read, write } from "./support/fault-operations.js";

useLeakGuard();

describe.each([read, write])("$operationId ($kind): a redirect", (op) => {
  test.for([301, 302, 303, 307, 308])("%i is an EdisRedirectError naming where it pointed; sent once, the target gets nothing", async (status, context) => {
    await withFaultServer((target) =>
      withFaultServer(async (server) => {
        const location = `${target.url}${op.path}`;
        server.script(op.path, redirect(status, location));
        const { error } = await outcomeOf(op.call(server.client({ retries: RETRIES })));
        expect(error).toBeInstanceOf(EdisRedirectError);
        const redirected = error as EdisRedirectError;
        expect(redirected.message).toBe(`${op.operationId} failed: ${status} redirect to ${location}, not followed`);
        expect(redirected.status).toBe(status);
        expect(redirected.location).toBe(location);
        expect(redirected.cause).toBeUndefined();
        expect(server.to(op.path)).toHaveLength(1);
        expect(server.to(AUTH_PATH)).toHaveLength(1);
        expect(target.arrivals).toHaveLength(0);
        await server.settled();
      }),
    );
    countFigure(context, "faultScenarios");
    countFigure(context, "hostileAnswers");
  });
});
