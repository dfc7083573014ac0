/**
 * Fails a test that leaves a timer, a socket or a server running after it, or lets a promise
 * rejection go unhandled. Call {@link useLeakGuard} at the top of a test file, before any
 * other hook: Vitest runs after-hooks in reverse order, so the guard checks last.
 *
 * Timers are tracked one by one: while a test runs, the global timer functions record what
 * they start, and a timer still pending (and keeping the process alive) after the test is a
 * leak. Counting timers would not do: Vitest starts and stops timers of its own around each
 * test, which blurs any count. Sockets and servers are counted with
 * `process.getActiveResourcesInfo()` against a snapshot taken before the test (Vitest's own
 * are pipes, not TCP). Sockets close a few event-loop turns after the server that held them,
 * so the check waits for the counts to come back, up to a grace period, and only then fails,
 * naming what is left. The grace period is generous, because a busy machine runs those turns
 * late; a timer of a second or more still pending when the test ends is a leak at once,
 * so that the long grace period never hides one.
 */
import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";

/** Resources that come and go on their own, and timers (tracked one by one instead). */
const NOT_COUNTED = new Set(["Timeout", "Immediate", "FSReqCallback", "FSReqPromise", "FileHandle", "FileHandleCloseReq"]);
const GRACE_MS = 10_000;
/** A timer this long or longer, still pending when the test ends, is reported without waiting. */
const LONG_TIMER_MS = 1_000;

const real = {
  setTimeout: globalThis.setTimeout,
  clearTimeout: globalThis.clearTimeout,
  setInterval: globalThis.setInterval,
  clearInterval: globalThis.clearInterval,
};

/** Timers started while a guarded test ran that have neither fired nor been cleared. */
const pendingTimers = new Map<NodeJS.Timeout, { what: string; ms: number }>();

function track(): void {
  globalThis.setTimeout = ((callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
    const handle: NodeJS.Timeout = real.setTimeout(
      (...given: unknown[]) => {
        pendingTimers.delete(handle);
        callback(...given);
      },
      ms,
      ...args,
    );
    pendingTimers.set(handle, { what: `setTimeout(${ms ?? 0} ms)`, ms: ms ?? 0 });
    return handle;
  }) as unknown as typeof setTimeout;
  globalThis.clearTimeout = ((handle?: NodeJS.Timeout | string | number) => {
    if (typeof handle === "object") pendingTimers.delete(handle);
    real.clearTimeout(handle);
  }) as typeof clearTimeout;
  globalThis.setInterval = ((callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
    const handle = real.setInterval(callback, ms, ...args);
    pendingTimers.set(handle, { what: `setInterval(${ms ?? 0} ms)`, ms: Number.POSITIVE_INFINITY });
    return handle;
  }) as unknown as typeof setInterval;
  globalThis.clearInterval = ((handle?: NodeJS.Timeout | string | number) => {
    if (typeof handle === "object") pendingTimers.delete(handle);
    real.clearInterval(handle);
  }) as typeof clearInterval;
}

function untrack(): void {
  Object.assign(globalThis, real);
}

function census(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const type of process.getActiveResourcesInfo()) {
    if (!NOT_COUNTED.has(type)) counts.set(type, (counts.get(type) ?? 0) + 1);
  }
  return counts;
}

/** What is active now beyond `before`: timers left pending, and sockets or servers beyond the snapshot. */
function leftovers(before: ReadonlyMap<string, number>): string[] {
  const out: string[] = [];
  for (const [handle, timer] of pendingTimers) {
    if (handle.hasRef()) out.push(timer.what);
  }
  for (const [type, count] of census()) {
    const extra = count - (before.get(type) ?? 0);
    if (extra > 0) out.push(`${type} ×${extra}`);
  }
  return out;
}

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const pause = (): Promise<void> => new Promise((resolve) => real.setTimeout(resolve, 5));

/** Resolves once nothing beyond `before` is active, or rejects naming what still is after the grace period. */
async function expectNoLeaks(before: ReadonlyMap<string, number>): Promise<void> {
  const deadline = Date.now() + GRACE_MS;
  await turn();
  const long = [...pendingTimers].filter(([handle, timer]) => handle.hasRef() && timer.ms >= LONG_TIMER_MS);
  if (long.length > 0) throw new Error(`the test left resources active: ${long.map(([, timer]) => timer.what).join(", ")}`);
  for (;;) {
    const left = leftovers(before);
    if (left.length === 0) return;
    if (Date.now() > deadline) throw new Error(`the test left resources active: ${left.join(", ")}`);
    await pause();
  }
}

/** Installs the checks for every test of the calling file. */
export function useLeakGuard(): void {
  const rejections: unknown[] = [];
  const onRejection = (reason: unknown): void => {
    rejections.push(reason);
  };
  let before = new Map<string, number>();
  beforeAll(() => {
    process.on("unhandledRejection", onRejection);
  });
  afterAll(() => {
    process.off("unhandledRejection", onRejection);
  });
  beforeEach(() => {
    rejections.length = 0;
    pendingTimers.clear();
    before = census();
    track();
  });
  afterEach(async () => {
    untrack();
    try {
      await expectNoLeaks(before);
    } finally {
      // A leaked timer is reported once, not again by the next test.
      for (const handle of pendingTimers.keys()) real.clearTimeout(handle);
      pendingTimers.clear();
    }
    // Node reports unhandled rejections after the microtask queue drains; one more turn lets it.
    await turn();
    if (rejections.length > 0) {
      const shown = rejections.map((r) => (r instanceof Error ? `${r.name}: ${r.message}` : String(r)));
      throw new Error(`unhandled rejection during the test: ${shown.join("; ")}`);
    }
  });
}
