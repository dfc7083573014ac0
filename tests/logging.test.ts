/**
 * The client's log as a user reads it: `logLevel` "debug" prints two lines per attempt (method,
 * URL, the form with every secret `[REDACTED]`; status, time taken, the answer's start), every
 * retry shows as an attempt, and no secret shows in any line; the levels filter (warn by
 * default: nothing at debug or info), `EDIS_LOG` sets the level when the option does not, and
 * bad options are refused before anything is sent.
 */
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { EdisTimeoutError, EdisValidationError, type EdisLogger, type EdisLogLevel } from "../src/index.js";
import { leaks } from "../test-support/echo-table.js";
import { type FakeEdis, KVM, PASSWORD, SIGNATURE, json, startFakeEdis, text } from "../test-support/fake-edis.js";
import { AUTH_PATH, failureOf } from "../test-support/fixtures.js";

let fake: FakeEdis;
beforeEach(async () => {
  fake = await startFakeEdis();
});
afterEach(async () => {
  await fake.close();
});

/** A logger that keeps each line with its level. */
function recorder(): { logger: EdisLogger; lines: { level: string; message: string }[]; at: (level: string) => string[] } {
  const lines: { level: string; message: string }[] = [];
  const keep = (level: string) => (message: string) => void lines.push({ level, message });
  return {
    logger: { error: keep("error"), warn: keep("warn"), info: keep("info"), debug: keep("debug") },
    lines,
    at: (level) => lines.filter((l) => l.level === level).map((l) => l.message),
  };
}

/** The first characters of the tricky password that no encoding changes, and the signature's stem. */
const PASSWORD_TOKEN = PASSWORD.slice(0, 10);
const SIGNATURE_STEM = SIGNATURE.slice(0, 20);
const noSecretIn = (lines: readonly string[]): void => {
  const views = lines.map((text, n) => ({ name: `line ${n}`, text }));
  expect(leaks(views, PASSWORD_TOKEN)).toEqual([]);
  expect(leaks(views, SIGNATURE_STEM)).toEqual([]);
};
const URL_OF = (path: string): string => `${fake.url}${path}`.replace(/[.?]/gu, "\\$&");

describe("logLevel debug", () => {
  test("each exchange: method, URL and form going out; status, time and answer coming back; no secret", async () => {
    const log = recorder();
    fake.replies = [json(200, { status: "success", records: [{ ip: "192.0.2.1", ptr_record: "host.example.com" }] })];
    await fake.client({ logLevel: "debug", logger: log.logger }).ptr.get({ kvmId: KVM, ips: ["192.0.2.1"] });
    const lines = log.at("debug");
    expect(lines).toHaveLength(4);
    expect(log.lines).toHaveLength(4);
    const [authOut, authBack, ptrOut, ptrBack] = lines as [string, string, string, string];
    expect(authOut).toMatch(new RegExp(`^edis-global: #1 createAuthSession attempt 1 of \\d+: POST ${URL_OF(AUTH_PATH)} form \\{.*\\}$`, "u"));
    expect(authOut).toContain('"email":"owner@example.com"');
    expect(authOut).toContain('"pw":"[REDACTED]"');
    expect(authBack).toMatch(new RegExp(`^edis-global: #1 createAuthSession attempt 1 of \\d+: 200 POST ${URL_OF(AUTH_PATH)} in \\d+ ms, answer ".*"$`, "u"));
    // Auth's answer holds the session's signature, which its request never sent: redacted by its key.
    expect(authBack).toContain('\\"signature\\":\\"[REDACTED]\\"');
    expect(authBack).toContain(KVM);
    expect(ptrOut).toMatch(new RegExp(`^edis-global: #2 getPTR attempt 1 of 3: POST ${URL_OF("/get/ptr")} form \\{.*\\}$`, "u"));
    expect(ptrOut).toContain(`"kvm_id":"${KVM}"`);
    expect(ptrOut).toContain('"signature":"[REDACTED]"');
    expect(ptrBack).toMatch(
      new RegExp(`^edis-global: #2 getPTR attempt 1 of 3: 200 POST ${URL_OF("/get/ptr")} in \\d+ ms, answer "\\{.*host\\.example\\.com.*\\}"$`, "u"),
    );
    noSecretIn(lines);
    expect(fake.received).toHaveLength(2);
  });

  test("every retry is an attempt of its own, and an answer echoing the password shows it redacted", async () => {
    const log = recorder();
    await fake.client({ logLevel: "debug", logger: log.logger }).auth.createSession();
    fake.replies = [text(503, `busy; you sent pw=${encodeURIComponent(PASSWORD)} and ${PASSWORD}`, "text/plain")];
    await failureOf(fake.client({ logLevel: "debug", logger: log.logger, retries: 2 }).ptr.get({ kvmId: KVM, ips: ["192.0.2.1"] }));
    expect(fake.to("/get/ptr")).toHaveLength(3);
    const answers = log.at("debug").filter((l) => l.includes(" getPTR ") && l.includes(" 503 POST "));
    expect(answers.map((l) => /attempt (\d) of 3/u.exec(l)?.[1])).toEqual(["1", "2", "3"]);
    for (const line of answers) expect(line).toContain('answer "busy; you sent pw=[REDACTED] and [REDACTED]"');
    // Each retry is announced at info too.
    expect(log.at("info")).toEqual([
      expect.stringMatching(/^edis-global: retrying #\d+ getPTR: attempt 2 of 3$/u),
      expect.stringMatching(/^edis-global: retrying #\d+ getPTR: attempt 3 of 3$/u),
    ]);
    noSecretIn(log.lines.map((l) => l.message));
  });

  test("a long answer shows its first 200 characters and its length", async () => {
    const log = recorder();
    const records = Array.from({ length: 40 }, (_, n) => ({ ip: `192.0.2.${n}`, ptr_record: `host${n}.example.com` }));
    fake.replies = [json(200, { status: "success", records })];
    await fake.client({ logLevel: "debug", logger: log.logger }).ptr.get({ kvmId: KVM, ips: ["192.0.2.1"] });
    const body = JSON.stringify({ status: "success", records });
    const back = log.at("debug").find((l) => l.includes(" getPTR ") && l.includes(" 200 POST "))!;
    expect(back.endsWith(`, answer ${JSON.stringify(body.slice(0, 200))}… (${body.length} characters)`)).toBe(true);
  });

  test("no control character of an answer or a failure reaches a line: escaped as \\uXXXX (C1 and DEL too)", async () => {
    const log = recorder();
    const hostile = "on\u009b2J\u007f\u0085\u001b[31m\r\nedis-global: #9 forged";
    fake.replies = [json(200, { status: "success", data: hostile })];
    const failing = (async () => {
      throw new Error("refused: \u001b]0;title\u0007\r\nedis-global: #9 forged");
    }) as typeof fetch;
    await fake.client({ logLevel: "debug", logger: log.logger }).power.state({ kvmId: KVM });
    await failureOf(fake.client({ logLevel: "debug", logger: log.logger, retries: 0, fetch: failing }).power.state({ kvmId: KVM }));
    const lines = log.at("debug");
    expect(lines.find((l) => l.includes(" 200 POST ") && l.includes("getPowerState"))).toContain("on\\u009b2J\\u007f\\u0085");
    expect(lines.at(-1)).toContain("refused: \\u001b]0;title\\u0007\\r\\nedis-global: #9 forged");
    for (const line of lines) expect(line).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/u);
  });

  test("an attempt without an answer logs its failure and the time it took", async () => {
    const log = recorder();
    const edis = fake.client({ logLevel: "debug", logger: log.logger, retries: 0 });
    await edis.auth.createSession();
    fake.replies = [() => undefined];
    expect(await failureOf(edis.ptr.get({ kvmId: KVM, ips: ["192.0.2.1"] }, { timeoutMs: 200 }))).toBeInstanceOf(EdisTimeoutError);
    expect(log.at("debug").at(-1)).toMatch(
      new RegExp(
        `^edis-global: #2 getPTR attempt 1 of 1: POST ${URL_OF("/get/ptr")} failed after \\d+ ms: EdisTimeoutError: getPTR failed: no answer within 200 ms$`,
        "u",
      ),
    );
  });
});

describe("levels", () => {
  /** What a client at `level` logs for one call that is retried once, and for an http: host (a warning). */
  async function linesAt(level: EdisLogLevel | undefined): Promise<Record<string, number>> {
    const log = recorder();
    fake.replies = [json(503, { status: "error", error: "busy" }), json(200, { status: "success", records: [] })];
    const edis = fake.client({ ...(level === undefined ? {} : { logLevel: level }), logger: log.logger, retries: 1 });
    await edis.ptr.get({ kvmId: KVM, ips: ["192.0.2.1"] });
    fake.client({ ...(level === undefined ? {} : { logLevel: level }), logger: log.logger, hosts: { session: "http://example.invalid" } });
    return Object.fromEntries(["error", "warn", "info", "debug"].map((l) => [l, log.at(l).length]));
  }

  test.each([
    [undefined, { error: 0, warn: 1, info: 0, debug: 0 }],
    ["warn", { error: 0, warn: 1, info: 0, debug: 0 }],
    ["info", { error: 0, warn: 1, info: 1, debug: 0 }],
    ["debug", { error: 0, warn: 1, info: 1, debug: 6 }],
    ["error", { error: 0, warn: 0, info: 0, debug: 0 }],
    ["off", { error: 0, warn: 0, info: 0, debug: 0 }],
  ] as const)("%s (default: warn): lines of each level %j", async (level, counts) => {
    expect(await linesAt(level)).toEqual(counts);
  });

  test("the warning names the insecure host; onWarning takes warnings whatever the level", () => {
    const log = recorder();
    fake.client({ logger: log.logger, hosts: { session: "http://example.invalid" } });
    expect(log.at("warn")).toEqual(["edis-global: hosts.session is http://example.invalid: credentials and session signatures will travel unencrypted"]);
    const taken: string[] = [];
    fake.client({ logLevel: "off", logger: log.logger, onWarning: (m) => taken.push(m), hosts: { session: "http://example.invalid" } });
    expect(taken).toHaveLength(1);
    expect(log.lines).toHaveLength(1);
  });
});

describe("EDIS_LOG", () => {
  const saved = process.env.EDIS_LOG;
  afterEach(() => {
    if (saved === undefined) delete process.env.EDIS_LOG;
    else process.env.EDIS_LOG = saved;
  });

  test("sets the level when the option does not", async () => {
    process.env.EDIS_LOG = "debug";
    const log = recorder();
    await fake.client({ logger: log.logger }).auth.createSession();
    expect(log.at("debug")).toHaveLength(2);
    const quiet = recorder();
    await fake.client({ logger: quiet.logger, logLevel: "warn" }).auth.createSession();
    expect(quiet.lines).toEqual([]);
  });

  test.each([
    ["granted", 2],
    ["prompt", 0],
    ["denied", 0],
  ])("on Deno, is read only with env access %s (asking would prompt): %i debug lines", async (state, lines) => {
    process.env.EDIS_LOG = "debug";
    const asked: unknown[] = [];
    const querySync = (descriptor: unknown): { state: string } => {
      asked.push(descriptor);
      return { state };
    };
    vi.stubGlobal("Deno", { permissions: { querySync } });
    try {
      const log = recorder();
      await fake.client({ logger: log.logger }).auth.createSession();
      expect(log.at("debug")).toHaveLength(lines);
      expect(asked).toEqual([{ name: "env", variable: "EDIS_LOG" }]);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  test("a value that is no level is ignored, with a warning", async () => {
    process.env.EDIS_LOG = "verbose";
    const log = recorder();
    await fake.client({ logger: log.logger }).auth.createSession();
    expect(log.lines).toEqual([{ level: "warn", message: "edis-global: EDIS_LOG is not a log level (use off, error, warn, info, debug); logging at warn" }]);
  });
});

describe("bad options: EdisValidationError when the client is created, nothing sent", () => {
  test.each([
    ["logLevel", { logLevel: "verbose" }, "logLevel option must be one of off, error, warn, info, debug"],
    ["logLevel", { logLevel: 3 }, "logLevel option must be one of off, error, warn, info, debug"],
    ["logger", { logger: {} }, "logger option must have error, warn, info and debug functions (console has them)"],
    ["logger", { logger: { ...console, debug: "yes" } }, "logger option must have error, warn, info and debug functions (console has them)"],
    ["onWarning", { onWarning: "console" }, "onWarning option must be a function"],
  ])("%s: %j", (field, options, message) => {
    let error: unknown;
    try {
      fake.client(options as never);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EdisValidationError);
    expect(error).toMatchObject({ field, message });
    expect(fake.received).toHaveLength(0);
  });
});
