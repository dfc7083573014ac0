/**
 * The request path, top-down: every operation of every client takes it. A call is
 *
 *   call            look the operation up, resolve the options,
 *   validate        check the params (validate.ts), split a bulk run (bulk.ts),
 *   withSession     fill in the session's or the account's fields, pick the host; renew a
 *                   refused session once (session-auth.ts, session-store.ts),
 *   sendRequest     encode the body (form-encoding.ts), log each attempt (exchange-log.ts),
 *                   retry what may be retried (retry.ts), read the answer (responses.ts),
 *   sendOnce        wait for a place under the limit (limiter.ts), send with a timeout and the
 *                   caller's signal (attempt.ts) over the transport (transport.ts).
 *
 * Each stage is a function of this file; what a stage does in detail lives in the module it
 * names. What differs between operations is data from the generated table.
 */
import { operationTable } from "../../generated/table.js";
import { sendTimed, waitAndRun } from "./attempt.js";
import { AUTH_OPERATION, sessionsFrom } from "./auth-answer.js";
import { checkBulkCap, isBulkRun, runBulk } from "./bulk.js";
import { EdisApiError, EdisValidationError } from "../errors.js";
import { type ExchangeLog, createExchangeLog } from "./exchange-log.js";
import { encodeBody } from "./form-encoding.js";
import { apiHostMatters, baseUrlFor, checkSessionHost } from "../safety/hosts.js";
import { Limiter } from "./limiter.js";
import type { OperationSpec } from "../operation-spec.js";
import { type CallOptions, type EdisHosts, type ResolvedCallOptions, type ResolvedOptions, resolveCallOptions } from "../options.js";
import { outcomeOf } from "./outcome.js";
import { redactError, redactForm, secretsOf, userinfoOf } from "../safety/redact.js";
import { readAnswer } from "./responses.js";
import { type RetryPolicy, sendWithRetries } from "./retry.js";
import type { Session } from "../session.js";
import { Credentials, fill } from "./session-auth.js";
import { SessionStore } from "./session-store.js";
import { type Send, type WireRequest, type WireResponse, createTransport } from "./transport.js";
import { validateParams } from "./validate.js";

export interface Core {
  call(operationId: string, params: unknown, options?: CallOptions): Promise<unknown>;
  createSessions(params?: { kvmId?: string }, options?: CallOptions): Promise<Session[]>;
}

/** What every stage of one client shares: made once, by {@link createCore}. */
interface Path {
  readonly options: ResolvedOptions;
  readonly credentials: Credentials;
  readonly store: SessionStore;
  readonly hosts: Readonly<EdisHosts>;
  readonly log: ExchangeLog | undefined;
  readonly retryPolicy: RetryPolicy;
  readonly limiter: Limiter;
  readonly transport: Send;
  /** Throws for a session whose api_host the client must not use. */
  readonly checkHost: (session: Session) => void;
}

export function createCore(options: ResolvedOptions): Core {
  const credentials = new Credentials(options.email, options.password);
  // A session's api_host is checked once, when the session is made (from an auth answer or
  // from the session cache), for every use: it names the management host and travels to the
  // reverse-DNS host. Unless the caller overrode both, a foreign one is refused.
  const checkHost = apiHostMatters(options.hosts) ? (session: Session) => checkSessionHost(session, AUTH_OPERATION) : () => undefined;
  const path: Path = {
    options,
    credentials,
    // The store asks `authenticate` for a session it does not hold.
    store: new SessionStore((kvmId) => authenticateOne(path, kvmId), Date.now, options.sessionCache, checkHost),
    hosts: options.hosts,
    log: createExchangeLog(options.log.debug, options.log.info),
    retryPolicy: { retryDelayMs: options.retryDelayMs, maxRetryDelayMs: options.maxRetryDelayMs },
    limiter: new Limiter(options.maxConcurrentRequests),
    transport: createTransport(options.fetch, options.maxResponseBytes, options.maxConcurrentRequests, options.userAgent),
    checkHost,
  };
  return {
    call: (operationId, params, perCall = {}) => call(path, operationId, params, perCall),
    createSessions: (params = {}, perCall = {}) => authenticate(path, params, resolveCallOptions(options, perCall)),
  };
}

const tables: Readonly<Record<string, OperationSpec>> = operationTable;

/** The operation named `operationId`, or an EdisValidationError saying the spec has none. */
function operation(operationId: string): OperationSpec {
  const op = Object.hasOwn(tables, operationId) ? tables[operationId] : undefined;
  if (!op) throw new EdisValidationError({ field: "operationId", reason: `${JSON.stringify(operationId)} is not an operation of the spec` });
  return op;
}

/** call: one operation with the caller's params, as one request or as a bulk run of several. */
async function call(path: Path, operationId: string, params: unknown, perCall: CallOptions): Promise<unknown> {
  const op = operation(operationId);
  const options = resolveCallOptions(path.options, perCall);
  checkBulkCap(op, params);
  const values = validateParams(op, params);
  if (isBulkRun(op, values)) return runBulk(op, values, options, (chunk) => withSession(path, op, chunk, options));
  return withSession(path, op, values, options);
}

/**
 * session: `values` with the fields the operation takes from the session (or the account),
 * sent to the host the session names. A session the API refuses (401: expired early, or
 * revoked) is renewed once and the request sent once more. The password is asked for at most once.
 */
async function withSession(path: Path, op: OperationSpec, values: Record<string, unknown>, options: ResolvedCallOptions): Promise<unknown> {
  const { credentials, store, hosts } = path;
  if (op.auth === "credentials") {
    await credentials.resolvePassword();
    return sendRequest(path, op, fill(op, values, credentials), baseUrlFor(op, hosts), options);
  }
  const kvmId = values.kvm_id as string;
  const session = await store.get(kvmId);
  // A copy per try, by Object.assign: V8 adds properties to an object spread's copy through a
  // slow path (about 5 µs for these three fields; BENCHMARKS.md, issue 25's profile).
  try {
    return await sendRequest(path, op, fill(op, Object.assign({}, values), credentials, session), baseUrlFor(op, hosts, session), options);
  } catch (error) {
    if (!(error instanceof EdisApiError) || error.status !== 401) throw error;
    await store.invalidate(session);
    const renewed = await store.get(kvmId);
    return sendRequest(path, op, fill(op, Object.assign({}, values), credentials, renewed), baseUrlFor(op, hosts, renewed), options);
  }
}

/**
 * One request of `op` whose values are complete: encode, log, retry (when the operation is
 * retry-safe), read. Whatever it throws leaves scrubbed of the request's secrets (message,
 * stack, server code, causes), whichever stage built the error.
 */
async function sendRequest(path: Path, op: OperationSpec, values: Record<string, unknown>, baseUrl: string, options: ResolvedCallOptions): Promise<unknown> {
  // As openapi-fetch joined them: a base URL's trailing slash is not doubled.
  const url = (baseUrl.endsWith("/") ? baseUrl.slice(0, -1) : baseUrl) + op.path;
  // The userinfo of a base URL (a host override with credentials in it) is a secret too.
  const secrets = (): string[] => [...secretsOf(op, values), ...userinfoOf(baseUrl), ...path.credentials.secrets()];
  try {
    const body = encodeBody(op, values);
    const retries = op.retrySafe ? options.retries : 0;
    const once = (): Promise<WireResponse> => sendOnce(path, op.operationId, { url, contentType: body.contentType, body: body.body }, options);
    const logged = path.log ? path.log.around(op, values, url, retries + 1, secrets, once) : once;
    const response = await sendWithRetries(op.operationId, retries, path.retryPolicy, options.signal, logged);
    return readAnswer(op, response, { secrets, request: () => ({ method: op.method, url, body: redactForm(op, values) }) });
  } catch (error) {
    throw redactError(outcomeOf(op, error), secrets());
  }
}

/** limit → send: one attempt, once the client's limit of requests in flight lets it through. */
function sendOnce(path: Path, operationId: string, request: Omit<WireRequest, "signal">, options: ResolvedCallOptions): Promise<WireResponse> {
  return waitAndRun(path.limiter, operationId, options.signal, () => sendTimed(path.transport, operationId, request, options.timeoutMs, options.signal));
}

/**
 * authenticate: the account's sessions (for `params.kvmId` only, when given), each checked and
 * put in the store. It takes the same stages as a call of the auth operation, from validate on.
 */
async function authenticate(path: Path, params: { kvmId?: string }, options: ResolvedCallOptions): Promise<Session[]> {
  const op = operation(AUTH_OPERATION);
  const body = (await withSession(path, op, validateParams(op, params), options)) as { data?: unknown };
  let sessions: Session[];
  try {
    sessions = sessionsFrom(body.data);
    sessions.forEach(path.checkHost);
  } catch (error) {
    // The messages quote the answer (a key of its map, a host): scrubbed like any other.
    throw redactError(error, path.credentials.secrets());
  }
  await path.store.putAll(sessions);
  if (params.kvmId !== undefined && !sessions.some((s) => s.kvmId === params.kvmId)) {
    throw new EdisApiError({ operationId: AUTH_OPERATION, status: 200, serverMessage: `answer holds no session for ${params.kvmId}` });
  }
  return sessions;
}

/** The session for `kvmId`, made when the store holds none (authenticate fails when the answer holds none for it). */
async function authenticateOne(path: Path, kvmId: string): Promise<Session> {
  const sessions = await authenticate(path, { kvmId }, resolveCallOptions(path.options, {}));
  return sessions.find((s) => s.kvmId === kvmId)!;
}
