/**
 * The client's options and each call's: documented, checked against their limits and given
 * their defaults in one place. The call and bulk code read only the resolved values this
 * returns. Caller objects are never mutated.
 */
import { type EdisLogLevel, type EdisLogger, type Log, resolveLog } from "./logging.js";
import { bad, baseUrl, count, ms, sessionCache } from "./option-checks.js";
import { HOST_KINDS, type OperationSpec } from "./operation-spec.js";
import type { SessionCache } from "./session.js";
import { runtimeProduct, userAgentHeader } from "./user-agent.js";

/** Base URLs that replace the spec's servers, for mocks and tests. */
export interface EdisHosts {
  /** Replaces `https://session.edisglobal.com` (the auth call). */
  session?: string;
  /** Replaces `https://dns-api.edisglobal.com` (PTR calls). */
  rdns?: string;
  /** Replaces `https://{api_host}` (every management call), whatever api_host the session names. */
  api?: string;
  /** Replaces `https://order.edisglobal.com` (the ORDER API's calls, `edis.order.*`). */
  order?: string;
}

/** EdisHosts has a key for every host kind of the table, no more (a kind missing is a type error). */
const everyHost: [Exclude<OperationSpec["host"], keyof EdisHosts> | Exclude<keyof EdisHosts, OperationSpec["host"]>] extends [never] ? true : never = true;
void everyHost;

/** Options of {@link createEdisClient}. */
export interface EdisClientOptions {
  /** Client-area (WHMCS) login email. */
  email: string;
  /**
   * Client-area password. Sent to the session host only, never shown in errors or logs. A
   * function is asked for it only when an auth call is due (a cached session needs none), at
   * most once per client.
   */
  password: string | (() => string | Promise<string>);
  /**
   * The `fetch` used for every request, the auth call included, exactly as given. When none is
   * given, on Node the client sends over node:http and node:https instead (src/request/node-transport.ts:
   * a keep-alive agent of its own with at most `maxConcurrentRequests` sockets, no redirect
   * followed), and elsewhere (Bun, Deno, browsers) over `globalThis.fetch`. The runtime's own
   * `globalThis.fetch` passed as is counts as none given; a stub of it installed after the
   * client was loaded counts as given. Pass `(url, init) => fetch(url, init)` to keep fetch on Node.
   * @default node:http(s) on Node, `globalThis.fetch` elsewhere
   */
  fetch?: typeof fetch;
  /**
   * Time one request may take, in milliseconds, before it fails with `EdisTimeoutError`. At
   * most 2147483647 (2^31 - 1), the longest a timer waits, as for every millisecond option.
   * @default 30000
   */
  timeoutMs?: number;
  /**
   * How often a retry-safe operation is sent again after a network error, a timeout, a 429 or
   * a 5xx (with exponential backoff and jitter, honouring `Retry-After`). `0` turns retries
   * off. Operations that change state are never retried.
   * @default 2
   */
  retries?: number;
  /**
   * Base delay of the backoff between retries, in milliseconds.
   * @default 500
   */
  retryDelayMs?: number;
  /**
   * Longest wait before a retry, in milliseconds; a `Retry-After` asking for more ends the
   * retries instead.
   * @default 30000
   */
  maxRetryDelayMs?: number;
  /**
   * Longest answer read, in bytes, counted after content decoding (gzip, deflate, br); a
   * longer one fails with `EdisApiError` without being read to the end, and is not retried.
   * The largest documented answer, a screenshot, is at most 16 MiB.
   * @default 33554432 (32 MiB)
   */
  maxResponseBytes?: number;
  /**
   * Requests of this client in flight at once; more calls wait their turn. Bounds the sockets
   * the client opens.
   * @default 64
   */
  maxConcurrentRequests?: number;
  /** Base URLs replacing the spec's servers (mocks, tests, proxies). */
  hosts?: EdisHosts;
  /**
   * Keeps sessions beyond this client (the `edis` command keeps them on disk). Without it,
   * sessions live as long as the client.
   */
  sessionCache?: SessionCache;
  /**
   * Receives warnings (an `http:` host override, which would send credentials in clear text),
   * whatever `logLevel` says.
   * @default the logger's `warn` at level warn and above (console.warn: once per message and process)
   */
  onWarning?: (message: string) => void;
  /**
   * Where log lines go: `console`, or any object with `error`, `warn`, `info` and `debug`
   * methods (pino, winston, …). Each line is one string, scrubbed of every secret.
   * @default console
   */
  logger?: EdisLogger;
  /**
   * How much is logged. `"warn"`: warnings only; `"info"`: also each retry; `"debug"`: also
   * every exchange, two lines per attempt (method, URL and the form with every secret field
   * `[REDACTED]`; then the status, the time taken and the answer's first 200 characters).
   * `"off"` logs nothing.
   * @default the `EDIS_LOG` environment variable when it names a level, else "warn"
   */
  logLevel?: EdisLogLevel;
  /**
   * Your application, added to the User-Agent header every request carries:
   * `"fleetbot/1.2"` sends `edis-global/0.1.0 node/20.20.2 fleetbot/1.2`. Products (`name` or
   * `name/version`) of printable ASCII token characters, separated by single spaces, at most
   * 200 characters; anything else fails with `EdisValidationError` when the client is created.
   */
  userAgent?: string;
}

/** Options of a bulk run (part of the call options). */
export interface BulkOptions {
  /**
   * Requests of a bulk run in flight at once.
   * @default 4
   */
  concurrency?: number;
  /** Called after each request of a bulk run with the entries done so far and the total. */
  onProgress?: (done: number, total: number) => void;
  /** Cancels the run: requests of it not yet sent fail with `EdisAbortError`. */
  signal?: AbortSignal;
}

/** Per-call options; they override the client's. */
export interface CallOptions extends BulkOptions {
  /** Cancels the call, its retries and waits included. */
  signal?: AbortSignal;
  /** Overrides the client's `timeoutMs` for this call. */
  timeoutMs?: number;
  /** Overrides the client's `retries` for this call (retry-safe operations only). */
  retries?: number;
}

export interface ResolvedOptions {
  readonly email: string;
  /** Resolves the password (a given string, or the caller's function). */
  readonly password: () => Promise<string>;
  readonly fetch: typeof fetch;
  readonly timeoutMs: number;
  readonly retries: number;
  readonly retryDelayMs: number;
  readonly maxRetryDelayMs: number;
  readonly maxResponseBytes: number;
  readonly maxConcurrentRequests: number;
  readonly hosts: Readonly<EdisHosts>;
  readonly sessionCache: SessionCache | undefined;
  /** The log lines of each level that is logged, and where warnings go. */
  readonly log: Log;
  /** The User-Agent header's value. */
  readonly userAgent: string;
}

/** One call's options, the client's filling in what the call leaves out. */
export interface ResolvedCallOptions {
  readonly timeoutMs: number;
  /** Retries allowed if the operation is retry-safe (others are never retried). */
  readonly retries: number;
  readonly signal: AbortSignal | undefined;
  readonly concurrency: number;
  readonly onProgress: ((done: number, total: number) => void) | undefined;
}

/** Checks the options and fills in the defaults. Throws EdisValidationError naming the bad option. */
export function resolveOptions(options: EdisClientOptions): ResolvedOptions {
  if (typeof options !== "object" || options === null) bad("options", "must be an object");
  const { email, password } = options;
  if (typeof email !== "string" || email.length === 0) bad("email", "option must be a non-empty string");
  if (/\p{Cs}/u.test(email) || (typeof password === "string" && /\p{Cs}/u.test(password))) {
    bad(/\p{Cs}/u.test(email) ? "email" : "password", "option must be Unicode text (it holds a lone surrogate)");
  }
  if (typeof password === "string" ? password.length === 0 : typeof password !== "function") {
    bad("password", "option must be a non-empty string or a function returning one");
  }
  const fetchImpl = options.fetch ?? globalThis.fetch;
  if (typeof fetchImpl !== "function") bad("fetch", "option must be a function");
  const log = resolveLog(options);
  const userAgent = userAgentHeader(options.userAgent, runtimeProduct());
  const hosts = options.hosts ?? {};
  if (typeof hosts !== "object" || hosts === null) bad("hosts", "option must be an object");
  for (const key of Object.keys(hosts)) {
    if (!(HOST_KINDS as readonly string[]).includes(key)) bad(`hosts.${key}`, `is not a host (use ${HOST_KINDS.join(", ")})`);
  }
  const resolvedHosts: EdisHosts = {};
  for (const key of HOST_KINDS) {
    const url = baseUrl(hosts[key], `hosts.${key}`, log.warn);
    if (url !== undefined) resolvedHosts[key] = url;
  }
  return {
    email,
    password: async () => {
      const value = typeof password === "string" ? password : await password();
      if (typeof value !== "string" || value.length === 0) bad("password", "option function must return a non-empty string");
      if (/\p{Cs}/u.test(value)) bad("password", "option must be Unicode text (it holds a lone surrogate)");
      return value;
    },
    fetch: fetchImpl,
    timeoutMs: ms(options.timeoutMs, "timeoutMs", 30_000, 1),
    retries: count(options.retries, "retries", 2, 0),
    retryDelayMs: ms(options.retryDelayMs, "retryDelayMs", 500, 0),
    maxRetryDelayMs: ms(options.maxRetryDelayMs, "maxRetryDelayMs", 30_000, 0),
    maxResponseBytes: count(options.maxResponseBytes, "maxResponseBytes", 32 * 1024 * 1024, 1),
    maxConcurrentRequests: count(options.maxConcurrentRequests, "maxConcurrentRequests", 64, 1),
    hosts: resolvedHosts,
    sessionCache: sessionCache(options.sessionCache),
    log,
    userAgent,
  };
}

/**
 * One call's options: checked with the same rules as the client's (untyped JavaScript may
 * pass anything), the client's values filling in the rest. Throws EdisValidationError naming
 * the bad option.
 */
export function resolveCallOptions(client: ResolvedOptions, perCall: unknown): ResolvedCallOptions {
  if (typeof perCall !== "object" || perCall === null) bad("options", "must be an object");
  const o = perCall as Record<string, unknown>;
  const timeoutMs = ms(o.timeoutMs, "timeoutMs", client.timeoutMs, 1);
  const retries = count(o.retries, "retries", client.retries, 0);
  const concurrency = count(o.concurrency, "concurrency", 4, 1);
  if (o.signal !== undefined && !(o.signal instanceof AbortSignal)) bad("signal", "option must be an AbortSignal");
  if (o.onProgress !== undefined && typeof o.onProgress !== "function") bad("onProgress", "option must be a function");
  return { timeoutMs, retries, signal: o.signal as AbortSignal | undefined, concurrency, onProgress: o.onProgress as ResolvedCallOptions["onProgress"] };
}
