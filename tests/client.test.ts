/**
 * The client's request path against a loopback stand-in of the EDIS hosts: sessions, 401
 * renewal, retries, timeouts, error mapping and the api_host check. Counts are taken on the
 * server side.
 */
import { inspect } from "node:util";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import {
  EdisApiError,
  EdisError,
  EdisNetworkError,
  EdisRedirectError,
  EdisTimeoutError,
  EdisValidationError,
  createEdisClient,
  isEdisError,
  isEdisRedirectError,
} from "../src/index.js";
import { type FakeEdis, KVM, PASSWORD, type Reply, SIGNATURE, json, startFakeEdis, text } from "../test-support/fake-edis.js";
import { heldInBatches } from "../test-support/held-replies.js";
import { AUTH_PATH } from "../test-support/fixtures.js";

let fake: FakeEdis;
beforeEach(async () => {
  fake = await startFakeEdis();
});
afterEach(async () => {
  await fake.close();
});

const AUTH = AUTH_PATH;
/** The longest delay a Node timer holds (2^31 - 1 ms); a longer one fires at once. */
const MAX_TIMER_MS = 2_147_483_647;
const records = [{ ip: "192.0.2.1", ptr_record: "host.example.com" }];

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error("expected the call to fail");
    },
    (error: unknown) => error,
  );
}

describe("sessions", () => {
  test("authenticate lazily with kvm_id, then send the session back exactly", async () => {
    fake.session.valid_until = 4102444800;
    fake.replies = [json(200, { status: "success", records })];
    const edis = fake.client();
    expect(fake.received).toHaveLength(0);
    await expect(edis.ptr.get({ kvmId: KVM, ips: ["192.0.2.1"] })).resolves.toEqual(records);
    const [auth, call] = fake.received;
    expect(auth!.path).toBe(AUTH);
    // The fixture password pw7Tok3e9b+&=%20ü € "' as application/x-www-form-urlencoded writes it.
    expect(PASSWORD).toBe(`pw7Tok3e9b+&=%20ü € "'`);
    expect(auth!.body).toBe(`email=owner%40example.com&pw=pw7Tok3e9b%2B%26%3D%2520%C3%BC+%E2%82%AC+%22%27&kvm_id=${KVM}`);
    expect(auth!.form.get("pw")).toBe(PASSWORD);
    expect(call!.path).toBe("/get/ptr");
    expect(call!.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect([...call!.form]).toEqual([
      ["signature", `${SIGNATURE}-1`],
      ["kvm_id", KVM],
      ["valid_until", "4102444800"],
      ["api_host", "123456.edisglobal.com"],
      ["ip", '["192.0.2.1"]'],
    ]);
  });

  test("one auth serves concurrent calls and later calls", async () => {
    fake.replies = [json(200, { status: "success", records })];
    const edis = fake.client();
    await Promise.all(Array.from({ length: 10 }, () => edis.ptr.get({ kvmId: KVM, ips: ["192.0.2.1"] })));
    await edis.ptr.get({ kvmId: KVM, ips: ["192.0.2.1"] });
    expect(fake.to(AUTH)).toHaveLength(1);
    expect(fake.to("/get/ptr")).toHaveLength(11);
  });

  test("a 401 renews the session once and retries once with the new signature", async () => {
    fake.replies = [json(401, { status: "error", error: "Session signature has expired." }), json(200, { status: "success", records })];
    await expect(fake.client().ptr.get({ kvmId: KVM, ips: ["192.0.2.1"] })).resolves.toEqual(records);
    expect(fake.to(AUTH)).toHaveLength(2);
    expect(fake.to("/get/ptr").map((r) => r.form.get("signature"))).toEqual([`${SIGNATURE}-1`, `${SIGNATURE}-2`]);
  });

  test("a second 401 is an EdisApiError, after exactly two auths and two calls", async () => {
    fake.replies = [json(401, { status: "error", error: "Session signature has expired." })];
    const error = await failure(fake.client().ptr.set({ kvmId: KVM, records: { "192.0.2.1": "a.example.com" } }));
    expect(error).toBeInstanceOf(EdisApiError);
    expect((error as EdisApiError).message).toBe("setPTR failed: 401 Session signature has expired.");
    expect(fake.to(AUTH)).toHaveLength(2);
    expect(fake.to("/set/ptr")).toHaveLength(2);
  });

  test("auth errors show both error and message of the body", async () => {
    fake.authReply = json(401, { error: "Unauthorized", code: 401, message: "Invalid WHMCS credentials." });
    const error = (await failure(fake.client().ptr.get({ kvmId: KVM, ips: ["192.0.2.1"] }))) as EdisApiError;
    expect(error).toBeInstanceOf(EdisApiError);
    expect(error.message).toBe("createAuthSession failed: 401 Unauthorized: Invalid WHMCS credentials.");
    expect(error.serverCode).toBe(401);
    expect(fake.received).toHaveLength(1);
  });

  test("an auth answer without the VPS asked for is an EdisApiError, and nothing else is sent", async () => {
    fake.authReply = json(200, { status: "success", data: { kvm_9_9: { kvm_id: "kvm_9_9", api_host: "9.edisglobal.com", valid_until: 4102444800, signature: "s9" } } });
    const error = (await failure(fake.client().ptr.get({ kvmId: KVM, ips: ["192.0.2.1"] }))) as EdisApiError;
    expect(error).toBeInstanceOf(EdisApiError);
    expect(error.message).toBe(`createAuthSession failed: 200 answer holds no session for ${KVM}`);
    expect(fake.received.map((r) => r.path)).toEqual([AUTH]);
  });

  test("an auth answer whose session lacks a signature is an EdisApiError", async () => {
    fake.authReply = json(200, { status: "success", data: { [KVM]: { kvm_id: KVM, api_host: "1.edisglobal.com", valid_until: 4102444800 } } });
    await expect(fake.client().auth.createSession()).rejects.toThrow(
      `createAuthSession failed: 200 answer is not a valid session map: ${KVM} has no signature`,
    );
  });

  test("a fresh session is handed to the session cache once per auth", async () => {
    fake.replies = [json(200, { status: "success", records })];
    const saved: string[] = [];
    const cache = { load: () => undefined, save: (r: { signature: string }) => void saved.push(r.signature), remove: () => undefined };
    await fake.client({ sessionCache: cache }).ptr.get({ kvmId: KVM, ips: ["192.0.2.1"] });
    expect(fake.to(AUTH)).toHaveLength(1);
    expect(saved).toEqual([`${SIGNATURE}-1`]);
  });

  describe("an auth answer whose valid_until is already past", () => {
    const recordingCache = () => {
      const saved: string[] = [];
      return { saved, cache: { load: () => undefined, save: (r: { signature: string }) => void saved.push(r.signature), remove: () => undefined } };
    };

    test("serves the call it was made for, once: never stored, and the next call authenticates anew", async () => {
      fake.session.valid_until = Math.floor(Date.now() / 1000) - 60;
      fake.replies = [json(200, { status: "success", records })];
      const { saved, cache } = recordingCache();
      const edis = fake.client({ sessionCache: cache });
      await expect(edis.ptr.get({ kvmId: KVM, ips: ["192.0.2.1"] })).resolves.toEqual(records);
      expect(fake.to(AUTH)).toHaveLength(1);
      await expect(edis.ptr.get({ kvmId: KVM, ips: ["192.0.2.1"] })).resolves.toEqual(records);
      expect(fake.to(AUTH)).toHaveLength(2);
      expect(fake.to("/get/ptr").map((r) => r.form.get("signature"))).toEqual([`${SIGNATURE}-1`, `${SIGNATURE}-2`]);
      expect(saved).toEqual([]);
    });

    test("refused by the API, it costs at most two auths and two sends, then an EdisApiError", async () => {
      fake.session.valid_until = Math.floor(Date.now() / 1000) - 60;
      fake.replies = [json(401, { status: "error", error: "Session signature has expired." })];
      const { saved, cache } = recordingCache();
      const error = await failure(fake.client({ sessionCache: cache }).vnc.enable({ kvmId: KVM, password: "Vnc4Test" }));
      expect(error).toBeInstanceOf(EdisApiError);
      expect((error as EdisApiError).message).toBe("enableVnc failed: 401 Session signature has expired.");
      expect(fake.to(AUTH)).toHaveLength(2);
      expect(fake.to("/kvm/v2/set/vnc/enable")).toHaveLength(2);
      expect(saved).toEqual([]);
    });

    test("createSession returns it as auth sent it, without storing it", async () => {
      const validUntil = Math.floor(Date.now() / 1000) - 60;
      fake.session.valid_until = validUntil;
      const { saved, cache } = recordingCache();
      const [session] = await fake.client({ sessionCache: cache }).auth.createSession({ kvmId: KVM });
      expect(session!.validUntil).toBe(validUntil);
      expect(saved).toEqual([]);
    });
  });

  test("createSession returns every VPS's session, and the client reuses them", async () => {
    fake.replies = [json(200, { status: "success", records })];
    const edis = fake.client();
    const sessions = await edis.auth.createSession({ kvmId: KVM });
    expect(sessions.map((s) => [s.kvmId, s.apiHost, s.signature])).toEqual([[KVM, "123456.edisglobal.com", `${SIGNATURE}-1`]]);
    await edis.ptr.get({ kvmId: KVM, ips: ["192.0.2.1"] });
    expect(fake.to(AUTH)).toHaveLength(1);
  });
});

describe("answers the client decodes", () => {
  test("vps.list lists the account's VPSs without session secrets", async () => {
    const list = await fake.client().vps.list();
    expect(list).toEqual([
      {
        kvmId: KVM,
        apiHost: "123456.edisglobal.com",
        description: undefined,
        apiRdns: undefined,
        suspended: undefined,
        lps: undefined,
        lpsIsPremium: undefined,
        primaryIp: undefined,
      },
    ]);
    expect(JSON.stringify(list)).not.toContain(SIGNATURE);
    expect(fake.to(AUTH)[0]!.form.has("kvm_id")).toBe(false);
  });

  test("chart data sent as JSON text comes back parsed", async () => {
    const chart = { datasets: [{ label: "CPU usage [%]", data: [1, 2.5] }], labels: ["10:00", "10:05"] };
    fake.replies = [json(200, { status: "success", chart_cpu: JSON.stringify(chart) })];
    await expect(fake.client().info.cpuUsage({ kvmId: KVM })).resolves.toEqual(chart);
  });

  test("chart text that is not JSON is an EdisApiError", async () => {
    fake.replies = [json(200, { status: "success", chart_cpu: "{oops" })];
    const error = (await failure(fake.client().info.cpuUsage({ kvmId: KVM }))) as EdisApiError;
    expect(error.message).toBe("getCpuUsage failed: 200 answer field chart_cpu is not JSON text");
    expect(error.cause).toBeInstanceOf(SyntaxError);
  });

  test("the screenshot comes back as media type and bytes", async () => {
    fake.replies = [json(200, { status: "success", data: "data:image/jpg;base64,/9j/4AAQ", note: "n" })];
    await expect(fake.client().info.screenshot({ kvmId: KVM })).resolves.toEqual({
      mimeType: "image/jpeg",
      bytes: new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]),
    });
  });

  test("call() reaches any operation by operationId with the namespace method's params", async () => {
    fake.replies = [json(200, { status: "success", data: "server powered on", traffic_suspended: false })];
    await expect(fake.client().call("getPowerState", { kvmId: KVM })).resolves.toEqual({
      status: "success",
      data: "server powered on",
      traffic_suspended: false,
    });
    expect(fake.to("/kvm/v2/get/power")).toHaveLength(1);
    await expect(fake.client().call("noSuchOperation" as "getPowerState", { kvmId: KVM })).rejects.toThrow(
      'operationId "noSuchOperation" is not an operation of the spec',
    );
  });
});

describe("errors", () => {
  test("an HTML 502 is an EdisApiError, never a SyntaxError", async () => {
    const page = "<html><body>Bad gateway</body></html>";
    fake.replies = [text(502, page)];
    const error = (await failure(fake.client({ retries: 0 }).ptr.get({ kvmId: KVM, ips: ["192.0.2.1"] }))) as EdisApiError;
    expect(error).toBeInstanceOf(EdisApiError);
    expect(error.status).toBe(502);
    expect(error.message).toBe(`getPTR failed: 502 answer is not JSON (text/html, ${page.length} bytes)`);
    expect(error.cause).toBeInstanceOf(SyntaxError);
  });

  test("a 200 with status error is an EdisApiError with the server's message", async () => {
    fake.replies = [json(200, { status: "error", message: "Invalid input: 'signature' field is missing." })];
    const error = (await failure(fake.client().ptr.delete({ kvmId: KVM, ips: ["192.0.2.1"] }))) as EdisApiError;
    expect(error.status).toBe(200);
    expect(error.message).toBe("deletePTR failed: 200 Invalid input: 'signature' field is missing.");
  });

  test("a 200 with malformed JSON is an EdisApiError", async () => {
    fake.replies = [text(200, '{"status":"succ', "application/json")];
    const error = (await failure(fake.client().ptr.get({ kvmId: KVM, ips: ["192.0.2.1"] }))) as EdisApiError;
    expect(error).toBeInstanceOf(EdisApiError);
    expect(error.message).toMatch(/^getPTR failed: 200 answer is not JSON/);
  });

  test("bad input is refused before anything is sent", async () => {
    const error = await failure(fake.client().ptr.get({ kvmId: KVM, ips: ["not-an-ip"] }));
    expect(error).toBeInstanceOf(EdisValidationError);
    expect((error as EdisValidationError).field).toBe("ips[0]");
    expect(fake.received).toHaveLength(0);
  });

  test.each([
    [{ timeoutMs: 0 }, "timeoutMs option must be an integer of at least 1"],
    [{ timeoutMs: Number.NaN }, "timeoutMs option must be an integer of at least 1"],
    [{ retries: -1 }, "retries option must be an integer of at least 0"],
    [{ signal: "stop" }, "signal option must be an AbortSignal"],
    [{ timeoutMs: 3e9 }, `timeoutMs option must be at most ${MAX_TIMER_MS} ms, the longest a timer waits`],
    [{ timeoutMs: 2 ** 31 }, `timeoutMs option must be at most ${MAX_TIMER_MS} ms, the longest a timer waits`],
  ])("bad per-call options %j are refused before anything is sent", async (callOptions, message) => {
    const error = await failure(fake.client().ptr.get({ kvmId: KVM, ips: ["192.0.2.1"] }, callOptions as never));
    expect(error).toBeInstanceOf(EdisValidationError);
    expect((error as EdisValidationError).message).toBe(message);
    expect(fake.received).toHaveLength(0);
  });

  test.each([
    [{ timeoutMs: 3e9 }, "timeoutMs"],
    [{ timeoutMs: 2 ** 31 }, "timeoutMs"],
    [{ retryDelayMs: 3e9 }, "retryDelayMs"],
    [{ maxRetryDelayMs: 2 ** 31 }, "maxRetryDelayMs"],
  ])("a millisecond option %j beyond what a timer holds is refused when the client is made", (options, field) => {
    const error = (() => {
      try {
        fake.client(options);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(EdisValidationError);
    expect((error as EdisValidationError).field).toBe(field);
    expect((error as EdisValidationError).message).toBe(`${field} option must be at most ${MAX_TIMER_MS} ms, the longest a timer waits`);
    expect(fake.received).toHaveLength(0);
  });

  test("the longest timer a millisecond option may ask for works: the call is answered, not timed out", async () => {
    fake.replies = [json(200, { status: "success", records })];
    const edis = fake.client({ timeoutMs: MAX_TIMER_MS, retryDelayMs: MAX_TIMER_MS, maxRetryDelayMs: MAX_TIMER_MS });
    await expect(edis.ptr.get({ kvmId: KVM, ips: ["192.0.2.1"] }, { timeoutMs: MAX_TIMER_MS })).resolves.toEqual(records);
  });

  test("every error class extends EdisError and has its own name", () => {
    for (const [E, name] of [
      [EdisApiError, "EdisApiError"],
      [EdisValidationError, "EdisValidationError"],
      [EdisTimeoutError, "EdisTimeoutError"],
      [EdisNetworkError, "EdisNetworkError"],
      [EdisRedirectError, "EdisRedirectError"],
    ] as const) {
      expect(E.prototype).toBeInstanceOf(EdisError);
      expect(E.prototype.name).toBe(name);
    }
  });

  test("a redirect error is recognised by its guards, also one from another copy of the package", () => {
    const own = new EdisRedirectError({ operationId: "getPTR", status: 307, location: "https://elsewhere.example/" });
    const foreign = Object.assign(new Error("getPTR failed: 307 redirect"), { name: "EdisRedirectError" });
    for (const error of [own, foreign]) {
      expect(isEdisRedirectError(error)).toBe(true);
      expect(isEdisError(error)).toBe(true);
    }
    expect(isEdisRedirectError(new EdisNetworkError({ operationId: "getPTR", cause: new Error("x") }))).toBe(false);
    expect(own.message).toBe("getPTR failed: 307 redirect to https://elsewhere.example/, not followed");
  });
});

describe("retries and timeouts", () => {
  test("a retry-safe read is retried after a 5xx, up to `retries`", async () => {
    fake.replies = [json(503, { status: "error", error: "busy" })];
    const error = (await failure(fake.client({ retries: 2 }).ptr.get({ kvmId: KVM, ips: ["192.0.2.1"] }))) as EdisApiError;
    expect(error.status).toBe(503);
    expect(fake.to("/get/ptr")).toHaveLength(3);
  });

  test("a read succeeds when a retry does", async () => {
    fake.replies = [json(500, { status: "error", error: "oops" }), json(200, { status: "success", records })];
    await expect(fake.client().ptr.get({ kvmId: KVM, ips: ["192.0.2.1"] })).resolves.toEqual(records);
    expect(fake.to("/get/ptr")).toHaveLength(2);
  });

  test("retries: 0 turns retries off", async () => {
    fake.replies = [json(500, { status: "error", error: "oops" })];
    await failure(fake.client({ retries: 0 }).ptr.get({ kvmId: KVM, ips: ["192.0.2.1"] }));
    expect(fake.to("/get/ptr")).toHaveLength(1);
  });

  test("a state-changing operation is sent once, whatever the 5xx", async () => {
    fake.replies = [json(500, { status: "error", error: "oops" })];
    await failure(fake.client({ retries: 5 }).ptr.set({ kvmId: KVM, records: { "192.0.2.1": "a.example.com" } }));
    expect(fake.to("/set/ptr")).toHaveLength(1);
  });

  test("no answer within timeoutMs is an EdisTimeoutError", async () => {
    fake.replies = [() => undefined];
    // The session comes from a cache, so the only request is the one that gets no answer: an
    // auth call under the same 50 ms limit could time out on a busy machine.
    const record = { kvm_id: KVM, api_host: "123456.edisglobal.com", valid_until: 4102444800, signature: "cached-signature" };
    const sessionCache = { load: () => record, save: () => undefined, remove: () => undefined };
    const error = (await failure(fake.client({ timeoutMs: 50, retries: 0, sessionCache }).ptr.get({ kvmId: KVM, ips: ["192.0.2.1"] }))) as EdisTimeoutError;
    expect(error).toBeInstanceOf(EdisTimeoutError);
    expect(error.message).toBe("getPTR failed: no answer within 50 ms");
    expect(fake.received.map((r) => r.path)).toEqual(["/get/ptr"]);
  });

  test("a closed port is an EdisNetworkError with the cause", async () => {
    const url = fake.url;
    await fake.close();
    const edis = createEdisClient({ email: "a@example.com", password: "p", hosts: { session: url }, retries: 0 });
    const error = (await failure(edis.auth.createSession())) as EdisNetworkError;
    expect(error).toBeInstanceOf(EdisNetworkError);
    expect(error.message).toMatch(/^createAuthSession failed: network error/);
    expect(error.cause).toBeInstanceOf(Error);
    fake = await startFakeEdis();
  });
});

describe("hosts and secrets", () => {
  test("the injected fetch is used for every request, auth included", async () => {
    const seen: string[] = [];
    const edis = fake.client({
      fetch: (input, init) => {
        seen.push(new URL(input instanceof Request ? input.url : input).pathname);
        return fetch(input, init);
      },
    });
    await edis.ptr.get({ kvmId: KVM, ips: ["192.0.2.1"] });
    expect(seen).toEqual([AUTH, "/get/ptr"]);
  });

  test("the password and the signature never show in an error, its string, inspection or JSON", async () => {
    fake.replies = [json(500, { status: "error", error: `echo ${SIGNATURE}-1 and ${PASSWORD}` })];
    const error = (await failure(fake.client({ retries: 0 }).ptr.get({ kvmId: KVM, ips: ["192.0.2.1"] }))) as EdisApiError;
    for (const view of [error.message, String(error), inspect(error, { depth: 10 }), JSON.stringify(error), JSON.stringify(error.request)]) {
      expect(view).not.toContain(SIGNATURE);
      expect(view).not.toContain(PASSWORD);
    }
    expect(error.message).toBe("getPTR failed: 500 echo [REDACTED] and [REDACTED]");
    expect(error.request?.body).toMatch(/^signature=%5BREDACTED%5D&kvm_id=kvm_123456_789012&/);
  });

  test("a session's signature is readable but not enumerable, inspected or serialised", async () => {
    const [session] = await fake.client().auth.createSession({ kvmId: KVM });
    expect(session!.signature).toBe(`${SIGNATURE}-1`);
    expect(JSON.stringify(session)).not.toContain(SIGNATURE);
    expect(inspect(session, { depth: 5, showHidden: true })).not.toContain(SIGNATURE);
    expect({ ...session }).not.toHaveProperty("signature");
  });
});

describe("answers larger than maxResponseBytes", () => {
  const big = (chunked: boolean): Reply => (_req, res) => {
    const body = JSON.stringify({ status: "success", records: Array.from({ length: 5000 }, (_, i) => ({ ip: `10.0.${i >> 8}.${i & 255}`, ptr_record: "x".repeat(50) })) });
    res.writeHead(200, chunked ? { "content-type": "application/json" } : { "content-type": "application/json", "content-length": String(Buffer.byteLength(body)) });
    if (chunked) {
      for (let i = 0; i < body.length; i += 4096) res.write(body.slice(i, i + 4096));
      res.end();
    } else {
      res.end(body);
    }
  };

  test.each([
    ["with a Content-Length", false],
    ["streamed without one", true],
  ])("fail as EdisApiError, %s", async (_name, chunked) => {
    fake.replies = [big(chunked)];
    const error = (await failure(fake.client({ maxResponseBytes: 10_000, retries: 0 }).ptr.get({ kvmId: KVM, ips: ["192.0.2.1"] }))) as EdisApiError;
    expect(error).toBeInstanceOf(EdisApiError);
    expect(error.status).toBe(200);
    expect(error.message).toBe("getPTR failed: 200 answer is larger than 10000 bytes");
  });

  test("an answer within the limit is read whole", async () => {
    fake.replies = [big(true)];
    const records = await fake.client({ maxResponseBytes: 1_000_000 }).ptr.get({ kvmId: KVM, ips: ["192.0.2.1"] });
    expect(records).toHaveLength(5000);
  });
});

describe("maxConcurrentRequests", () => {
  test("bounds the requests in flight however many calls start at once", async () => {
    const held = heldInBatches(5, 50, json(200, { status: "success", records }));
    fake.replies = [held.reply];
    const edis = fake.client({ maxConcurrentRequests: 5 });
    await Promise.all(Array.from({ length: 50 }, () => edis.ptr.get({ kvmId: KVM, ips: ["192.0.2.1"] })));
    expect(fake.to("/get/ptr")).toHaveLength(50);
    expect(held.max()).toBe(5);
  });

  test("a call aborted while it waits for a place is never sent", async () => {
    fake.replies = [(req, res) => setTimeout(() => json(200, { status: "success", records })(req, res), 50)];
    const edis = fake.client({ maxConcurrentRequests: 1 });
    await edis.auth.createSession({ kvmId: KVM });
    const controller = new AbortController();
    const first = edis.ptr.get({ kvmId: KVM, ips: ["192.0.2.1"] });
    const second = edis.ptr.get({ kvmId: KVM, ips: ["192.0.2.2"] }, { signal: controller.signal });
    controller.abort(new Error("changed my mind"));
    await expect(second).rejects.toThrow("getPTR was aborted");
    await first;
    expect(fake.to("/get/ptr").map((r) => r.form.get("ip"))).toEqual(['["192.0.2.1"]']);
  });
});

describe("a password given as a function", () => {
  test("is asked only when an auth call is due, and once", async () => {
    let asked = 0;
    const edis = fake.client({
      password: async () => {
        asked++;
        return PASSWORD;
      },
    });
    expect(asked).toBe(0);
    await Promise.all([edis.ptr.get({ kvmId: KVM, ips: ["192.0.2.1"] }), edis.vps.list()]);
    expect(asked).toBe(1);
    expect(fake.to(AUTH).map((r) => r.form.get("pw"))).toEqual([PASSWORD, PASSWORD]);
  });

  test("is not asked at all when a session cache holds a valid session", async () => {
    let asked = 0;
    const record = { kvm_id: KVM, api_host: "123456.edisglobal.com", valid_until: 4102444800, signature: "cached-signature" };
    const edis = fake.client({
      password: () => {
        asked++;
        return PASSWORD;
      },
      sessionCache: { load: () => record, save: () => undefined, remove: () => undefined },
    });
    await edis.ptr.get({ kvmId: KVM, ips: ["192.0.2.1"] });
    expect(asked).toBe(0);
    expect(fake.to(AUTH)).toHaveLength(0);
    expect(fake.to("/get/ptr")[0]!.form.get("signature")).toBe("cached-signature");
  });

  test("that returns nothing fails as an EdisValidationError, before anything is sent", async () => {
    const edis = fake.client({ password: () => "" });
    const error = await failure(edis.vps.list());
    expect(error).toBeInstanceOf(EdisValidationError);
    expect((error as EdisValidationError).message).toBe("password option function must return a non-empty string");
    expect(fake.received).toHaveLength(0);
  });
});
