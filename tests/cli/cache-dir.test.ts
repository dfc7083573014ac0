/**
 * A session cache directory edis will not use: a file, a symbolic link, a directory others may
 * write to. Every command says so in one line and exits with 2 before it asks or sends anything.
 */
import { chmodSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type FakeEdis, KVM, startFakeEdis } from "../../test-support/fake-edis.js";
import { cliEnv, edisRoutes, tempDir } from "../../test-support/cli-fixture.js";
import { runEdisHere } from "../../test-support/cli-in-process.js";

const posix = process.platform !== "win32";
let fake: FakeEdis;
let temp: ReturnType<typeof tempDir>;
let cacheDir: string;
let env: Record<string, string>;

beforeEach(async () => {
  fake = await startFakeEdis();
  fake.replies = [edisRoutes()];
  temp = tempDir();
  cacheDir = join(temp.dir, "cache");
  env = cliEnv(fake, cacheDir, { EDIS_KVM_ID: KVM });
});

afterEach(async () => {
  await fake.close();
  temp.cleanup();
});

const COMMANDS = [["power", "state"], ["vps", "list"], ["ptr", "get", "192.0.2.1"], ["auth", "create-session"], ["logout"]];

/** Runs every command of COMMANDS and expects each to fail with exactly `line` and nothing sent. */
async function expectRefused(line: RegExp): Promise<void> {
  for (const args of COMMANDS) {
    const result = await runEdisHere(args, env);
    expect(result, args.join(" ")).toMatchObject({ code: 2, stdout: "" });
    expect(result.stderr, args.join(" ")).toMatch(new RegExp(`^edis: ${line.source}\\n$`, "u"));
  }
  expect(fake.received).toHaveLength(0);
}

describe("EDIS_CACHE_DIR naming a file", () => {
  it("is a usage error of every command, logout included: one line, exit 2, nothing sent", async () => {
    writeFileSync(cacheDir, "not a directory");
    await expectRefused(/the session cache directory \S+ is not a directory/u);
  });
});

describe.runIf(posix)("a cache directory edis did not make safe", () => {
  it("a symbolic link: refused, even to a good directory, and nothing is written there", async () => {
    const real = join(temp.dir, "real");
    mkdirSync(real, { mode: 0o700 });
    symlinkSync(real, cacheDir);
    await expectRefused(/the session cache directory \S+ is a symbolic link; .+/u);
    expect(readdirSync(real)).toEqual([]);
  });

  it.each([
    ["0777", 0o777],
    ["0770", 0o770],
    ["0702", 0o702],
  ])("mode %s (writable by others): refused, and the message says how to fix it", async (_, mode) => {
    mkdirSync(cacheDir);
    chmodSync(cacheDir, mode);
    await expectRefused(/the session cache directory \S+ is writable by other users; run chmod 700 on it/u);
    expect(readdirSync(cacheDir)).toEqual([]);
  });

  it("mode 0755, made by the user: used (others can list it, but not write to it)", async () => {
    mkdirSync(cacheDir);
    chmodSync(cacheDir, 0o755);
    expect(await runEdisHere(["power", "state"], env)).toMatchObject({ code: 0, stderr: "" });
  });
});
