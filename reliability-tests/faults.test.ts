/**
 * What a user gets when the server or the network misbehaves: every fault of the fault server,
 * against a retry-safe read (`ptr.get`) and a state-changing operation (`vnc.enable`). Each
 * scenario asserts the error class, status, message and cause the user sees, and counts the
 * requests on the server side: reads are retried up to `retries` times, state-changing
 * operations are sent exactly once (except after a 401, which means the call was not executed:
 * the client renews the session and sends it once more, by design). The leak guard fails any
 * scenario that leaves a timer, socket or unhandled rejection behind.
 */
import { describe, expect, test } from "vitest";
import type { CallOptions, EdisClient, EdisClientOptions } from "../src/index.js";
import { EdisAbortError, EdisApiError, EdisNetworkError, EdisRedirectError, EdisTimeoutError } from "../src/index.js";
import {
  AUTH_PATH,
  type Arrival,
  type Fault,
  KVM,
  SIGNATURE_PREFIX,
  type ContentCoding,
  closeMidBody,
  compressionBomb,
  json,
  noAnswer,
  oversizedBody,
  raw,
  redirect,
  resetBeforeHeaders,
  resetMidBody,
  stalledBody,
  withFaultServer,
} from "../test-support/fault-server.js";
import { useLeakGuard } from "../test-support/leak-guard.js";
import { countFigure } from "../test-support/reliability-figures.js";
import { TEST_TRANSPORT } from "../test-support/transport.js";

useLeakGuard();

const RETRIES = 2;
const TIMEOUT_MS = 150;
/** The response size limit the client promises by default (32 MiB). */
const MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

interface Operation {
  readonly kind: "read" | "write";
  readonly operationId: string;
  readonly path: string;
  call(edis: EdisClient, options?: CallOptions): Promise<unknown>;
  /** A 200 body of this operation and what the user gets for it. */
  readonly ok: { body: unknown; result: unknown };
}

const records = [{ ip: "192.0.2.1", ptr_record: "host.example.com" }];
const vncOn = { status: "success", vnc_status: "enabled", novnc_port: 6080, vnc_port: 5901, vnc_host: "vnc1.edisglobal.com" };

const read: Operation = {
  kind: "read",
  operationId: "getPTR",
  path: "/get/ptr",
  call: (edis, options) => edis.ptr.get({ kvmId: KVM, ips: ["192.0.2.1"] }, options),
  ok: { body: { status: "success", records }, result: records },
};
const write: Operation = {
  kind: "write",
  operationId: "enableVnc",
  path: "/kvm/v2/set/vnc/enable",
  call: (edis, options) => edis.vnc.enable({ kvmId: KVM, password: "Vnc4Test" }, options),
  ok: { body: vncOn, result: vncOn },
};

/** What the user must get: a result, or an error of a class with a message and a cause. */
type Outcome =
  | { result: true; attempts: number; auths?: number }
  | {
      error: abstract new (...args: never[]) => Error;
      status?: number;
      message: string;
      cause?: abstract new (...args: never[]) => unknown;
      attempts: number;
    };

interface FaultCase {
  readonly name: string;
  /** An answer built to hurt a client (a bomb, a redirect, a Retry-After storm, deep nesting): counted as a hostile answer too. */
  readonly hostile?: boolean;
  readonly faults: (op: Operation) => Fault[];
  readonly options?: CallOptions;
  /** Client options beyond `retries`. */
  readonly client?: Partial<EdisClientOptions>;
  readonly expect: (op: Operation) => Outcome;
  /** More checks on what arrived at the server. */
  readonly arrivals?: (op: Operation, arrived: Arrival[]) => void;
}

/** Attempts a fault that is worth retrying gets: all of them for a read, one for a write. */
const retried = (op: Operation): number => (op.kind === "read" ? RETRIES + 1 : 1);

/** No answer in time: the timeout error, its cause the TimeoutError the timer aborted with. */
const timeoutScenario = (name: string, fault: () => Fault): FaultCase => ({
  name,
  faults: () => [fault()],
  options: { timeoutMs: TIMEOUT_MS },
  expect: (op) => ({
    error: EdisTimeoutError,
    message: `${op.operationId} failed: no answer within ${TIMEOUT_MS} ms`,
    cause: DOMException,
    attempts: retried(op),
  }),
});

const busy = { status: "error", error: "Service temporarily unavailable" };
const page = (status: number): string => `<html><head><title>${status}</title></head><body><h1>${status} from the proxy</h1></body></html>`;
const BROKEN_JSON = '{"status":"success","records":[';

const serverErrors: FaultCase[] = [500, 502, 503].flatMap((status): FaultCase[] => [
  {
    name: `${status} with a JSON body`,
    faults: () => [json(status, busy)],
    expect: (op) => ({ error: EdisApiError, status, message: `${op.operationId} failed: ${status} ${busy.error}`, attempts: retried(op) }),
  },
  {
    name: `${status} with an HTML body`,
    faults: () => [raw(status, page(status), "text/html; charset=utf-8")],
    expect: (op) => ({
      error: EdisApiError,
      status,
      message: `${op.operationId} failed: ${status} answer is not JSON (text/html; charset=utf-8, ${page(status).length} bytes)`,
      cause: SyntaxError,
      attempts: retried(op),
    }),
  },
]);

/** JSON nested 100,000 deep: it parses, but a recursive serializer runs out of stack on it. */
const DEEP = 100_000;
const deepErrors: FaultCase[] = [
  { status: 500, body: `${"[".repeat(DEEP)}${"]".repeat(DEEP)}`, shape: "arrays" },
  { status: 400, body: `${'{"error":'.repeat(DEEP)}"deep"${"}".repeat(DEEP)}`, shape: "objects" },
].map(({ status, body, shape }) => ({
  name: `${status} with JSON ${shape} nested ${DEEP} deep`,
  hostile: true,
  faults: () => [raw(status, body, "application/json")],
  expect: (op) => ({
    error: EdisApiError,
    status,
    message: `${op.operationId} failed: ${status} error without a message`,
    attempts: status >= 500 ? retried(op) : 1,
  }),
}));

/**
 * A Retry-After that asks for no wait, or cannot be read, leaves the backoff in force: with
 * retryDelayMs 120 the retries wait at least 60 ms and then 120 ms (lower bounds only).
 */
const RETRY_DELAY_MS = 120;
const retryAfterFloor: FaultCase[] = ["0", "-1", "1.5", "Sun, 06 Nov 1994 08:49:37 GMT"].map((header) => ({
  name: `503 with Retry-After: ${header} waits the backoff, not zero`,
  hostile: true,
  faults: () => [json(503, busy, { "retry-after": header })],
  client: { retryDelayMs: RETRY_DELAY_MS },
  expect: (op) => ({ error: EdisApiError, status: 503, message: `${op.operationId} failed: 503 ${busy.error}`, attempts: retried(op) }),
  arrivals: (op, arrived) => {
    if (op.kind !== "read") return;
    expect(arrived[1]!.at - arrived[0]!.at).toBeGreaterThanOrEqual(RETRY_DELAY_MS / 2 - 1);
    expect(arrived[2]!.at - arrived[1]!.at).toBeGreaterThanOrEqual(RETRY_DELAY_MS - 1);
  },
}));

const cases: FaultCase[] = [
  ...serverErrors,
  ...deepErrors,
  ...retryAfterFloor,
  {
    name: "429 with Retry-After: 1, then success",
    faults: (op) => [json(429, { status: "error", error: "Too many requests" }, { "retry-after": "1" }), json(200, op.ok.body)],
    expect: (op) =>
      op.kind === "read"
        ? { result: true, attempts: 2 }
        : { error: EdisApiError, status: 429, message: `${op.operationId} failed: 429 Too many requests`, attempts: 1 },
    arrivals: (op, arrived) => {
      // The retry waits the second the server asked for, not the 1 ms backoff (lower bound only).
      if (op.kind === "read") expect(arrived[1]!.at - arrived[0]!.at).toBeGreaterThanOrEqual(950);
    },
  },
  {
    name: "429 with a Retry-After beyond maxRetryDelayMs",
    faults: () => [json(429, { status: "error", error: "Too many requests" }, { "retry-after": "3600" })],
    expect: (op) => ({ error: EdisApiError, status: 429, message: `${op.operationId} failed: 429 Too many requests`, attempts: 1 }),
  },
  {
    name: "connection reset before the headers",
    faults: () => [resetBeforeHeaders()],
    expect: (op) => ({ error: EdisNetworkError, message: `${op.operationId} failed: network error (ECONNRESET)`, cause: TypeError, attempts: retried(op) }),
  },
  {
    name: "connection reset in the middle of the body",
    faults: () => [resetMidBody()],
    expect: (op) => ({ error: EdisNetworkError, message: `${op.operationId} failed: network error (ECONNRESET)`, cause: TypeError, attempts: retried(op) }),
  },
  {
    name: "connection closed in the middle of the body",
    faults: () => [closeMidBody()],
    expect: (op) => ({ error: EdisNetworkError, message: `${op.operationId} failed: network error (UND_ERR_SOCKET)`, cause: TypeError, attempts: retried(op) }),
  },
  timeoutScenario("headers that never come", noAnswer),
  timeoutScenario("a body that stalls", stalledBody),
  {
    name: "200 with malformed JSON",
    faults: () => [raw(200, BROKEN_JSON, "application/json")],
    expect: (op) => ({
      error: EdisApiError,
      status: 200,
      message: `${op.operationId} failed: 200 answer is not JSON (application/json, ${BROKEN_JSON.length} bytes)`,
      cause: SyntaxError,
      attempts: 1,
    }),
  },
  {
    name: '200 with status: "error"',
    faults: () => [json(200, { status: "error", message: "Invalid input: 'kvm_id' is not yours." })],
    expect: (op) => ({ error: EdisApiError, status: 200, message: `${op.operationId} failed: 200 Invalid input: 'kvm_id' is not yours.`, attempts: 1 }),
  },
  {
    name: "401 once, then success",
    faults: (op) => [json(401, { status: "error", error: "Session signature has expired." }), json(200, op.ok.body)],
    expect: () => ({ result: true, attempts: 2, auths: 2 }),
    arrivals: (_op, arrived) => {
      // The second try carries the renewed session, not the refused one.
      expect(arrived.map((a) => a.form.get("signature"))).toEqual([`${SIGNATURE_PREFIX}1`, `${SIGNATURE_PREFIX}2`]);
    },
  },
  {
    name: "a body far larger than any real one",
    faults: () => [oversizedBody(MAX_RESPONSE_BYTES + 1024 * 1024)],
    expect: (op) => ({
      error: EdisApiError,
      status: 200,
      message: `${op.operationId} failed: 200 answer is larger than ${MAX_RESPONSE_BYTES} bytes`,
      cause: Error,
      attempts: 1,
    }),
  },
];

async function outcomeOf(promise: Promise<unknown>): Promise<{ value?: unknown; error?: unknown }> {
  try {
    return { value: await promise };
  } catch (error) {
    return { error };
  }
}

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

/** The global fetch, counting the bytes the client pulls from each answer's (decoded) body. */
function pullCountingFetch(): { fetch: typeof fetch; pulled: { path: string; bytes: number }[] } {
  const pulled: { path: string; bytes: number }[] = [];
  const counting = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const response = await fetch(input, init);
    if (!response.body) return response;
    const count = { path: new URL(input instanceof Request ? input.url : input).pathname, bytes: 0 };
    pulled.push(count);
    const reader = response.body.getReader();
    const body = new ReadableStream<Uint8Array>(
      {
        async pull(controller) {
          const { done, value } = await reader.read();
          if (done) return controller.close();
          count.bytes += value.byteLength;
          controller.enqueue(value);
        },
        cancel: (reason) => reader.cancel(reason),
      },
      // Nothing is read ahead: the count is what the client asked for.
      { highWaterMark: 0 },
    );
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
  return { fetch: counting as typeof fetch, pulled };
}

/** A small cap and a bomb far past it, so the scenario is quick. */
const CAP = 256 * 1024;
const INFLATED = 32 * 1024 * 1024;

describe.each([read, write])("$operationId ($kind): a compressed answer that inflates past maxResponseBytes", (op) => {
  test.for(["gzip", "deflate", "br"] as ContentCoding[])(
    "%s: fails with EdisApiError after reading about the cap, and is sent once",
    async (coding, context) => {
      const bomb = compressionBomb(coding, INFLATED);
      // The stated Content-Length is far below the cap: only counting decoded bytes catches it.
      expect(bomb.encodedBytes).toBeLessThan(CAP / 4);
      await withFaultServer(async (server) => {
        server.script(op.path, bomb.fault);
        // Over fetch, the bytes pulled out of fetch's decoder are counted; node:http decodes in
        // the client, where tests/node-transport.test.ts counts what it inflated.
        const counting = TEST_TRANSPORT === "fetch" ? pullCountingFetch() : undefined;
        const edis = server.client({ retries: RETRIES, maxResponseBytes: CAP, ...(counting ? { fetch: counting.fetch } : {}) });
        const { error } = await outcomeOf(op.call(edis));
        expect(error).toBeInstanceOf(EdisApiError);
        expect((error as EdisApiError).message).toBe(`${op.operationId} failed: 200 answer is larger than ${CAP} bytes`);
        expect((error as EdisApiError).status).toBe(200);
        expect(server.to(op.path)).toHaveLength(1);
        if (counting) {
          const pulled = counting.pulled.filter((p) => p.path === op.path);
          expect(pulled).toHaveLength(1);
          // It stopped within a chunk or two of the cap, not at the 32 MiB the bomb inflates to.
          expect(pulled[0]!.bytes).toBeGreaterThan(CAP);
          expect(pulled[0]!.bytes).toBeLessThan(CAP + 256 * 1024);
        }
        await server.settled();
      });
      countFigure(context, "faultScenarios");
      countFigure(context, "hostileAnswers");
    },
  );
});

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
