/**
 * The way out on Node when no `fetch` is given: one POST over node:http or node:https, on a
 * keep-alive agent of the client's own whose sockets are bounded by `maxConcurrentRequests`.
 * It does what the fetch path does (TLS verified, no redirect followed, the caller's signal
 * aborts it, the size cap counts decoded bytes, gzip/deflate/br decoded as fetch decodes them)
 * in about half the time and a third of the CPU (BENCHMARKS.md). The modules are imported on
 * the first request, so that loading the client stays cheap and other runtimes never load them.
 */
import type * as Http from "node:http";
import type { Socket } from "node:net";
import type * as Zlib from "node:zlib";
import { isIP } from "../safety/ip.js";
import { type Send, SizeCap, type WireHeaders, type WireRequest, type WireResponse } from "./wire.js";

/** True on Node itself (Bun and Deno carry `process.versions.node` too, and keep their fetch). */
export function isNode(): boolean {
  const versions = (globalThis as { process?: { versions?: Record<string, string | undefined> } }).process?.versions;
  return typeof versions?.node === "string" && versions.bun === undefined && versions.deno === undefined && !("Deno" in globalThis);
}

/** An idle kept-alive socket is closed after three to four seconds, before a server's usual 5 s would. */
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

/**
 * A sender over node:http(s) that reads at most `maxResponseBytes` of decoded body; `userAgent`
 * is its User-Agent header, when given. A kept-alive socket left idle for between three
 * quarters of `idleMs` and `idleMs` is closed.
 */
export function createNodeSend(maxResponseBytes: number, maxSockets: number, userAgent?: string, idleMs = IDLE_SOCKET_MS): Send {
  const agents: { http?: Http.Agent; https?: Http.Agent } = {};
  const sweep = idleSweep(agents, idleMs);
  // The URLs are few (a host or two, a path per operation): each is parsed once, into the
  // parts node:http takes (a URL's getters are not free, and they were read per request).
  const parsed = new Map<string, Target>();
  // The header lines after Content-Type and Content-Length, the same for every request.
  const fixed = userAgent === undefined ? FETCH_HEADERS : [...FETCH_HEADERS, "user-agent", userAgent];
  return (request) => {
    let url = parsed.get(request.url);
    if (url === undefined) {
      url = targetOf(new URL(request.url));
      if (parsed.size < 256) parsed.set(request.url, url);
    }
    sweep();
    const mod = url.secure ? httpsModule : httpModule;
    // A string goes out as it is: node:http writes it in one piece with the headers, where a
    // Buffer would take a second (writev) write.
    if (mod !== undefined && typeof request.body === "string")
      return exchange(mod, agentFor(mod, url.secure), url, request, request.body, fixed, maxResponseBytes);
    return (async () => {
      const loaded = url.secure ? (httpsModule ?? (await loadHttps())) : (httpModule ?? (await loadHttp()));
      const body = typeof request.body === "string" ? request.body : Buffer.from(await request.body.arrayBuffer());
      return exchange(loaded, agentFor(loaded, url.secure), url, request, body, fixed, maxResponseBytes);
    })();
  };

  function agentFor(mod: typeof Http, secure: boolean): Http.Agent {
    const kind = secure ? "https" : "http";
    let agent = agents[kind];
    if (!agent) {
      agent = new mod.Agent({ keepAlive: true, maxSockets });
      agents[kind] = agent;
    }
    return agent;
  }
}

/**
 * Closing the agents' idle sockets, without a timer per request: node:http's Agent `timeout`
 * option sets a socket timer and a listener again on every request (about 6 % of the CPU of a
 * request, BENCHMARKS.md). Instead a sweep every quarter of `idleMs` closes each free socket
 * that has written nothing over the last three sweeps. The sweeps run only while the agents
 * hold a socket, and never keep the process alive. The function returned starts them again
 * (each request calls it).
 */
function idleSweep(agents: { readonly http?: Http.Agent; readonly https?: Http.Agent }, idleMs: number): () => void {
  let timer: ReturnType<typeof setInterval> | undefined;
  const seen = new WeakMap<Socket, { written: number; sweeps: number }>();
  const run = (): void => {
    let open = 0;
    for (const agent of [agents.http, agents.https]) {
      if (agent === undefined) continue;
      for (const name in agent.freeSockets) {
        for (const socket of agent.freeSockets[name]!) {
          const last = seen.get(socket);
          if (last === undefined || last.written !== socket.bytesWritten) seen.set(socket, { written: socket.bytesWritten, sweeps: 0 });
          else if (++last.sweeps >= 3) {
            socket.destroy();
            continue;
          }
          open++;
        }
      }
      for (const name in agent.sockets) open += agent.sockets[name]!.length;
    }
    if (open === 0) {
      clearInterval(timer);
      timer = undefined;
    }
  };
  return () => {
    if (timer !== undefined) return;
    timer = setInterval(run, idleMs / 4);
    timer.unref();
  };
}

/** What fetch sends besides the body's type and length (the codings are those read() decodes). */
const FETCH_HEADERS: readonly string[] = ["accept", "*/*", "accept-encoding", "gzip, deflate"];

/** Where a request goes, as node:http's options name it, and the two values node:http would work out per request. */
interface Target {
  readonly secure: boolean;
  readonly protocol: string;
  readonly hostname: string;
  readonly port: string;
  readonly path: string;
  /** The Host header node:http writes: the host as the URL names it (an IPv6 one in brackets, a default port left out). */
  readonly host: string;
  /** The TLS server name node:http's agent would take from that Host header: the host name, none ("") for an IP address. */
  readonly servername: string;
}

function targetOf(url: URL): Target {
  const hostname = url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
  return {
    secure: url.protocol === "https:",
    protocol: url.protocol,
    hostname,
    port: url.port,
    path: url.pathname + url.search,
    host: url.host,
    servername: isIP(hostname) ? "" : hostname,
  };
}

/**
 * One POST. The headers go to node:http as one flat list of lines in the order they are written,
 * Host last, as node:http itself would add it; it then adds Connection as before. The bytes on
 * the wire are those node:http writes from a headers object (tests/node-transport.test.ts
 * holds them), without its per-request setHeader and getHeader work on an object of headers,
 * and the agent's reading the TLS server name back out of the Host header.
 */
function exchange(
  mod: typeof Http,
  agent: Http.Agent,
  url: Target,
  request: WireRequest,
  body: string | Buffer,
  fixed: readonly string[],
  limit: number,
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

    const headers = ["content-type", request.contentType, "content-length", String(Buffer.byteLength(body)), ...fixed, "Host", url.host];
    // `servername` is node:https's option (tls.connect's); node:http's agent takes it as given.
    const options: Http.RequestOptions & { servername: string } = {
      protocol: url.protocol,
      hostname: url.hostname,
      port: url.port,
      path: url.path,
      method: "POST",
      agent,
      servername: url.servername,
      headers,
    };
    const req = mod.request(options);
    req.on("error", (error) => fail(networkError("request failed", error)));
    req.on("response", (res) => {
      const done = (text: string): void => {
        if (settled) return;
        finish();
        resolve({ status: res.statusCode ?? 0, headers: new NodeHeaders(res.headers), text });
      };
      const coding = res.headers["content-encoding"];
      if (coding === undefined || zlibModule !== undefined) read(res, coding, limit, done, fail);
      else loadZlib().then(() => read(res, coding, limit, done, fail), fail);
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
 * Reads the body of `res` as text, decoded, counted as it comes out of the decoders, into
 * `done`: past `limit` it fails at once and nothing more is read or inflated. An answer
 * without a content coding over the cap by its Content-Length fails before any of it is read.
 * node:zlib is loaded when `coding` is given.
 */
function read(res: Http.IncomingMessage, coding: string | undefined, limit: number, done: (text: string) => void, fail: (error: unknown) => void): void {
  let cap: SizeCap;
  try {
    cap = new SizeCap(res.statusCode ?? 0, limit, res.headers["content-length"], coding !== undefined);
  } catch (error) {
    fail(error);
    return;
  }
  const chain = coding === undefined ? [] : (decoders(zlibModule!, coding) ?? []);
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
    done(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  });
}
