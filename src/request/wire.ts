/**
 * What a transport is handed and hands back, whichever way it sends (fetch or node:http): one
 * prepared request in, the status, headers and body text out. The same two shapes travel from
 * the request path (src/request/request-path.ts) to the socket and back. And the size cap of an
 * answer, written once for both transports.
 */

export interface WireRequest {
  /** The whole URL: the operation's base URL and its path. */
  readonly url: string;
  readonly contentType: string;
  /** Already encoded: a form string, or a Blob of a multipart body. */
  readonly body: string | Blob;
  /** Stops the exchange: an AbortSignal, or the request path's cheaper {@link Cancel}. */
  readonly signal: WireSignal;
}

/** What a transport reads of a signal: an AbortSignal has it, and so has a {@link Cancel}. */
export interface WireSignal {
  readonly aborted: boolean;
  readonly reason: unknown;
  addEventListener(type: "abort", listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: "abort", listener: () => void): void;
}

/**
 * The signal of one attempt (a timeout and the caller's signal feed it), without an
 * AbortController and an EventTarget per request: node:http needs neither, and both cost
 * several microseconds a request. It holds one listener at a time, the transport's. A WHATWG
 * AbortSignal that follows it is made only when asked for ({@link Cancel.signal}: the fetch
 * transport asks).
 */
export class Cancel implements WireSignal {
  #aborted = false;
  #reason: unknown;
  #listener: (() => void) | undefined;
  #controller: AbortController | undefined;

  get aborted(): boolean {
    return this.#aborted;
  }

  get reason(): unknown {
    return this.#reason;
  }

  /** Aborts with `reason` (the first abort wins), calling the listener once. */
  abort(reason: unknown): void {
    if (this.#aborted) return;
    this.#aborted = true;
    this.#reason = reason;
    this.#controller?.abort(reason);
    const listener = this.#listener;
    this.#listener = undefined;
    listener?.();
  }

  /** Sets the one listener (a transport's), called at most once; `once` is implied. */
  addEventListener(_type: "abort", listener: () => void): void {
    this.#listener = listener;
  }

  removeEventListener(_type: "abort", listener: () => void): void {
    if (this.#listener === listener) this.#listener = undefined;
  }

  /** An AbortSignal that aborts with this, made on first use. */
  get signal(): AbortSignal {
    if (this.#controller === undefined) {
      this.#controller = new AbortController();
      if (this.#aborted) this.#controller.abort(this.#reason);
    }
    return this.#controller.signal;
  }
}

/** `signal` as fetch takes it: an AbortSignal as it is, a {@link Cancel}'s own AbortSignal. */
export function abortSignalOf(signal: WireSignal): AbortSignal {
  return signal instanceof Cancel ? signal.signal : (signal as AbortSignal);
}

/** The headers of an answer, as far as the client reads them (a WHATWG `Headers` is one). */
export interface WireHeaders {
  /** The value of header `name` (any case), several joined with ", ", or null. */
  get(name: string): string | null;
}

export interface WireResponse {
  readonly status: number;
  readonly headers: WireHeaders;
  /** The body as text ("" when there was none). */
  readonly text: string;
}

export type Send = (request: WireRequest) => Promise<WireResponse>;

/** An answer longer than the client accepts; the rest of it was not read. */
export class ResponseTooLarge extends Error {
  constructor(
    readonly status: number,
    readonly limit: number,
  ) {
    super(`answer is larger than ${limit} bytes`);
  }
}

/**
 * The size cap of one answer, for both transports: the cap counts the bytes of the body as
 * they come out of the decoders (gzip, deflate, br), so a small compressed answer that
 * inflates past the cap fails as soon as it passes it, and the rest is neither decoded nor
 * read. Only an answer without a content coding states its true size in Content-Length, so
 * only such a one over the cap fails before its body is read.
 */
export class SizeCap {
  #seen = 0;

  /** Throws ResponseTooLarge when an answer without a content coding declares more than `limit` bytes. */
  constructor(
    readonly status: number,
    readonly limit: number,
    contentLength: string | null | undefined,
    coded: boolean,
  ) {
    // No Content-Length is Number(null) 0 or Number(undefined) NaN, never over a limit (at least 1).
    if (!coded && Number(contentLength) > limit) throw new ResponseTooLarge(status, limit);
  }

  /** Counts `bytes` more of decoded body; the ResponseTooLarge to fail with once past the limit. */
  add(bytes: number): ResponseTooLarge | undefined {
    this.#seen += bytes;
    return this.#seen > this.limit ? new ResponseTooLarge(this.status, this.limit) : undefined;
  }

  /** The bytes counted so far. */
  get seen(): number {
    return this.#seen;
  }
}
