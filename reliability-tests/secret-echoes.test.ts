/**
 * The scrubber and the answer reader, as a table: every secret the spec marks × every way a PHP
 * server echoes a value × every error body shape of the spec (and the other places an answer's
 * text reaches an error: a key of auth's session map, the message of a caller's `fetch` failure)
 * × every view of the error (message, String(), util.inspect to depth 10, JSON.stringify,
 * serverCode, the whole cause chain, and the client's debug log).
 *
 * In this process: the client's whole call (validate, encode, log, read the answer, scrub) over
 * an in-memory fetch that echoes what it was sent, no socket. The transports do not change what
 * is scrubbed: secret-echoes-wire.test.ts holds one row per secret over a socket under each
 * transport, secret-echoes-cli.test.ts one per secret through the CLI.
 *
 * The search is independent of the scrubber: a view fails when it holds the alphanumeric token
 * of the secret in any encoding of the table (test-support/echo-table.ts).
 */
import { describe, expect, test } from "vitest";
import { EdisApiError, EdisNetworkError, EdisOutcomeUnknownError, createEdisClient } from "../src/index.js";
import {
  ENCODINGS,
  SECRET_CASES,
  SHAPES,
  echoBody,
  encodingNames,
  errorViews,
  failure,
  expectNoLeak,
  logView,
  shapeNames,
} from "../test-support/echo-table.js";
import { AUTH_PATH, EMAIL, KVM, SIGNATURE_PREFIX } from "../test-support/fault-server.js";
import { type StubAnswer, recordingFetch } from "../test-support/recording-fetch.js";
import { SECRETS } from "../test-support/secret-audit.js";

/** A session answer whose signature holds the session-signature case's token, as the fault server's do. */
function session(form: URLSearchParams): StubAnswer {
  const kvm = form.get("kvm_id") ?? KVM;
  return {
    status: 200,
    body: {
      status: "success",
      data: { [kvm]: { kvm_id: kvm, signature: `${SIGNATURE_PREFIX}1`, api_host: "123456.edisglobal.com", valid_until: 4102444800 } },
    },
  };
}

/** A client over `fetch` at log level debug: what it logs is one more view searched for the secret. */
function clientOver(fetchImpl: typeof fetch): { edis: ReturnType<typeof createEdisClient>; log: string[] } {
  const url = "http://127.0.0.1:9";
  const log: string[] = [];
  const keep = (message: string): void => void log.push(message);
  const edis = createEdisClient({
    email: EMAIL,
    password: SECRETS.accountPassword,
    retries: 0,
    hosts: { session: url, rdns: url, api: url, order: url },
    logLevel: "debug",
    logger: { error: keep, warn: keep, info: keep, debug: keep },
    fetch: fetchImpl,
  });
  return { edis, log };
}

describe("an echo in an error body is scrubbed from every view of the error", () => {
  const rows = SECRET_CASES.flatMap((secret) => encodingNames.flatMap((encoding) => shapeNames.map((shape) => ({ secret, encoding, shape }))));
  test.for(rows)("$secret.name, $encoding, $shape", async ({ secret, encoding, shape }, context) => {
    const stub = recordingFetch((path, form) => {
      if (path === secret.path) {
        const { status, body } = SHAPES[shape]!;
        return { status, body: body(echoBody(secret.wire, ENCODINGS[encoding]!, form)) };
      }
      return path === AUTH_PATH ? session(form) : undefined;
    });
    const { edis, log } = clientOver(stub.fetch);
    const error = await failure(() => secret.call(edis));
    expect(error).toBeInstanceOf(EdisApiError);
    // The stub did have the secret to echo, and the message did keep the rest of the echo.
    expect(stub.to(secret.path).some((r) => (new URLSearchParams(r.body).get(secret.wire) ?? "").includes(secret.token))).toBe(true);
    expect((error as EdisApiError).message).toContain("(end)");
    const views = [...errorViews(error), logView(log)];
    expectNoLeak(context, views, secret.token);
  });
});

describe("an echo in a key of auth's session map is scrubbed", () => {
  test.for(encodingNames)("account password, %s", async (encoding, context) => {
    const stub = recordingFetch((path, form) =>
      path === AUTH_PATH
        ? { status: 200, body: { status: "success", data: { [`x${ENCODINGS[encoding]!(form.get("pw") ?? "")}x`]: "not an object" } } }
        : undefined,
    );
    const { edis, log } = clientOver(stub.fetch);
    const error = await failure(() => edis.power.state({ kvmId: KVM }));
    expect(error).toBeInstanceOf(EdisApiError);
    expect((error as Error).message).toMatch(/^createAuthSession failed: 200 answer is not a valid session map: x.*x is not an object$/u);
    const views = [...errorViews(error), logView(log)];
    expectNoLeak(context, views, "Acct7Tok");
  });
});

describe("a caller's fetch that fails with the request body in its message is scrubbed", () => {
  const rows = SECRET_CASES.flatMap((secret) => encodingNames.map((encoding) => ({ secret, encoding })));
  test.for(rows)("$secret.name, $encoding", async ({ secret, encoding }, context) => {
    const sessions = recordingFetch((path, form) => (path === AUTH_PATH ? session(form) : undefined));
    const failing: typeof fetch = async (input, init) => {
      const url = new URL(String(input));
      if (url.pathname !== secret.path) return sessions.fetch(input, init);
      const body = String(init?.body ?? "");
      const value = new URLSearchParams(body).get(secret.wire) ?? "";
      const inner = Object.assign(new Error(`socket said ${ENCODINGS[encoding]!(value)}`), { code: "ECONNRESET" });
      throw new TypeError(`fetch failed while sending ${body}`, { cause: inner });
    };
    const { edis, log } = clientOver(failing);
    const error = await failure(() => secret.call(edis));
    // An order cut short after it went out has an unknown outcome: the network error is its cause.
    const network = error instanceof EdisOutcomeUnknownError ? error.cause : error;
    expect(network).toBeInstanceOf(EdisNetworkError);
    // What identifies the failure survives the scrubbing.
    expect((network as Error).message).toMatch(/failed: network error \(ECONNRESET\)$/u);
    expect(((network as Error).cause as Error).cause).toMatchObject({ code: "ECONNRESET" });
    const views = [...errorViews(error), logView(log)];
    expectNoLeak(context, views, secret.token);
  });
});
