/**
 * The node:http transport against loopback servers: which transport a client gets, the bytes
 * it sends, its keep-alive sockets and their bound, no redirect followed, decoded bodies and the
 * cap on decoded bytes, the abort, and TLS verification.
 */
import { createServer as createTlsServer } from "node:https";
import { brotliCompressSync, deflateSync, gzipSync } from "node:zlib";
import { afterEach, describe, expect, test } from "vitest";
import { isNode } from "../src/node-transport.js";
import { ResponseTooLarge, createTransport } from "../src/transport.js";
import { type Seen, closeLast, closeServers, json, request, serve } from "../test-support/loopback-server.js";
import { SELF_SIGNED } from "../test-support/self-signed.js";

afterEach(closeServers);

const nodeSend = (limit = 10_000, sockets = 64) => createTransport(globalThis.fetch, limit, sockets);

test("this is Node, where the runtime's own fetch is replaced", () => {
  expect(isNode()).toBe(true);
});

describe("which transport a client gets", () => {
  test("the runtime's fetch: node:http sends exactly the form, with its type and length, and none of fetch's own headers", async () => {
    const server = await serve(json('{"status":"success"}'));
    const answer = await nodeSend()(request(server.url));
    expect(answer).toMatchObject({ status: 200, text: '{"status":"success"}' });
    const [{ head, body }] = server.seen as [Seen];
    expect(head.method).toBe("POST");
    expect(head.url).toBe("/get/ptr");
    expect(body).toBe("kvm_id=kvm_1_2&ip=%5B%5D");
    expect(head.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(head.headers["content-length"]).toBe(String(body.length));
    expect(head.headers.connection).toBe("keep-alive");
    // undici's fetch sends these; node:http does not.
    expect(head.headers["sec-fetch-mode"]).toBeUndefined();
  });

  test("an injected fetch is the one that sends, even when it wraps the runtime's", async () => {
    const server = await serve(json("{}"));
    let calls = 0;
    const wrapped: typeof fetch = (input, init) => {
      calls++;
      return globalThis.fetch(input, init);
    };
    await createTransport(wrapped, 10_000)(request(server.url));
    expect(calls).toBe(1);
    expect(server.seen[0]!.head.headers["sec-fetch-mode"]).toBe("cors");
  });

  test("a multipart Blob is sent as its bytes", async () => {
    const server = await serve(json("{}"));
    const blob = new Blob(['--b\r\nContent-Disposition: form-data; name="a"\r\n\r\né\r\n--b--\r\n']);
    await nodeSend()({ ...request(server.url, blob), contentType: "multipart/form-data; boundary=b" });
    expect(server.seen[0]!.body).toBe(await blob.text());
    expect(server.seen[0]!.head.headers["content-length"]).toBe(String(blob.size));
    expect(server.seen[0]!.head.headers["content-type"]).toBe("multipart/form-data; boundary=b");
  });
});

describe("sockets", () => {
  test("one connection is kept alive and reused for calls one after another", async () => {
    const server = await serve(json("{}"));
    const send = nodeSend();
    for (let i = 0; i < 10; i++) await send(request(server.url));
    expect(server.seen).toHaveLength(10);
    expect(server.connections()).toBe(1);
  });

  test("at most maxSockets connections, however many calls are in flight", async () => {
    let inFlight = 0;
    let most = 0;
    const server = await serve((res) => {
      most = Math.max(most, ++inFlight);
      setTimeout(() => {
        inFlight--;
        json("{}")(res, undefined as never);
      }, 5);
    });
    const send = nodeSend(10_000, 3);
    await Promise.all(Array.from({ length: 30 }, () => send(request(server.url))));
    expect(server.seen).toHaveLength(30);
    expect(server.connections()).toBe(3);
    expect(most).toBe(3);
  });
});

describe("answers", () => {
  test.each([301, 302, 307, 308])("a %i is handed back as it is, Location and all, and not followed", async (status) => {
    const server = await serve((res) => {
      res.writeHead(status, { location: "/elsewhere", "content-type": "application/json" });
      res.end('{"status":"error"}');
    });
    const answer = await nodeSend()(request(server.url));
    expect(answer.status).toBe(status);
    expect(answer.headers.get("Location")).toBe("/elsewhere");
    expect(server.seen.map((s) => s.head.url)).toEqual(["/get/ptr"]);
  });

  test.each([
    ["gzip", gzipSync],
    ["deflate", deflateSync],
    ["br", brotliCompressSync],
  ] as const)("a %s body is decoded", async (coding, encode) => {
    const text = JSON.stringify({ status: "success", records: Array.from({ length: 50 }, (_, i) => ({ ip: `192.0.2.${i}` })) });
    const server = await serve((res) => {
      res.writeHead(200, { "content-type": "application/json", "content-encoding": coding });
      res.end(encode(Buffer.from(text)));
    });
    expect((await nodeSend()(request(server.url))).text).toBe(text);
  });

  test("a byte order mark is not part of the text, as with fetch", async () => {
    const server = await serve(json('\uFEFF{"status":"success"}'));
    expect((await nodeSend()(request(server.url))).text).toBe('{"status":"success"}');
  });

  test("a body of exactly the cap is read; one byte more, declared, fails before it is read, with its status", async () => {
    const body = `"${"x".repeat(98)}"`;
    const exact = await serve(json(body, { "content-length": "100" }));
    expect((await nodeSend(100)(request(exact.url))).text).toBe(body);
    const over = await serve((res) => {
      res.writeHead(503, { "content-length": "101" });
      res.end(`${body}x`);
    });
    const error = await nodeSend(100)(request(over.url)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseTooLarge);
    expect(error).toMatchObject({ status: 503, limit: 100, message: "answer is larger than 100 bytes" });
  });

  test("a gzip bomb fails at the cap of decoded bytes, and the client sends on afterwards", async () => {
    const bomb = gzipSync(Buffer.alloc(16 * 1024 * 1024));
    let calls = 0;
    const server = await serve((res) => {
      if (calls++ > 0) return json("{}")(res, undefined as never);
      res.writeHead(200, { "content-encoding": "gzip", "content-length": String(bomb.length) });
      res.end(bomb);
    });
    expect(bomb.length).toBeLessThan(64 * 1024);
    const send = nodeSend(64 * 1024);
    const error = await send(request(server.url)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseTooLarge);
    expect(error).toMatchObject({ status: 200, limit: 64 * 1024 });
    expect((await send(request(server.url))).text).toBe("{}");
  });

  test("a broken gzip body is a TypeError whose cause names zlib's error, as with fetch", async () => {
    const server = await serve((res) => {
      res.writeHead(200, { "content-encoding": "gzip" });
      res.end("not gzip at all");
    });
    const error = await nodeSend()(request(server.url)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as { cause: { code: string } }).cause.code).toBe("Z_DATA_ERROR");
  });
});

describe("failures", () => {
  test("an abort ends the exchange with the signal's reason and drops the connection", async () => {
    let closed = false;
    const server = await serve((_res, seen) => seen.socket.on("close", () => (closed = true)));
    const controller = new AbortController();
    const pending = nodeSend()(request(server.url, "a=1", controller.signal)).catch((e: unknown) => e);
    while (server.seen.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const reason = new Error("gave up");
    controller.abort(reason);
    expect(await pending).toBe(reason);
    for (let i = 0; i < 200 && !closed; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(closed).toBe(true);
  });

  test("a refused connection is a TypeError whose cause has the code", async () => {
    const server = await serve(json("{}"));
    const url = server.url;
    await closeLast();
    const error = await nodeSend()(request(url)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as { cause: { code: string } }).cause.code).toBe("ECONNREFUSED");
  });

  test("https verifies the certificate: a self-signed one is refused and nothing is sent", async () => {
    const server = await serve(json("{}"), createTlsServer(SELF_SIGNED));
    const error = await nodeSend()(request(server.url)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as { cause: { code: string } }).cause.code).toBe("DEPTH_ZERO_SELF_SIGNED_CERT");
    expect(server.seen).toHaveLength(0);
  });
});
