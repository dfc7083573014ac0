/**
 * The long-list pair: one `edis.ptr.get` of `n` addresses (the client cuts it into requests of
 * 100, at most 4 in flight, its defaults) against the same requests made by bare node:http at
 * the same concurrency: a keep-alive agent, each form built by hand, each answer parsed and its
 * records gathered in order. What the client adds over the socket for a long list (validating
 * every address, splitting, the session, the size cap) is the difference.
 */
import { Agent } from "node:http";
import type * as Edis from "../../src/index.js";
import { bareGetPtr } from "./bench-candidates.js";
import { API_HOST, KVM, SIGNATURE, VALID_UNTIL } from "./bench-fixture.js";

/** Entries per request and requests in flight: the client's defaults for ptr.get (x-edis-bulk, `concurrency`). */
export const PART = 100;
export const IN_FLIGHT = 4;

/** `n` distinct addresses, half IPv4 and half IPv6. */
export function addresses(n: number): string[] {
  return Array.from({ length: n }, (_, i) =>
    i % 2 ? `2001:db8::${(i >> 16).toString(16)}:${(i & 0xffff).toString(16)}` : `10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`,
  );
}

/** The ways of asking the bench server at `url` for the records of `ips` (c, u, u0); each returns them in order. */
export async function makeBulkPair(
  url: string,
  ips: readonly string[],
): Promise<{ c: () => Promise<unknown[]>; u: () => Promise<unknown[]>; u0: () => Promise<unknown[]> }> {
  const { hostname, port } = new URL(url);
  const session = `signature=${SIGNATURE}&kvm_id=${KVM}&valid_until=${VALID_UNTIL}&api_host=${API_HOST}&ip=`;
  // u sends c's headers (bench-candidates.ts); u0 only Content-Type and Content-Length, and
  // joins the lists by flat(), as the baseline did before 2026-12-06.
  const bare = (fair: boolean) => {
    const agent = new Agent({ keepAlive: true, maxSockets: IN_FLIGHT });
    const post = (body: string): Promise<unknown[]> => bareGetPtr(agent, hostname, port, body, Buffer.byteLength(body), fair) as Promise<unknown[]>;
    return async (): Promise<unknown[]> => {
      const parts = Math.ceil(ips.length / PART);
      const results: unknown[][] = new Array(parts);
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next < parts) {
          const index = next++;
          results[index] = await post(session + encodeURIComponent(JSON.stringify(ips.slice(index * PART, (index + 1) * PART))));
        }
      };
      await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, parts) }, worker));
      // u joins as the client joins (src/request/bulk.ts); u0 by flat(), about 17 ms more, as before.
      return fair ? ([] as unknown[]).concat(...results) : results.flat();
    };
  };
  const u = bare(true);
  const u0 = bare(false);

  const { createEdisClient } = (await import(new URL("../../dist/edis-global.js", import.meta.url).href)) as typeof Edis;
  const edis = createEdisClient({ email: "bench@example.com", password: "p", hosts: { session: url, rdns: url, api: url } });
  await edis.auth.createSession({ kvmId: KVM });
  const c = (): Promise<unknown[]> => edis.ptr.get({ kvmId: KVM, ips: ips as string[] }, { concurrency: IN_FLIGHT });
  return { c, u, u0 };
}
