/**
 * What a transport is handed and hands back, whichever way it sends (fetch or node:http): one
 * prepared request in, the status, headers and body text out. The same two shapes travel from
 * the request path (src/request-path.ts) to the socket and back. And the size cap of an
 * answer, written once for both transports.
 */

export interface WireRequest {
  /** The whole URL: the operation's base URL and its path. */
  readonly url: string;
  readonly contentType: string;
  /** Already encoded: a form string, or a Blob of a multipart body. */
  readonly body: string | Blob;
  readonly signal: AbortSignal;
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
