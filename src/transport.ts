/**
 * The only module that knows openapi-fetch. It sends one prepared request and hands back the
 * status, headers and body text, read under the size cap; encoding, retries and error mapping
 * live elsewhere, so replacing openapi-fetch (it is in maintenance mode) touches this file alone.
 * Under openapi-fetch the request goes out over the caller's `fetch`, or, on Node when the
 * runtime's own fetch would be used, over node:http (src/node-transport.ts), which is faster.
 */
import createClient from "openapi-fetch";
import type { paths } from "../generated/openapi.js";
import { type NodeSend, createNodeSend, isNode } from "./node-transport.js";
import { ResponseTooLarge, type Send, type WireHeaders } from "./wire.js";

export { ResponseTooLarge, type Send, type WireHeaders, type WireRequest, type WireResponse } from "./wire.js";

/** The runtime's own fetch, as it was when the client was loaded (a later stub of it is the caller's). */
const RUNTIME_FETCH: typeof fetch | undefined = globalThis.fetch;

/**
 * The body of `response` as text, read here rather than by openapi-fetch, so that the cap
 * counts the bytes as they come out of fetch, after any content decoding (gzip, deflate,
 * br): a small compressed answer that inflates past the cap fails as soon as it passes it,
 * and the rest is neither decoded nor read. Only an answer without a content coding states
 * its true size in Content-Length, so only such a one over the cap fails before reading.
 */
async function readCapped(response: Response, limit: number): Promise<string> {
  const body = response.body;
  const declared = response.headers.has("content-encoding") ? null : response.headers.get("content-length");
  // No Content-Length is Number(null), 0, never over a limit (at least 1).
  if (Number(declared) > limit) {
    void body?.cancel().catch(() => undefined);
    throw new ResponseTooLarge(response.status, limit);
  }
  if (!body) return "";
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let text = "";
  let seen = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text + decoder.decode();
    seen += value.byteLength;
    if (seen > limit) {
      void reader.cancel().catch(() => undefined);
      throw new ResponseTooLarge(response.status, limit);
    }
    text += decoder.decode(value, { stream: true });
  }
}

/**
 * What the transport's fetch hands back to openapi-fetch: the answer, its body already read
 * as text. It says `ok` whatever its status, so that openapi-fetch, asked to parse it as a
 * "stream", hands `body` back as it is and reads nothing; the status is responses.ts's to judge,
 * and a parsed body is never serialized back to text.
 */
class ReadAnswer {
  readonly ok = true;

  constructor(
    readonly status: number,
    readonly headers: WireHeaders,
    readonly body: string,
  ) {}
}

/**
 * What openapi-fetch builds for each request, in place of a WHATWG Request: a Request parses
 * and copies its URL, headers and body, and fetch then takes it apart again, which cost about
 * a third of a loopback round trip. openapi-fetch lets a client name its Request class; this
 * one keeps what it is given, and the transport hands `fetch` the URL and the init.
 */
class PlainRequest {
  readonly url: string;
  readonly headers: Headers;
  readonly body: BodyInit | null;
  readonly signal: AbortSignal | null;

  constructor(url: string, init: RequestInit & { headers: Headers }) {
    this.url = url;
    this.headers = init.headers;
    this.body = init.body ?? null;
    this.signal = init.signal ?? null;
  }
}

/**
 * A sender that reads at most `maxResponseBytes`: over node:http(s) with at most `maxSockets`
 * sockets when `fetchImpl` is the runtime's own fetch and the runtime is Node, over `fetchImpl`
 * otherwise (an injected fetch, a stub of the global one, Bun, Deno, browsers). Each request
 * carries `userAgent` as its User-Agent header, when given.
 */
export function createTransport(fetchImpl: typeof fetch, maxResponseBytes: number, maxSockets = 64, userAgent?: string): Send {
  const nodeSend = fetchImpl === RUNTIME_FETCH && isNode() ? createNodeSend(maxResponseBytes, maxSockets, userAgent) : undefined;
  const client = createClient<paths>({
    Request: PlainRequest as unknown as typeof Request,
    fetch: async (request: Request) => {
      const plain = request as unknown as PlainRequest;
      if (nodeSend) return sendOverNode(nodeSend, plain);
      // Every request is a POST. A redirect is never followed: it would carry the form body (and
      // its signature) to wherever it points; it comes back as the answer it is, for
      // responses.ts to report.
      const init: RequestInit = { method: "POST", headers: plain.headers, body: plain.body, signal: plain.signal, redirect: "manual" };
      const response = await fetchImpl(plain.url, init);
      const answer = new ReadAnswer(response.status, response.headers, await readCapped(response, maxResponseBytes));
      return answer as unknown as Response;
    },
  });
  const passThrough = (body: unknown): string | Blob => body as string | Blob;
  return async (request) => {
    // openapi-fetch leaves out a header whose value is undefined: no User-Agent when none is given.
    const headers = { "Content-Type": request.contentType, "User-Agent": userAgent };
    // The path is data from the generated table, so openapi-fetch's per-path typing cannot help here.
    const { response } = await client.POST(request.path as "/get/ptr", {
      baseUrl: request.baseUrl,
      body: request.body as never,
      bodySerializer: passThrough,
      headers,
      parseAs: "stream",
      signal: request.signal,
    });
    const answer = response as unknown as ReadAnswer;
    return { status: answer.status, headers: answer.headers, text: answer.body };
  };
}

/** The request openapi-fetch built, sent by node:http: a POST, no redirect followed. */
async function sendOverNode(send: NodeSend, plain: PlainRequest): Promise<Response> {
  const answer = await send({
    url: plain.url,
    // The sender above always sets it.
    contentType: plain.headers.get("content-type")!,
    body: plain.body as string | Blob,
    signal: plain.signal!,
  });
  return new ReadAnswer(answer.status, answer.headers, answer.text) as unknown as Response;
}
