/**
 * The one request path every operation takes: validate, fill in the session or the
 * credentials, encode, send with a timeout, retry when the spec says it is safe, re-authenticate
 * once on a 401, and read the answer. What differs between operations is data from the
 * generated table.
 */
import { namespaceTable, operationTable } from "../generated/table.js";
import type { OperationSpec } from "./operation-spec.js";

/** The operation that creates sessions (`x-edis-method: auth.createSession` in the spec). */
const AUTH_OPERATION = namespaceTable.auth.createSession;
import {
  EdisAbortError,
  EdisApiError,
  EdisError,
  EdisNetworkError,
  EdisTimeoutError,
  EdisValidationError,
} from "./errors.js";
import { BULK_REQUEST_LIMIT, type BulkOptions, bulkSize, runBulk } from "./bulk.js";
import { type EncodedBody, encodeBody } from "./form-encoding.js";
import { apiHostMatters, baseUrlFor, checkSessionHost } from "./hosts.js";
import { type ResolvedOptions, checkCallOptions } from "./options.js";
import { redactError, redactForm, secretsOf } from "./redact.js";
import { readAnswer } from "./responses.js";
import { backoffDelay, isRetryableStatus, retryDelay, sleep } from "./retry.js";
import { Session } from "./session.js";
import { SessionStore } from "./session-store.js";
import { Limiter } from "./limiter.js";
import { ResponseTooLarge, type Send, type WireResponse, createTransport } from "./transport.js";
import { validateParams } from "./validate.js";

/** Per-call options; they override the client's. */
export interface CallOptions extends BulkOptions {
  /** Cancels the call, its retries and waits included. */
  signal?: AbortSignal;
  /** Overrides the client's `timeoutMs` for this call. */
  timeoutMs?: number;
  /** Overrides the client's `retries` for this call (retry-safe operations only). */
  retries?: number;
}

export interface Core {
  call(operationId: string, params: unknown, options?: CallOptions): Promise<unknown>;
  createSessions(params?: { kvmId?: string }, options?: CallOptions): Promise<Session[]>;
}

export function createCore(options: ResolvedOptions): Core {
  const send: Send = createTransport(options.fetch, options.maxResponseBytes, options.maxConcurrentRequests);
  const limiter = new Limiter(options.maxConcurrentRequests);
  // A session's api_host is checked once, when the session is made (from an auth answer or
  // from the session cache), for every use: it names the management host and travels to the
  // reverse-DNS host. Unless the caller overrode both, a foreign one is refused.
  const checkHost = apiHostMatters(options.hosts) ? (session: Session) => checkSessionHost(session, AUTH_OPERATION) : () => undefined;
  // createSessions({ kvmId }) fails when the answer holds no session for kvmId.
  const store = new SessionStore(
    async (kvmId) => (await createSessions({ kvmId })).find((s) => s.kvmId === kvmId)!,
    Date.now,
    options.sessionCache,
    checkHost,
  );
  const tables: Readonly<Record<string, OperationSpec>> = operationTable;

  /** The password, asked of the caller's function at most once; kept to scrub it from errors. */
  let password: string | undefined;
  let passwordPending: Promise<string> | undefined;
  function resolvePassword(): Promise<string> {
    passwordPending ??= options.password().then(
      (value) => (password = value),
      (error: unknown) => {
        passwordPending = undefined;
        throw error;
      },
    );
    return passwordPending;
  }

  function fill(op: OperationSpec, values: Record<string, unknown>, session?: Session): Record<string, unknown> {
    for (const field of op.fields) {
      switch (field.from) {
        case undefined:
          break;
        case "session.signature":
          values[field.wire] = session?.signature;
          break;
        case "session.valid_until":
          values[field.wire] = session?.validUntilText;
          break;
        case "session.api_host":
          values[field.wire] = session?.apiHost;
          break;
        case "credentials.email":
          values[field.wire] = options.email;
          break;
        case "credentials.password":
          values[field.wire] = password;
          break;
      }
    }
    return values;
  }

  async function sendOnce(op: OperationSpec, baseUrl: string, encoded: EncodedBody, timeoutMs: number, signal?: AbortSignal): Promise<WireResponse> {
    if (signal?.aborted) throw new EdisAbortError({ operationId: op.operationId, cause: signal.reason });
    try {
      return await limiter.run(() => sendNow(op, baseUrl, encoded, timeoutMs, signal), signal);
    } catch (error) {
      if (error instanceof EdisError) throw error;
      throw new EdisAbortError({ operationId: op.operationId, cause: error });
    }
  }

  async function sendNow(op: OperationSpec, baseUrl: string, encoded: EncodedBody, timeoutMs: number, signal?: AbortSignal): Promise<WireResponse> {
    const controller = new AbortController();
    // The reason becomes the timeout error's cause, so it is an error, not a marker value; it
    // is made only when the timer fires (an error captures a stack trace, too dear per call).
    let timedOut: DOMException | undefined;
    const timer = setTimeout(() => {
      timedOut = new DOMException(`no answer within ${timeoutMs} ms`, "TimeoutError");
      controller.abort(timedOut);
    }, timeoutMs);
    const onAbort = (): void => controller.abort(signal?.reason);
    signal?.addEventListener("abort", onAbort, { once: true });
    try {
      return await send({ baseUrl, path: op.path, contentType: encoded.contentType, body: encoded.body, signal: controller.signal });
    } catch (error) {
      if (signal?.aborted) throw new EdisAbortError({ operationId: op.operationId, cause: signal.reason });
      const tooLarge = findTooLarge(error);
      if (tooLarge) {
        throw new EdisApiError({ operationId: op.operationId, status: tooLarge.status, serverMessage: tooLarge.message }, { cause: tooLarge });
      }
      if (timedOut !== undefined && controller.signal.reason === timedOut) throw new EdisTimeoutError({ operationId: op.operationId, timeoutMs, cause: timedOut });
      throw new EdisNetworkError({ operationId: op.operationId, cause: error });
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
    }
  }

  async function pause(op: OperationSpec, ms: number, signal?: AbortSignal): Promise<void> {
    try {
      await sleep(ms, signal);
    } catch (reason) {
      throw new EdisAbortError({ operationId: op.operationId, cause: reason });
    }
  }

  /** The secrets of a request: its secret fields and the account password, once known. */
  function secretsFor(op: OperationSpec, values: Readonly<Record<string, unknown>>): string[] {
    return password === undefined ? secretsOf(op, values) : [...secretsOf(op, values), password];
  }

  /**
   * One exchange; whatever it throws leaves scrubbed of the request's secrets (message, stack,
   * server code, causes), whichever path built the error.
   */
  async function exchange(op: OperationSpec, values: Record<string, unknown>, baseUrl: string, callOptions: CallOptions): Promise<unknown> {
    try {
      return await exchangeWithRetries(op, values, baseUrl, callOptions);
    } catch (error) {
      throw redactError(error, secretsFor(op, values));
    }
  }

  /** One exchange, retried when the operation is retry-safe. */
  async function exchangeWithRetries(op: OperationSpec, values: Record<string, unknown>, baseUrl: string, callOptions: CallOptions): Promise<unknown> {
    const body = encodeBody(op, values);
    const timeoutMs = callOptions.timeoutMs ?? options.timeoutMs;
    const retries = op.retrySafe ? (callOptions.retries ?? options.retries) : 0;
    for (let attempt = 0; ; attempt++) {
      let response: WireResponse;
      try {
        response = await sendOnce(op, baseUrl, body, timeoutMs, callOptions.signal);
      } catch (error) {
        // Only failures to get an answer are worth another try; an answer too large to read,
        // say, would be just as large again.
        const retryable = error instanceof EdisNetworkError || error instanceof EdisTimeoutError;
        if (!retryable || attempt >= retries) throw error;
        await pause(op, backoffDelay(attempt + 1, options.retryDelayMs, options.maxRetryDelayMs), callOptions.signal);
        continue;
      }
      if (attempt < retries && isRetryableStatus(response.status)) {
        const wait = retryDelay(attempt + 1, response.headers.get("retry-after"), options);
        if (wait <= options.maxRetryDelayMs) {
          await pause(op, wait, callOptions.signal);
          continue;
        }
      }
      return readAnswer(op, response, {
        secrets: () => secretsFor(op, values),
        request: () => ({ method: op.method, url: baseUrl + op.path, body: redactForm(op, values) }),
      });
    }
  }

  function operation(operationId: string): OperationSpec {
    const op = Object.hasOwn(tables, operationId) ? tables[operationId] : undefined;
    if (!op) throw new EdisValidationError({ field: "operationId", reason: `${JSON.stringify(operationId)} is not an operation of the spec` });
    return op;
  }

  async function call(operationId: string, params: unknown, callOptions: CallOptions = {}): Promise<unknown> {
    const op = operation(operationId);
    checkCallOptions(callOptions);
    const values = validateParams(op, params);
    const bulk = op.bulk;
    if (bulk && bulkSize(values[bulk.field]) > bulk.max) {
      checkBulk(op, values);
      return runBulk({ ...op, bulk }, values, callOptions, (chunk) => callValidated(op, chunk, callOptions));
    }
    return callValidated(op, values, callOptions);
  }

  async function callValidated(op: OperationSpec, values: Record<string, unknown>, callOptions: CallOptions): Promise<unknown> {
    if (op.auth === "credentials") {
      await resolvePassword();
      return exchange(op, fill(op, values), baseUrlFor(op, options.hosts), callOptions);
    }
    const kvmId = values.kvm_id as string;
    let session = await store.get(kvmId);
    try {
      return await exchange(op, fill(op, { ...values }, session), baseUrlFor(op, options.hosts, session), callOptions);
    } catch (error) {
      if (!(error instanceof EdisApiError) || error.status !== 401) throw error;
      // The session was refused (expired early, or revoked): renew it once and try once more.
      await store.invalidate(session);
      session = await store.get(kvmId);
      return exchange(op, fill(op, { ...values }, session), baseUrlFor(op, options.hosts, session), callOptions);
    }
  }

  async function createSessions(params: { kvmId?: string } = {}, callOptions: CallOptions = {}): Promise<Session[]> {
    const body = (await call(AUTH_OPERATION, params, callOptions)) as { data?: unknown };
    let sessions: Session[];
    try {
      sessions = sessionsFrom(body.data);
      sessions.forEach(checkHost);
    } catch (error) {
      // The messages quote the answer (a key of its map, a host): scrubbed like any other.
      throw redactError(error, password === undefined ? [] : [password]);
    }
    await store.putAll(sessions);
    if (params.kvmId !== undefined && !sessions.some((s) => s.kvmId === params.kvmId)) {
      throw new EdisApiError({ operationId: AUTH_OPERATION, status: 200, serverMessage: `answer holds no session for ${params.kvmId}` });
    }
    return sessions;
  }

  return { call, createSessions };
}

/** The ResponseTooLarge behind `error`, if any (fetch may wrap a stream's error). */
function findTooLarge(error: unknown): ResponseTooLarge | undefined {
  for (let e = error, depth = 0; e instanceof Error && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof ResponseTooLarge) return e;
  }
  return undefined;
}

/** Refuses a bulk run that is too long. */
function checkBulk(op: OperationSpec, values: Record<string, unknown>): void {
  const { bulk } = op;
  if (!bulk) return;
  const field = op.fields.find((f) => f.wire === bulk.field)!;
  const size = bulkSize(values[bulk.field]);
  if (size > bulk.max * BULK_REQUEST_LIMIT) {
    throw new EdisValidationError({
      operationId: op.operationId,
      field: field.param,
      reason: `must have at most ${bulk.max * BULK_REQUEST_LIMIT} entries, got ${size}`,
    });
  }
}

/** Sessions from the `data` map of an auth answer; an entry without what a call needs is an error. */
function sessionsFrom(data: unknown): Session[] {
  const invalid = (why: string): never => {
    throw new EdisApiError({ operationId: AUTH_OPERATION, status: 200, serverMessage: `answer is not a valid session map: ${why}` });
  };
  if (typeof data !== "object" || data === null || Array.isArray(data)) invalid("data is not an object");
  const out: Session[] = [];
  for (const [key, raw] of Object.entries(data as Record<string, unknown>)) {
    if (typeof raw !== "object" || raw === null) invalid(`${key} is not an object`);
    const entry = raw as Record<string, unknown>;
    if (typeof entry.kvm_id !== "string") invalid(`${key} has no kvm_id`);
    if (typeof entry.signature !== "string" || entry.signature === "") invalid(`${key} has no signature`);
    if (typeof entry.api_host !== "string" || entry.api_host === "") invalid(`${key} has no api_host`);
    if (typeof entry.valid_until !== "number" || !Number.isSafeInteger(entry.valid_until)) invalid(`${key} has no integer valid_until`);
    out.push(new Session(entry as unknown as ConstructorParameters<typeof Session>[0]));
  }
  return out;
}
