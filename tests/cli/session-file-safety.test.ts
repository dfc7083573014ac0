/**
 * The session cache on a hostile disk, in-process: a directory that others may write to or
 * that is a symbolic link is not used, a cache file readable by others is narrowed when read,
 * and neither a read nor a write follows a symbolic link planted where a cache file goes.
 * (Tests run as root here, so nothing relies on a permission error: modes and links are set
 * explicitly and the cache's own checks are what is tested.)
 */
import { chmodSync, lstatSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SessionRecord } from "../../src/index.js";
import { tempDir } from "../../test-support/cli-fixture.js";
import { SessionFileCache } from "../../src/cli/stores/session-file-cache.js";

const NOW = 1_900_000_000_000;
const posix = process.platform !== "win32";
let temp: ReturnType<typeof tempDir>;
let dir: string;
let errors: string[];
let warnings: string[];

const record = (kvmId: string): SessionRecord => ({ kvm_id: kvmId, signature: `sig-${kvmId}`, api_host: "1.edisglobal.com", valid_until: NOW / 1000 + 600 });

function cache(at = dir): SessionFileCache {
  return new SessionFileCache({
    dir: at,
    email: "a@example.com",
    sessionHost: "https://session.example",
    now: () => NOW,
    onError: (m) => errors.push(m),
    onWarning: (m) => warnings.push(m),
  });
}

/** The cache's files in `at` (whatever their layout). */
const cacheFiles = (at = dir): string[] => readdirSync(at).filter((name) => name.startsWith("sessions-"));

beforeEach(() => {
  temp = tempDir();
  dir = join(temp.dir, "edis-global");
  errors = [];
  warnings = [];
});

afterEach(() => temp.cleanup());

describe.runIf(posix)("the cache directory", () => {
  it("is created with mode 0700 when missing", () => {
    cache().save(record("kvm_1_1"));
    expect(statSync(dir).mode & 0o777).toBe(0o700);
  });

  it.each([
    ["0777", 0o777],
    ["0770", 0o770],
    ["0722", 0o722],
    ["1777", 0o1777],
  ])("is not used when its mode is %s (writable by others)", (_, mode) => {
    mkdirSync(dir, { mode: 0o700 });
    cache().save(record("kvm_1_1"));
    const files = cacheFiles();
    chmodSync(dir, mode);
    expect(cache().load("kvm_1_1")).toBeUndefined();
    cache().save(record("kvm_2_2"));
    expect(cacheFiles()).toEqual(files);
    expect(errors.at(-1)).toMatch(/is writable by other users/u);
  });

  it("is not used when it is a symbolic link, even to a good directory", () => {
    const real = join(temp.dir, "real");
    mkdirSync(real, { mode: 0o700 });
    symlinkSync(real, dir);
    cache().save(record("kvm_1_1"));
    expect(readdirSync(real)).toEqual([]);
    expect(lstatSync(dir).isSymbolicLink()).toBe(true);
    expect(errors.at(-1)).toMatch(/is a symbolic link/u);
  });
});

describe.runIf(posix)("a cache file", () => {
  it("readable by others is narrowed to 0600 when it is read", () => {
    cache().save(record("kvm_1_1"));
    const [file] = cacheFiles();
    chmodSync(join(dir, file!), 0o644);
    expect(cache().load("kvm_1_1")?.signature).toBe("sig-kvm_1_1");
    expect(statSync(join(dir, file!)).mode & 0o777).toBe(0o600);
    expect(warnings).toEqual(["a session cache file was readable by other users (mode 0644); it is now of mode 0600"]);
  });

  it("that is a symbolic link is not read through", () => {
    cache().save(record("kvm_1_1"));
    for (const name of cacheFiles()) {
      const elsewhere = join(temp.dir, `planted-${name}`);
      writeFileSync(elsewhere, readFileSync(join(dir, name)));
      rmSync(join(dir, name));
      symlinkSync(elsewhere, join(dir, name));
    }
    expect(cache().load("kvm_1_1")).toBeUndefined();
  });

  it("that is a symbolic link is replaced on write, and what it pointed at is left as it was", () => {
    cache().save(record("kvm_1_1"));
    const victim = join(temp.dir, "victim.txt");
    writeFileSync(victim, "not yours", { mode: 0o644 });
    const names = cacheFiles();
    for (const name of names) {
      rmSync(join(dir, name));
      symlinkSync(victim, join(dir, name));
    }
    cache().save(record("kvm_1_1"));
    expect(readFileSync(victim, "utf8")).toBe("not yours");
    expect(statSync(victim).mode & 0o777).toBe(0o644);
    for (const name of cacheFiles()) {
      expect(lstatSync(join(dir, name)).isFile()).toBe(true);
      expect(lstatSync(join(dir, name)).mode & 0o777).toBe(0o600);
    }
    expect(cache().load("kvm_1_1")?.signature).toBe("sig-kvm_1_1");
  });
});
