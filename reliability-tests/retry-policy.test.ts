/**
 * The retry policy as the server sees it: the backoff between the attempts of a read, an auth
 * retried ahead of a write that is still sent once, `retries: 0` on a call, and an abort
 * during the backoff that ends the read with no further attempt.
 */
import { describe, expect, test } from "vitest";
import { EdisAbortError, EdisApiError } from "../src/index.js";
import { json } from "../test-support/fault-answers.js";
import { AUTH_PATH, KVM, withFaultServer } from "../test-support/fault-server.js";
import { useLeakGuard } from "../test-support/leak-guard.js";
import { countFigure } from "../test-support/reliability-figures.js";
import { busy, outcomeOf, read, write } from "./support/fault-operations.js";

useLeakGuard();

describe("retry policy, measured on the server", () => {
  test("backoff grows between the attempts of a read (lower bounds only)", async (context) => {
    await withFaultServer(async (server) => {
      server.script(read.path, json(503, busy));
      const error = (await outcomeOf(read.call(server.client({ retries: 2, retryDelayMs: 40 })))).error;
      expect(error).toBeInstanceOf(EdisApiError);
      const at = server.to(read.path).map((a) => a.at);
      expect(at).toHaveLength(3);
      // Retry n waits between half and all of retryDelayMs * 2^(n-1): at least 20 ms, then 40 ms.
      expect(at[1]! - at[0]!).toBeGreaterThanOrEqual(19);
      expect(at[2]! - at[1]!).toBeGreaterThanOrEqual(39);
      await server.settled();
    });
    countFigure(context, "faultScenarios");
  });

  test("a failing auth is retried even for a write, and the write is still sent once", async (context) => {
    await withFaultServer(async (server) => {
      server.script(AUTH_PATH, json(503, busy));
      server.script(write.path, json(200, write.ok.body));
      const error = (await outcomeOf(write.call(server.client({ retries: 2 })))).error;
      expect(error).toBeInstanceOf(EdisApiError);
      expect((error as EdisApiError).message).toBe(`createAuthSession failed: 503 ${busy.error}`);
      expect(server.to(AUTH_PATH)).toHaveLength(3);
      expect(server.to(write.path)).toHaveLength(0);
      await server.settled();
    });
    countFigure(context, "faultScenarios");
  });

  test("retries: 0 on the call sends a read once", async (context) => {
    await withFaultServer(async (server) => {
      server.script(read.path, json(502, busy));
      const error = (await outcomeOf(read.call(server.client({ retries: 2 }), { retries: 0 }))).error;
      expect(error).toBeInstanceOf(EdisApiError);
      expect(server.to(read.path)).toHaveLength(1);
      await server.settled();
    });
    countFigure(context, "faultScenarios");
  });

  test("an abort during the backoff ends the read at once, with no further attempt", async (context) => {
    await withFaultServer(async (server) => {
      server.script(read.path, json(503, busy));
      const edis = server.client({ retries: 2, retryDelayMs: 60_000, maxRetryDelayMs: 60_000 });
      await edis.auth.createSession({ kvmId: KVM });
      const controller = new AbortController();
      const pending = outcomeOf(read.call(edis, { signal: controller.signal }));
      while (server.to(read.path).length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      controller.abort(new Error("user gave up"));
      const { error } = await pending;
      expect(error).toBeInstanceOf(EdisAbortError);
      expect((error as EdisAbortError).message).toBe("getPTR was aborted");
      expect((error as EdisAbortError).cause).toEqual(new Error("user gave up"));
      expect(server.to(read.path)).toHaveLength(1);
      await server.settled();
    });
    countFigure(context, "faultScenarios");
  });
});
