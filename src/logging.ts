/**
 * The client's log: a console-shaped `logger` and a `logLevel` (openai-node's options are the
 * model). Silent except for warnings by default; `"debug"` logs every exchange
 * (src/request/exchange-log.ts). The level comes from the option, else from the `EDIS_LOG` environment
 * variable where the runtime has one (as openai-node reads `OPENAI_LOG`), else `"warn"`.
 */
import { EdisValidationError } from "./errors.js";

/** How much the client logs, from nothing to every exchange; each level includes those before it. */
export type EdisLogLevel = "off" | "error" | "warn" | "info" | "debug";

/** Where the client's log lines go: `console`, or any object with these four methods (pino, winston, …). */
export interface EdisLogger {
  /** Lines of level error (none yet: every failure is thrown to the caller). */
  error(message: string): void;
  /** Warnings (when no `onWarning` is given): a non-loopback `http:` host, an `EDIS_LOG` that names no level. */
  warn(message: string): void;
  /** A line per retry. */
  info(message: string): void;
  /** Two lines per attempt at a request: what goes out, and what comes back. */
  debug(message: string): void;
}

/** The levels, least verbose first. */
export const LOG_LEVELS: readonly EdisLogLevel[] = ["off", "error", "warn", "info", "debug"];

/** A log line of one level, or undefined when the level is below the client's. */
export type LogLine = ((message: string) => void) | undefined;

/** The client's log, resolved: a function for each level that is logged. */
export interface Log {
  readonly error: LogLine;
  readonly info: LogLine;
  readonly debug: LogLine;
  /** Warnings: to `onWarning` when given, else the logger's `warn` at level warn and above. */
  readonly warn: (message: string) => void;
}

const isLevel = (value: unknown): value is EdisLogLevel => (LOG_LEVELS as readonly unknown[]).includes(value);

interface DenoPermissions {
  Deno?: { permissions?: { querySync?: (descriptor: { name: "env"; variable: string }) => { state: string } } };
}

/** `EDIS_LOG`, where the runtime lets it be read: Deno only with env access granted (asking would prompt on a terminal). */
function envLevel(): string | undefined {
  try {
    const permissions = (globalThis as DenoPermissions).Deno?.permissions;
    if (permissions?.querySync && permissions.querySync({ name: "env", variable: "EDIS_LOG" }).state !== "granted") return undefined;
    const value = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.EDIS_LOG;
    return value === undefined || value.trim() === "" ? undefined : value.trim().toLowerCase();
  } catch {
    return undefined;
  }
}

const warned = new Set<string>();

/** The default for warnings: console.warn, once per message and process. */
function warnOnce(message: string): void {
  if (warned.has(message)) return;
  warned.add(message);
  console.warn(message);
}

/**
 * The log of a client with these options. Throws EdisValidationError for a level that is not
 * one of {@link LOG_LEVELS}, a logger without the four methods, or an `onWarning` that is not a
 * function. An `EDIS_LOG` that names no level is ignored, with a warning.
 */
export function resolveLog(options: { logLevel?: unknown; logger?: unknown; onWarning?: unknown }): Log {
  const { logLevel, logger, onWarning } = options;
  if (logLevel !== undefined && !isLevel(logLevel)) {
    throw new EdisValidationError({ field: "logLevel", reason: `option must be one of ${LOG_LEVELS.join(", ")}` });
  }
  if (logger !== undefined) {
    const l = logger as Partial<Record<string, unknown>> | null;
    if (typeof l !== "object" || l === null || !["error", "warn", "info", "debug"].every((m) => typeof l[m] === "function")) {
      throw new EdisValidationError({ field: "logger", reason: "option must have error, warn, info and debug functions (console has them)" });
    }
  }
  if (onWarning !== undefined && typeof onWarning !== "function") {
    throw new EdisValidationError({ field: "onWarning", reason: "option must be a function" });
  }
  const target = (logger as EdisLogger | undefined) ?? console;
  const fromEnv = logLevel === undefined ? envLevel() : undefined;
  const level = logLevel ?? (isLevel(fromEnv) ? fromEnv : "warn");
  const rank = LOG_LEVELS.indexOf(level);
  const line = (name: Exclude<EdisLogLevel, "off">): LogLine => (rank >= LOG_LEVELS.indexOf(name) ? (message) => target[name](message) : undefined);
  const toLogger = logger === undefined ? warnOnce : (message: string) => target.warn(message);
  const warn = (onWarning as ((message: string) => void) | undefined) ?? (rank >= LOG_LEVELS.indexOf("warn") ? toLogger : () => undefined);
  if (fromEnv !== undefined && !isLevel(fromEnv)) {
    warn(`edis-global: EDIS_LOG is not a log level (use ${LOG_LEVELS.join(", ")}); logging at warn`);
  }
  return { error: line("error"), info: line("info"), debug: line("debug"), warn };
}
