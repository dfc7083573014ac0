/**
 * Durations on the command line (`--timeout`, `--wait-timeout`, `--poll-interval`): a number
 * with a unit, `500ms`, `90s`, `5m` or `1h`, or a bare number of seconds; decimals allowed
 * (`1.5s`). Parsed to whole milliseconds, at least 1 and at most 2147483647 (the longest a timer
 * waits, as the library requires), or a usage error naming the flag.
 */
import { InvalidArgumentError } from "commander";

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** The longest delay a timer holds (2^31 - 1 ms). */
const MAX_MS = 2 ** 31 - 1;

/** Milliseconds of `text`, or undefined when it is not a duration. */
export function durationMs(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?|\.\d+)(ms|s|m|h)?$/u.exec(text.trim());
  if (!match) return undefined;
  const ms = Math.round(Number(match[1]) * UNIT_MS[match[2] ?? "s"]!);
  return ms >= 1 && ms <= MAX_MS ? ms : undefined;
}

/** A commander parser of a duration flag. */
export function parseDuration(flag: string) {
  return (value: string): number => {
    const ms = durationMs(value);
    if (ms === undefined)
      throw new InvalidArgumentError(`${flag} must be a duration such as 500ms, 90s or 5m (a bare number is seconds), from 1 ms to 24 days.`);
    return ms;
  };
}

/** A commander parser of a count: a whole number of at least 0. */
export function parseCount(flag: string) {
  return (value: string): number => {
    if (!/^\d+$/u.test(value.trim()) || !Number.isSafeInteger(Number(value))) throw new InvalidArgumentError(`${flag} must be a whole number of at least 0.`);
    return Number(value);
  };
}

/** `90000` → `90s`, `300000` → `5m`, for messages. */
export function formatDuration(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}
