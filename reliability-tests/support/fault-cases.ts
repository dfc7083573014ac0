/**
 * The table of fault scenarios faults.test.ts runs against the read and the write: each one
 * scripts the fault server's answers and says what the user must get (a result, or the error
 * class, status, message and cause) and how many requests must arrive.
 */
import { expect } from "vitest";
import type { CallOptions, EdisClientOptions } from "../../src/index.js";
import { EdisApiError, EdisNetworkError, EdisTimeoutError } from "../../src/index.js";
import {
  type Arrival,
  type Fault,
  closeMidBody,
  json,
  noAnswer,
  oversizedBody,
  raw,
  resetBeforeHeaders,
  resetMidBody,
  stalledBody,
} from "../../test-support/fault-answers.js";
import { SIGNATURE_PREFIX } from "../../test-support/fault-server.js";
import { type Operation, RETRIES, busy } from "./fault-operations.js";

const TIMEOUT_MS = 150;
/** The response size limit the client promises by default (32 MiB). */
const MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

/** What the user must get: a result, or an error of a class with a message and a cause. */
export type Outcome =
  | { result: true; attempts: number; auths?: number }
  | {
      error: abstract new (...args: never[]) => Error;
      status?: number;
      message: string;
      cause?: abstract new (...args: never[]) => unknown;
      attempts: number;
    };

export interface FaultCase {
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

export const cases: FaultCase[] = [
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
