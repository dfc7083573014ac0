/**
 * `--debug` and `EDIS_DEBUG`: each exchange on stderr (method, URL, form with its secrets
 * redacted, status, time, the answer's start), stdout exactly what it is without them, and no
 * secret in either stream. Run in-process with the injected io.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { debugFromEnv } from "../../src/cli/debug-log.js";
import { pathOf, useCliFixture } from "../../test-support/cli-fixture.js";
import { runEdisHere } from "../../test-support/cli-in-process.js";
import { leaks } from "../../test-support/echo-table.js";
import { PASSWORD, SIGNATURE } from "../../test-support/fake-edis.js";
import { AUTH_PATH } from "../../test-support/fixtures.js";

const cli = useCliFixture();

const NEW_ROOT_PASSWORD = "Root7Tok+&= ü";

/** The lines of `stderr` that are the debug log's. */
const debugLines = (stderr: string): string[] => stderr.split("\n").filter((l) => l.startsWith("edis-global: #"));

describe.each([
  ["--debug", ["--debug"], {}],
  ["EDIS_DEBUG=1", [], { EDIS_DEBUG: "1" }],
])("%s", (_name, flag, env) => {
  it("prints each exchange on stderr and leaves stdout as it is", async () => {
    const plain = await runEdisHere(["power", "state", "--json"], cli.env);
    // The first run cached the session: log out so that the debug run makes the auth call as well.
    expect((await runEdisHere(["logout"], cli.env)).code).toBe(0);
    const debug = await runEdisHere([...flag, "power", "state", "--json"], { ...cli.env, ...env });
    expect(debug.code).toBe(0);
    expect(debug.stdout).toBe(plain.stdout);
    expect(plain.stderr).toBe("");
    const lines = debugLines(debug.stderr);
    expect(debug.stderr).toBe(lines.map((l) => `${l}\n`).join(""));
    const url = (path: string) => `${cli.fake.url}${path}`;
    expect(lines).toEqual([
      expect.stringMatching(/^edis-global: #1 createAuthSession attempt 1 of \d+: POST \S+ form \{.*"pw":"\[REDACTED\]".*\}$/u),
      expect.stringMatching(/^edis-global: #1 createAuthSession attempt 1 of \d+: 200 POST \S+ in \d+ ms, answer ".*\[REDACTED\].*"$/u),
      expect.stringMatching(/^edis-global: #2 getPowerState attempt 1 of 3: POST \S+ form \{.*"signature":"\[REDACTED\]".*\}$/u),
      expect.stringMatching(/^edis-global: #2 getPowerState attempt 1 of 3: 200 POST \S+ in \d+ ms, answer ".*server powered on.*"$/u),
    ]);
    expect(lines[0]).toContain(` POST ${url(AUTH_PATH)} `);
    expect(lines[3]).toContain(` POST ${url(pathOf("getPowerState"))} `);
    const views = [{ name: "stderr", text: debug.stderr }];
    expect(leaks(views, PASSWORD.slice(0, 10))).toEqual([]);
    expect(leaks(views, SIGNATURE.slice(0, 20))).toEqual([]);
  });
});

it("redacts the secrets a command sends (the new root password and cloud-init data)", async () => {
  const userData = join(cli.temp.dir, "user-data.yaml");
  writeFileSync(userData, `#cloud-config\npassword: ${NEW_ROOT_PASSWORD}\n`);
  const argv = ["--debug", "install", "reinstall", "--image", "cloudinit_debian-bookworm", "--cloudinit-file", userData, "--yes"];
  const result = await runEdisHere(argv, { ...cli.env, EDIS_NEW_PASSWORD: NEW_ROOT_PASSWORD });
  expect(result.code).toBe(0);
  expect(cli.fake.to(pathOf("reinstallVPS"))[0]!.form.get("password")).toBe(NEW_ROOT_PASSWORD);
  const out = debugLines(result.stderr).find((l) => l.includes(" reinstallVPS ") && l.includes(" form "))!;
  expect(out).toContain('"password":"[REDACTED]"');
  expect(out).toContain('"cloudinit_user_data":"[REDACTED]"');
  expect(
    leaks(
      [
        { name: "stderr", text: result.stderr },
        { name: "stdout", text: result.stdout },
      ],
      "Root7Tok",
    ),
  ).toEqual([]);
});

it("without either, stderr has no debug line (EDIS_DEBUG=0 is off)", async () => {
  const result = await runEdisHere(["power", "state"], { ...cli.env, EDIS_DEBUG: "0" });
  expect(result.code).toBe(0);
  expect(result.stderr).toBe("");
});

it.each([
  ["1", true],
  ["true", true],
  ["yes", true],
  ["", false],
  ["0", false],
  ["false", false],
  ["OFF", false],
  [undefined, false],
])("EDIS_DEBUG=%j is %s", (value, on) => {
  expect(debugFromEnv(value)).toBe(on);
});
