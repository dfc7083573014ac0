/**
 * A loopback stand-in for the EDIS hosts that misbehaves on purpose, for the reliability
 * suite. The auth path hands out sessions (a fresh signature per auth); every other path is
 * answered by the faults a test scripts for it (fault-answers.ts), one per request in order,
 * the last one repeating. Each request is recorded with its arrival time, so tests count
 * attempts and measure waits on the server side, and each exchange is tracked until its
 * response is finished or its connection is gone, so a test can assert that the client left
 * none hanging.
 */
import { createServer } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { performance } from "node:perf_hooks";
import { type EdisClient, type EdisClientOptions, createEdisClient } from "../src/index.js";

import { type Arrival, type Fault, json } from "./fault-answers.js";
import { AUTH_PATH, EMAIL, KVM_ID, TRICKY_PASSWORD } from "./fixtures.js";
import { transportOptions } from "./transport.js";

export { AUTH_PATH, EMAIL };
export const KVM = KVM_ID;
/** The account password every client of this server uses: characters that break naive encoders. */
export const ACCOUNT_PASSWORD = TRICKY_PASSWORD;
/** Signatures are `<SIGNATURE_PREFIX><n>` for the n-th auth. */
export const SIGNATURE_PREFIX = "sig-f4ult-0123456789abcdef-";

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
