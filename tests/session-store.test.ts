/**
 * SessionStore (src/request/session-store.ts): one auth per VPS shared by concurrent callers and
 * reused until shortly before it expires, refused sessions forgotten, a session cache used
 * and kept up to date, and sessions that arrive already expired not kept.
 */
import { describe, expect, test } from "vitest";
import { Session, type SessionCache, type SessionRecord } from "../src/session.js";
import { EXPIRY_MARGIN_MS, SessionStore } from "../src/request/session-store.js";

function session(kvmId: string, validUntil: number, signature = "sig"): Session {
  return new Session({ kvm_id: kvmId, api_host: "1.edisglobal.com", valid_until: validUntil, signature });
}

describe("SessionStore", () => {
  test("creates a session on first use and reuses it until shortly before valid_until", async () => {
    let now = 1_000_000_000_000;
    let auths = 0;
    const store = new SessionStore(
      async (kvm) => session(kvm, 1_000_000_600, `sig${++auths}`),
      () => now,
    );
    expect(auths).toBe(0);
    const first = await store.get("kvm_1_2");
    expect(await store.get("kvm_1_2")).toBe(first);
    now = 1_000_000_600_000 - EXPIRY_MARGIN_MS - 1;
    expect(await store.get("kvm_1_2")).toBe(first);
    now += 1;
    const second = await store.get("kvm_1_2");
    expect(second).not.toBe(first);
    expect(second.signature).toBe("sig2");
    expect(auths).toBe(2);
  });

  test("concurrent callers share one auth per kvmId", async () => {
    const calls: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const store = new SessionStore(async (kvm) => {
      calls.push(kvm);
      await gate;
      return session(kvm, 4102444800);
    });
    const waiting = [...Array.from({ length: 20 }, () => store.get("kvm_1_1")), store.get("kvm_2_2")];
    release();
    const sessions = await Promise.all(waiting);
    expect(calls).toEqual(["kvm_1_1", "kvm_2_2"]);
    expect(new Set(sessions.slice(0, 20)).size).toBe(1);
  });

  test("a failed auth is not cached: the next call tries again", async () => {
    let attempt = 0;
    const store = new SessionStore(async (kvm) => {
      if (++attempt === 1) throw new Error("down");
      return session(kvm, 4102444800);
    });
    await expect(store.get("kvm_1_1")).rejects.toThrow("down");
    await expect(store.get("kvm_1_1")).resolves.toBeInstanceOf(Session);
    expect(attempt).toBe(2);
  });

  test("invalidate forgets a refused session but not a newer one", async () => {
    let n = 0;
    const store = new SessionStore(async (kvm) => session(kvm, 4102444800, `sig${++n}`));
    const old = await store.get("kvm_1_1");
    store.invalidate(old);
    const fresh = await store.get("kvm_1_1");
    expect(fresh.signature).toBe("sig2");
    store.invalidate(old);
    expect(await store.get("kvm_1_1")).toBe(fresh);
  });
});

describe("SessionStore with a session cache", () => {
  function memoryCache(records: Record<string, SessionRecord> = {}) {
    const log: string[] = [];
    const cache: SessionCache = {
      load: async (kvm) => {
        log.push(`load ${kvm}`);
        return records[kvm];
      },
      save: (record) => {
        log.push(`save ${record.kvm_id} ${record.signature}`);
        records[record.kvm_id] = record;
      },
      remove: (kvm) => {
        log.push(`remove ${kvm}`);
        delete records[kvm];
      },
    };
    return { cache, log, records };
  }
  const record = (signature: string, validUntil: number): SessionRecord => ({
    kvm_id: "kvm_1_1",
    api_host: "1.edisglobal.com",
    valid_until: validUntil,
    signature,
  });

  test("uses a stored session that is still valid, without an auth call", async () => {
    const { cache, log } = memoryCache({ kvm_1_1: record("stored", 4102444800) });
    let auths = 0;
    const store = new SessionStore(async (kvm) => session(kvm, 4102444800, `new${++auths}`), Date.now, cache);
    expect((await store.get("kvm_1_1")).signature).toBe("stored");
    expect(auths).toBe(0);
    expect(log).toEqual(["load kvm_1_1"]);
  });

  test("ignores an expired stored session, authenticates and stores the new one", async () => {
    const { cache, log, records } = memoryCache({ kvm_1_1: record("old", 1_000) });
    const store = new SessionStore(async (kvm) => session(kvm, 4102444800, "new"), Date.now, cache);
    expect((await store.get("kvm_1_1")).signature).toBe("new");
    expect(log).toEqual(["load kvm_1_1", "save kvm_1_1 new"]);
    expect(records.kvm_1_1?.signature).toBe("new");
  });

  test("forgets a refused session in the cache too", async () => {
    const { cache, log } = memoryCache();
    const store = new SessionStore(async (kvm) => session(kvm, 4102444800, "s"), Date.now, cache);
    await store.invalidate(await store.get("kvm_1_1"));
    expect(log).toEqual(["load kvm_1_1", "save kvm_1_1 s", "remove kvm_1_1"]);
  });

  test("a failing cache costs an auth call, never the request", async () => {
    const broken: SessionCache = {
      load: () => Promise.reject(new Error("disk")),
      save: () => {
        throw new Error("disk full");
      },
      remove: () => Promise.reject(new Error("disk")),
    };
    const store = new SessionStore(async (kvm) => session(kvm, 4102444800, "s"), Date.now, broken);
    const got = await store.get("kvm_1_1");
    expect(got.signature).toBe("s");
    await expect(store.invalidate(got)).resolves.toBeUndefined();
  });
});

describe("a session that arrives already expired (or inside the renewal margin)", () => {
  const NOW = 1_000_000_000_000;
  const past = NOW / 1000 - 60;
  const marginal = NOW / 1000 + EXPIRY_MARGIN_MS / 1000 - 1;

  test.each([
    ["valid_until already past", past],
    ["valid_until inside the renewal margin", marginal],
  ])("%s: serves the callers that asked for it, once, and is never kept or stored", async (_name, validUntil) => {
    const saved: string[] = [];
    const cache: SessionCache = { load: () => undefined, save: (r) => void saved.push(r.signature), remove: () => undefined };
    let auths = 0;
    const store = new SessionStore(
      async (kvm) => session(kvm, validUntil, `sig${++auths}`),
      () => NOW,
      cache,
    );
    const [a, b] = await Promise.all([store.get("kvm_1_1"), store.get("kvm_1_1")]);
    expect(a).toBe(b);
    expect(a.signature).toBe("sig1");
    expect(auths).toBe(1);
    // A later call does not reuse it: it asks for a new session, exactly once.
    expect((await store.get("kvm_1_1")).signature).toBe("sig2");
    expect(auths).toBe(2);
    expect(saved).toEqual([]);
  });

  test("putAll keeps and stores only the sessions that are still fresh", async () => {
    const saved: string[] = [];
    const cache: SessionCache = { load: () => undefined, save: (r) => void saved.push(r.kvm_id), remove: () => undefined };
    let auths = 0;
    const store = new SessionStore(
      async (kvm) => session(kvm, 4102444800, `new${++auths}`),
      () => NOW,
      cache,
    );
    await store.putAll([session("kvm_1_1", past, "stale"), session("kvm_2_2", 4102444800, "fresh")]);
    expect(saved).toEqual(["kvm_2_2"]);
    expect((await store.get("kvm_2_2")).signature).toBe("fresh");
    expect((await store.get("kvm_1_1")).signature).toBe("new1");
    expect(auths).toBe(1);
  });
});

describe("which stored sessions are used, what is saved and when, and what putAll, clear and a failed or concurrent auth leave behind", () => {
  const KVM = "kvm_1_1";
  const FAR = 4102444800;

  function session(kvmId: string, validUntil: number, signature: string): Session {
    return new Session({ kvm_id: kvmId, api_host: "1.edisglobal.com", valid_until: validUntil, signature });
  }

  /** A cache in memory that logs every call. */
  function memoryCache(stored: Record<string, unknown> = {}) {
    const log: string[] = [];
    const cache: SessionCache = {
      load: (kvm) => {
        log.push(`load ${kvm}`);
        return stored[kvm] as SessionRecord | undefined;
      },
      save: (record) => {
        log.push(`save ${record.kvm_id} ${record.signature}`);
      },
      remove: (kvm) => {
        log.push(`remove ${kvm}`);
      },
    };
    return { cache, log };
  }

  /** A store whose auth hands out `new1`, `new2`, … and counts its calls. */
  function storeWith(cache?: SessionCache, now: () => number = () => 1_000_000_000_000) {
    const auths: string[] = [];
    const store = new SessionStore(
      async (kvm) => {
        auths.push(kvm);
        return session(kvm, FAR, `new${auths.length}`);
      },
      now,
      cache,
    );
    return { store, auths };
  }

  describe("a stored session is used only when it is whole, for this VPS and still valid", () => {
    const valid = { kvm_id: KVM, api_host: "1.edisglobal.com", valid_until: FAR, signature: "stored" };
    test.each([
      ["another VPS's session", { ...valid, kvm_id: "kvm_2_2" }],
      ["a signature that is not a string", { ...valid, signature: 12345 }],
      ["no signature", { kvm_id: KVM, api_host: "1.edisglobal.com", valid_until: FAR }],
      ["valid_until as text", { ...valid, valid_until: String(FAR) }],
      ["nothing", undefined],
      ["null", null],
      ["one that expires within the margin", { ...valid, valid_until: (1_000_000_000_000 + EXPIRY_MARGIN_MS) / 1000 }],
    ])("%s is not used: auth is called and the new session saved", async (_name, record) => {
      const { cache, log } = memoryCache({ [KVM]: record });
      const { store, auths } = storeWith(cache);
      const got = await store.get(KVM);
      expect(got.signature).toBe("new1");
      expect(auths).toEqual([KVM]);
      expect(log).toEqual([`load ${KVM}`, `save ${KVM} new1`]);
    });

    test("a whole, valid one is used as it was stored, and not saved again", async () => {
      const { cache, log } = memoryCache({ [KVM]: { ...valid, valid_until: (1_000_000_000_000 + EXPIRY_MARGIN_MS) / 1000 + 1 } });
      const { store, auths } = storeWith(cache);
      const got = await store.get(KVM);
      expect(got.signature).toBe("stored");
      expect(got.apiHost).toBe("1.edisglobal.com");
      expect(auths).toEqual([]);
      expect(log).toEqual([`load ${KVM}`]);
    });

    test("a cache whose load throws synchronously costs an auth, not the call", async () => {
      const cache: SessionCache = {
        load: () => {
          throw new Error("corrupt file");
        },
        save: () => undefined,
        remove: () => undefined,
      };
      const { store, auths } = storeWith(cache);
      expect((await store.get(KVM)).signature).toBe("new1");
      expect(auths).toEqual([KVM]);
    });

    test("a save that rejects does not fail the call, and the session is still kept in memory", async () => {
      const cache: SessionCache = { load: () => undefined, save: () => Promise.reject(new Error("disk full")), remove: () => undefined };
      const { store, auths } = storeWith(cache);
      const first = await store.get(KVM);
      expect(first.signature).toBe("new1");
      expect(await store.get(KVM)).toBe(first);
      expect(auths).toEqual([KVM]);
    });
  });

  describe("sessions in memory", () => {
    test("the session auth returned is kept: the next get makes no second auth and no cache load", async () => {
      const { cache, log } = memoryCache();
      const { store, auths } = storeWith(cache);
      const first = await store.get(KVM);
      expect(await store.get(KVM)).toBe(first);
      expect(auths).toEqual([KVM]);
      expect(log).toEqual([`load ${KVM}`, `save ${KVM} new1`]);
    });

    test("a get after the first auth has settled starts no new one, and one after a failure does", async () => {
      let fail = true;
      const auths: string[] = [];
      const store = new SessionStore(async (kvm) => {
        auths.push(kvm);
        if (fail) throw new Error("down");
        return session(kvm, FAR, `s${auths.length}`);
      });
      const failed = store.get(KVM);
      await expect(failed).rejects.toThrow("down");
      fail = false;
      // Not the settled, failed promise again: a new auth.
      const second = store.get(KVM);
      expect(second).not.toBe(failed);
      expect((await second).signature).toBe("s2");
      // After success, the pending entry is gone and the session cached: no third auth.
      expect((await store.get(KVM)).signature).toBe("s2");
      expect(auths).toEqual([KVM, KVM]);
    });

    test("callers that come while an auth is under way get that very promise", async () => {
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const store = new SessionStore(async (kvm) => {
        await gate;
        return session(kvm, FAR, "s");
      });
      const first = store.get(KVM);
      const second = store.get(KVM);
      expect(second).toBe(first);
      release();
      expect(await second).toBe(await first);
    });

    test("putAll keeps every session of an auth answer, here and in the cache", async () => {
      const { cache, log } = memoryCache();
      const { store, auths } = storeWith(cache);
      const a = session("kvm_1_1", FAR, "a");
      const b = session("kvm_2_2", FAR, "b");
      await store.putAll([a, b]);
      expect(log).toEqual(["save kvm_1_1 a", "save kvm_2_2 b"]);
      expect(await store.get("kvm_1_1")).toBe(a);
      expect(await store.get("kvm_2_2")).toBe(b);
      expect(auths).toEqual([]);
    });

    test("putAll goes on when the cache fails to save one", async () => {
      const saved: string[] = [];
      const cache: SessionCache = {
        load: () => undefined,
        save: (record) => {
          saved.push(record.signature);
          if (record.signature === "a") throw new Error("disk full");
        },
        remove: () => undefined,
      };
      const { store } = storeWith(cache);
      await expect(store.putAll([session("kvm_1_1", FAR, "a"), session("kvm_2_2", FAR, "b")])).resolves.toBeUndefined();
      expect(saved).toEqual(["a", "b"]);
      expect((await store.get("kvm_2_2")).signature).toBe("b");
    });

    test("put replaces the session of its VPS", async () => {
      const { store, auths } = storeWith();
      const replaced = session(KVM, FAR, "put");
      await store.get(KVM);
      store.put(replaced);
      expect(await store.get(KVM)).toBe(replaced);
      expect(auths).toEqual([KVM]);
    });

    test("clear forgets every session: each VPS authenticates again", async () => {
      const { store, auths } = storeWith();
      await store.get("kvm_1_1");
      await store.get("kvm_2_2");
      store.clear();
      expect((await store.get("kvm_1_1")).signature).toBe("new3");
      expect((await store.get("kvm_2_2")).signature).toBe("new4");
      expect(auths).toEqual(["kvm_1_1", "kvm_2_2", "kvm_1_1", "kvm_2_2"]);
    });

    test("invalidate removes a refused session from the cache even when a newer one is in memory", async () => {
      const { cache, log } = memoryCache();
      const { store } = storeWith(cache);
      const old = session(KVM, FAR, "old");
      store.put(old);
      store.put(session(KVM, FAR, "newer"));
      await store.invalidate(old);
      expect((await store.get(KVM)).signature).toBe("newer");
      expect(log).toEqual([`remove ${KVM}`]);
    });

    test("a session that expires within the margin is renewed, one just outside it is not", async () => {
      let now = 0;
      const { store, auths } = storeWith(undefined, () => now);
      const validUntil = 1_000_000_600;
      store.put(session(KVM, validUntil, "held"));
      now = validUntil * 1000 - EXPIRY_MARGIN_MS - 1;
      expect((await store.get(KVM)).signature).toBe("held");
      now = validUntil * 1000 - EXPIRY_MARGIN_MS;
      expect((await store.get(KVM)).signature).toBe("new1");
      expect(auths).toEqual([KVM]);
    });
  });
});
