/**
 * The scrubber, as a table: every secret the spec marks × every way a PHP server echoes a
 * value × every error body shape of the spec (and the other places an answer's text reaches an
 * error: a key of auth's session map, the message of a caller's `fetch` failure) × every view of
 * the error (message, String(), util.inspect to depth 10, JSON.stringify, serverCode, the whole
 * cause chain, and the client's debug log). The CLI's views are secret-echoes-cli.test.ts.
 *
 * The search is independent of the scrubber: a view fails when it holds the alphanumeric token
 * of the secret in any encoding of the table (test-support/echo-table.ts).
 */
import { describe, expect, test } from "vitest";
import { EdisApiError, type EdisClient, EdisNetworkError, EdisOutcomeUnknownError } from "../src/index.js";
import { ENCODINGS, SECRET_CASES, SHAPES, echoing, encodingNames, errorViews, failure, leaks, shapeNames } from "../test-support/echo-table.js";
import { AUTH_PATH, type FaultServer, KVM, withFaultServer } from "../test-support/fault-server.js";
import { useLeakGuard } from "../test-support/leak-guard.js";
import { countFigure } from "../test-support/reliability-figures.js";
import { SECRETS } from "../test-support/secret-audit.js";

useLeakGuard();

/** A client of `server` at log level debug: what it logs is one more view searched for the secret. */
function clientOf(server: FaultServer, fetchImpl?: typeof fetch): { edis: EdisClient; log: string[] } {
  const hosts = { session: server.url, rdns: server.url, api: server.url, order: server.url };
  const log: string[] = [];
  const keep = (message: string): void => void log.push(message);
  const logger = { error: keep, warn: keep, info: keep, debug: keep };
  const edis = server.client({ password: SECRETS.accountPassword, retries: 0, hosts, logLevel: "debug", logger, ...(fetchImpl ? { fetch: fetchImpl } : {}) });
  return { edis, log };
}

/** The debug log as a view: it holds a line per attempt out and back, or it was not written. */
function logView(log: readonly string[]): { name: string; text: string } {
  expect(log.length).toBeGreaterThanOrEqual(2);
  return { name: "debug log", text: log.join("\n") };
}

describe("library: an echo in an error body", () => {
  const rows = SECRET_CASES.flatMap((secret) => encodingNames.flatMap((encoding) => shapeNames.map((shape) => ({ secret, encoding, shape }))));
  test.for(rows)("$secret.name, $encoding, $shape", async ({ secret, encoding, shape }, context) => {
    await withFaultServer(async (server) => {
      server.script(secret.path, echoing(secret.wire, ENCODINGS[encoding]!, SHAPES[shape]!));
      const { edis, log } = clientOf(server);
      const error = await failure(() => secret.call(edis));
      expect(error).toBeInstanceOf(EdisApiError);
      // The server did have the secret to echo, and the message did keep the rest of the echo.
      expect(server.to(secret.path).some((a) => (a.form.get(secret.wire) ?? "").includes(secret.token))).toBe(true);
      expect((error as EdisApiError).message).toContain("(end)");
      const views = [...errorViews(error), logView(log)];
      countFigure(context, "secretViews", views.length);
      countFigure(context, "encodingsTried");
      const found = leaks(views, secret.token);
      countFigure(context, "secretsFound", found.length);
      expect(found).toEqual([]);
      await server.settled();
    });
  });
});

describe("library: an echo in a key of auth's session map", () => {
  test.for(encodingNames)("account password, %s", async (encoding, context) => {
    await withFaultServer(async (server) => {
      server.script(AUTH_PATH, (res, _req, arrival) => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ status: "success", data: { [`x${ENCODINGS[encoding]!(arrival.form.get("pw") ?? "")}x`]: "not an object" } }));
      });
      const { edis, log } = clientOf(server);
      const error = await failure(() => edis.power.state({ kvmId: KVM }));
      expect(error).toBeInstanceOf(EdisApiError);
      expect((error as Error).message).toMatch(/^createAuthSession failed: 200 answer is not a valid session map: x.*x is not an object$/u);
      const views = [...errorViews(error), logView(log)];
      countFigure(context, "secretViews", views.length);
      countFigure(context, "encodingsTried");
      const found = leaks(views, "Acct7Tok");
      countFigure(context, "secretsFound", found.length);
      expect(found).toEqual([]);
    });
  });
});

describe("library: a caller's fetch that fails with the request body in its message", () => {
  const rows = SECRET_CASES.flatMap((secret) => encodingNames.map((encoding) => ({ secret, encoding })));
  test.for(rows)("$secret.name, $encoding", async ({ secret, encoding }, context) => {
    await withFaultServer(async (server) => {
      const failing: typeof fetch = async (input, init) => {
        const url = new URL(String(input));
        if (url.pathname !== secret.path) return fetch(input, init);
        const body = String(init?.body ?? "");
        const value = new URLSearchParams(body).get(secret.wire) ?? "";
        const inner = Object.assign(new Error(`socket said ${ENCODINGS[encoding]!(value)}`), { code: "ECONNRESET" });
        throw new TypeError(`fetch failed while sending ${body}`, { cause: inner });
      };
      const { edis, log } = clientOf(server, failing);
      const error = await failure(() => secret.call(edis));
      // An order cut short after it went out has an unknown outcome: the network error is its cause.
      const network = error instanceof EdisOutcomeUnknownError ? error.cause : error;
      expect(network).toBeInstanceOf(EdisNetworkError);
      // What identifies the failure survives the scrubbing.
      expect((network as Error).message).toMatch(/failed: network error \(ECONNRESET\)$/u);
      expect(((network as Error).cause as Error).cause).toMatchObject({ code: "ECONNRESET" });
      const views = [...errorViews(error), logView(log)];
      countFigure(context, "secretViews", views.length);
      countFigure(context, "encodingsTried");
      const found = leaks(views, secret.token);
      countFigure(context, "secretsFound", found.length);
      expect(found).toEqual([]);
    });
  });
});
