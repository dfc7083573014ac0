/**
 * An in-memory `fetch` for the client's `fetch` option: no socket, no port. It answers the
 * auth path with a session for the kvm_id asked for, every other path with what the test
 * says, and records each request as the wire would carry it (method, path, content type,
 * body bytes), in the shape scripts/lib/wire-check.ts decodes.
 */
import type { Exchange } from "../scripts/lib/wire-recorder.js";
import { AUTH_PATH, EMAIL, TRICKY_PASSWORD } from "./fixtures.js";

export const STUB_EMAIL = EMAIL;
export const STUB_PASSWORD = TRICKY_PASSWORD;
export const STUB_SIGNATURE = "sig-stub-0123456789abcdef0123456789abcdef";
export const STUB_API_HOST = "123456.edisglobal.com";
export const STUB_VALID_UNTIL = 4102444800;
/** Base URL of the hosts the stub answers (never connected to). */
export const STUB_URL = "http://127.0.0.1:9";
export const AUTH = AUTH_PATH;

/** An answer of the stub. */
export interface StubAnswer {
  readonly status: number;
  /** Serialised as JSON unless it is a string. */
  readonly body: unknown;
  readonly headers?: Record<string, string>;
}

export interface RecordingFetch {
  readonly fetch: typeof fetch;
  /** Every request, in order, auth included. */
  readonly requests: Exchange[];
  /** The full URL of each request, in the same order. */
  readonly urls: string[];
  /** Requests to `path`. */
  to(path: string): Exchange[];
}

/** A fetch that answers with `answer(path)`; auth gets a session unless `answer` handles it. */
export function recordingFetch(answer: (path: string, form: URLSearchParams) => StubAnswer | undefined): RecordingFetch {
  const requests: Exchange[] = [];
  const urls: string[] = [];
  const stub = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = input instanceof Request ? input : new Request(input, init);
    const bodyBytes = Buffer.from(await request.arrayBuffer());
    const path = new URL(request.url).pathname;
    const contentType = request.headers.get("content-type") ?? "";
    const form = contentType.startsWith("application/x-www-form-urlencoded") ? new URLSearchParams(bodyBytes.toString("utf8")) : new URLSearchParams();
    const given = answer(path, form);
    const kvm = form.get("kvm_id") ?? "kvm_123456_789012";
    const reply: StubAnswer =
      given ??
      (path === AUTH
        ? {
            status: 200,
            body: { status: "success", data: { [kvm]: { kvm_id: kvm, signature: STUB_SIGNATURE, api_host: STUB_API_HOST, valid_until: STUB_VALID_UNTIL } } },
          }
        : { status: 404, body: { status: "error", error: `no answer for ${path}` } });
    const text = typeof reply.body === "string" ? reply.body : JSON.stringify(reply.body);
    const responseHeaders = new Headers({ "content-type": "application/json", ...reply.headers });
    urls.push(request.url);
    requests.push({
      method: request.method,
      path,
      headers: { "content-type": contentType },
      body: bodyBytes.toString("utf8"),
      bodyBytes,
      status: reply.status,
      responseHeaders,
      responseBody: text,
    });
    return new Response(text, { status: reply.status, headers: responseHeaders });
  };
  return { fetch: stub as typeof fetch, requests, urls, to: (path) => requests.filter((r) => r.path === path) };
}
