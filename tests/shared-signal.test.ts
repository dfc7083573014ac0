/**
 * One AbortSignal shared by many calls at once (a bulk run of 16 requests, a program that hands
 * its one signal to every call): no MaxListenersExceededWarning, one listener on the signal
 * while they run, none once they are done, and an abort still cancels every one of them.
 */
import { getEventListeners } from "node:events";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { onAbort } from "../src/request/abort-listeners.js";
import { EdisAbortError } from "../src/index.js";
import { type FakeEdis, KVM, json, startFakeEdis } from "../test-support/fake-edis.js";

let fake: FakeEdis;
const warnings: Error[] = [];
const keep = (warning: Error): void => void warnings.push(warning);
beforeEach(async () => {
  fake = await startFakeEdis();
  warnings.length = 0;
  process.on("warning", keep);
});
afterEach(async () => {
  process.off("warning", keep);
  await fake.close();
});

/** Lets Node emit the warnings it queued (process.emitWarning reports on the next tick). */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe("calls sharing one signal", () => {
  it("40 calls at once, 16 in flight: no MaxListenersExceededWarning, and no listener left on the signal", async () => {
    fake.replies = [json(200, { status: "success", data: "server powered on", traffic_suspended: false })];
    const edis = fake.client({ maxConcurrentRequests: 16 });
    const controller = new AbortController();
    await Promise.all(Array.from({ length: 40 }, () => edis.power.state({ kvmId: KVM }, { signal: controller.signal })));
    await settle();
    expect(warnings.filter((w) => w.name === "MaxListenersExceededWarning")).toEqual([]);
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
  });

  it("an abort still cancels every call that shares the signal", async () => {
    fake.replies = [() => undefined];
    const edis = fake.client({ maxConcurrentRequests: 16 });
    const controller = new AbortController();
    const calls = Array.from({ length: 20 }, () => edis.power.state({ kvmId: KVM }, { signal: controller.signal }).catch((e: unknown) => e));
    while (fake.to("/kvm/v2/get/power").length < 16) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort(new Error("stop"));
    const errors = await Promise.all(calls);
    expect(errors.every((e) => e instanceof EdisAbortError)).toBe(true);
    await settle();
    expect(warnings.filter((w) => w.name === "MaxListenersExceededWarning")).toEqual([]);
  });
});

describe("onAbort", () => {
  it("keeps one listener for any number of callbacks, calls each once on abort, and removes the listener with the last", () => {
    const controller = new AbortController();
    const called: number[] = [];
    const stops = [1, 2, 3].map((n) => onAbort(controller.signal, () => called.push(n)));
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(1);
    stops[1]!();
    stops[1]!();
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(1);
    controller.abort();
    expect(called).toEqual([1, 3]);
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
  });

  it("a callback stopped after the abort is no error, and does not take a later subscriber's listener", () => {
    const alone = new AbortController();
    const stop = onAbort(alone.signal, () => undefined);
    alone.abort();
    expect(() => stop()).not.toThrow();
    const controller = new AbortController();
    const first = onAbort(controller.signal, () => undefined);
    controller.abort();
    const second = onAbort(controller.signal, () => undefined);
    expect(() => first()).not.toThrow();
    // The third joins the second's listener: one listener, not two.
    const third = onAbort(controller.signal, () => undefined);
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(1);
    second();
    third();
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
  });

  it("removes its listener once every callback is stopped, and starts afresh after that", () => {
    const controller = new AbortController();
    const same = () => undefined;
    const a = onAbort(controller.signal, same);
    const b = onAbort(controller.signal, same);
    a();
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(1);
    b();
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
    let fired = 0;
    onAbort(controller.signal, () => fired++);
    controller.abort();
    expect(fired).toBe(1);
    expect(onAbort(undefined, () => undefined)()).toBeUndefined();
  });
});
