/**
 * The simulator's clock: virtual time that moves only when a test says so (`advance`), or,
 * for a server, also with real time at a chosen speed. Sessions expire, power transitions
 * complete and charts move on this clock; nothing of the simulator waits on a timer.
 */

/** A duration: milliseconds, or text such as `250ms`, `30s`, `5m`, `2h`, `1d`. */
export type Duration = number | `${number}${"ms" | "s" | "m" | "h" | "d"}`;

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Milliseconds of `duration`; a TypeError for anything else or a negative one. */
export function durationMs(duration: Duration, what = "duration"): number {
  if (typeof duration === "number") {
    if (Number.isFinite(duration) && duration >= 0) return duration;
  } else if (typeof duration === "string") {
    const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/u.exec(duration.trim());
    if (match) return Math.round(Number(match[1]) * UNIT_MS[match[2]!]!);
  }
  throw new TypeError(`${what} must be a number of milliseconds or text such as "30s", "5m" or "250ms", not ${JSON.stringify(duration)}`);
}

/** The simulator's clock. */
export interface EdisSimulatorClock {
  /** The simulated time, in milliseconds since the epoch (as Date.now()). */
  now(): number;
  /** Moves the simulated time forward by `duration` (`"30s"`, `"5m"`, or milliseconds). */
  advance(duration: Duration): void;
}

/** Options of the clock. */
export interface ClockOptions {
  /** Where the simulated time starts, in milliseconds since the epoch or as a Date. @default Date.now() at creation */
  start?: number | Date;
  /**
   * How fast simulated time follows real time: 0 moves it only with `advance` (tests); 1 runs
   * with real time; 60 makes a real second a simulated minute (a server for demos).
   * @default 0
   */
  speed?: number;
}

/** The clock and its reset to where it started. */
export function createClock(options: ClockOptions = {}, realNow: () => number = Date.now): EdisSimulatorClock & { reset(): void } {
  const start = options.start instanceof Date ? options.start.getTime() : (options.start ?? realNow());
  const speed = options.speed ?? 0;
  if (!Number.isFinite(start)) throw new TypeError("clock.start must be a time in milliseconds or a Date");
  if (!Number.isFinite(speed) || speed < 0) throw new TypeError("clock.speed must be a number of at least 0");
  let realStart = realNow();
  let offset = 0;
  return {
    now: () => Math.floor(start + offset + (realNow() - realStart) * speed),
    advance(duration) {
      offset += durationMs(duration, "clock.advance");
    },
    reset() {
      realStart = realNow();
      offset = 0;
    },
  };
}
