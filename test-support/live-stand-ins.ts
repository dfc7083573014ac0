/**
 * Loopback stand-ins of the three EDIS hosts (session, rDNS, the VPS's api host) for the
 * contract:live tests: each answers an operation of the spec at its path with the spec's
 * documented 200 example, or with the body a test puts in `overrides`, and records what
 * arrived. They listen on 127.0.0.1, port 0, for the whole file; every test starts with no
 * overrides and nothing received.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { type OperationSpec, operationTable } from "../generated/operations.js";
import { createSpecValidator } from "../scripts/lib/spec-validator.js";

export const validator = createSpecValidator();
export const ops: OperationSpec[] = Object.values(operationTable);
export const opAt = new Map(ops.map((op) => [op.path, op]));
/** The reads contract:live sends with a session. */
export const reads = ops.filter((op) => op.retrySafe && op.auth === "session");

export type HostName = "session" | "rdns" | "api";
export interface Received {
  host: HostName;
  path: string;
  form: URLSearchParams;
}

export interface LiveStandIns {
  /** Base URL of each stand-in. */
  readonly hosts: Record<HostName, string>;
  /** The requests that reached the stand-ins in this test, in order. */
  readonly received: Received[];
  /** Bodies that replace the documented example of an operation, by operationId. */
  overrides: Record<string, unknown>;
}

/** Starts the stand-ins before the file's tests and stops them after; resets them before each test. */
export function useLiveStandIns(): LiveStandIns {
  const live: LiveStandIns = { hosts: {} as Record<HostName, string>, received: [], overrides: {} };
  const { hosts, received } = live;
  const servers: ReturnType<typeof createServer>[] = [];

  beforeAll(async () => {
    for (const host of ["session", "rdns", "api"] as const) {
      const server = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on("data", (chunk: Buffer) => chunks.push(chunk));
        req.on("end", () => {
          const path = req.url ?? "/";
          received.push({ host, path, form: new URLSearchParams(Buffer.concat(chunks).toString("utf8")) });
          const op = opAt.get(path);
          if (!op) {
            res.writeHead(404).end();
            return;
          }
          const body = op.operationId in live.overrides ? live.overrides[op.operationId] : validator.example(op.operationId, 200);
          res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
        });
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      hosts[host] = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      servers.push(server);
    }
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  });
  beforeEach(() => {
    live.overrides = {};
    received.length = 0;
  });
  return live;
}
