/**
 * What a transport is handed and hands back, whichever way it sends (fetch or node:http):
 * one prepared request in, the status, headers and body text out, and the error for an answer
 * over the size cap.
 */

export interface WireRequest {
  readonly baseUrl: string;
  readonly path: string;
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
