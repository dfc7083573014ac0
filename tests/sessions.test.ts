/**
 * The client's sessions against a loopback stand-in of the EDIS hosts: lazy auth, one auth for
 * concurrent calls, 401 renewal, auth answers it refuses, the session cache, and a password
 * given as a function. Counts are taken on the server side.
 */
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { EdisApiError, EdisValidationError } from "../src/index.js";
import { type FakeEdis, KVM, PASSWORD, SIGNATURE, json, startFakeEdis } from "../test-support/fake-edis.js";
import { AUTH_PATH, failureOf as failure } from "../test-support/fixtures.js";

let fake: FakeEdis;
beforeEach(async () => {
  fake = await startFakeEdis();
});
afterEach(async () => {
  await fake.close();
});

const AUTH = AUTH_PATH;
const records = [{ ip: "192.0.2.1", ptr_record: "host.example.com" }];

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
    fake.authReply = json(200, {
      status: "success",
      data: { kvm_9_9: { kvm_id: "kvm_9_9", api_host: "9.edisglobal.com", valid_until: 4102444800, signature: "s9" } },
    });
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
