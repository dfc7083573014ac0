/**
 * The node:http transport, written against the mutants that survived its first Stryker run:
 * which runtimes count as Node, the headers it sends and reads, an IPv6 host, a signal aborted
 * before the call or left behind after it, every content coding fetch decodes (and the ones it
 * does not), a body cut short, and a declared length over the cap refused before reading.
 */
import { getEventListeners } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { brotliCompressSync, deflateSync, gzipSync } from "node:zlib";
import { afterEach, describe, expect, test } from "vitest";
import { createNodeSend, isNode } from "../src/node-transport.js";
import { ResponseTooLarge } from "../src/transport.js";
import { closeMidBody } from "../test-support/fault-answers.js";
import { closeLast, closeServers, json, serve } from "../test-support/loopback-server.js";

afterEach(closeServers);

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
