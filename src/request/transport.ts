/**
 * The last stage of the request path: one prepared request out, the status, headers and body
 * text back, read under the size cap (src/request/wire.ts). On Node, when the runtime's own fetch would
 * be used, it goes over node:http (src/request/node-transport.ts), which is faster; otherwise over the
 * caller's `fetch` (an injected fetch, a stub of the global one, Bun, Deno, browsers, Workers).
 * Encoding, retries and error mapping live elsewhere.
 */
import { createNodeSend, isNode } from "./node-transport.js";
import { type Send, SizeCap, abortSignalOf } from "./wire.js";

export { Cancel, ResponseTooLarge, type Send, type WireHeaders, type WireRequest, type WireResponse, type WireSignal } from "./wire.js";

/** The runtime's own fetch, as it was when the client was loaded (a later stub of it is the caller's). */
const RUNTIME_FETCH: typeof fetch | undefined = globalThis.fetch;

/** The body of `response` as text, read under the size cap: fetch has decoded it, so the cap counts decoded bytes. */
async function readCapped(response: Response, limit: number): Promise<string> {
  const body = response.body;
  let cap: SizeCap;
  try {
    cap = new SizeCap(response.status, limit, response.headers.get("content-length"), response.headers.has("content-encoding"));
  } catch (error) {
    void body?.cancel().catch(() => undefined);
    throw error;
  }
  if (!body) return "";
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let text = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text + decoder.decode();
    const tooLarge = cap.add(value.byteLength);
    if (tooLarge) {
      void reader.cancel().catch(() => undefined);
      throw tooLarge;
    }
    text += decoder.decode(value, { stream: true });
  }
}

/**
 * A sender that reads at most `maxResponseBytes`: over node:http(s) with at most `maxSockets`
 * sockets when `fetchImpl` is the runtime's own fetch and the runtime is Node, over `fetchImpl`
 * otherwise. Each request carries `userAgent` as its User-Agent header, when given.
 */
export function createTransport(fetchImpl: typeof fetch, maxResponseBytes: number, maxSockets = 64, userAgent?: string): Send {
  if (fetchImpl === RUNTIME_FETCH && isNode()) return createNodeSend(maxResponseBytes, maxSockets, userAgent);
  return async (request) => {
    const headers = new Headers({ "Content-Type": request.contentType });
    if (userAgent !== undefined) headers.set("User-Agent", userAgent);
    // Every request is a POST. A redirect is never followed: it would carry the form body (and
    // its signature) to wherever it points; it comes back as the answer it is, for
    // responses.ts to report.
    const response = await fetchImpl(request.url, { method: "POST", headers, body: request.body, signal: abortSignalOf(request.signal), redirect: "manual" });
    return { status: response.status, headers: response.headers, text: await readCapped(response, maxResponseBytes) };
  };
}
