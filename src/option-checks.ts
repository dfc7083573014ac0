/**
 * The checks of single option values, shared by the client's options and each call's: counts,
 * milliseconds, base URLs and the session cache. Each throws EdisValidationError naming the
 * option; src/options.ts puts them together.
 */
import { EdisValidationError } from "./errors.js";
import type { SessionCache } from "./session.js";

/** Fails with EdisValidationError naming `field`. */
export function bad(field: string, reason: string): never {
  throw new EdisValidationError({ field, reason });
}

/** An integer of at least `min`, or `fallback` when it is not given. */
export function count(value: unknown, field: string, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || value < min || !Number.isInteger(value)) {
    bad(field, `option must be an integer of at least ${min}`);
  }
  return value;
}

/** The longest delay a timer holds (2^31 - 1 ms); Node fires a longer one at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** A count of milliseconds that a timer will wait for. */
export function ms(value: unknown, field: string, fallback: number, min: number): number {
  const checked = count(value, field, fallback, min);
  if (checked > MAX_TIMER_MS) bad(field, `option must be at most ${MAX_TIMER_MS} ms, the longest a timer waits`);
  return checked;
}

/** The loopback hosts, to which `http:` is no risk. */
const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/u;

/** A host override: an absolute http(s) URL without credentials, query or fragment, its trailing slashes removed; `http:` off loopback is warned of. */
export function baseUrl(value: unknown, field: string, warn: (message: string) => void): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string") bad(field, "option must be a URL string");
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    bad(field, "option must be an absolute http(s) URL");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") bad(field, "option must be an http(s) URL");
  if (url.username || url.password || url.search || url.hash) bad(field, "option must be a plain base URL");
  if (url.protocol === "http:" && !LOOPBACK.test(url.hostname)) {
    warn(`edis-global: ${field} is ${url.origin}: credentials and session signatures will travel unencrypted`);
  }
  return value.replace(/\/+$/u, "");
}

/** A session cache: an object with load, save and remove functions. */
export function sessionCache(value: unknown): SessionCache | undefined {
  if (value === undefined) return undefined;
  const cache = value as Partial<SessionCache> | null;
  if (!cache || typeof cache.load !== "function" || typeof cache.save !== "function" || typeof cache.remove !== "function") {
    bad("sessionCache", "option must have load, save and remove functions");
  }
  return cache as SessionCache;
}
