/**
 * The simulator of `edis-global/testing` in the shape the stateful tests of the client read:
 * every request as the client put it on the wire (`received`, `to(path)`: the body's bytes as
 * text and its form, as the loopback fake records them), a client over the simulator's fetch,
 * and the PTR records of its one VPS as a live Map. The account is the fixtures' (fixtures.ts):
 * the VPS KVM_ID, owning the addresses given. Tests that need an answer EDIS would not give
 * (hostile, scripted or cut short) keep the loopback fake (fake-edis.ts).
 */
import type { IncomingHttpHeaders } from "node:http";
import { afterEach, beforeEach } from "vitest";
import { operationTable } from "../generated/operations.js";
import { type EdisClient, type EdisClientOptions, createEdisClient } from "../src/index.js";
import { type EdisSimulator, createEdisSimulator } from "../src/testing/index.js";
import { cliEnv, tempDir } from "./cli-fixture.js";
import type { Received } from "./fake-edis.js";
import { EMAIL, KVM_ID, TRICKY_PASSWORD } from "./fixtures.js";

export interface SimulatedEdis {
  readonly sim: EdisSimulator;
  /** Every request the client sent, auth included, in order. */
  readonly received: Received[];
  /** Requests to `path`. */
  to(path: string): Received[];
  client(options?: Partial<EdisClientOptions>): EdisClient;
  /** The first session the simulator handed out for the VPS. */
  session(): { signature: string; api_host: string; valid_until: number };
}

/** The write requests (set/ptr and del/ptr) among `received`. */
export function writesIn(received: readonly Received[]): Received[] {
  return received.filter((r) => r.path === operationTable.setPTR.path || r.path === operationTable.deletePTR.path);
}

/** The PTR records of the simulated VPS: address → name, read and written through to the simulator's state. */
class LiveRecords extends Map<string, string> {
  readonly #ptr: () => Record<string, string>;
  constructor(ptr: () => Record<string, string>) {
    super();
    this.#ptr = ptr;
  }
  override get(ip: string): string | undefined {
    return this.#ptr()[ip];
  }
  override set(ip: string, name: string): this {
    this.#ptr()[ip] = name;
    return this;
  }
  override has(ip: string): boolean {
    return Object.hasOwn(this.#ptr(), ip);
  }
  override delete(ip: string): boolean {
    const had = this.has(ip);
    delete this.#ptr()[ip];
    return had;
  }
  override get size(): number {
    return Object.keys(this.#ptr()).length;
  }
  override entries(): MapIterator<[string, string]> {
    return new Map(Object.entries(this.#ptr())).entries();
  }
  override [Symbol.iterator](): MapIterator<[string, string]> {
    return this.entries();
  }
}

/** The VPS: KVM_ID, owning `addresses` (IPv4) and 2001:db8::/64, with `records`. */
export interface SimulatedVps {
  readonly addresses: readonly string[];
  readonly records?: Record<string, string>;
}

function simulatorOf(vps: SimulatedVps): EdisSimulator {
  return createEdisSimulator({
    seed: {
      account: { email: EMAIL, password: TRICKY_PASSWORD },
      vps: [{ kvmId: KVM_ID, ipv4: [...vps.addresses], ipv6Prefix: "2001:db8::/64", ptr: { ...vps.records } }],
    },
  });
}

/** A simulator of `vps`, and a client of it whose requests are recorded as they went on the wire. */
export function simulatedEdis(vps: SimulatedVps): {
  fake: SimulatedEdis;
  store: { readonly records: Map<string, string> };
} {
  const sim = simulatorOf(vps);
  const received: Received[] = [];
  const answers: string[] = [];
  const recording: typeof fetch = async (input, init) => {
    const request = input instanceof Request ? input : new Request(input, init);
    const body = await request.clone().text();
    const headers: IncomingHttpHeaders = Object.fromEntries(request.headers);
    received.push({ path: new URL(request.url).pathname, headers, body, form: new URLSearchParams(body) });
    const response = await sim.fetch(request);
    answers.push(await response.clone().text());
    return response;
  };
  const fake: SimulatedEdis = {
    sim,
    received,
    to: (path) => received.filter((r) => r.path === path),
    client: (clientOptions = {}) => createEdisClient({ ...sim.clientOptions, fetch: recording, retryDelayMs: 1, ...clientOptions }),
    session: () => {
      const auth = received.findIndex((r) => r.form.get("pw") !== null);
      const data = (JSON.parse(answers[auth] ?? "{}") as { data?: Record<string, { signature: string; api_host: string; valid_until: number }> }).data;
      const session = data?.[KVM_ID];
      if (!session) throw new Error("the simulator has handed out no session yet");
      return { signature: session.signature, api_host: session.api_host, valid_until: session.valid_until };
    },
  };
  return { fake, store: { records: new LiveRecords(() => sim.state.vps[0]!.ptr) } };
}

/** What a CLI test file of the simulator shares: the simulator listening, its requests in the fake's shape, the environment pointing at it. */
export interface SimulatedCli {
  readonly sim: EdisSimulator;
  /** The requests the simulator received (path and form; secrets redacted, as it records them). */
  readonly fake: { readonly received: Received[] };
  readonly store: { readonly records: Map<string, string> };
  readonly temp: { dir: string; cleanup: () => void };
  readonly env: Record<string, string>;
}

/** Before each test of the calling file, a fresh simulator of `vps` served on 127.0.0.1 and a temporary cache directory; both go after it. */
export function useSimulatedCli(vps: SimulatedVps): SimulatedCli {
  const state = {} as { -readonly [K in keyof SimulatedCli]: SimulatedCli[K] };
  beforeEach(async () => {
    const sim = simulatorOf(vps);
    const server = await sim.listen();
    state.sim = sim;
    state.fake = {
      get received(): Received[] {
        return sim.requests.map((r) => {
          const form = new URLSearchParams(Object.entries(r.form));
          return { path: r.path, headers: {}, body: form.toString(), form };
        });
      },
    };
    state.store = { records: new LiveRecords(() => sim.state.vps[0]!.ptr) };
    state.temp = tempDir();
    state.env = cliEnv(undefined, state.temp.dir, { ...server.env, EDIS_KVM_ID: KVM_ID });
  });
  afterEach(async () => {
    await state.sim.close();
    state.temp.cleanup();
  });
  return state;
}
