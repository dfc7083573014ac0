/**
 * The journal of changes: each command that changes something (an operation the spec marks
 * destructive) appends one JSON line per VPS to `journal.jsonl` in the user's state directory:
 * when, the context, the account's email, the command and operation, the VPS, the fields sent
 * that are not secret, the outcome (ok, or the error's class and status) and how many requests
 * it took. Dry runs and previews send nothing and write nothing. `EDIS_JOURNAL=off` turns it
 * off. A journal that cannot be written warns once on stderr and never fails the command.
 *
 * Each line is one write(2) of the whole line to a file opened with O_APPEND, so lines of
 * processes writing at once never interleave or overwrite each other (on a local file system;
 * a line is far below PIPE_BUF, and fields are cut so that it stays so). The directory is held
 * to the session cache's rules (cache-dir-safety.ts), and the file is mode 0600 and never
 * followed through a symbolic link.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { closeSync, constants, fstatSync, fchmodSync, openSync, writeSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import { EdisApiError, EdisError } from "../../index.js";
import type { OperationSpec } from "../../operation-spec.js";
import { APP, homeIn } from "./cache-dir.js";
import { type DirRole, makeCacheDir } from "./cache-dir-safety.js";
import { UsageError } from "../errors.js";

export const JOURNAL_FILE = "journal.jsonl";

export const JOURNAL_ROLE: DirRole = { name: "state directory (the journal of changes)", keeps: "the journal", variable: "XDG_STATE_HOME" };

/**
 * The CLI's state directory: `$XDG_STATE_HOME/edis-global` (an absolute XDG_STATE_HOME; else
 * `~/.local/state/edis-global`), `~/Library/Application Support/edis-global` on macOS,
 * `%LOCALAPPDATA%\edis-global\State` on Windows (beside the cache's `Cache`).
 */
export function stateDir(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform, home: string = homeIn(env, platform)): string {
  if (platform === "win32") return join(env.LOCALAPPDATA || join(home, "AppData", "Local"), APP, "State");
  if (platform === "darwin") return join(home, "Library", "Application Support", APP);
  const xdg = env.XDG_STATE_HOME;
  return join(xdg && isAbsolute(xdg) ? xdg : join(home, ".local", "state"), APP);
}

/** One line of the journal. */
export interface JournalEntry {
  /** ISO 8601, UTC. */
  readonly time: string;
  /** The context of the run, or null. */
  readonly context: string | null;
  /** The account's email, or null when none was named (the prompt's is not kept). */
  readonly email: string | null;
  /** The command as typed: `power on`. */
  readonly command: string;
  readonly operationId: string;
  readonly kvmId: string | null;
  /** The fields sent, without the secret ones (the spec's secret fields are left out, not redacted). */
  readonly fields: Readonly<Record<string, unknown>>;
  readonly outcome: "ok" | "error";
  /** The error's class (`EdisApiError`) and HTTP status, when it failed. */
  readonly error?: { readonly class: string; readonly status?: number };
  /** Requests sent for it, retries and the auth call included. */
  readonly requests: number;
}

/** A field value as the journal keeps it: a file as its size; a long string cut. */
function kept(value: unknown): unknown {
  if (value instanceof Blob) return `[file, ${value.size} bytes]`;
  if (typeof value === "string" && value.length > 256) return `${value.slice(0, 256)}… (${value.length} characters)`;
  if (Array.isArray(value) && value.length > 16) return [...value.slice(0, 16).map(kept), `… (${value.length} entries)`];
  if (Array.isArray(value)) return value.map(kept);
  if (typeof value === "object" && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, kept(v)]));
  return value;
}

/** The params of `op` the journal may keep: every field the spec does not mark secret, but the VPS (its own column). */
export function journalFields(op: JournalTarget["op"], params: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const secret = new Set((op.fields ?? []).filter((f) => f.secret).map((f) => f.param));
  return Object.fromEntries(
    Object.entries(params)
      .filter(([param, value]) => param !== "kvmId" && !secret.has(param) && value !== undefined)
      .map(([param, value]) => [param, kept(value)]),
  );
}

/** True unless EDIS_JOURNAL turns the journal off (`off`, `0`, `false`, `no`). */
export function journalOn(env: NodeJS.ProcessEnv): boolean {
  return !["off", "0", "false", "no"].includes((env.EDIS_JOURNAL ?? "").trim().toLowerCase());
}

/** Appends `entry` as one line: one write of the whole line, O_APPEND, mode 0600, no symbolic link followed. */
export function appendJournal(dir: string, entry: JournalEntry): void {
  makeCacheDir(dir, { role: JOURNAL_ROLE });
  const line = Buffer.from(`${JSON.stringify(entry)}\n`);
  const fd = openSync(join(dir, JOURNAL_FILE), constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | (constants.O_NOFOLLOW ?? 0), 0o600);
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) throw new Error("it is not a file");
    if (process.platform !== "win32" && (stats.mode & 0o077) !== 0) fchmodSync(fd, 0o600);
    const written = writeSync(fd, line);
    if (written !== line.length) throw new Error(`only ${written} of ${line.length} bytes were written`);
  } finally {
    closeSync(fd);
  }
}

/** Requests counted for the change running in this async context (see {@link countRequest}). */
const counting = new AsyncLocalStorage<{ requests: number }>();

/** Counts one request for the change whose async context it is sent in, if any. */
export function countRequest(): void {
  const counter = counting.getStore();
  if (counter) counter.requests += 1;
}

/** What a journaled change is. */
export interface JournalTarget {
  readonly command: string;
  /** The operation (its secret fields are left out), or the library method's name and no spec (`ptr.sync`, whose fields hold no secret). */
  readonly op: OperationSpec | { readonly operationId: string; readonly fields?: undefined };
  readonly kvmId: string | undefined;
  readonly params: Readonly<Record<string, unknown>>;
}

/** Where the journal of one run goes, and who it says acted. */
export interface JournalSink {
  readonly env: NodeJS.ProcessEnv;
  readonly now: () => number;
  readonly context: () => string | undefined;
  readonly email: () => string | undefined;
  /** Says once that the journal cannot be written. */
  readonly warn: (message: string) => void;
}

/** The runs that have said their journal cannot be written: once is enough. */
const warned = new WeakSet<JournalSink>();

/** Runs the change `send` (one VPS), counting its requests, and journals its outcome; returns or throws what `send` does. */
export async function journaled<T>(sink: JournalSink, target: JournalTarget, send: () => Promise<T>): Promise<T> {
  if (!journalOn(sink.env)) return send();
  const counter = { requests: 0 };
  let outcome: Pick<JournalEntry, "outcome" | "error"> | undefined = { outcome: "ok" };
  try {
    return await counting.run(counter, send);
  } catch (error) {
    // Declined at a prompt inside the change (ptr sync asks after reading): nothing was changed.
    if (error instanceof UsageError) {
      outcome = undefined;
      throw error;
    }
    const name = error instanceof Error ? error.name : typeof error;
    outcome = {
      outcome: "error",
      error: error instanceof EdisApiError ? { class: name, status: error.status } : { class: error instanceof EdisError ? name : "Error" },
    };
    throw error;
  } finally {
    if (outcome)
      write(sink, {
        time: new Date(sink.now()).toISOString(),
        context: sink.context() ?? null,
        email: sink.email() ?? null,
        command: target.command,
        operationId: target.op.operationId,
        kvmId: target.kvmId ?? null,
        fields: journalFields(target.op, target.params),
        ...outcome,
        requests: counter.requests,
      });
  }
}

function write(sink: JournalSink, entry: JournalEntry): void {
  const dir = stateDir(sink.env);
  try {
    appendJournal(dir, entry);
  } catch (error) {
    if (warned.has(sink)) return;
    warned.add(sink);
    const why = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    sink.warn(
      `warning: the journal of changes cannot be written to ${join(dir, JOURNAL_FILE)} (${why}); the command went on (EDIS_JOURNAL=off turns the journal off)`,
    );
  }
}
