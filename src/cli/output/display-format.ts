/**
 * Values as people read them on a terminal, by the display kind the spec gives them
 * (`x-edis-display`, generated/display.ts): bytes in IEC units, counts with grouped digits,
 * Unix times as local date and time and how long ago, percentages. Only terminal output uses
 * this; pipes, JSON, YAML and CSV show the values as they came.
 */
import type { DisplayKind } from "../../../generated/display.js";

/** What formatting a time needs: the current time and the time zone of the user. */
export interface Clock {
  /** Milliseconds since the epoch. */
  readonly now: number;
  /** An IANA time zone (`$TZ`); the system's when undefined or unknown. */
  readonly timeZone: string | undefined;
}

/** The furthest time from the epoch a Date holds, in milliseconds. */
const MAX_DATE_MS = 8.64e15;

const IEC = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];

/** A number from a number or decimal text (the API sends counters as text), else undefined. */
export function numberOf(value: unknown): number | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "string" && /^-?[0-9]+(\.[0-9]+)?$/u.test(value)) return Number(value);
  return undefined;
}

/** `4294967296000` → `3.9 TiB`; below 1 KiB, whole bytes. */
export function formatBytes(bytes: number): string {
  let value = Math.abs(bytes);
  let unit = 0;
  while (value >= 1024 && unit < IEC.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${bytes < 0 ? "-" : ""}${value.toFixed(digits)} ${IEC[unit]}`;
}

/** `21077614` → `21,077,614` (the same grouping whatever the locale, so that output is predictable). */
export function formatCount(count: number): string {
  return count.toLocaleString("en-US", { maximumFractionDigits: 1 });
}

/** `3.25` → `3.3%`; whole numbers without decimals. */
export function formatPercent(value: number): string {
  return `${Number.isInteger(value) ? value : value.toFixed(1)}%`;
}

/** A share of a whole (0.25) as a percentage: `25%`, `2.5%`, `<0.1%`, `0%`. */
export function formatShare(share: number): string {
  const percent = share * 100;
  if (percent > 0 && percent < 0.1) return "<0.1%";
  return `${percent < 10 ? Number(percent.toFixed(1)) : Math.round(percent)}%`;
}

const UNITS: readonly [string, number][] = [
  ["year", 365 * 86400],
  ["month", 30 * 86400],
  ["day", 86400],
  ["hour", 3600],
  ["minute", 60],
];

/** `3 days ago`, `in 2 hours`, `just now`. */
export function formatAgo(seconds: number): string {
  const size = Math.abs(seconds);
  for (const [name, length] of UNITS) {
    if (size < length) continue;
    const n = Math.floor(size / length);
    const text = `${n} ${name}${n === 1 ? "" : "s"}`;
    return seconds >= 0 ? `${text} ago` : `in ${text}`;
  }
  return "just now";
}

function dateParts(ms: number, timeZone: string | undefined): Record<string, string> {
  const options: Intl.DateTimeFormatOptions = {
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZoneName: "short",
  };
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat("en-US", { ...options, ...(timeZone ? { timeZone } : {}) });
  } catch {
    // An unknown $TZ: the system's zone rather than a failed command.
    format = new Intl.DateTimeFormat("en-US", options);
  }
  return Object.fromEntries(format.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
}

/** Unix seconds → `2022-08-09 07:40 GMT+2 (3 years ago)` in the user's time zone. */
export function formatUnixTime(seconds: number, clock: Clock): string {
  const p = dateParts(seconds * 1000, clock.timeZone);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute} ${p.timeZoneName} (${formatAgo(Math.round(clock.now / 1000 - seconds))})`;
}

/** A value as `kind` says, or undefined when it is not a number (then it is shown as it came). */
export function formatValue(value: unknown, kind: DisplayKind, clock: Clock): string | undefined {
  const n = numberOf(value);
  if (n === undefined) return undefined;
  switch (kind) {
    case "bytes":
      return formatBytes(n);
    case "gigabytes":
      return `${formatCount(n)} GB`;
    case "count":
      return formatCount(n);
    case "percent":
      return formatPercent(n);
    case "unix-time":
      // 0 is how an API says "never" (a hook that has not fired). A time no date can hold
      // (beyond ±8.64e15 ms, a valid_until of 2^53 - 1) is shown as the number it came as.
      if (n === 0) return "never";
      return Math.abs(n) * 1000 <= MAX_DATE_MS ? formatUnixTime(n, clock) : undefined;
  }
}
