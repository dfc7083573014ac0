/**
 * The only module that knows openapi-fetch. It sends one prepared request and hands back the
 * status, headers and body text; encoding, retries and error mapping live elsewhere, so
 * replacing openapi-fetch (it is in maintenance mode) touches this file alone.
 */
import createClient from "openapi-fetch";
import type { paths } from "../generated/openapi.js";

export interface WireRequest {
  readonly baseUrl: string;
  readonly path: string;
  readonly contentType: string;
  /** Already encoded: a form string, or a Blob of a multipart body. */
  readonly body: string | Blob;
  readonly signal: AbortSignal;
}

export interface WireResponse {
  readonly status: number;
  readonly headers: Headers;
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
 * Caps how much of an answer is read. A declared Content-Length over the cap fails at once;
 * a body without one is counted as it streams (undici already holds a declared length to
 * its word, so only those need the counting stream).
 */
function limitBody(response: Response, limit: number): Response {
  const declared = response.headers.get("content-length");
  if (declared !== null && Number(declared) > limit) {
    void response.body?.cancel().catch(() => undefined);
    throw new ResponseTooLarge(response.status, limit);
  }
  if (declared !== null || !response.body) return response;
  let seen = 0;
  const counted = response.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        seen += chunk.byteLength;
        if (seen > limit) controller.error(new ResponseTooLarge(response.status, limit));
        else controller.enqueue(chunk);
      },
    }),
  );
  return new Response(counted, { status: response.status, statusText: response.statusText, headers: response.headers });
}

/**
 * What openapi-fetch builds for each request, in place of a WHATWG Request: a Request parses
 * and copies its URL, headers and body, and fetch then takes it apart again, which cost about
 * a third of a loopback round trip. openapi-fetch lets a client name its Request class; this
 * one keeps what it is given, and the transport hands `fetch` the URL and the init.
 */
class PlainRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Headers;
  readonly body: BodyInit | null;
  readonly signal: AbortSignal | null;
  readonly redirect: RequestRedirect;

  constructor(url: string, init: RequestInit & { headers: Headers }) {
    this.url = url;
    this.method = init.method ?? "GET";
    this.headers = init.headers;
    this.body = init.body ?? null;
    this.signal = init.signal ?? null;
    this.redirect = init.redirect ?? "follow";
  }
}

/** A sender over `fetch` (the caller's, or the global one) that reads at most `maxResponseBytes`. */
export function createTransport(fetchImpl: typeof fetch, maxResponseBytes: number): Send {
  const client = createClient<paths>({
    Request: PlainRequest as unknown as typeof Request,
    fetch: async (request: Request) => {
      const plain = request as unknown as PlainRequest;
      const init: RequestInit = { method: plain.method, headers: plain.headers, body: plain.body, signal: plain.signal, redirect: plain.redirect };
      return limitBody(await fetchImpl(plain.url, init), maxResponseBytes);
    },
  });
  const passThrough = (body: unknown): string | Blob => body as string | Blob;
  return async (request) => {
    const headers = { "Content-Type": request.contentType };
    // The path is data from the generated table, so openapi-fetch's per-path typing cannot help here.
    const { data, error, response } = await client.POST(request.path as "/get/ptr", {
      baseUrl: request.baseUrl,
      body: request.body as never,
      bodySerializer: passThrough,
      headers,
      parseAs: "text",
      signal: request.signal,
      // A redirect would carry the form body (and its signature) to wherever it points.
      redirect: "error",
    });
    const text = response.ok ? data : error;
    return {
      status: response.status,
      headers: response.headers,
      text: typeof text === "string" ? text : text === undefined ? "" : JSON.stringify(text),
    };
  };
}
