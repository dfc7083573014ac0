/**
 * `edis.power.waitFor`: polls the power state's read through the one call path until it shows
 * the state asked for. Against the loopback fake with tiny intervals (counts, bodies), and with
 * fake timers for the timeout, so no assertion depends on the wall clock.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { operationTable } from "../generated/operations.js";
import { EdisAbortError, EdisValidationError, EdisWaitTimeoutError, createEdisClient, isEdisWaitTimeoutError, powerStateOf } from "../src/index.js";
import { type FakeEdis, KVM, type Reply, json, startFakeEdis } from "../test-support/fake-edis.js";
import { AUTH_PATH } from "../test-support/fixtures.js";

const POWER = operationTable.getPowerState.path;
const state = (data: string): Reply => json(200, { status: "success", data, traffic_suspended: false });

let fake: FakeEdis;
beforeEach(async () => {
  fake = await startFakeEdis();
});
afterEach(async () => {
  vi.useRealTimers();
  await fake.close();
});

describe("powerStateOf", () => {
  it("reads the state from the sentence, and nothing from one that names none", () => {
    expect(powerStateOf({ data: "server powered on" })).toBe("on");
    expect(powerStateOf({ data: "Server Powered OFF" })).toBe("off");
    expect(powerStateOf({ data: "server is booting" })).toBeUndefined();
    expect(powerStateOf({ data: "powered only" })).toBeUndefined();
    expect(powerStateOf({})).toBeUndefined();
  });

  it("reads the sentence as a whole: its plausible positive forms", () => {
    for (const on of [
      "server powered on",
      "Server powered on.",
      "  server   powered on ",
      "The server is powered on.",
      "VPS is currently powered on",
      "powered on",
      "server has been turned on",
    ]) {
      expect(powerStateOf({ data: on }), on).toBe("on");
    }
    expect(powerStateOf({ data: "server is switched off" })).toBe("off");
  });

  it("a negative or failed sentence is no state (not yet), whatever words of a state it holds", () => {
    for (const negative of [
      "server could not be powered on: host offline",
      "server cannot be powered on",
      "server can't be powered on",
      "server is not powered on",
      "server not powered on",
      "server has not been powered on",
      "failed to power on server",
      "server powered on failed",
      "unable to confirm server powered on",
      "error: server powered off unexpectedly",
      "server powered on? no",
      "server will be powered on",
      "server powered on and off",
    ]) {
      expect(powerStateOf({ data: negative }), negative).toBeUndefined();
    }
  });
});

describe("edis.power.waitFor", () => {
  it("reads the power state until it shows the state asked for, and resolves with that answer", async () => {
    fake.replies = [state("server powered off"), state("server is starting"), state("server powered on")];
    const shown: (string | undefined)[] = [];
    const answer = await fake.client().power.waitFor({ kvmId: KVM, state: "on" }, { intervalMs: 1, onPoll: (s) => shown.push(s) });
    expect(answer).toEqual({ status: "success", data: "server powered on", traffic_suspended: false });
    expect(shown).toEqual(["server powered off", "server is starting", "server powered on"]);
    const reads = fake.to(POWER);
    expect(reads).toHaveLength(3);
    expect(reads.every((r) => r.form.get("kvm_id") === KVM)).toBe(true);
    expect(fake.to(AUTH_PATH)).toHaveLength(1);
  });

  it("resolves after one read when the state holds already", async () => {
    fake.replies = [state("server powered off")];
    await fake.client().power.waitFor({ kvmId: KVM, state: "off" });
    expect(fake.to(POWER)).toHaveLength(1);
  });

  it("fails with EdisWaitTimeoutError after timeoutMs, the last read before the deadline (fake timers)", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    let reads = 0;
    const fetch: typeof globalThis.fetch = async (input) => {
      const url = String(input instanceof Request ? input.url : input);
      const isAuth = url.endsWith(AUTH_PATH);
      if (!isAuth) reads++;
      const body = isAuth
        ? {
            status: "success",
            data: { [KVM]: { kvm_id: KVM, signature: "s", api_host: "1.edisglobal.com", valid_until: Math.floor(Date.now() / 1000) + 3600 } },
          }
        : { status: "success", data: "server powered off" };
      return new Response(JSON.stringify(body), { status: 200, headers: { "content-type": "application/json" } });
    };
    const edis = createEdisClient({
      email: "a@example.com",
      password: "p",
      fetch,
      hosts: { session: "https://s.example", rdns: "https://r.example", api: "https://a.example" },
    });
    const waiting = edis.power.waitFor({ kvmId: KVM, state: "on" }, { timeoutMs: 60_000, intervalMs: 10_000 });
    const failed = waiting.catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(60_000);
    const error = await failed;
    expect(error).toBeInstanceOf(EdisWaitTimeoutError);
    expect(isEdisWaitTimeoutError(error)).toBe(true);
    expect((error as EdisWaitTimeoutError).message).toBe('getPowerState: the power state on did not show within 60000 ms (last read: "server powered off")');
    expect(error).toMatchObject({ timeoutMs: 60_000, last: "server powered off", operationId: "getPowerState" });
    // Reads at 0, 10, 20, 30, 40 and 50 seconds: none starts at the deadline, where it could only be cut short.
    expect(reads).toBe(6);
  });

  it("bounds the whole wait, a read in flight included: a server that hangs ends in EdisWaitTimeoutError at timeoutMs (fake timers)", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    let hanging = 0;
    const fetch: typeof globalThis.fetch = async (input, init) => {
      const url = String(input instanceof Request ? input.url : input);
      if (url.endsWith(AUTH_PATH)) {
        const data = { [KVM]: { kvm_id: KVM, signature: "s", api_host: "1.edisglobal.com", valid_until: Math.floor(Date.now() / 1000) + 3600 } };
        return new Response(JSON.stringify({ status: "success", data }), { status: 200, headers: { "content-type": "application/json" } });
      }
      hanging++;
      // A read that never answers: it ends only when its signal aborts.
      return new Promise<Response>((_resolve, reject) => init?.signal?.addEventListener("abort", () => reject(init.signal?.reason), { once: true }));
    };
    const edis = createEdisClient({
      email: "a@example.com",
      password: "p",
      fetch,
      timeoutMs: 600_000,
      hosts: { session: "https://s.example", rdns: "https://r.example", api: "https://a.example" },
    });
    const failed = edis.power.waitFor({ kvmId: KVM, state: "on" }, { timeoutMs: 2000, intervalMs: 1000 }).catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(2000);
    const error = await failed;
    expect(error).toBeInstanceOf(EdisWaitTimeoutError);
    expect(error).toMatchObject({ timeoutMs: 2000, last: undefined });
    expect(hanging).toBe(1);
  });

  it("stops when the signal aborts, between two reads", async () => {
    fake.replies = [state("server powered off")];
    const controller = new AbortController();
    const waiting = fake
      .client()
      .power.waitFor({ kvmId: KVM, state: "on" }, { intervalMs: 60_000, signal: controller.signal, onPoll: () => controller.abort(new Error("stop")) });
    await expect(waiting).rejects.toBeInstanceOf(EdisAbortError);
    expect(fake.to(POWER)).toHaveLength(1);
  });

  it("refuses a bad state or option before anything is sent", async () => {
    const edis = fake.client();
    await expect(edis.power.waitFor({ kvmId: KVM, state: "up" as "on" })).rejects.toThrow(
      new EdisValidationError({ field: "state", reason: 'must be "on" or "off"' }),
    );
    await expect(edis.power.waitFor({ kvmId: KVM, state: "on" }, { intervalMs: 0 })).rejects.toThrow(
      "intervalMs option must be an integer from 1 to 2147483647",
    );
    await expect(edis.power.waitFor({ kvmId: KVM, state: "on" }, { timeoutMs: 1.5 })).rejects.toThrow(
      "timeoutMs option must be an integer from 1 to 2147483647",
    );
    await expect(edis.power.waitFor({ kvmId: "kvm_x", state: "on" })).rejects.toBeInstanceOf(EdisValidationError);
    expect(fake.received).toEqual([]);
  });
});
