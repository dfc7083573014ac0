/**
 * One error class per way a call can fail, all under {@link EdisError}. Messages name the
 * operation and the status and never carry a secret: callers of these constructors pass
 * text that src/safety/redact.ts has already scrubbed.
 */

/** What was sent, with every secret field replaced by `[REDACTED]`. */
export interface RedactedRequest {
  /** The HTTP method (always `POST` for this API). */
  readonly method: string;
  /** The URL the request went to. */
  readonly url: string;
  /** The form body as sent, secrets redacted. */
  readonly body: string;
}

interface EdisErrorOptions {
  cause?: unknown;
  operationId?: string | undefined;
}

/** Base class of every error this package throws. */
export class EdisError extends Error {
  /** The operation that failed, when there is one. */
  readonly operationId: string | undefined;

  constructor(message: string, options: EdisErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.operationId = options.operationId;
  }
}
EdisError.prototype.name = "EdisError";

/**
 * The API answered with an error: a non-2xx status, a 2xx body with `status: "error"`, or a
 * body that is not the JSON the spec promises (an HTML page from a proxy, say).
 */
export class EdisApiError extends EdisError {
  /** HTTP status of the answer. */
  readonly status: number;
  /** The server's own words (`error`, `message`, or both joined), or what was wrong with the body. */
  readonly serverMessage: string;
  /** The server's error code (`code` or `error_code`), when the body has one. */
  readonly serverCode: string | number | undefined;
  /** The request that got this answer, secrets redacted. */
  readonly request: RedactedRequest | undefined;

  constructor(
    init: {
      operationId: string;
      status: number;
      serverMessage: string;
      serverCode?: string | number | undefined;
      request?: RedactedRequest | undefined;
    },
    options: { cause?: unknown } = {},
  ) {
    super(`${init.operationId} failed: ${init.status} ${init.serverMessage}`, {
      operationId: init.operationId,
      cause: options.cause,
    });
    this.status = init.status;
    this.serverMessage = init.serverMessage;
    this.serverCode = init.serverCode;
    this.request = init.request;
  }
}
EdisApiError.prototype.name = "EdisApiError";

/** Input that the spec does not allow; thrown before anything is sent. */
export class EdisValidationError extends EdisError {
  /** The parameter (or option) at fault, as the caller named it: `ips[2]`, `records["192.0.2.1"]`, `timeoutMs`. */
  readonly field: string;

  constructor(init: { operationId?: string | undefined; field: string; reason: string }) {
    const where = init.operationId === undefined ? "" : `${init.operationId}: `;
    super(`${where}${init.field} ${init.reason}`, { operationId: init.operationId });
    this.field = init.field;
  }
}
EdisValidationError.prototype.name = "EdisValidationError";

/** No answer within `timeoutMs`. */
export class EdisTimeoutError extends EdisError {
  /** The timeout that ran out, in milliseconds. */
  readonly timeoutMs: number;

  constructor(init: { operationId: string; timeoutMs: number; cause?: unknown }) {
    super(`${init.operationId} failed: no answer within ${init.timeoutMs} ms`, init);
    this.timeoutMs = init.timeoutMs;
  }
}
EdisTimeoutError.prototype.name = "EdisTimeoutError";

/**
 * The server answered with a redirect (301, 302, 303, 307, 308). The client never follows
 * one: the form body carries the password or the session signature, and the request would
 * travel on to wherever the server points. Not retried.
 */
export class EdisRedirectError extends EdisError {
  /** HTTP status of the redirect (0 for the opaque redirect of a browser-style fetch). */
  readonly status: number;
  /** Where it pointed (its `Location`, secrets redacted), when it said. */
  readonly location: string | undefined;
  /** The request that got this answer, secrets redacted. */
  readonly request: RedactedRequest | undefined;

  constructor(init: { operationId: string; status: number; location: string | undefined; request?: RedactedRequest | undefined }) {
    const where = init.location === undefined ? "" : ` to ${init.location}`;
    super(`${init.operationId} failed: ${init.status} redirect${where}, not followed`, { operationId: init.operationId });
    this.status = init.status;
    this.location = init.location;
    this.request = init.request;
  }
}
EdisRedirectError.prototype.name = "EdisRedirectError";

/** The request did not get an answer: DNS, connection refused or reset, TLS. */
export class EdisNetworkError extends EdisError {
  constructor(init: { operationId: string; cause: unknown }) {
    const detail = describeCause(init.cause);
    super(`${init.operationId} failed: network error${detail ? ` (${detail})` : ""}`, init);
  }
}
EdisNetworkError.prototype.name = "EdisNetworkError";

/**
 * A session names an `api_host` that is not a plain EDIS host name (a foreign domain, an IP
 * address, a port, userinfo, a path…). Refused when the session is made, before anything
 * carrying its signature is sent anywhere.
 */
export class EdisHostError extends EdisError {
  /** The host the session named (scrubbed of the request's secrets, at most 300 characters). */
  readonly host: string;

  constructor(init: { operationId: string; host: string; kvmId?: string | undefined }) {
    const host = init.host.length > 300 ? `${init.host.slice(0, 297)}...` : init.host;
    const whose = init.kvmId === undefined ? "a session" : `the session of ${init.kvmId}`;
    super(`${init.operationId} failed: ${whose} names api_host ${JSON.stringify(host)}, which is not an EDIS host; nothing was sent to it`, {
      operationId: init.operationId,
    });
    this.host = host;
  }
}
EdisHostError.prototype.name = "EdisHostError";

/** The caller's `AbortSignal` fired. */
export class EdisAbortError extends EdisError {
  constructor(init: { operationId: string; cause: unknown }) {
    super(`${init.operationId} was aborted`, init);
  }
}
EdisAbortError.prototype.name = "EdisAbortError";

/**
 * A wait (`edis.power.waitFor`) ran out of time: the read it polls never showed the outcome.
 * The requests themselves succeeded; `last` is what the last read showed.
 */
export class EdisWaitTimeoutError extends EdisError {
  /** The wait that ran out, in milliseconds. */
  readonly timeoutMs: number;
  /** What the last read showed (for the power state, its sentence). */
  readonly last: string | undefined;
  /** What was waited for, in words: "the power state on", "an SSH server's greeting at 192.0.2.1:22". */
  readonly awaited: string;

  constructor(init: { operationId: string; awaited: string; timeoutMs: number; last: string | undefined }) {
    const last = init.last === undefined ? "" : ` (last read: ${JSON.stringify(init.last)})`;
    super(`${init.operationId}: ${init.awaited} did not show within ${init.timeoutMs} ms${last}`, { operationId: init.operationId });
    this.timeoutMs = init.timeoutMs;
    this.last = init.last;
    this.awaited = init.awaited;
  }
}
EdisWaitTimeoutError.prototype.name = "EdisWaitTimeoutError";

/**
 * An operation that costs money or ends a paid service (the ORDER API's `addOrder`,
 * `upgradeKVM`, `cancelProduct`) was sent, and nothing says whether it was carried out: no
 * answer in time, the connection or the caller's signal cutting it short in flight, or an
 * answer that could not be read (an HTML page from a proxy, an empty 502). The order, upgrade or cancellation may
 * exist: look at the account's services (`edis.order.services()`, `edis order services`, or
 * the client area) before sending it again, or it may happen twice. `cause` is the request's
 * error (an EdisTimeoutError, EdisNetworkError or EdisApiError). A refusal the server stated
 * (a JSON error, `status: "error"`) is an EdisApiError, not this: then nothing was done.
 */
export class EdisOutcomeUnknownError extends EdisError {
  /** Always true: the operation may have been carried out. */
  readonly mayHaveSucceeded = true;

  constructor(init: { operationId: string; cause: EdisError }) {
    const why = init.cause.message.startsWith(`${init.operationId} failed: `) ? init.cause.message.slice(init.operationId.length + 9) : init.cause.message;
    super(
      `${init.operationId}: outcome unknown (${why}); it was sent and may have been carried out: ` +
        "check the account's services (edis order services, or the client area) before sending it again",
      init,
    );
  }
}
EdisOutcomeUnknownError.prototype.name = "EdisOutcomeUnknownError";

/** One request of a bulk run that failed, and the entries it carried. */
export interface BulkFailure {
  /** The entries of the failed request (addresses, for PTR). */
  readonly items: readonly string[];
  /** Why that request failed. */
  readonly error: EdisError;
}

/**
 * Some requests of a bulk run (a list longer than one request carries) failed. Nothing is
 * lost: it says which entries succeeded, which failed and why, and what the run returned so far.
 */
export class EdisBulkError extends EdisError {
  /** Entries whose requests succeeded, in input order. */
  readonly succeeded: readonly string[];
  /** The failed requests with their entries and errors, in input order. */
  readonly failed: readonly BulkFailure[];
  /** The result of the requests that succeeded (for `ptr.get`: their records, in input order). */
  readonly partialResult: unknown;

  constructor(init: {
    operationId: string;
    requests: number;
    succeeded: readonly string[];
    failed: readonly BulkFailure[];
    partialResult: unknown;
  }) {
    const failedItems = init.failed.reduce((n, f) => n + f.items.length, 0);
    const first = init.failed[0]?.error;
    super(
      `${init.operationId} failed for ${failedItems} of ${failedItems + init.succeeded.length} entries ` +
        `(${init.failed.length} of ${init.requests} requests)${first ? `; first error: ${first.message}` : ""}`,
      { operationId: init.operationId, cause: first },
    );
    this.succeeded = init.succeeded;
    this.failed = init.failed;
    this.partialResult = init.partialResult;
  }
}
EdisBulkError.prototype.name = "EdisBulkError";

function describeCause(cause: unknown): string {
  if (!(cause instanceof Error)) return "";
  const inner = (cause as { cause?: unknown }).cause;
  const code = inner && typeof inner === "object" ? (inner as { code?: unknown }).code : undefined;
  if (typeof code === "string") return code;
  return inner instanceof Error ? inner.message : cause.message;
}
