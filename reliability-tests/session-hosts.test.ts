/**
 * A session's api_host is checked once, when the session is made, for every use: it names the
 * management host, and it travels as a body field to the reverse-DNS host (PTR) and in the
 * traffic-pool calls. A session naming anything but a plain EDIS host name is refused with
 * EdisHostError, and nothing carrying its signature leaves: not to the api_host, not to the
 * rDNS host, not to the session host's neighbours. Host overrides for mocks keep working.
 */
import { describe, expect, test } from "vitest";
import { EdisHostError, type EdisClient, type SessionCache, type SessionRecord, createEdisClient } from "../src/index.js";
import { HOSTILE_API_HOSTS } from "../test-support/hostile-hosts.js";
import { useLeakGuard } from "../test-support/leak-guard.js";
import { AUTH, STUB_API_HOST, STUB_SIGNATURE, STUB_URL, recordingFetch } from "../test-support/recording-fetch.js";
import { countFigure } from "../test-support/reliability-figures.js";
import { SECRETS } from "../test-support/secret-audit.js";
import { KVM_ID } from "../test-support/fixtures.js";

useLeakGuard();

const KVM = KVM_ID;
const VALID_UNTIL = 4102444800;

/** The operations whose requests carry the session: PTR (rDNS host, api_host in the body), traffic pool (api_host in the body), a plain management call. */
const USES: readonly [string, (edis: EdisClient) => Promise<unknown>][] = [
  ["ptr.get", (edis) => edis.ptr.get({ kvmId: KVM, ips: ["192.0.2.1"] })],
  ["ptr.set", (edis) => edis.ptr.set({ kvmId: KVM, records: { "192.0.2.1": "host.example.com" } })],
  ["trafficPool.size", (edis) => edis.trafficPool.size({ kvmId: KVM })],
  ["power.state", (edis) => edis.power.state({ kvmId: KVM })],
];

function authAnswering(apiHost: string) {
  return recordingFetch((path, form) =>
    path === AUTH
      ? {
          status: 200,
          body: {
            status: "success",
            data: { [KVM]: { kvm_id: form.get("kvm_id") ?? KVM, signature: STUB_SIGNATURE, api_host: apiHost, valid_until: VALID_UNTIL } },
          },
        }
      : { status: 200, body: { status: "success" } },
  );
}

async function failure(run: () => Promise<unknown>): Promise<unknown> {
  return run().then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe("a session naming a foreign api_host", () => {
  // An empty api_host is an answer without one (EdisApiError "has no api_host"), tested with the session map.
  const hostile = HOSTILE_API_HOSTS.filter((host) => host !== "");
  test.for(hostile.flatMap((host) => USES.map(([use, run]) => ({ host, use, run }))))(
    "api_host $host: $use is refused with EdisHostError, only the auth request went out",
    async ({ host, run }, context) => {
      const stub = authAnswering(host);
      const edis = createEdisClient({ email: "owner@example.com", password: SECRETS.accountPassword, fetch: stub.fetch });
      const error = await failure(() => run(edis));
      expect(error).toBeInstanceOf(EdisHostError);
      expect((error as EdisHostError).host).toBe(host.length > 300 ? `${host.slice(0, 297)}...` : host);
      expect(stub.requests.map((r) => r.path)).toEqual([AUTH]);
      expect(stub.requests.some((r) => r.body.includes(STUB_SIGNATURE))).toBe(false);
      countFigure(context, "hostileHosts");
    },
  );

  test("auth.createSession() refuses the whole answer when one session names a foreign host", async () => {
    const stub = recordingFetch((path) =>
      path === AUTH
        ? {
            status: 200,
            body: {
              status: "success",
              data: {
                kvm_1_1: { kvm_id: "kvm_1_1", signature: STUB_SIGNATURE, api_host: STUB_API_HOST, valid_until: VALID_UNTIL },
                kvm_1_2: { kvm_id: "kvm_1_2", signature: STUB_SIGNATURE, api_host: "evil.com/.edisglobal.com", valid_until: VALID_UNTIL },
              },
            },
          }
        : undefined,
    );
    const edis = createEdisClient({ email: "owner@example.com", password: SECRETS.accountPassword, fetch: stub.fetch });
    const error = await failure(() => edis.auth.createSession());
    expect(error).toBeInstanceOf(EdisHostError);
    expect((error as Error).message).toBe(
      'createAuthSession failed: the session of kvm_1_2 names api_host "evil.com/.edisglobal.com", which is not an EDIS host; nothing was sent to it',
    );
    // Nothing of that answer was kept: the next call authenticates again.
    await failure(() => edis.power.state({ kvmId: "kvm_1_1" }));
    expect(stub.requests.map((r) => r.path)).toEqual([AUTH, AUTH]);
  });

  test("a cached session naming a foreign host is not used: the client authenticates afresh", async () => {
    const removed: string[] = [];
    const cache: SessionCache = {
      load: (kvmId): SessionRecord => ({ kvm_id: kvmId, signature: "sig-cached-tampered", api_host: "x.edisglobal.com@evil.com", valid_until: VALID_UNTIL }),
      save: () => undefined,
      remove: (kvmId) => {
        removed.push(kvmId);
      },
    };
    const stub = authAnswering(STUB_API_HOST);
    const edis = createEdisClient({ email: "owner@example.com", password: SECRETS.accountPassword, fetch: stub.fetch, sessionCache: cache });
    await edis.power.state({ kvmId: KVM });
    expect(stub.urls).toEqual(["https://session.edisglobal.com/kvm/v2/get/auth", "https://123456.edisglobal.com/kvm/v2/get/power"]);
    expect(stub.requests.some((r) => r.body.includes("sig-cached-tampered"))).toBe(false);
  });

  test("an EDIS host in capitals is used, in lower case", async () => {
    const stub = authAnswering("123456.EDISGLOBAL.COM");
    const edis = createEdisClient({ email: "owner@example.com", password: SECRETS.accountPassword, fetch: stub.fetch });
    await edis.power.state({ kvmId: KVM });
    expect(stub.urls[1]).toBe("https://123456.edisglobal.com/kvm/v2/get/power");
  });
});

describe("host overrides for mocks", () => {
  test("with api and rdns both overridden, a mock's api_host is taken as it is", async () => {
    const stub = authAnswering("127.0.0.1");
    const edis = createEdisClient({
      email: "owner@example.com",
      password: SECRETS.accountPassword,
      fetch: stub.fetch,
      hosts: { session: STUB_URL, api: STUB_URL, rdns: STUB_URL },
    });
    await edis.ptr.get({ kvmId: KVM, ips: ["192.0.2.1"] }).catch(() => undefined);
    expect(stub.requests.map((r) => r.path)).toEqual([AUTH, "/get/ptr"]);
    expect(new URLSearchParams(stub.requests[1]!.body).get("api_host")).toBe("127.0.0.1");
  });

  test.for([{ api: STUB_URL }, { rdns: STUB_URL }, { session: STUB_URL }])("with only %o overridden, api_host is still checked", async (hosts) => {
    const stub = authAnswering("evil.com");
    const edis = createEdisClient({ email: "owner@example.com", password: SECRETS.accountPassword, fetch: stub.fetch, hosts });
    expect(await failure(() => edis.ptr.get({ kvmId: KVM, ips: ["192.0.2.1"] }))).toBeInstanceOf(EdisHostError);
    expect(stub.requests.map((r) => r.path)).toEqual([AUTH]);
  });
});
