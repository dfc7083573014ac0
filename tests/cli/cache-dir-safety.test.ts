/** The checks of the session cache directory that need no second user or platform to test. */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { tempDir } from "../../test-support/cli-fixture.js";
import { UnsafeCacheDir, checkCacheDir, makeCacheDir } from "../../src/cli/stores/cache-dir-safety.js";
import { UsageError } from "../../src/cli/errors.js";

let temp: ReturnType<typeof tempDir>;

beforeEach(() => {
  temp = tempDir();
});

afterEach(() => temp.cleanup());

describe("checkCacheDir", () => {
  it("is false for a directory that does not exist yet", () => {
    expect(checkCacheDir(join(temp.dir, "missing"))).toBe(false);
  });

  it("refuses a directory of another user", () => {
    const dir = join(temp.dir, "cache");
    mkdirSync(dir, { mode: 0o700 });
    const other = (process.getuid?.() ?? 0) + 1;
    expect(() => checkCacheDir(dir, { uid: other, platform: "linux" })).toThrow(
      new UnsafeCacheDir(`the session cache directory ${dir} belongs to another user`),
    );
  });

  it("refuses a path through a file, as a usage error", () => {
    const file = join(temp.dir, "file");
    writeFileSync(file, "x");
    expect(() => makeCacheDir(join(file, "cache"))).toThrow(UsageError);
    expect(() => checkCacheDir(join(file, "cache"))).toThrow(/is not a directory \(a part of its path is a file\)$/u);
  });

  it("creates a missing directory, with its missing parents", () => {
    const dir = join(temp.dir, "a", "b", "edis-global");
    makeCacheDir(dir);
    expect(checkCacheDir(dir)).toBe(true);
  });
});
