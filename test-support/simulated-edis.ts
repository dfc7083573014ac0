/**
 * The simulator of `edis-global/testing` in the shape the stateful tests of the client read:
 * every request as the client put it on the wire (`received`, `to(path)`: the body's bytes as
 * text and its form, as the loopback fake records them), a client over the simulator's fetch,
 * and the PTR records of its one VPS as a live Map. The account is the fixtures' (fixtures.ts):
 * the VPS KVM_ID, owning the addresses given. Tests that need an answer EDIS would not give
 * (hostile, scripted or cut short) keep the loopback fake (fake-edis.ts).
 */
import type { IncomingHttpHeaders } from "node:http";
import { type EdisClient, type EdisClientOptions, createEdisClient } from "../src/index.js";
import { type EdisSimulator, createEdisSimulator } from "../src/testing/index.js";
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

/** A simulator whose VPS (KVM_ID) owns `addresses` (IPv4) and 2001:db8::/64, with `records` set. */
export function simulatedEdis(options: { addresses: readonly string[]; records?: Record<string, string> }): {
  fake: SimulatedEdis;
  store: { readonly records: Map<string, string> };
} {
  const sim = createEdisSimulator({
    seed: {
      account: { email: EMAIL, password: TRICKY_PASSWORD },
      vps: [{ kvmId: KVM_ID, ipv4: [...options.addresses], ipv6Prefix: "2001:db8::/64", ptr: { ...options.records } }],
    },
  });
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
