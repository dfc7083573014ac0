/**
 * The echo table's property over a real socket: one row per secret (SOCKET_ROWS: each with
 * another encoding and body shape), answered by a loopback server, under the suite's transport
 * (this file runs in the reliability and reliability-fetch projects). The whole cross product
 * of secrets × encodings × body shapes runs in-process in secret-echoes.test.ts: the transport
 * hands the answer over as bytes and does not change what is scrubbed.
 */
import { describe, expect, test } from "vitest";
import { EdisApiError, type EdisClient } from "../src/index.js";
import { ENCODINGS, SHAPES, SOCKET_ROWS, echoing, errorViews, failure, expectNoLeak, logView } from "../test-support/echo-table.js";
import { AUTH_PATH, type FaultServer, KVM, withFaultServer } from "../test-support/fault-server.js";
import { useLeakGuard } from "../test-support/leak-guard.js";
import { SECRETS } from "../test-support/secret-audit.js";

useLeakGuard();

/** A client of `server` at log level debug: what it logs is one more view searched for the secret. */
function clientOf(server: FaultServer): { edis: EdisClient; log: string[] } {
  const hosts = { session: server.url, rdns: server.url, api: server.url, order: server.url };
  const log: string[] = [];
  const keep = (message: string): void => void log.push(message);
  const logger = { error: keep, warn: keep, info: keep, debug: keep };
  return { edis: server.client({ password: SECRETS.accountPassword, retries: 0, hosts, logLevel: "debug", logger }), log };
}

describe("an echo in an error body, over a socket, is scrubbed from every view of the error", () => {
  test.for(SOCKET_ROWS)("$secret.name, $encoding, $shape", async ({ secret, encoding, shape }, context) => {
    await withFaultServer(async (server) => {
      server.script(secret.path, echoing(secret.wire, ENCODINGS[encoding]!, SHAPES[shape]!));
      const { edis, log } = clientOf(server);
      const error = await failure(() => secret.call(edis));
      expect(error).toBeInstanceOf(EdisApiError);
      // The server did have the secret to echo, and the message did keep the rest of the echo.
      expect(server.to(secret.path).some((a) => (a.form.get(secret.wire) ?? "").includes(secret.token))).toBe(true);
      expect((error as EdisApiError).message).toContain("(end)");
      const views = [...errorViews(error), logView(log)];
      expectNoLeak(context, views, secret.token);
      await server.settled();
    });
  });

  test("an echo in a key of auth's session map, over a socket", async (context) => {
    await withFaultServer(async (server) => {
      server.script(AUTH_PATH, (res, _req, arrival) => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ status: "success", data: { [`x${ENCODINGS["percent-encoded twice"]!(arrival.form.get("pw") ?? "")}x`]: "not an object" } }));
      });
      const { edis, log } = clientOf(server);
      const error = await failure(() => edis.power.state({ kvmId: KVM }));
      expect((error as Error).message).toMatch(/^createAuthSession failed: 200 answer is not a valid session map: x.*x is not an object$/u);
      const views = [...errorViews(error), logView(log)];
      expectNoLeak(context, views, "Acct7Tok");
    });
  });
});
