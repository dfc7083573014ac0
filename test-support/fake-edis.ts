/**
 * A loopback stand-in for the EDIS hosts, for unit tests of the client: it answers the auth
 * path with sessions, every other path with what the test says, and records each request.
 */
import { type IncomingHttpHeaders, type ServerResponse, createServer } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { type EdisClient, type EdisClientOptions, createEdisClient } from "../src/index.js";
import { AUTH_PATH, KVM_ID, TRICKY_PASSWORD } from "./fixtures.js";

export const KVM = KVM_ID;
export const SIGNATURE = "sig-0123456789abcdef0123456789abcdef";
export const PASSWORD = TRICKY_PASSWORD;

export interface Received {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  readonly form: URLSearchParams;
}

export type Reply = (req: Received, res: ServerResponse) => void;

export interface FakeEdis {
  readonly url: string;
  readonly received: Received[];
  /** Requests to `path`. */
  to(path: string): Received[];
  /** Answers for non-auth paths, used in order; the last one repeats. */
  replies: Reply[];
  /** The session entries auth hands out (a fresh signature per auth: `<SIGNATURE>-<n>`). */
  session: { api_host: string; valid_until: number };
  /** Answer for the auth path instead of sessions, when set. */
  authReply: Reply | undefined;
  /** Told the number of open connections each time one opens. */
  onConnection: ((open: number) => void) | undefined;
  client(options?: Partial<EdisClientOptions>): EdisClient;
  close(): Promise<void>;
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Reply {
  return (_req, res) => {
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(JSON.stringify(body));
  };
}

export function text(status: number, body: string, contentType = "text/html"): Reply {
  return (_req, res) => {
    res.writeHead(status, { "content-type": contentType });
    res.end(body);
  };
}

export async function startFakeEdis(): Promise<FakeEdis> {
  const sockets = new Set<Socket>();
  let auths = 0;
  const fake: FakeEdis = {
    url: "",
    received: [],
    to: (path) => fake.received.filter((r) => r.path === path),
    replies: [json(200, { status: "success", records: [] })],
    session: { api_host: "123456.edisglobal.com", valid_until: Math.floor(Date.now() / 1000) + 3600 },
    authReply: undefined,
    onConnection: undefined,
    client: (options = {}) =>
      createEdisClient({
        email: "owner@example.com",
        password: PASSWORD,
        hosts: { session: fake.url, rdns: fake.url, api: fake.url, order: fake.url },
        retryDelayMs: 1,
        ...options,
      }),
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
  let replyIndex = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const received: Received = { path: req.url ?? "", headers: req.headers, body, form: new URLSearchParams(body) };
      fake.received.push(received);
      if (received.path === AUTH_PATH) {
        if (fake.authReply) return fake.authReply(received, res);
        auths++;
        const kvm = received.form.get("kvm_id") ?? KVM;
        return json(200, {
          status: "success",
          data: { [kvm]: { kvm_id: kvm, signature: `${SIGNATURE}-${auths}`, ...fake.session } },
        })(received, res);
      }
      const reply = fake.replies[Math.min(replyIndex, fake.replies.length - 1)]!;
      replyIndex++;
      reply(received, res);
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    fake.onConnection?.(sockets.size);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  (fake as { url: string }).url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}
