/**
 * --timeout and --retries, the client's timeoutMs and retries, as a user gives them: a
 * duration (500ms, 90s, 5m, a bare number of seconds) and a count; a bad value is a usage
 * error (exit 2) before anything is sent.
 */
import { describe, expect, it } from "vitest";
import { durationMs, formatDuration } from "../../src/cli/duration.js";
import { json } from "../../test-support/fake-edis.js";
import { pathOf, useCliFixture } from "../../test-support/cli-fixture.js";
import { runEdisHere } from "../../test-support/cli-in-process.js";

const cli = useCliFixture();

describe("durations", () => {
  it.each([
    ["500ms", 500],
    ["90s", 90_000],
    ["5m", 300_000],
    ["1h", 3_600_000],
    ["2", 2000],
    ["1.5s", 1500],
    [" 30s ", 30_000],
  ])("%j is %i ms", (text, ms) => expect(durationMs(text)).toBe(ms));

  it.each(["", "0", "0s", "-1s", "5 m", "1d", "abc", "1e3", "2147483648ms", "25000h"])("%j is not one", (text) => expect(durationMs(text)).toBeUndefined());

  it("prints a duration in its largest whole unit", () => {
    expect([90_000, 300_000, 7_200_000, 1500].map(formatDuration)).toEqual(["90s", "5m", "2h", "1500ms"]);
  });
});

describe("--timeout", () => {
  it("is the client's timeoutMs: a request without an answer fails after it (exit 1)", async () => {
    // The session first, without a timeout, so that only the call that is never answered has one.
    expect((await runEdisHere(["auth", "create-session"], cli.env)).code).toBe(0);
    cli.fake.replies = [() => undefined];
    const result = await runEdisHere(["power", "state", "--timeout", "200ms", "--retries", "0"], cli.env);
    expect(result).toEqual({ code: 1, stdout: "", stderr: "edis: getPowerState failed: no answer within 200 ms\n" });
    expect(cli.fake.to(pathOf("getPowerState"))).toHaveLength(1);
  });
});

describe("--retries", () => {
  it("is the client's retries: a read is sent once more with 1, once with 0", async () => {
    cli.fake.replies = [json(503, { status: "error", error: "busy" })];
    const none = await runEdisHere(["power", "state", "--retries", "0"], cli.env);
    expect(none).toEqual({ code: 1, stdout: "", stderr: "edis: getPowerState failed: 503 busy\n" });
    expect(cli.fake.to(pathOf("getPowerState"))).toHaveLength(1);
    const once = await runEdisHere(["power", "state", "--retries", "1"], cli.env);
    expect(once.code).toBe(1);
    expect(cli.fake.to(pathOf("getPowerState"))).toHaveLength(3);
  });
});

describe("bad values: exit 2, nothing sent", () => {
  it.each([
    ["--timeout", "0", "--timeout must be a duration such as 500ms, 90s or 5m (a bare number is seconds), from 1 ms to 24 days."],
    ["--timeout", "soon", "--timeout must be a duration such as 500ms, 90s or 5m (a bare number is seconds), from 1 ms to 24 days."],
    ["--timeout", "30d", "--timeout must be a duration such as 500ms, 90s or 5m (a bare number is seconds), from 1 ms to 24 days."],
    ["--retries", "-1", "--retries must be a whole number of at least 0."],
    ["--retries", "1.5", "--retries must be a whole number of at least 0."],
  ])("%s %s", async (flag, value, why) => {
    const result = await runEdisHere(["power", "off", "--yes", flag, value], cli.env);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr.split("\n")[0]).toBe(`edis: option '${flag} <${flag === "--timeout" ? "duration" : "n"}>' argument '${value}' is invalid. ${why}`);
    expect(cli.fake.received).toEqual([]);
  });
});
