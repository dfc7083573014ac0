/**
 * The client's request path against a loopback stand-in of the EDIS hosts: the answers it
 * decodes, error mapping, bad input refused before sending, the injected fetch and secrets
 * kept out of errors. Counts are taken on the server side. Sessions are in sessions.test.ts,
 * retries and limits in retries-and-limits.test.ts.
 */
import { inspect } from "node:util";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import {
  EdisApiError,
  EdisError,
  EdisNetworkError,
  EdisRedirectError,
  EdisTimeoutError,
  EdisValidationError,
  isEdisError,
  isEdisRedirectError,
} from "../src/index.js";
import { type FakeEdis, KVM, PASSWORD, SIGNATURE, json, startFakeEdis, text } from "../test-support/fake-edis.js";
import { AUTH_PATH, failureOf as failure } from "../test-support/fixtures.js";

let fake: FakeEdis;
beforeEach(async () => {
  fake = await startFakeEdis();
});
afterEach(async () => {
  await fake.close();
});

const AUTH = AUTH_PATH;
/** The longest delay a Node timer holds (2^31 - 1 ms); a longer one fires at once. */
const MAX_TIMER_MS = 2_147_483_647;
const records = [{ ip: "192.0.2.1", ptr_record: "host.example.com" }];

describe("answers the client decodes", () => {
  test("vps.list lists the account's VPSs without session secrets", async () => {
    const list = await fake.client().vps.list();
    expect(list).toEqual([
      {
        kvmId: KVM,
        apiHost: "123456.edisglobal.com",
        description: undefined,
        apiRdns: undefined,
        suspended: undefined,
        lps: undefined,
        lpsIsPremium: undefined,
        primaryIp: undefined,
      },
    ]);
    expect(JSON.stringify(list)).not.toContain(SIGNATURE);
    expect(fake.to(AUTH)[0]!.form.has("kvm_id")).toBe(false);
  });

  test("chart data sent as JSON text comes back parsed", async () => {
    const chart = { datasets: [{ label: "CPU usage [%]", data: [1, 2.5] }], labels: ["10:00", "10:05"] };
    fake.replies = [json(200, { status: "success", chart_cpu: JSON.stringify(chart) })];
    await expect(fake.client().info.cpuUsage({ kvmId: KVM })).resolves.toEqual(chart);
  });

  test("chart text that is not JSON is an EdisApiError", async () => {
    fake.replies = [json(200, { status: "success", chart_cpu: "{oops" })];
    const error = (await failure(fake.client().info.cpuUsage({ kvmId: KVM }))) as EdisApiError;
    expect(error.message).toBe("getCpuUsage failed: 200 answer field chart_cpu is not JSON text");
    expect(error.cause).toBeInstanceOf(SyntaxError);
  });

  test("the screenshot comes back as media type and bytes", async () => {
    fake.replies = [json(200, { status: "success", data: "data:image/jpg;base64,/9j/4AAQ", note: "n" })];
    await expect(fake.client().info.screenshot({ kvmId: KVM })).resolves.toEqual({
      mimeType: "image/jpeg",
      bytes: new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]),
    });
  });

  test("call() reaches any operation by operationId with the namespace method's params", async () => {
    fake.replies = [json(200, { status: "success", data: "server powered on", traffic_suspended: false })];
    await expect(fake.client().call("getPowerState", { kvmId: KVM })).resolves.toEqual({
      status: "success",
      data: "server powered on",
      traffic_suspended: false,
    });
    expect(fake.to("/kvm/v2/get/power")).toHaveLength(1);
    await expect(fake.client().call("noSuchOperation" as "getPowerState", { kvmId: KVM })).rejects.toThrow(
      'operationId "noSuchOperation" is not an operation of the spec',
    );
  });
});

describe("errors", () => {
  test("an HTML 502 is an EdisApiError, never a SyntaxError", async () => {
    const page = "<html><body>Bad gateway</body></html>";
    fake.replies = [text(502, page)];
    const error = (await failure(fake.client({ retries: 0 }).ptr.get({ kvmId: KVM, ips: ["192.0.2.1"] }))) as EdisApiError;
    expect(error).toBeInstanceOf(EdisApiError);
    expect(error.status).toBe(502);
    expect(error.message).toBe(`getPTR failed: 502 answer is not JSON (text/html, ${page.length} bytes)`);
    expect(error.cause).toBeInstanceOf(SyntaxError);
  });

  test("a 200 with status error is an EdisApiError with the server's message", async () => {
    fake.replies = [json(200, { status: "error", message: "Invalid input: 'signature' field is missing." })];
    const error = (await failure(fake.client().ptr.delete({ kvmId: KVM, ips: ["192.0.2.1"] }))) as EdisApiError;
    expect(error.status).toBe(200);
    expect(error.message).toBe("deletePTR failed: 200 Invalid input: 'signature' field is missing.");
  });

  test("a 200 with malformed JSON is an EdisApiError", async () => {
    fake.replies = [text(200, '{"status":"succ', "application/json")];
    const error = (await failure(fake.client().ptr.get({ kvmId: KVM, ips: ["192.0.2.1"] }))) as EdisApiError;
    expect(error).toBeInstanceOf(EdisApiError);
    expect(error.message).toMatch(/^getPTR failed: 200 answer is not JSON/);
  });

  test("bad input is refused before anything is sent", async () => {
    const error = await failure(fake.client().ptr.get({ kvmId: KVM, ips: ["not-an-ip"] }));
    expect(error).toBeInstanceOf(EdisValidationError);
    expect((error as EdisValidationError).field).toBe("ips[0]");
    expect(fake.received).toHaveLength(0);
  });

  test.each([
    [{ timeoutMs: 0 }, "timeoutMs option must be an integer of at least 1"],
    [{ timeoutMs: Number.NaN }, "timeoutMs option must be an integer of at least 1"],
    [{ retries: -1 }, "retries option must be an integer of at least 0"],
    [{ signal: "stop" }, "signal option must be an AbortSignal"],
    [{ timeoutMs: 3e9 }, `timeoutMs option must be at most ${MAX_TIMER_MS} ms, the longest a timer waits`],
    [{ timeoutMs: 2 ** 31 }, `timeoutMs option must be at most ${MAX_TIMER_MS} ms, the longest a timer waits`],
  ])("bad per-call options %j are refused before anything is sent", async (callOptions, message) => {
    const error = await failure(fake.client().ptr.get({ kvmId: KVM, ips: ["192.0.2.1"] }, callOptions as never));
    expect(error).toBeInstanceOf(EdisValidationError);
    expect((error as EdisValidationError).message).toBe(message);
    expect(fake.received).toHaveLength(0);
  });

  test.each([
    [{ timeoutMs: 3e9 }, "timeoutMs"],
    [{ timeoutMs: 2 ** 31 }, "timeoutMs"],
    [{ retryDelayMs: 3e9 }, "retryDelayMs"],
    [{ maxRetryDelayMs: 2 ** 31 }, "maxRetryDelayMs"],
  ])("a millisecond option %j beyond what a timer holds is refused when the client is made", (options, field) => {
    const error = (() => {
      try {
        fake.client(options);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(EdisValidationError);
    expect((error as EdisValidationError).field).toBe(field);
    expect((error as EdisValidationError).message).toBe(`${field} option must be at most ${MAX_TIMER_MS} ms, the longest a timer waits`);
    expect(fake.received).toHaveLength(0);
  });

  test("the longest timer a millisecond option may ask for works: the call is answered, not timed out", async () => {
    fake.replies = [json(200, { status: "success", records })];
    const edis = fake.client({ timeoutMs: MAX_TIMER_MS, retryDelayMs: MAX_TIMER_MS, maxRetryDelayMs: MAX_TIMER_MS });
    await expect(edis.ptr.get({ kvmId: KVM, ips: ["192.0.2.1"] }, { timeoutMs: MAX_TIMER_MS })).resolves.toEqual(records);
  });

  test("every error class extends EdisError and has its own name", () => {
    for (const [E, name] of [
      [EdisApiError, "EdisApiError"],
      [EdisValidationError, "EdisValidationError"],
      [EdisTimeoutError, "EdisTimeoutError"],
      [EdisNetworkError, "EdisNetworkError"],
      [EdisRedirectError, "EdisRedirectError"],
    ] as const) {
      expect(E.prototype).toBeInstanceOf(EdisError);
      expect(E.prototype.name).toBe(name);
    }
  });

  test("a redirect error is recognised by its guards, also one from another copy of the package", () => {
    const own = new EdisRedirectError({ operationId: "getPTR", status: 307, location: "https://elsewhere.example/" });
    const foreign = Object.assign(new Error("getPTR failed: 307 redirect"), { name: "EdisRedirectError" });
    for (const error of [own, foreign]) {
      expect(isEdisRedirectError(error)).toBe(true);
      expect(isEdisError(error)).toBe(true);
    }
    expect(isEdisRedirectError(new EdisNetworkError({ operationId: "getPTR", cause: new Error("x") }))).toBe(false);
    expect(own.message).toBe("getPTR failed: 307 redirect to https://elsewhere.example/, not followed");
  });
});

describe("hosts and secrets", () => {
  test("the injected fetch is used for every request, auth included", async () => {
    const seen: string[] = [];
    const edis = fake.client({
      fetch: (input, init) => {
        seen.push(new URL(input instanceof Request ? input.url : input).pathname);
        return fetch(input, init);
      },
    });
    await edis.ptr.get({ kvmId: KVM, ips: ["192.0.2.1"] });
    expect(seen).toEqual([AUTH, "/get/ptr"]);
  });

  test("the password and the signature never show in an error, its string, inspection or JSON", async () => {
    fake.replies = [json(500, { status: "error", error: `echo ${SIGNATURE}-1 and ${PASSWORD}` })];
    const error = (await failure(fake.client({ retries: 0 }).ptr.get({ kvmId: KVM, ips: ["192.0.2.1"] }))) as EdisApiError;
    for (const view of [error.message, String(error), inspect(error, { depth: 10 }), JSON.stringify(error), JSON.stringify(error.request)]) {
      expect(view).not.toContain(SIGNATURE);
      expect(view).not.toContain(PASSWORD);
    }
    expect(error.message).toBe("getPTR failed: 500 echo [REDACTED] and [REDACTED]");
    expect(error.request?.body).toMatch(/^signature=%5BREDACTED%5D&kvm_id=kvm_123456_789012&/);
  });

  test("a session's signature is readable but not enumerable, inspected or serialised", async () => {
    const [session] = await fake.client().auth.createSession({ kvmId: KVM });
    expect(session!.signature).toBe(`${SIGNATURE}-1`);
    expect(JSON.stringify(session)).not.toContain(SIGNATURE);
    expect(inspect(session, { depth: 5, showHidden: true })).not.toContain(SIGNATURE);
    expect({ ...session }).not.toHaveProperty("signature");
  });
});
