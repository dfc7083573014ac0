/**
 * What the benchmark's server (scripts/lib/bench-server.ts) and its clients agree on: the one
 * VPS, its session, the name of every record, and how to start the server as a child process.
 */
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

export const KVM = "kvm_123456_789012";
export const SIGNATURE = "12345678901234567890123456789012345678901234567890";
export const API_HOST = "123456.edisglobal.com";
export const VALID_UNTIL = 4102444800;
/** The name every record of this server has. */
export const PTR_NAME = "host.example.com";

/** The two addresses each benchmarked call asks for, and the records it must return. */
export const IPS = ["192.0.2.1", "2001:db8::1"];
export const RECORDS = IPS.map((ip) => ({ ip, ptr_record: PTR_NAME }));

/** node with tsx's loader, to run a TypeScript file of scripts/ as a child process. */
export const TSX_NODE = [process.execPath, "--import", "tsx"] as const;

export interface BenchServer {
  readonly url: string;
  /** Requests answered since the last call. */
  requests(): Promise<number>;
  /** The last request answered, as it arrived: request line, header lines (in order, as cased), body. */
  lastRequest(): Promise<{ line: string; headers: string[]; body: string } | null>;
  stop(): void;
}

/** Starts scripts/lib/bench-server.ts as a child process and waits for its port. */
export async function startBenchServer(): Promise<BenchServer> {
  const file = fileURLToPath(new URL("./bench-server.ts", import.meta.url));
  const child = spawn(TSX_NODE[0], [...TSX_NODE.slice(1), file], { stdio: ["pipe", "pipe", "inherit"] });
  const line = await new Promise<string>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`the bench server exited (${code})`)));
    createInterface({ input: child.stdout! }).once("line", resolve);
  });
  const url = `http://127.0.0.1:${(JSON.parse(line) as { port: number }).port}`;
  return {
    url,
    requests: async () => ((await (await fetch(`${url}/stats`)).json()) as { requests: number }).requests,
    lastRequest: async () => (await (await fetch(`${url}/last`)).json()) as { line: string; headers: string[]; body: string } | null,
    stop: () => {
      child.stdin!.end();
      child.kill();
    },
  };
}
