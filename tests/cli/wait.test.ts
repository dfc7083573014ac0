/**
 * `--wait` as a user runs it, against the loopback fake of the EDIS hosts with tiny poll
 * intervals: what each command polls, what edis says it observed (and, for a reinstall, what
 * it could not), the timeout (exit 1), the progress line on a terminal, and flag checks.
 */
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { type Reply, json } from "../../test-support/fake-edis.js";
import { NEW_PASSWORD, edisRoutes, pathOf, useCliFixture } from "../../test-support/cli-fixture.js";
import { runEdisHere } from "../../test-support/cli-in-process.js";
import { runCli } from "../../src/cli/run.js";

const cli = useCliFixture();
const ISO = "0_SystemRescue-10.02-amd64.iso";

/** The fake's routes, with the answers of `path` taken in order (the last repeats). */
function answering(path: string, answers: readonly unknown[]): Reply {
  const routes = edisRoutes();
  let n = 0;
  return (req, res) => (req.path === path ? json(200, answers[Math.min(n++, answers.length - 1)])(req, res) : routes(req, res));
}

const power = (data: string) => ({ status: "success", data, traffic_suspended: false });

describe("--wait", () => {
  it("power on: reads the power state until it reads on, and says what it read", async () => {
    cli.fake.replies = [answering(pathOf("getPowerState"), [power("server powered off"), power("server powered off"), power("server powered on")])];
    const result = await runEdisHere(["power", "on", "--yes", "--wait", "--poll-interval", "1ms"], cli.env);
    expect(result).toEqual({ code: 0, stdout: "status:  success\ndata:    done\n", stderr: 'edis: the power state reads on ("server powered on")\n' });
    expect(cli.fake.received.map((r) => r.path)).toEqual([
      pathOf("createAuthSession"),
      pathOf("powerOnVPS"),
      pathOf("getPowerState"),
      pathOf("getPowerState"),
      pathOf("getPowerState"),
    ]);
  });

  it('power on: a negative sentence ("server could not be powered on: host offline") is not on; the wait runs out, exit 1', async () => {
    cli.fake.replies = [answering(pathOf("getPowerState"), [power("server could not be powered on: host offline")])];
    // Time enough for the first read on a busy machine (with 20ms, a slow first read left no "last read").
    const result = await runEdisHere(["power", "on", "--yes", "--wait", "--poll-interval", "500ms", "--wait-timeout", "2s"], cli.env);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'edis: power on was accepted, but the power state did not read on within 2s (last read: "server could not be powered on: host offline")\n',
    );
  });

  it("--wait-timeout bounds a read in flight: a hanging power read ends with the wait's message, not the request timeout's", async () => {
    const routes = edisRoutes();
    // The power read never answers; the fixture's close() ends its socket.
    cli.fake.replies = [(req, res) => (req.path === pathOf("getPowerState") ? undefined : routes(req, res))];
    const result = await runEdisHere(["power", "on", "--yes", "--wait", "--wait-timeout", "300ms", "--timeout", "10m"], cli.env);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe("edis: power on was accepted, but the power state did not read on within 300ms\n");
  }, 60_000);

  it("power reset and `call performHardReset` wait for on, through the same builder", async () => {
    const routes = answering(pathOf("getPowerState"), [power("server powered on")]);
    cli.fake.replies = [
      (req, res) =>
        req.path === pathOf("performHardReset") ? json(200, { status: "success", reset_time: "2026-12-01T22:00:00Z" })(req, res) : routes(req, res),
    ];
    for (const args of [
      ["power", "reset"],
      ["call", "performHardReset"],
    ]) {
      const result = await runEdisHere([...args, "--yes", "--wait", "--json"], cli.env);
      expect(result).toMatchObject({ code: 0, stdout: '"2026-12-01T22:00:00Z"\n' });
      expect(result.stderr).toBe('edis: the power state reads on ("server powered on")\n');
    }
    expect(cli.fake.to(pathOf("getPowerState"))).toHaveLength(2);
  });

  it("install mount-iso: reads the mounted ISO until it is the one given", async () => {
    cli.fake.replies = [
      answering(pathOf("getMountDetails"), [
        { status: "success", current_iso: "empty" },
        { status: "success", current_iso: ISO },
      ]),
    ];
    const result = await runEdisHere(["install", "mount-iso", "--iso", ISO, "--yes", "--wait", "--poll-interval", "1ms"], cli.env);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(`edis: the mounted ISO reads ${ISO}\n`);
    expect(cli.fake.to(pathOf("getMountDetails"))).toHaveLength(2);
    expect(cli.fake.to(pathOf("mountISO"))[0]!.form.get("iso")).toBe(ISO);
  });

  it("install reinstall: waits for the power state only, and says the API shows no completion", async () => {
    cli.fake.replies = [answering(pathOf("getPowerState"), [power("server powered on")])];
    const env = { ...cli.env, EDIS_NEW_PASSWORD: NEW_PASSWORD };
    const result = await runEdisHere(["install", "reinstall", "--image", "cloudinit_debian-bookworm", "--yes", "--wait"], env);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(
      'edis: the power state reads on ("server powered on"); the API shows no completion of a reinstall, so the install may still be running (a Linux install takes about five minutes)\n',
    );
    expect(result.stderr).not.toMatch(/reinstalled|complete(?:d)? /u);
  });

  it("exit 1 with a clear message when the time runs out", async () => {
    cli.fake.replies = [answering(pathOf("getPowerState"), [power("server powered on")])];
    const result = await runEdisHere(["power", "off", "--yes", "--wait", "--wait-timeout", "30ms", "--poll-interval", "5ms"], cli.env);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('edis: power off was accepted, but the power state did not read off within 30ms (last read: "server powered on")\n');
    expect(cli.fake.to(pathOf("getPowerState")).length).toBeGreaterThanOrEqual(1);
  });

  it("draws a progress line on a terminal and erases it", async () => {
    cli.fake.replies = [answering(pathOf("getPowerState"), [power("server powered off"), power("server powered on")])];
    const stderr = Object.assign(new PassThrough(), { isTTY: true });
    let text = "";
    stderr.setEncoding("utf8").on("data", (chunk: string) => (text += chunk));
    const stdin = new PassThrough();
    stdin.end();
    const code = await runCli(["power", "on", "--yes", "--wait", "--poll-interval", "1ms"], {
      stdin,
      stdout: new PassThrough(),
      stderr,
      env: cli.env,
      signal: new AbortController().signal,
    });
    expect(code).toBe(0);
    expect(text).toMatch(
      /^\r\u001b\[2Kwaiting until the power state reads on: \d+s, last read: server powered off\r\u001b\[2Kwaiting until the power state reads on: \d+s, last read: server powered on\r\u001b\[2Kedis: the power state reads on/u,
    );
  });
});

describe("--wait flags: exit 2, nothing sent", () => {
  it.each([
    [["power", "on", "--yes", "--wait-timeout", "1m"], "edis: --wait-timeout needs --wait"],
    [["power", "on", "--yes", "--poll-interval", "1s"], "edis: --poll-interval needs --wait"],
    [
      ["power", "on", "--yes", "--wait", "--poll-interval", "0"],
      "edis: option '--poll-interval <duration>' argument '0' is invalid. --poll-interval must be a duration such as 500ms, 90s or 5m (a bare number is seconds), from 1 ms to 24 days.",
    ],
    [["power", "state", "--wait"], "edis: unknown option '--wait'"],
  ])("%j", async (args, message) => {
    const result = await runEdisHere(args, cli.env);
    expect(result.code).toBe(2);
    expect(result.stderr.split("\n")[0]).toBe(message);
    expect(cli.fake.received).toEqual([]);
  });
});
