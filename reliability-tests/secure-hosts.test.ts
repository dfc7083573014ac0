/**
 * Where credentials may go: over https to EDIS hosts only, unless the caller overrides the
 * hosts; an `http:` override that is not loopback warns once; a session naming a foreign
 * api_host is refused before anything carrying its signature leaves; redirects are not
 * followed, so a form body never travels on to where a server points.
 */
import { afterEach, describe, expect, test, vi } from "vitest";
import { EdisError, EdisRedirectError, createEdisClient } from "../src/index.js";
import { json } from "../test-support/fault-answers.js";
import { AUTH_PATH, KVM, withFaultServer } from "../test-support/fault-server.js";
import { useLeakGuard } from "../test-support/leak-guard.js";
import { AUTH, STUB_SIGNATURE, recordingFetch } from "../test-support/recording-fetch.js";
import { SECRETS } from "../test-support/secret-audit.js";

useLeakGuard();

afterEach(() => {
  vi.restoreAllMocks();
});

const records = { status: "success", records: [{ ip: "192.0.2.1", ptr_record: "host.example.com" }] };
const ok = { status: "success", vnc_status: "enabled", novnc_port: 6080, vnc_port: 5901, vnc_host: "vnc1.edisglobal.com" };

describe("without host overrides", () => {
  test("every request goes over https to an EDIS host, and the password only to the session host", async () => {
    const stub = recordingFetch((path) =>
      path === "/get/ptr" ? { status: 200, body: records } : path === "/kvm/v2/set/vnc/enable" ? { status: 200, body: ok } : undefined,
    );
    const edis = createEdisClient({ email: "owner@example.com", password: SECRETS.accountPassword, fetch: stub.fetch });
    await edis.ptr.get({ kvmId: KVM, ips: ["192.0.2.1"] });
    await edis.vnc.enable({ kvmId: KVM, password: SECRETS.vncPassword });
    expect(stub.urls).toEqual([
      "https://session.edisglobal.com/kvm/v2/get/auth",
      "https://dns-api.edisglobal.com/get/ptr",
      "https://123456.edisglobal.com/kvm/v2/set/vnc/enable",
    ]);
    const carriesPassword = stub.requests.map((r) => new URLSearchParams(r.body).get("pw") === SECRETS.accountPassword);
    expect(carriesPassword).toEqual([true, false, false]);
  });

  test.for([
    "evil.example.com",
    "123456.edisglobal.com.evil.example",
    "edisglobal.com",
    "123456edisglobal.com",
    "123456.edisglobal.com:8443",
    "123456.edisglobal.com/path",
    "user@123456.edisglobal.com",
    "192.0.2.1",
    "",
  ])("a session naming api_host %j is refused before anything carrying its signature is sent", async (apiHost) => {
    const stub = recordingFetch((path, form) =>
      path === AUTH
        ? {
            status: 200,
            body: { status: "success", data: { [KVM]: { kvm_id: form.get("kvm_id"), signature: STUB_SIGNATURE, api_host: apiHost, valid_until: 4102444800 } } },
          }
        : { status: 200, body: ok },
    );
    const edis = createEdisClient({ email: "owner@example.com", password: SECRETS.accountPassword, fetch: stub.fetch });
    const error = await edis.vnc.enable({ kvmId: KVM, password: SECRETS.vncPassword }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(EdisError);
    expect(stub.requests.map((r) => r.path)).toEqual([AUTH]);
    expect(String(error)).not.toContain(STUB_SIGNATURE);
  });
});

describe("an http: host override", () => {
  const warning = (field: string, origin: string): string => `edis-global: ${field} is ${origin}: credentials and session signatures will travel unencrypted`;

  test("warns once per overridden host through onWarning, naming the option and the origin only", () => {
    const onWarning = vi.fn<(message: string) => void>();
    createEdisClient({
      email: "owner@example.com",
      password: SECRETS.accountPassword,
      hosts: { session: "http://mock.example", api: "http://mock.example:8080/" },
      onWarning,
    });
    expect(onWarning.mock.calls).toEqual([[warning("hosts.session", "http://mock.example")], [warning("hosts.api", "http://mock.example:8080")]]);
  });

  test("warns once per process through console.warn by default, however many clients", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    for (let i = 0; i < 3; i++) createEdisClient({ email: "owner@example.com", password: SECRETS.accountPassword, hosts: { rdns: "http://mock.example" } });
    expect(warn.mock.calls).toEqual([[warning("hosts.rdns", "http://mock.example")]]);
  });

  test.for(["http://127.0.0.1:8080", "http://localhost:8080", "http://[::1]:8080", "https://mock.example"])("does not warn for %s", (url) => {
    const onWarning = vi.fn<(message: string) => void>();
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    createEdisClient({ email: "owner@example.com", password: SECRETS.accountPassword, hosts: { session: url, rdns: url, api: url }, onWarning });
    createEdisClient({ email: "owner@example.com", password: SECRETS.accountPassword, hosts: { session: url, rdns: url, api: url } });
    expect(onWarning).not.toHaveBeenCalled();
    expect(warn).not.toHaveBeenCalled();
  });
});

describe("redirects", () => {
  test.for([
    ["auth", AUTH_PATH],
    ["a management call", "/kvm/v2/set/vnc/enable"],
  ] as const)("a redirect on %s is an EdisRedirectError, and its target receives nothing", async ([, path]) => {
    await withFaultServer((target) =>
      withFaultServer(async (server) => {
        server.script(path, json(307, { status: "error", error: "moved" }, { location: `${target.url}${path}` }));
        const error = await server
          .client({ password: SECRETS.accountPassword, retries: 0 })
          .vnc.enable({ kvmId: KVM, password: SECRETS.vncPassword })
          .then(
            () => undefined,
            (e: unknown) => e,
          );
        expect(error).toBeInstanceOf(EdisRedirectError);
        expect((error as EdisRedirectError).location).toBe(`${target.url}${path}`);
        expect(server.to(path)).toHaveLength(1);
        expect(target.arrivals).toHaveLength(0);
        await server.settled();
      }),
    );
  });
});
