/**
 * A loopback stand-in for the EDIS hosts that misbehaves on purpose, for the reliability
 * suite. The auth path hands out sessions (a fresh signature per auth); every other path is
 * answered by the faults a test scripts for it, one per request in order, the last one
 * repeating. Each request is recorded with its arrival time, so tests count attempts and
 * measure waits on the server side, and each exchange is tracked until its response is
 * finished or its connection is gone, so a test can assert that the client left none hanging.
 */
import { type IncomingMessage, type ServerResponse, createServer } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { performance } from "node:perf_hooks";
import { brotliCompressSync, constants as zlib, deflateSync, gzipSync } from "node:zlib";
import { type EdisClient, type EdisClientOptions, createEdisClient } from "../src/index.js";

import { AUTH_PATH, EMAIL, KVM_ID, TRICKY_PASSWORD } from "./fixtures.js";
import { transportOptions } from "./transport.js";

export { AUTH_PATH, EMAIL };
export const KVM = KVM_ID;
/** The account password every client of this server uses: characters that break naive encoders. */
export const ACCOUNT_PASSWORD = TRICKY_PASSWORD;
/** Signatures are `<SIGNATURE_PREFIX><n>` for the n-th auth. */
export const SIGNATURE_PREFIX = "sig-f4ult-0123456789abcdef-";

/** One request as it arrived. */
export interface Arrival {
  readonly path: string;
  readonly body: string;
  readonly form: URLSearchParams;
  /** `performance.now()` when its body had arrived. */
  readonly at: number;
}

/** How the server treats one request. */
export type Fault = (res: ServerResponse, req: IncomingMessage, arrival: Arrival) => void;

export interface FaultServer {
  readonly url: string;
  readonly arrivals: Arrival[];
  /** Requests that arrived for `path`. */
  to(path: string): Arrival[];
  /** Answers the next requests to `path` with `faults`, in order; the last one repeats. */
  script(path: string, ...faults: Fault[]): void;
  /** A client of this server (all three hosts overridden, fast backoff, the suite's transport). */
  client(options?: Partial<EdisClientOptions>): EdisClient;
  /** Resolves once every exchange is finished or closed; rejects naming those the client left open. */
  settled(): Promise<void>;
  close(): Promise<void>;
}

const SETTLE_MS = 10_000;

/** A JSON answer. */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): Fault {
  return (res) => {
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(JSON.stringify(body));
  };
}

/** An answer in any content type, as given (an HTML error page, broken JSON). */
export function raw(status: number, body: string, contentType: string): Fault {
  return (res) => {
    res.writeHead(status, { "content-type": contentType });
    res.end(body);
  };
}

/** The connection is reset (RST) as soon as the request has arrived: no status, no headers. */
export function resetBeforeHeaders(): Fault {
  return (_res, req) => {
    req.socket.resetAndDestroy();
  };
}

/**
 * Headers and part of a body that promises more, then a reset. The pause lets the client read
 * the headers first, so that the reset hits the body.
 */
export function resetMidBody(): Fault {
  return (res, req) => {
    res.writeHead(200, { "content-type": "application/json", "content-length": "4096" });
    res.write('{"status":"success","records":[', () => {
      setTimeout(() => req.socket.resetAndDestroy(), 25);
    });
  };
}

/** Headers and part of a body that promises more, then the connection is closed (FIN). */
export function closeMidBody(): Fault {
  return (res, req) => {
    res.writeHead(200, { "content-type": "application/json", "content-length": "4096" });
    res.write('{"status":"success","records":[', () => req.socket.end());
  };
}

/** Nothing at all: the headers never come. */
export function noAnswer(): Fault {
  return () => undefined;
}

/** Headers and the start of a body, then nothing more. */
export function stalledBody(): Fault {
  return (res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.write('{"status":"succ');
  };
}

/**
 * A 200 whose JSON body is `bytes` long, streamed in chunks without a Content-Length (so only
 * counting while reading can catch it), with backpressure; it stops when the client hangs up.
 */
export function oversizedBody(bytes: number): Fault {
  const head = '{"status":"success","records":[],"padding":"';
  const tail = '"}';
  const chunk = "x".repeat(64 * 1024);
  return (res) => {
    res.writeHead(200, { "content-type": "application/json" });
    let left = bytes - head.length - tail.length;
    res.write(head);
    const pump = (): void => {
      while (left > 0 && !res.destroyed) {
        const piece = left >= chunk.length ? chunk : chunk.slice(0, left);
        left -= piece.length;
        if (!res.write(piece)) {
          res.once("drain", pump);
          return;
        }
      }
      if (!res.destroyed) res.end(tail);
    };
    pump();
  };
}

/** The content codings undici decodes, and how to make each. */
const ENCODERS = {
  gzip: (body: Buffer) => gzipSync(body),
  deflate: (body: Buffer) => deflateSync(body),
  // A middling quality: the bomb is as small at a tenth of the time of the default 11.
  br: (body: Buffer) => brotliCompressSync(body, { params: { [zlib.BROTLI_PARAM_QUALITY]: 5 } }),
} as const;
export type ContentCoding = keyof typeof ENCODERS;

/**
 * A compression bomb: a 200 whose JSON body inflates to `decodedBytes` (zeros as padding), sent
 * compressed with `Content-Encoding` and a `Content-Length` that states the small compressed
 * size. Made once per call of this function, so a scenario pays for the compression once.
 */
export function compressionBomb(coding: ContentCoding, decodedBytes: number): { fault: Fault; encodedBytes: number } {
  const head = '{"status":"success","records":[],"padding":"';
  const tail = '"}';
  const body = Buffer.alloc(decodedBytes, "0");
  body.write(head, 0);
  body.write(tail, decodedBytes - tail.length);
  const encoded = ENCODERS[coding](body);
  const fault: Fault = (res) => {
    res.writeHead(200, { "content-type": "application/json", "content-encoding": coding, "content-length": String(encoded.length) });
    res.end(encoded);
  };
  return { fault, encodedBytes: encoded.length };
}

/**
 * A redirect to `location`, with a small JSON body as servers send; a function gets the
 * request, so a careless server can put what it received into the Location.
 */
export function redirect(status: number, location: string | ((arrival: Arrival) => string)): Fault {
  return (res, req, arrival) =>
    json(status, { status: "error", error: "moved" }, { location: typeof location === "string" ? location : location(arrival) })(res, req, arrival);
}

/**
 * An answer that repeats what the request carried, as careless servers and proxies do: the
 * raw form body and every decoded value.
 * - `json`: a well-formed JSON error body;
 * - `status-error`: the same with status 200 and `status: "error"`;
 * - `naive-json`: JSON pasted together without escaping, so a quote in a value breaks it
 *   right next to that value;
 * - `text`: plain text, the decoded values first, last field first (as error pages that list
 *   the offending fields do).
 */
export function echo(status: number, style: "json" | "status-error" | "naive-json" | "text"): Fault {
  return (res, req, arrival) => {
    const values = [...arrival.form.values()].join(" | ");
    switch (style) {
      case "json":
      case "status-error":
        return json(style === "json" ? status : 200, { status: "error", error: `rejected ${values}`, message: `request was ${arrival.body}` })(
          res,
          req,
          arrival,
        );
      case "naive-json":
        return raw(status, `{"status":"error","error":"rejected ${values}"}`, "application/json")(res, req, arrival);
      case "text":
        return raw(status, `${[...arrival.form.values()].reverse().join(" | ")}\n${arrival.body}`, "text/plain")(res, req, arrival);
    }
  };
}

/** Starts a fault server on a free loopback port. Close it in the test that started it. */
export async function startFaultServer(): Promise<FaultServer> {
  const sockets = new Set<Socket>();
  const open = new Set<{ path: string }>();
  const scripts = new Map<string, { faults: Fault[]; next: number }>();
  const arrivals: Arrival[] = [];
  let auths = 0;

  const sessions: Fault = (res, req, arrival) => {
    auths++;
    const kvm = arrival.form.get("kvm_id") ?? KVM;
    json(200, {
      status: "success",
      data: {
        [kvm]: { kvm_id: kvm, signature: `${SIGNATURE_PREFIX}${auths}`, api_host: "123456.edisglobal.com", valid_until: Math.floor(Date.now() / 1000) + 3600 },
      },
    })(res, req, arrival);
  };

  const server = createServer((req, res) => {
    const exchange = { path: req.url ?? "" };
    open.add(exchange);
    res.on("close", () => open.delete(exchange));
    // The server ends up writing to connections the client has dropped; that is the point.
    res.on("error", () => undefined);
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("error", () => undefined);
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const arrival: Arrival = { path: exchange.path, body, form: new URLSearchParams(body), at: performance.now() };
      arrivals.push(arrival);
      const scripted = scripts.get(exchange.path);
      if (scripted) {
        const fault = scripted.faults[Math.min(scripted.next, scripted.faults.length - 1)]!;
        scripted.next++;
        fault(res, req, arrival);
      } else if (exchange.path === AUTH_PATH) {
        sessions(res, req, arrival);
      } else {
        json(404, { status: "error", error: `nothing scripted for ${exchange.path}` })(res, req, arrival);
      }
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    arrivals,
    to: (path) => arrivals.filter((a) => a.path === path),
    script(path, ...faults) {
      scripts.set(path, { faults, next: 0 });
    },
    client: (options = {}) =>
      createEdisClient({
        email: EMAIL,
        password: ACCOUNT_PASSWORD,
        hosts: { session: url, rdns: url, api: url, order: url },
        retryDelayMs: 1,
        ...transportOptions(),
        ...options,
      }),
    async settled() {
      const deadline = Date.now() + SETTLE_MS;
      while (open.size > 0) {
        if (Date.now() > deadline) {
          throw new Error(`the client left ${open.size} exchange(s) open: ${[...open].map((e) => e.path).join(", ")}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    },
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Runs `scenario` against a fresh fault server and always closes it. */
export async function withFaultServer<T>(scenario: (server: FaultServer) => Promise<T>): Promise<T> {
  const server = await startFaultServer();
  try {
    return await scenario(server);
  } finally {
    await server.close();
  }
}
