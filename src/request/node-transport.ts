/**
 * The way out on Node when no `fetch` is given: one POST over node:http or node:https, on a
 * keep-alive agent of the client's own whose sockets are bounded by `maxConcurrentRequests`.
 * It does what the fetch path does (TLS verified, no redirect followed, the caller's signal
 * aborts it, the size cap counts decoded bytes, gzip/deflate/br decoded as fetch decodes them)
 * in about half the time and a third of the CPU (BENCHMARKS.md). The modules are imported on
 * the first request, so that loading the client stays cheap and other runtimes never load them.
 */
import type * as Http from "node:http";
import type * as Zlib from "node:zlib";
import { type Send, SizeCap, type WireHeaders, type WireRequest, type WireResponse } from "./wire.js";

/** True on Node itself (Bun and Deno carry `process.versions.node` too, and keep their fetch). */
export function isNode(): boolean {
  const versions = (globalThis as { process?: { versions?: Record<string, string | undefined> } }).process?.versions;
  return typeof versions?.node === "string" && versions.bun === undefined && versions.deno === undefined && !("Deno" in globalThis);
}

/** An idle kept-alive socket is closed after this long, before a server's usual 5 s would. */
const IDLE_SOCKET_MS = 4_000;

let httpModule: typeof Http | undefined;
let httpsModule: typeof Http | undefined;
let zlibModule: typeof Zlib | undefined;
const loadHttp = async (): Promise<typeof Http> => (httpModule ??= await import("node:http"));
const loadHttps = async (): Promise<typeof Http> => (httpsModule ??= (await import("node:https")) as unknown as typeof Http);
const loadZlib = async (): Promise<typeof Zlib> => (zlibModule ??= await import("node:zlib"));

/** The headers of a node:http answer, read as `Headers.get` reads them. */
class NodeHeaders implements WireHeaders {
  constructor(private readonly raw: Http.IncomingHttpHeaders) {}

  get(name: string): string | null {
    const value = this.raw[name.toLowerCase()];
    if (value === undefined) return null;
    return Array.isArray(value) ? value.join(", ") : value;
  }
}

/** A failure to exchange, shaped as fetch's: a TypeError whose cause is the socket's error (its `code` names it). */
function networkError(message: string, cause: unknown): TypeError {
  return new TypeError(message, { cause });
}

/**
 * The server closed the connection before the body was whole (node:http says "aborted", with
 * ECONNRESET, though nothing was reset): named as fetch names it, so the message is the same
 * on either transport.
 */
function closedEarly(): Error {
  return Object.assign(new Error("other side closed"), { code: "UND_ERR_SOCKET" });
}

/** A sender over node:http(s) that reads at most `maxResponseBytes` of decoded body; `userAgent` is its User-Agent header, when given. */
export function createNodeSend(maxResponseBytes: number, maxSockets: number, userAgent?: string): Send {
  const agents: { http?: Http.Agent; https?: Http.Agent } = {};
  // The URLs are few (a host or two, a path per operation): each is parsed once, into the
  // parts node:http takes (a URL's getters are not free, and they were read per request).
  const parsed = new Map<string, Target>();
  return async (request) => {
    let url = parsed.get(request.url);
    if (url === undefined) {
      url = targetOf(new URL(request.url));
      if (parsed.size < 256) parsed.set(request.url, url);
    }
    const secure = url.protocol === "https:";
    const mod = secure ? (httpsModule ?? (await loadHttps())) : (httpModule ?? (await loadHttp()));
    const kind = secure ? "https" : "http";
    let agent = agents[kind];
    if (!agent) {
      agent = new mod.Agent({ keepAlive: true, maxSockets, timeout: IDLE_SOCKET_MS });
      agents[kind] = agent;
    }
    // A string goes out as it is: node:http writes it in one piece with the headers, where a
    // Buffer would take a second (writev) write.
    const body = typeof request.body === "string" ? request.body : Buffer.from(await request.body.arrayBuffer());
    return exchange(mod, agent, url, request, body, maxResponseBytes, userAgent);
  };
}

/** Where a request goes, as node:http's options name it. */
interface Target {
  readonly protocol: string;
  readonly hostname: string;
  readonly port: string;
  readonly path: string;
}

function targetOf(url: URL): Target {
  return {
    protocol: url.protocol,
    hostname: url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname,
    port: url.port,
    path: url.pathname + url.search,
  };
}

function exchange(
  mod: typeof Http,
  agent: Http.Agent,
  url: Target,
  request: WireRequest,
  body: string | Buffer,
  limit: number,
  userAgent: string | undefined,
): Promise<WireResponse> {
  const { signal } = request;
  return new Promise<WireResponse>((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    let settled = false;
    const finish = (): void => {
      settled = true;
      signal.removeEventListener("abort", onAbort);
    };
    const fail = (error: unknown): void => {
      if (settled) return;
      finish();
      req.destroy();
      reject(error);
    };
    const onAbort = (): void => fail(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });

    const req = mod.request({
      protocol: url.protocol,
      hostname: url.hostname,
      port: url.port,
      path: url.path,
      method: "POST",
      agent,
      headers: {
        "content-type": request.contentType,
        "content-length": Buffer.byteLength(body),
        accept: "*/*",
        "accept-encoding": "gzip, deflate",
        ...(userAgent === undefined ? {} : { "user-agent": userAgent }),
      },
    });
    req.on("error", (error) => fail(networkError("request failed", error)));
    req.on("response", (res) => {
      read(res, limit, fail).then((text) => {
        if (settled) return;
        finish();
        resolve({ status: res.statusCode ?? 0, headers: new NodeHeaders(res.headers), text });
      }, fail);
    });
    req.end(body);
  });
}

/** A decoder for each content coding, last applied first; none (the body as sent) if one is unknown, as fetch does. */
function decoders(zlib: typeof Zlib, coding: string): Zlib.Gunzip[] | undefined {
  // Lenient at the end, as fetch is: a body cut short yields what was decoded of it.
  const lenient = { flush: zlib.constants.Z_SYNC_FLUSH, finishFlush: zlib.constants.Z_SYNC_FLUSH };
  const out: Zlib.Gunzip[] = [];
  for (const name of coding.toLowerCase().split(",").reverse()) {
    const c = name.trim();
    if (c === "gzip" || c === "x-gzip") out.push(zlib.createGunzip(lenient));
    else if (c === "deflate") out.push(zlib.createInflate(lenient));
    else if (c === "br")
      out.push(zlib.createBrotliDecompress({ flush: zlib.constants.BROTLI_OPERATION_FLUSH, finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH }));
    else if (c !== "identity" && c !== "") return undefined;
  }
  return out;
}

/**
 * The body of `res` as text, decoded, counted as it comes out of the decoders: past `limit` it
 * fails at once and nothing more is read or inflated. An answer without a content coding over
 * the cap by its Content-Length fails before any of it is read.
 */
async function read(res: Http.IncomingMessage, limit: number, fail: (error: unknown) => void): Promise<string> {
  const coding = res.headers["content-encoding"];
  const cap = new SizeCap(res.statusCode ?? 0, limit, res.headers["content-length"], coding !== undefined);
  const chain = coding === undefined ? [] : (decoders(zlibModule ?? (await loadZlib()), coding) ?? []);
  return new Promise<string>((resolve) => {
    const chunks: Buffer[] = [];
    let ended = false;
    const stop = (error: unknown): void => {
      for (const decoder of chain) decoder.destroy();
      res.destroy();
      fail(error);
    };
    res.on("error", (error) => stop(networkError("terminated", (error as Error).message === "aborted" ? closedEarly() : error)));
    res.on("close", () => {
      if (!ended && !res.complete) stop(networkError("terminated", closedEarly()));
    });
    let out: NodeJS.ReadableStream = res;
    for (const decoder of chain) {
      decoder.on("error", (error) => stop(networkError("terminated", error)));
      out = out.pipe(decoder);
    }
    out.on("data", (chunk: Buffer) => {
      const tooLarge = cap.add(chunk.length);
      if (tooLarge) {
        stop(tooLarge);
        return;
      }
      chunks.push(chunk);
    });
    out.on("end", () => {
      ended = true;
      const text = Buffer.concat(chunks, cap.seen).toString("utf8");
      // As fetch's text decoder does, a byte order mark is not part of the text.
      resolve(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
    });
  });
}
