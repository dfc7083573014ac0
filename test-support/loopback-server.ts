/**
 * Loopback HTTP(S) servers for the node:http transport's tests: each records what arrived and
 * the connections made, answers with the test's handler, and is closed by `closeServers`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import type { WireRequest } from "../src/request/transport.js";

export interface Seen {
  head: IncomingMessage;
  body: string;
  socket: Socket;
}

export type Handler = (res: ServerResponse, seen: Seen) => void;

const servers: Server[] = [];

/** Closes every server `serve` started, and their connections (for afterEach). */
export async function closeServers(): Promise<void> {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve).closeAllConnections())));
}

/** Closes the server started last now, so that its port refuses connections. */
export async function closeLast(): Promise<void> {
  const server = servers.pop();
  if (server) await new Promise((resolve) => server.close(resolve));
}

/** A loopback server answering every request with `handler`; it records what arrived and the connections made. */
export async function serve(handler: Handler, server: Server = createServer()): Promise<{ url: string; seen: Seen[]; connections: () => number }> {
  const seen: Seen[] = [];
  let connections = 0;
  server.on("connection", () => connections++);
  server.on("secureConnection", () => connections++);
  server.on("request", (head: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    head.on("data", (c: Buffer) => chunks.push(c));
    head.on("end", () => {
      const entry = { head, body: Buffer.concat(chunks).toString("utf8"), socket: head.socket };
      seen.push(entry);
      handler(res, entry);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const scheme = "cert" in server ? "https" : "http";
  return { url: `${scheme}://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, connections: () => connections };
}

/** A handler answering 200 with `text` as JSON, and `headers` beside. */
export const json =
  (text: string, headers: Record<string, string> = {}): Handler =>
  (res) => {
    res.writeHead(200, { "content-type": "application/json", ...headers });
    res.end(text);
  };

/** A form POST of `body` to `baseUrl`'s /get/ptr. */
export const request = (baseUrl: string, body: string | Blob = "kvm_id=kvm_1_2&ip=%5B%5D", signal = new AbortController().signal): WireRequest => ({
  url: `${baseUrl}/get/ptr`,
  contentType: "application/x-www-form-urlencoded",
  body,
  signal,
});
