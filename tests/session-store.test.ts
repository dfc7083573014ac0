/**
 * SessionStore (src/session-store.ts): one auth per VPS shared by concurrent callers and
 * reused until shortly before it expires, refused sessions forgotten, a session cache used
 * and kept up to date, and sessions that arrive already expired not kept.
 */
import { describe, expect, test } from "vitest";
import { Session, type SessionCache, type SessionRecord } from "../src/session.js";
import { EXPIRY_MARGIN_MS, SessionStore } from "../src/session-store.js";

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
