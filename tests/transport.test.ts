/**
 * The fetch transport (src/request/transport.ts) against a fetch of the test's own: what fetch is handed, the size cap at its exact limit with and without a
 * Content-Length, and the text of every kind of body.
 */
import { describe, expect, test } from "vitest";
import { ResponseTooLarge, type WireRequest, createTransport } from "../src/request/transport.js";

interface Seen {
  url: string;
  init: RequestInit;
}

/** A fetch that records what it is given and answers `respond()`. */
function fakeFetch(respond: () => Response): { fetch: typeof fetch; seen: Seen[] } {
  const seen: Seen[] = [];
  const fetchImpl = (async (input: string | URL | Request, init?: RequestInit) => {
    seen.push({ url: String(input), init: init ?? {} });
    return respond();
  }) as typeof fetch;
  return { fetch: fetchImpl, seen };
}

const request = (body: string | Blob = "kvm_id=kvm_1_2"): WireRequest => ({
  url: "http://127.0.0.1:9/kvm/v2/get/power",
  contentType: "application/x-www-form-urlencoded",
  body,
  signal: new AbortController().signal,
});

/** A body without a Content-Length, in the given chunks. */
function streamed(chunks: string[], status = 200): Response {
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
  return new Response(stream, { status, headers: { "content-type": "application/json" } });
}

const declared = (text: string, status = 200): Response =>
  new Response(text, { status, headers: { "content-type": "application/json", "content-length": String(Buffer.byteLength(text)) } });

describe("what fetch is handed", () => {
  test("a POST of the body as given to baseUrl + path, with its content type, the caller's signal and no redirects", async () => {
    const { fetch, seen } = fakeFetch(() => declared('{"status":"success"}'));
    const req = request();
    await createTransport(fetch, 1000)(req);
    expect(seen).toHaveLength(1);
    const [{ url, init }] = seen as [Seen];
    expect(url).toBe("http://127.0.0.1:9/kvm/v2/get/power");
    expect(init.method).toBe("POST");
    expect(init.body).toBe("kvm_id=kvm_1_2");
    expect(new Headers(init.headers).get("content-type")).toBe("application/x-www-form-urlencoded");
    // "manual": the redirect comes back as an answer, which responses.ts turns into EdisRedirectError.
    expect(init.redirect).toBe("manual");
    expect(init.signal).toBe(req.signal);
  });

  test("a User-Agent header only when the client has one, and then exactly it", async () => {
    const without = fakeFetch(() => declared("{}"));
    await createTransport(without.fetch, 1000)(request());
    expect([...new Headers(without.seen[0]!.init.headers).keys()]).toEqual(["content-type"]);
    const withOne = fakeFetch(() => declared("{}"));
    await createTransport(withOne.fetch, 1000, 64, "edis-global/9.9.9 (test)")(request());
    const headers = new Headers(withOne.seen[0]!.init.headers);
    expect([...headers.keys()]).toEqual(["content-type", "user-agent"]);
    expect(headers.get("user-agent")).toBe("edis-global/9.9.9 (test)");
  });

  test("a Blob body reaches fetch as that very Blob", async () => {
    const { fetch, seen } = fakeFetch(() => declared("{}"));
    const blob = new Blob(["--b\r\n"]);
    await createTransport(fetch, 1000)({ ...request(blob), contentType: "multipart/form-data; boundary=b" });
    expect(seen[0]!.init.body).toBe(blob);
    expect(new Headers(seen[0]!.init.headers).get("content-type")).toBe("multipart/form-data; boundary=b");
  });
});

describe("the size cap", () => {
  const exactly = (n: number): string => `"${"x".repeat(n - 2)}"`;

  test.each([
    ["with a Content-Length", declared],
    ["streamed", (text: string) => streamed([text.slice(0, 3), text.slice(3)])],
  ])("%s: an answer of exactly the limit is read whole, one byte more is ResponseTooLarge", async (_name, make) => {
    const send = createTransport(fakeFetch(() => make(exactly(100))).fetch, 100);
    await expect(send(request())).resolves.toMatchObject({ status: 200, text: exactly(100) });

    const over = createTransport(fakeFetch(() => make(exactly(101))).fetch, 100);
    const error = await over(request()).catch((e: unknown) => e);
    const tooLarge = error instanceof ResponseTooLarge ? error : (error as { cause?: unknown }).cause;
    expect(tooLarge).toBeInstanceOf(ResponseTooLarge);
    expect((tooLarge as ResponseTooLarge).message).toBe("answer is larger than 100 bytes");
    expect((tooLarge as ResponseTooLarge).limit).toBe(100);
    expect((tooLarge as ResponseTooLarge).status).toBe(200);
  });

  test("a declared length over the limit fails before the body is read, and the body is cancelled", async () => {
    let pulled = 0;
    let cancelled = false;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(10));
      },
      cancel() {
        cancelled = true;
      },
    });
    const respond = () => new Response(body, { status: 503, headers: { "content-length": "1000" } });
    const error = await createTransport(fakeFetch(respond).fetch, 999)(request()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseTooLarge);
    expect((error as ResponseTooLarge).status).toBe(503);
    await new Promise((resolve) => setImmediate(resolve));
    expect(cancelled).toBe(true);
    expect(pulled).toBeLessThanOrEqual(1);
  });

  test("a declared length over the limit on an answer without a body is ResponseTooLarge too", async () => {
    const respond = () => new Response(null, { status: 200, headers: { "content-length": "5000" } });
    const error = await createTransport(fakeFetch(respond).fetch, 100)(request()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseTooLarge);
  });

  test("a streamed answer over the limit fails with its status, counted across chunks", async () => {
    const chunks = ['{"a":"', "x".repeat(40), "x".repeat(40), '"}'];
    const error = await createTransport(fakeFetch(() => streamed(chunks, 500)).fetch, 80)(request()).catch((e: unknown) => e);
    const tooLarge = error instanceof ResponseTooLarge ? error : (error as { cause?: unknown }).cause;
    expect(tooLarge).toBeInstanceOf(ResponseTooLarge);
    expect((tooLarge as ResponseTooLarge).status).toBe(500);
  });
});

describe("the text of an answer", () => {
  const textOf = async (response: () => Response) => createTransport(fakeFetch(response).fetch, 10_000)(request());

  test("a 2xx body is its text as sent, whitespace and all, with status and headers", async () => {
    const answer = await textOf(() => streamed(['{ "status": ', '"success" }']));
    expect(answer.status).toBe(200);
    expect(answer.text).toBe('{ "status": "success" }');
    expect(answer.headers.get("content-type")).toBe("application/json");
  });

  test("a character whose UTF-8 bytes arrive in two chunks is one character", async () => {
    // "é" is C3 A9, "€" is E2 82 AC: each split between chunks, as TCP may split them.
    const bytes = [[0x22, 0xc3], [0xa9, 0xe2], [0x82], [0xac, 0x22]];
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const chunk of bytes) controller.enqueue(new Uint8Array(chunk));
        controller.close();
      },
    });
    const answer = await textOf(() => new Response(stream, { status: 200 }));
    expect(answer.text).toBe('"é€"');
  });

  test("an error body that is not JSON is its text", async () => {
    const answer = await textOf(() => new Response("<html>Bad gateway</html>", { status: 502, headers: { "content-type": "text/html" } }));
    expect(answer).toMatchObject({ status: 502, text: "<html>Bad gateway</html>" });
  });

  test("an error body that is JSON is JSON text", async () => {
    const answer = await textOf(() => declared('{"error": "busy", "code": 7}', 503));
    expect(answer.status).toBe(503);
    expect(JSON.parse(answer.text)).toEqual({ error: "busy", code: 7 });
  });

  test.each([200, 204, 500])("an empty %i answer is the empty text", async (status) => {
    const answer = await textOf(() => new Response(status === 204 ? null : "", { status, headers: { "content-length": "0" } }));
    expect(answer).toMatchObject({ status, text: "" });
  });

  test.each([204, 200])("a %i answer without a body or a Content-Length is the empty text", async (status) => {
    const answer = await textOf(() => new Response(null, { status }));
    expect(answer).toMatchObject({ status, text: "" });
  });
});
