/**
 * The node:http transport against loopback servers: which transport a client gets, the bytes
 * it sends, its keep-alive sockets and their bound, no redirect followed, decoded bodies and the
 * cap on decoded bytes, the abort, and TLS verification.
 */
import { createServer as createTlsServer } from "node:https";
import { brotliCompressSync, deflateSync, gzipSync } from "node:zlib";
import { afterEach, describe, expect, test, vi } from "vitest";
import { isNode, createNodeSend } from "../src/request/node-transport.js";
import { ResponseTooLarge, createTransport } from "../src/request/transport.js";
import { type Seen, closeLast, closeServers, json, request, serve } from "../test-support/loopback-server.js";
import { SELF_SIGNED } from "../test-support/self-signed.js";
import { getEventListeners } from "node:events";
import { type ServerResponse, createServer } from "node:http";
import { type AddressInfo, createServer as createTcpServer } from "node:net";
import { createSecureContext } from "node:tls";
import { closeMidBody } from "../test-support/fault-answers.js";

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

  test("a kept-alive socket left idle is closed by the client, long before the server would; the next call opens another", async () => {
    const httpServer = createServer();
    httpServer.keepAliveTimeout = 600_000;
    const closed = new Promise<void>((resolve) => httpServer.once("connection", (socket) => socket.once("close", () => resolve())));
    const server = await serve(json("{}"), httpServer);
    const send = createNodeSend(10_000, 4, undefined, 300);
    await send(request(server.url));
    await closed;
    await send(request(server.url));
    expect(server.connections()).toBe(2);
    expect(server.seen).toHaveLength(2);
  }, 30_000);

  test("the idle sweeps run only while a socket is open: none is left once the idle one is closed", async () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
    try {
      const httpServer = createServer();
      httpServer.keepAliveTimeout = 600_000;
      const closed = new Promise<void>((resolve) => httpServer.once("connection", (socket) => socket.once("close", () => resolve())));
      const server = await serve(json("{}"), httpServer);
      const send = createNodeSend(10_000, 4, undefined, 400);
      expect(vi.getTimerCount()).toBe(0);
      await send(request(server.url));
      expect(vi.getTimerCount()).toBe(1);
      // Seen idle at the first sweep, still idle three sweeps later: closed.
      vi.advanceTimersByTime(300);
      expect(vi.getTimerCount()).toBe(1);
      vi.advanceTimersByTime(100);
      await closed;
      vi.advanceTimersByTime(100);
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  test("the first answer a process reads may be coded: node:zlib is loaded for it before it is read", async () => {
    // A module instance of its own, in which nothing has loaded node:zlib yet.
    const specifier = "../src/request/node-transport.js?first-coded";
    const fresh = (await import(/* @vite-ignore */ specifier)) as typeof import("../src/request/node-transport.js");
    const server = await serve((res) => {
      res.writeHead(200, { "content-encoding": "gzip" });
      res.end(gzipSync('{"coded":true}'));
    });
    const answer = await fresh.createNodeSend(10_000, 4)(request(server.url));
    expect(answer.text).toBe('{"coded":true}');
  });

  describe("the idle sweep, on fake interval timers (a sweep every 100 ms, a socket closed after three idle sweeps)", () => {
    /** A server that holds the answers `hold` picks (in `held`, to end by hand); `closes` settle as its connections close. */
    async function idleSetup(hold: (n: number) => boolean) {
      vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
      const httpServer = createServer();
      httpServer.keepAliveTimeout = 600_000;
      const closes: Promise<void>[] = [];
      httpServer.on("connection", (socket) => closes.push(new Promise<void>((resolve) => socket.once("close", () => resolve()))));
      const held: ServerResponse[] = [];
      let n = 0;
      const server = await serve((res) => (hold(++n) ? held.push(res) : res.end("{}")), httpServer);
      const waitHeld = async (count: number) => {
        while (held.length < count) await new Promise((resolve) => setTimeout(resolve, 5));
      };
      return { server, closes, held, waitHeld, send: createNodeSend(10_000, 4, undefined, 400) };
    }
    afterEach(() => {
      vi.useRealTimers();
    });

    test("a socket used between sweeps is kept, and one sweep runs however many requests start it", async () => {
      const { server, send } = await idleSetup(() => false);
      for (let i = 0; i < 6; i++) {
        await send(request(server.url));
        vi.advanceTimersByTime(100);
      }
      await send(request(server.url));
      expect(server.connections()).toBe(1);
      expect(vi.getTimerCount()).toBe(1);
    });

    test("a request in flight keeps the sweeps going: its socket is closed once idle after the answer", async () => {
      const { server, send, held, waitHeld, closes } = await idleSetup((n) => n === 1);
      const answer = send(request(server.url));
      await waitHeld(1);
      vi.advanceTimersByTime(100);
      held[0]!.end("{}");
      await answer;
      vi.advanceTimersByTime(500);
      await Promise.all(closes);
      vi.advanceTimersByTime(100);
      expect(vi.getTimerCount()).toBe(0);
    }, 15_000);

    test("a free socket beside one in flight: both are closed once idle", async () => {
      const { server, send, held, waitHeld, closes } = await idleSetup((n) => n === 1);
      const answer = send(request(server.url));
      await waitHeld(1);
      await send(request(server.url));
      expect(server.connections()).toBe(2);
      vi.advanceTimersByTime(100);
      held[0]!.end("{}");
      await answer;
      vi.advanceTimersByTime(500);
      await Promise.all(closes);
      expect(closes).toHaveLength(2);
    }, 15_000);
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

describe("the node:http transport at its edges: runtimes, headers, an IPv6 host, signals, content codings, answers cut short or declared too large", () => {
  const send = (limit = 10_000) => createNodeSend(limit, 4);
  const post = (url: string, body = "a=1", signal = new AbortController().signal) => ({ url, contentType: "application/x-www-form-urlencoded", body, signal });

  /** What `run` returns while `globalThis[key]` is `value` (undefined: absent). */
  function withGlobal<T>(key: string, value: unknown, run: () => T): T {
    const had = Object.getOwnPropertyDescriptor(globalThis, key);
    Object.defineProperty(globalThis, key, { value, configurable: true, writable: true });
    try {
      return run();
    } finally {
      if (had) Object.defineProperty(globalThis, key, had);
      else delete (globalThis as Record<string, unknown>)[key];
    }
  }

  describe("isNode", () => {
    const versions = (extra: Record<string, string | undefined>) => ({ versions: { ...process.versions, ...extra } });

    test.each([
      ["Node", versions({}), true],
      ["Bun, which says node too", versions({ bun: "1.2.0" }), false],
      ["Deno, which says node too", versions({ deno: "2.1.0" }), false],
      ["no node version", { versions: { v8: "12" } }, false],
      ["a process without versions", {}, false],
      ["no process", undefined, false],
    ])("%s", (_name, fakeProcess, expected) => {
      expect(withGlobal("process", fakeProcess, isNode)).toBe(expected);
    });

    test("a Deno global without a deno version is Deno", () => {
      expect(withGlobal("Deno", {}, isNode)).toBe(false);
    });
  });

  describe("what is sent", () => {
    test("fetch's Accept and the codings it decodes, and a byte length for a text with multi-byte characters", async () => {
      const server = await serve(json("{}"));
      await send()(post(`${server.url}/x`, "name=é€"));
      const { head, body } = server.seen[0]!;
      expect(head.headers.accept).toBe("*/*");
      expect(head.headers["accept-encoding"]).toBe("gzip, deflate");
      expect(body).toBe("name=é€");
      expect(head.headers["content-length"]).toBe("10");
    });

    test("a User-Agent only when one is given", async () => {
      const server = await serve(json("{}"));
      await send()(post(server.url));
      await createNodeSend(10_000, 4, "edis-global/9.9.9 (test)")(post(server.url));
      expect(server.seen.map((s) => s.head.headers["user-agent"])).toEqual([undefined, "edis-global/9.9.9 (test)"]);
    });

    /** The bytes of the first request a server on `host` receives, answered with `{}`. */
    async function firstRequestBytes(host: string, send: (url: string) => Promise<unknown>): Promise<string> {
      let raw = "";
      let seen: (text: string) => void = () => undefined;
      const received = new Promise<string>((resolve) => (seen = resolve));
      const server = createTcpServer((socket) => {
        socket.on("data", (chunk: Buffer) => {
          raw += chunk.toString("latin1");
          const end = raw.indexOf("\r\n\r\n");
          const length = Number(/\r\ncontent-length: (\d+)\r\n/iu.exec(raw)?.[1] ?? Number.NaN);
          if (end < 0 || raw.length < end + 4 + length) return;
          socket.end("HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{}");
          seen(raw);
        });
      });
      await new Promise<void>((resolve) => server.listen(0, host, resolve));
      try {
        const { port } = server.address() as AddressInfo;
        await send(`http://${host.includes(":") ? `[${host}]` : host}:${port}`);
        return await received;
      } finally {
        await new Promise((resolve) => server.close(resolve));
      }
    }

    test.each([
      ["127.0.0.1", (port: number) => `127.0.0.1:${port}`],
      ["::1", (port: number) => `[::1]:${port}`],
    ])("the request head byte for byte, to %s: its lines in this order and case, Host as the URL names the host", async (host, hostHeader) => {
      let port = 0;
      const raw = await firstRequestBytes(host, (url) => {
        port = Number(new URL(url).port);
        return createNodeSend(10_000, 4, "edis-global/9.9.9 (test)")(post(`${url}/get/ptr?x=1`, "a=1&b=%C3%A9"));
      });
      expect(raw).toBe(
        "POST /get/ptr?x=1 HTTP/1.1\r\n" +
          "content-type: application/x-www-form-urlencoded\r\n" +
          "content-length: 12\r\n" +
          "accept: */*\r\n" +
          "accept-encoding: gzip, deflate\r\n" +
          "user-agent: edis-global/9.9.9 (test)\r\n" +
          `Host: ${hostHeader(port)}\r\n` +
          "Connection: keep-alive\r\n" +
          "\r\n" +
          "a=1&b=%C3%A9",
      );
    });

    test("https names the host in SNI, and an IP literal not at all, as node:http does", async () => {
      const names: string[] = [];
      const context = createSecureContext(SELF_SIGNED);
      const tls = createTlsServer({
        ...SELF_SIGNED,
        SNICallback: (name, done) => {
          names.push(name);
          done(null, context);
        },
      });
      const server = await serve(json("{}"), tls);
      // The certificate is self-signed, so both fail after the hello; the hello is what is looked at.
      await expect(send()(post(server.url))).rejects.toThrow(TypeError);
      expect(names).toEqual([]);
      await expect(send()(post(server.url.replace("127.0.0.1", "localhost")))).rejects.toThrow(TypeError);
      expect(names).toEqual(["localhost"]);
    });

    test("a header the answer does not have reads as null, as Headers.get reads it", async () => {
      const server = await serve(json("{}"));
      expect((await send()(post(server.url))).headers.get("location")).toBeNull();
    });

    test("an IPv6 literal host is reached without its brackets", async () => {
      const server = createServer((_req, res) => res.end('{"v6":true}'));
      await new Promise<void>((resolve) => server.listen(0, "::1", resolve));
      try {
        const answer = await send()(post(`http://[::1]:${(server.address() as AddressInfo).port}/x`));
        expect(answer.text).toBe('{"v6":true}');
      } finally {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      }
    });

    test("two Set-Cookie headers read as one, joined as Headers.get joins them", async () => {
      const server = await serve((res) => {
        res.setHeader("set-cookie", ["a=1", "b=2"]);
        res.end("{}");
      });
      expect((await send()(post(server.url))).headers.get("Set-Cookie")).toBe("a=1, b=2");
    });
  });

  describe("the signal", () => {
    test("one already aborted rejects with its reason and nothing is sent", async () => {
      const server = await serve(json("{}"));
      const controller = new AbortController();
      const reason = new Error("already gone");
      controller.abort(reason);
      const sender = send();
      await expect(sender(post(server.url, "aborted=1", controller.signal))).rejects.toBe(reason);
      await sender(post(server.url, "after=1"));
      expect(server.seen.map((s) => s.body)).toEqual(["after=1"]);
    });

    test("no abort listener is left on the signal after an answer or a failure", async () => {
      const server = await serve(json("{}"));
      const signal = new AbortController().signal;
      await send()(post(server.url, "a=1", signal));
      expect(getEventListeners(signal, "abort")).toHaveLength(0);
      const url = server.url;
      await closeLast();
      await send()(post(url, "a=1", signal)).catch(() => undefined);
      expect(getEventListeners(signal, "abort")).toHaveLength(0);
    });
  });

  describe("content codings", () => {
    const text = JSON.stringify({ status: "success", data: "x".repeat(300) });
    const coded = async (coding: string, body: Buffer) => {
      const server = await serve((res) => {
        res.writeHead(200, { "content-encoding": coding });
        res.end(body);
      });
      return send()(post(server.url));
    };

    test.each([
      ["x-gzip", gzipSync(text)],
      ["GZIP", gzipSync(text)],
      ["identity", Buffer.from(text)],
      ["gzip, identity", gzipSync(text)],
      ["gzip,", gzipSync(text)],
      // Applied in the order listed, so decoded last first.
      ["deflate, gzip", gzipSync(deflateSync(text))],
      ["gzip, br", brotliCompressSync(gzipSync(text))],
    ])("%s is decoded", async (coding, body) => {
      expect((await coded(coding, body)).text).toBe(text);
    });

    test.each(["zstd", "gzip, zstd", "compress"])("%s, which fetch does not decode, is the body as sent", async (coding) => {
      expect((await coded(coding, Buffer.from(text))).text).toBe(text);
    });

    const varied = JSON.stringify(Array.from({ length: 400 }, (_, i) => (i * 7919) % 10007));
    test.each([
      ["gzip", gzipSync(varied)],
      ["br", brotliCompressSync(varied)],
    ])("a %s body cut short yields what was decoded of it, as fetch does", async (coding, body) => {
      const answer = await coded(coding, body.subarray(0, body.length - 20));
      expect(answer.text.length).toBeLessThan(varied.length);
      expect(answer.text.length).toBeGreaterThan(0);
      expect(varied.startsWith(answer.text)).toBe(true);
    });

    test("a broken body's failure says terminated, with zlib's error as its cause", async () => {
      const error = await coded("deflate", Buffer.from("not deflate")).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TypeError);
      expect((error as Error).message).toBe("terminated");
    });
  });

  describe("answers cut short and declared too large", () => {
    // Headers promising 4096 bytes, part of the body, then the connection closed.
    const cutShort = () => serve((res, seen) => closeMidBody()(res, seen.head, undefined as never));

    test("a body that ends before its Content-Length is 'terminated', its cause fetch's 'other side closed'", async () => {
      const server = await cutShort();
      const error = await send()(post(server.url)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TypeError);
      expect((error as Error).message).toBe("terminated");
      expect((error as { cause: Error & { code: string } }).cause).toMatchObject({ message: "other side closed", code: "UND_ERR_SOCKET" });
    });

    test("a declared length over the cap fails before reading: ResponseTooLarge, though the body then ends short", async () => {
      const server = await cutShort();
      const error = await send(100)(post(server.url)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ResponseTooLarge);
    });

    test("a coded answer counts its decoded bytes, not its declared length", async () => {
      // Random bytes do not compress: the gzip text is longer than the 100 bytes it decodes to.
      const decoded = Buffer.from(Array.from({ length: 100 }, (_, i) => 33 + ((i * 7919) % 90)));
      const body = gzipSync(decoded, { level: 0 });
      expect(body.length).toBeGreaterThan(100);
      const server = await serve((res) => {
        res.writeHead(200, { "content-encoding": "gzip", "content-length": String(body.length) });
        res.end(body);
      });
      expect((await send(100)(post(server.url))).text).toBe(decoded.toString());
    });

    test("a refused connection says request failed", async () => {
      const server = await serve(json("{}"));
      const url = server.url;
      await closeLast();
      const error = await send()(post(url)).catch((e: unknown) => e);
      expect((error as Error).message).toBe("request failed");
    });
  });
});
