/**
 * The answers the fault server (fault-server.ts) gives when a test scripts a path: each
 * `Fault` misbehaves in one way on purpose (an error status, a reset or closed connection, no
 * answer, a stalled, oversized or compressed body, a redirect, an echo of the request), and
 * `Arrival` is one request as the server received it.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { brotliCompressSync, constants as zlib, deflateSync, gzipSync } from "node:zlib";

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
