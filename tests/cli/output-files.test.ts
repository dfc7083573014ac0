/**
 * The files edis writes where it is told (`--out`, `--junit`): never through a symbolic link
 * (a report written over whatever it points at) and only into a regular file, refused before
 * anything is sent; a regular file is written, an existing one replaced.
 */
import { existsSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SCREENSHOT, useCliFixture } from "../../test-support/cli-fixture.js";
import { runEdisHere } from "../../test-support/cli-in-process.js";

const cli = useCliFixture();

describe("--out and --junit", () => {
  it("--out through a symbolic link: exit 2, nothing sent, the file it points at untouched", async () => {
    const target = join(cli.temp.dir, "precious");
    writeFileSync(target, "keep me");
    const link = join(cli.temp.dir, "shot.jpg");
    symlinkSync(target, link);
    const result = await runEdisHere(["info", "screenshot", "--out", link], cli.env);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `edis: --out ${link} is a symbolic link; edis writes only a regular file, never through a link (remove it, or choose another file)\n`,
    );
    expect(readFileSync(target, "utf8")).toBe("keep me");
    expect(cli.fake.received).toHaveLength(0);
  });

  it("--junit through a symbolic link: exit 2 before the check runs", async () => {
    const target = join(cli.temp.dir, "bashrc");
    writeFileSync(target, "keep me");
    const link = join(cli.temp.dir, "report.xml");
    symlinkSync(target, link);
    const result = await runEdisHere(["contract", "check", "--junit", link], cli.env);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^edis: --junit .* is a symbolic link;/u);
    expect(readFileSync(target, "utf8")).toBe("keep me");
    expect(cli.fake.received).toHaveLength(0);
  });

  it("--out into a directory is refused; into a regular file, written whole, replacing what it held", async () => {
    const dir = await runEdisHere(["info", "screenshot", "--out", cli.temp.dir], cli.env);
    expect(dir.code).toBe(2);
    expect(dir.stderr).toMatch(/is not a regular file/u);
    const file = join(cli.temp.dir, "shot.jpg");
    writeFileSync(file, "x".repeat(1000));
    const written = await runEdisHere(["info", "screenshot", "--out", file], cli.env);
    expect(written.code).toBe(0);
    expect(new Uint8Array(readFileSync(file))).toEqual(SCREENSHOT);
    expect(existsSync(file)).toBe(true);
  });
});
