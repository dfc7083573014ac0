/**
 * The simulator over HTTP (`sim.listen`): a node:http server on 127.0.0.1 (Node, Bun and Deno
 * all have it), loaded only when a test or `edis simulate` asks, so that the simulator itself
 * imports nothing of Node. Each host is a path prefix: `/session`, `/rdns`, `/api`, `/order`;
 * a path without one goes to the host that serves it. A dropped connection destroys the socket.
 */
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { operationTable } from "../../generated/table.js";
import type { OperationSpec } from "../operation-spec.js";
import type { EdisSimulatorHost, Outcome } from "./context.js";

const HOSTS: readonly EdisSimulatorHost[] = ["session", "rdns", "api", "order"];

/** The host a path without a prefix goes to: the one whose operation has that path. */
function hostOfPath(path: string): EdisSimulatorHost | undefined {
  return (Object.values(operationTable) as OperationSpec[]).find((op) => op.path === path)?.host;
}

/** The host and the path of the API of a request path. */
export function routePath(path: string): { host: EdisSimulatorHost | undefined; path: string } {
  const prefix = HOSTS.find((h) => path === `/${h}` || path.startsWith(`/${h}/`));
  if (prefix) return { host: prefix, path: path.slice(prefix.length + 1) || "/" };
  return { host: hostOfPath(path), path };
}

type Handle = (host: EdisSimulatorHost | undefined, vpsHost: string | undefined, request: Request) => Promise<Outcome>;

/**
 * The most of a request body the server reads: EDIS's requests are short forms (the client
 * splits long PTR lists), so anything larger is refused with 413 rather than held in memory,
 * whoever on the machine sends it.
 */
export const MAX_REQUEST_BYTES = 1024 * 1024;

class BodyTooLarge extends Error {}

async function toRequest(req: IncomingMessage, path: string): Promise<Request> {
  // Read by events, not for-await: leaving a for-await early would destroy the socket before
  // the 413 is written; this way the rest of the body is discarded while the answer goes out.
  const chunks = await new Promise<Buffer[]>((resolve, reject) => {
    const read: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_REQUEST_BYTES) return void read.push(chunk);
      req.off("data", onData);
      req.resume();
      reject(new BodyTooLarge(`request body over ${MAX_REQUEST_BYTES} bytes`));
    };
    req.on("data", onData);
    req.once("end", () => resolve(read));
    req.once("error", reject);
  });
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === "string") headers.set(name, value);
    else if (Array.isArray(value)) for (const v of value) headers.append(name, v);
  }
  const body = req.method === "GET" || req.method === "HEAD" ? undefined : Buffer.concat(chunks);
  return new Request(`http://127.0.0.1${path}`, { method: req.method ?? "GET", headers, ...(body ? { body } : {}) });
}

async function reply(res: ServerResponse, response: Response): Promise<void> {
  const body = Buffer.from(await response.arrayBuffer());
  res.writeHead(response.status, Object.fromEntries(response.headers));
  res.end(body);
}

/** Starts the server on `port` (0: any free one). */
export async function serve(port: number, handle: Handle): Promise<{ port: number; close(): Promise<void> }> {
  // A specifier that is not a literal: a bundler for a runtime without node:http (Wrangler for
  // workerd) leaves it alone instead of failing the build; only listen() ever loads it.
  const nodeHttp = "node:http";
  const { createServer } = (await import(/* @vite-ignore */ nodeHttp)) as typeof import("node:http");
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    const route = routePath(new URL(req.url ?? "/", "http://127.0.0.1").pathname);
    toRequest(req, route.path)
      .then((request) => handle(route.host, undefined, request))
      .then((outcome) => (outcome.kind === "drop" ? void req.socket.destroy() : reply(res, outcome.response)))
      .catch((error: unknown) => {
        // strict: the violation is recorded; over HTTP it is a 400 with the reason, not a crash of the server.
        if (!res.headersSent) {
          // Told before the rest of a body too large is read: the connection closes after it.
          res.writeHead(error instanceof BodyTooLarge ? 413 : 400, {
            "content-type": "text/plain; charset=utf-8",
            ...(error instanceof BodyTooLarge ? { connection: "close" } : {}),
          });
          res.end(error instanceof Error ? error.message : String(error));
        } else {
          res.destroy();
        }
      });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  const address = server.address();
  return {
    port: typeof address === "object" && address ? address.port : port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
