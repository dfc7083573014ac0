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

async function toRequest(req: IncomingMessage, path: string): Promise<Request> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
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
          res.writeHead(400, { "content-type": "text/plain; charset=utf-8" });
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
