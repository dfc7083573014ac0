/**
 * The one path every operation takes: look the operation up, resolve the call's options,
 * validate the params, and dispatch them as one request or as a bulk run. What each step does
 * lives in its own module: the bulk checks and runs (bulk.ts), the session and credentials
 * around each request (session-auth.ts), the request and its retries (request.ts, retry.ts),
 * one attempt (attempt.ts). What differs between operations is data from the generated table.
 */
import { operationTable } from "../generated/table.js";
import { createAttempt } from "./attempt.js";
import { AUTH_OPERATION, sessionsFrom } from "./auth-answer.js";
import { checkBulkCap, isBulkRun, runBulk } from "./bulk.js";
import { EdisApiError, EdisValidationError } from "./errors.js";
import { createExchangeLog } from "./exchange-log.js";
import { apiHostMatters, checkSessionHost } from "./hosts.js";
import { Limiter } from "./limiter.js";
import type { OperationSpec } from "./operation-spec.js";
import { type CallOptions, type ResolvedOptions, resolveCallOptions } from "./options.js";
import { redactError } from "./redact.js";
import { createSendRequest } from "./request.js";
import type { Session } from "./session.js";
import { Credentials, withSessionAuth } from "./session-auth.js";
import { SessionStore } from "./session-store.js";
import { createTransport } from "./transport.js";
import { validateParams } from "./validate.js";

export interface Core {
  call(operationId: string, params: unknown, options?: CallOptions): Promise<unknown>;
  createSessions(params?: { kvmId?: string }, options?: CallOptions): Promise<Session[]>;
}

const tables: Readonly<Record<string, OperationSpec>> = operationTable;

/** The operation named `operationId`, or an EdisValidationError saying the spec has none. */
function operation(operationId: string): OperationSpec {
  const op = Object.hasOwn(tables, operationId) ? tables[operationId] : undefined;
  if (!op) throw new EdisValidationError({ field: "operationId", reason: `${JSON.stringify(operationId)} is not an operation of the spec` });
  return op;
}

export function createCore(options: ResolvedOptions): Core {
  const attempt = createAttempt(
    createTransport(options.fetch, options.maxResponseBytes, options.maxConcurrentRequests, options.userAgent),
    new Limiter(options.maxConcurrentRequests),
  );
  const credentials = new Credentials(options.email, options.password);
  const exchangeLog = createExchangeLog(options.log.debug, options.log.info);
  const sendRequest = createSendRequest(attempt, options, () => credentials.secrets(), exchangeLog);
  // A session's api_host is checked once, when the session is made (from an auth answer or
  // from the session cache), for every use: it names the management host and travels to the
  // reverse-DNS host. Unless the caller overrode both, a foreign one is refused.
  const checkHost = apiHostMatters(options.hosts) ? (session: Session) => checkSessionHost(session, AUTH_OPERATION) : () => undefined;
  // createSessions({ kvmId }) fails when the answer holds no session for kvmId.
  const store = new SessionStore(async (kvmId) => (await createSessions({ kvmId })).find((s) => s.kvmId === kvmId)!, Date.now, options.sessionCache, checkHost);
  const send = withSessionAuth(sendRequest, { credentials, store, hosts: options.hosts });

  async function call(operationId: string, params: unknown, perCall: CallOptions = {}): Promise<unknown> {
    const op = operation(operationId);
    const callOptions = resolveCallOptions(options, perCall);
    checkBulkCap(op, params);
    const values = validateParams(op, params);
    if (isBulkRun(op, values)) return runBulk(op, values, callOptions, (chunk) => send(op, chunk, callOptions));
    return send(op, values, callOptions);
  }

  async function createSessions(params: { kvmId?: string } = {}, callOptions: CallOptions = {}): Promise<Session[]> {
    const body = (await call(AUTH_OPERATION, params, callOptions)) as { data?: unknown };
    let sessions: Session[];
    try {
      sessions = sessionsFrom(body.data);
      sessions.forEach(checkHost);
    } catch (error) {
      // The messages quote the answer (a key of its map, a host): scrubbed like any other.
      throw redactError(error, credentials.secrets());
    }
    await store.putAll(sessions);
    if (params.kvmId !== undefined && !sessions.some((s) => s.kvmId === params.kvmId)) {
      throw new EdisApiError({ operationId: AUTH_OPERATION, status: 200, serverMessage: `answer holds no session for ${params.kvmId}` });
    }
    return sessions;
  }

  return { call, createSessions };
}
