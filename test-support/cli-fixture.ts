/**
 * What the CLI tests share, however they run `edis` (in this process, cli-in-process.ts, or as
 * the bundled binary, cli-process.ts): a loopback fake of the EDIS hosts answering every
 * operation, a temporary cache directory, the environment pointing at both, and the result shape.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { IncomingMessage, ServerResponse } from "node:http";
import { afterEach, beforeEach } from "vitest";
import { operationTable } from "../generated/operations.js";
import { type FakeEdis, KVM, type Received, type Reply, startFakeEdis } from "./fake-edis.js";
import { TRICKY_PASSWORD, EMAIL as FIXTURE_EMAIL } from "./fixtures.js";

export const EMAIL = FIXTURE_EMAIL;
/** Distinctive secrets: a test greps every output for them. */
export const ACCOUNT_PASSWORD = TRICKY_PASSWORD;
export const NEW_PASSWORD = "root-PW-5d8a2e6f";

/** What a run of `edis` printed and its exit code (null: a process ended by a signal). */
export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  /** Variables on top of the base environment (undefined removes one). */
  readonly env?: Record<string, string | undefined>;
  /** Text written to stdin (then closed). */
  readonly input?: string;
}

/** A process environment with nothing of the caller's EDIS_* (or anything else) in it. */
export function cliEnv(fake: FakeEdis | undefined, cacheDir: string, extra: Record<string, string | undefined> = {}): Record<string, string> {
  const env: Record<string, string | undefined> = {
    PATH: process.env.PATH,
    HOME: cacheDir,
    EDIS_EMAIL: EMAIL,
    EDIS_PASSWORD: ACCOUNT_PASSWORD,
    EDIS_CACHE_DIR: cacheDir,
    ...(fake ? { EDIS_SESSION_URL: fake.url, EDIS_RDNS_URL: fake.url, EDIS_API_URL: fake.url, EDIS_ORDER_URL: fake.url } : {}),
    ...extra,
  };
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
}

/** A temporary directory for one test's session cache (and files), removed by `cleanup`. */
export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "edis-cli-"));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

function send(res: ServerResponse<IncomingMessage>, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

/** The JSON `ip` list of a PTR request. */
export function ipsOf(req: Received): string[] {
  return JSON.parse(req.form.get("ip") ?? "[]") as string[];
}

/** The path of an operation, from the generated table. */
export function pathOf(operationId: keyof typeof operationTable): string {
  return operationTable[operationId].path;
}

/** Bytes of the fake console screenshot. */
export const SCREENSHOT = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 0xff, 0xd9]);

/**
 * A reply for every management path, shaped like EDIS's documented answers: PTR records named
 * after their address, the power state, a screenshot; `{status, data: "done"}` elsewhere.
 * `failPtr` makes the PTR requests that carry that address answer 400 (not retried).
 */
export function edisRoutes(options: { failPtr?: string } = {}): Reply {
  return (req, res) => {
    const failing = options.failPtr !== undefined && (req.form.get("ip") ?? "").includes(`"${options.failPtr}"`);
    if (failing) return send(res, 400, { status: "error", error: "IP address does not belong to this VPS." });
    switch (req.path) {
      case pathOf("getPTR"):
        return send(res, 200, { status: "success", records: ipsOf(req).map((ip) => ({ ip, ptr_record: hostFor(ip) })) });
      case pathOf("setPTR"):
        return send(res, 200, { status: "success", message: "PTR records set successfully." });
      case pathOf("deletePTR"):
        return send(res, 200, { status: "success", message: "PTR records deleted successfully." });
      case pathOf("getPowerState"):
        return send(res, 200, { status: "success", data: "server powered on", traffic_suspended: "n" });
      case pathOf("assignTrafficFromPool"):
        return send(res, 200, { status: "success", assigned_traffic: Number(req.form.get("traffic")) });
      case pathOf("setKvmHooks"):
        return send(res, 200, { status: "success", hook_id: "7" });
      case pathOf("getVpsScreenshot"):
        return send(res, 200, { status: "success", data: `data:image/jpg;base64,${Buffer.from(SCREENSHOT).toString("base64")}` });
      default:
        return send(res, 200, { status: "success", data: "done" });
    }
  };
}

/** The PTR name the fake gives an address. */
export function hostFor(ip: string): string {
  return `host-${ip.replace(/[.:]/gu, "-")}.example.com`;
}

/** What a CLI test file shares: a fake EDIS, a temporary directory, the session cache directory and the environment pointing at them. */
export interface CliFixture {
  readonly fake: FakeEdis;
  readonly temp: { dir: string; cleanup: () => void };
  /** The session cache directory the environment names (`EDIS_CACHE_DIR`). */
  readonly cacheDir: string;
  readonly env: Record<string, string>;
}

export interface CliFixtureOptions {
  /**
   * The cache directory is `cache` inside the temporary directory, not yet made: a test sees
   * edis make it, or puts a file, a link or a directory of its own there first.
   * Without it, the temporary directory itself is the cache.
   */
  readonly cacheNotYetMade?: boolean;
}

/**
 * Starts a fresh fake EDIS (answering every operation, see {@link edisRoutes}) and a temporary
 * cache directory before each test of the calling file, and stops both after it.
 */
export function useCliFixture(options: CliFixtureOptions = {}): CliFixture {
  const state = {} as { -readonly [K in keyof CliFixture]: CliFixture[K] };
  beforeEach(async () => {
    state.fake = await startFakeEdis();
    state.fake.replies = [edisRoutes()];
    state.temp = tempDir();
    state.cacheDir = options.cacheNotYetMade ? join(state.temp.dir, "cache") : state.temp.dir;
    state.env = cliEnv(state.fake, state.cacheDir, { EDIS_KVM_ID: KVM });
  });
  afterEach(async () => {
    await state.fake.close();
    state.temp.cleanup();
  });
  return state;
}
