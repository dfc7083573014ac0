/**
 * A session cache directory edis will not use: a file, a symbolic link, a directory others may
 * write to. Every command says so in one line and exits with 2 before it asks or sends anything.
 */
import { chmodSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { useCliFixture } from "../../test-support/cli-fixture.js";
import { runEdisHere } from "../../test-support/cli-in-process.js";

const posix = process.platform !== "win32";
const cli = useCliFixture({ cacheNotYetMade: true });

const COMMANDS = [["power", "state"], ["vps", "list"], ["ptr", "get", "192.0.2.1"], ["auth", "create-session"], ["logout"]];

/** Runs every command of COMMANDS and expects each to fail with exactly `line` and nothing sent. */
async function expectRefused(line: RegExp): Promise<void> {
  for (const args of COMMANDS) {
    const result = await runEdisHere(args, cli.env);
    expect(result, args.join(" ")).toMatchObject({ code: 2, stdout: "" });
    expect(result.stderr, args.join(" ")).toMatch(new RegExp(`^edis: ${line.source}\\n$`, "u"));
  }
  expect(cli.fake.received).toHaveLength(0);
}

describe("EDIS_CACHE_DIR naming a file", () => {
  it("is a usage error of every command, logout included: one line, exit 2, nothing sent", async () => {
    writeFileSync(cli.cacheDir, "not a directory");
    await expectRefused(/the session cache directory \S+ is not a directory/u);
  });
});

describe.runIf(posix)("a cache directory edis did not make safe", () => {
  it("a symbolic link: refused, even to a good directory, and nothing is written there", async () => {
    const real = join(cli.temp.dir, "real");
    mkdirSync(real, { mode: 0o700 });
    symlinkSync(real, cli.cacheDir);
    await expectRefused(/the session cache directory \S+ is a symbolic link; .+/u);
    expect(readdirSync(real)).toEqual([]);
  });

  it.each([
    ["0777", 0o777],
    ["0770", 0o770],
    ["0702", 0o702],
  ])("mode %s (writable by others): refused, and the message says how to fix it", async (_, mode) => {
    mkdirSync(cli.cacheDir);
    chmodSync(cli.cacheDir, mode);
    await expectRefused(/the session cache directory \S+ is writable by other users; run chmod 700 on it/u);
    expect(readdirSync(cli.cacheDir)).toEqual([]);
  });

  it("mode 0755, made by the user: used (others can list it, but not write to it)", async () => {
    mkdirSync(cli.cacheDir);
    chmodSync(cli.cacheDir, 0o755);
    expect(await runEdisHere(["power", "state"], cli.env)).toMatchObject({ code: 0, stderr: "" });
  });
});
