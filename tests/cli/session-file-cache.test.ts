/** The on-disk session cache, in-process: modes, expiry, tolerance of a damaged file. */
import { chmodSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SessionRecord } from "../../src/index.js";
import { tempDir } from "../../test-support/cli-fixture.js";
import { SessionFileCache, removeSessionCaches, sessionFileName } from "../../src/cli/stores/session-file-cache.js";

const NOW = 1_900_000_000_000;
let temp: ReturnType<typeof tempDir>;
let dir: string;
let errors: string[];

const record = (kvmId: string, validUntil: number): SessionRecord => ({
  kvm_id: kvmId,
  signature: `sig-${kvmId}`,
  api_host: "1.edisglobal.com",
  valid_until: validUntil,
});

function cache(now = NOW): SessionFileCache {
  return new SessionFileCache({ dir, email: "a@example.com", sessionHost: "https://session.example", now: () => now, onError: (m) => errors.push(m) });
}

beforeEach(() => {
  temp = tempDir();
  dir = join(temp.dir, "edis-global");
  errors = [];
});

afterEach(() => temp.cleanup());

describe("SessionFileCache", () => {
  it("returns what it saved, until valid_until", () => {
    const live = record("kvm_1_1", NOW / 1000 + 60);
    cache().save(live);
    expect(cache().load("kvm_1_1")).toEqual(live);
    expect(cache(NOW + 60_000).load("kvm_1_1")).toBeUndefined();
    expect(cache().load("kvm_2_2")).toBeUndefined();
  });

  it.runIf(process.platform !== "win32")("replaces a file of wider mode with one of mode 0600", () => {
    mkdirSync(dir, { recursive: true });
    const file = join(dir, sessionFileName("a@example.com", "https://session.example", "kvm_1_1"));
    writeFileSync(file, "{}");
    chmodSync(file, 0o644);
    cache().save(record("kvm_1_1", NOW / 1000 + 60));
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual([basename(file)]);
  });

  it("drops expired entries on every write, and removes the file when nothing is left", () => {
    const c = cache();
    c.save(record("kvm_1_1", NOW / 1000 + 10));
    c.rememberSoleVps("kvm_1_1", NOW / 1000 + 10);
    const later = cache(NOW + 20_000);
    later.save(record("kvm_2_2", NOW / 1000 + 3600));
    expect(readdirSync(dir)).toEqual([basename(later.fileOf("kvm_2_2"))]);
    expect(JSON.parse(readFileSync(later.fileOf("kvm_2_2"), "utf8"))).toEqual(record("kvm_2_2", NOW / 1000 + 3600));
    expect(later.soleVps()).toBeUndefined();
    later.remove("kvm_2_2");
    expect(readdirSync(dir)).toEqual([]);
  });

  it("remembers the account's only VPS while its session lasts, and forgets it with that session", () => {
    cache().save(record("kvm_1_1", NOW / 1000 + 60));
    cache().rememberSoleVps("kvm_1_1", NOW / 1000 + 60);
    expect(cache().soleVps()).toBe("kvm_1_1");
    expect(cache(NOW + 60_000).soleVps()).toBeUndefined();
    cache().remove("kvm_2_2");
    expect(cache().soleVps()).toBe("kvm_1_1");
    cache().remove("kvm_1_1");
    expect(cache().soleVps()).toBeUndefined();
    expect(readdirSync(dir)).toEqual([]);
  });

  it("keeps each VPS's session in a file of its own, and drops the one file of earlier versions on a write", () => {
    mkdirSync(dir, { recursive: true });
    const legacy = join(dir, sessionFileName("a@example.com", "https://session.example", "x").replace(/-[0-9a-f]{16}\.json$/u, ".json"));
    writeFileSync(legacy, JSON.stringify({ sessions: { kvm_9_9: record("kvm_9_9", NOW / 1000 + 60) } }), { mode: 0o600 });
    cache().save(record("kvm_1_1", NOW / 1000 + 60));
    cache().save(record("kvm_2_2", NOW / 1000 + 60));
    expect(readdirSync(dir).sort()).toEqual([basename(cache().fileOf("kvm_1_1")), basename(cache().fileOf("kvm_2_2"))].sort());
    expect(cache().load("kvm_1_1")?.signature).toBe("sig-kvm_1_1");
    expect(cache().load("kvm_2_2")?.signature).toBe("sig-kvm_2_2");
  });

  it("never saves a session that has expired already", () => {
    cache().save(record("kvm_1_1", NOW / 1000 - 1));
    expect(readdirSync(temp.dir)).toEqual([]);
  });

  it("treats a damaged file as empty, says so, and writes a good one", () => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(cache().fileOf("kvm_1_1"), "{not json");
    expect(cache().load("kvm_1_1")).toBeUndefined();
    cache().save(record("kvm_1_1", NOW / 1000 + 60));
    expect(cache().load("kvm_1_1")?.signature).toBe("sig-kvm_1_1");
    expect(errors).toContain("the session cache is not valid JSON; starting afresh");
  });

  it("ignores entries that are not sessions or are filed under another kvm_id", () => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(cache().fileOf("kvm_1_1"), JSON.stringify(record("kvm_9_9", NOW / 1000 + 60)));
    writeFileSync(cache().fileOf("kvm_2_2"), JSON.stringify({ kvm_id: "kvm_2_2" }));
    expect(cache().load("kvm_1_1")).toBeUndefined();
    expect(cache().load("kvm_2_2")).toBeUndefined();
  });

  it("reports a cache it cannot write without failing", () => {
    writeFileSync(dir, "a file where the directory should be");
    cache().save(record("kvm_1_1", NOW / 1000 + 60));
    expect(errors.at(-1)).toMatch(/^cannot write the session cache: /u);
  });
});

describe("removeSessionCaches", () => {
  it("removes the cache files of every account and nothing else", () => {
    cache().save(record("kvm_1_1", NOW / 1000 + 60));
    new SessionFileCache({ dir, email: "b@example.com", sessionHost: "x", now: () => NOW }).save(record("kvm_2_2", NOW / 1000 + 60));
    writeFileSync(join(dir, "other.json"), "{}");
    expect(removeSessionCaches(dir)).toBe(2);
    expect(readdirSync(dir)).toEqual(["other.json"]);
    expect(removeSessionCaches(join(temp.dir, "missing"))).toBe(0);
  });
});
