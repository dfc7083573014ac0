/**
 * The session cache of the CLI: one file per account in the user's cache directory, so that a
 * command reuses the session the previous one created instead of authenticating again.
 *
 * A cached session carries its signature, a credential for the VPS until `valid_until`, so the
 * file is created readable by its owner only (mode 0600, in a directory of mode 0700): it is
 * written to a temporary file created with that mode and renamed over the old one, never
 * widened and then narrowed. Expired entries are dropped on every write and never returned.
 */
import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { SessionCache, SessionRecord } from "../index.js";

const FILE_PATTERN = /^sessions-[0-9a-f]{32}\.json$/u;
const TEMP_PATTERN = /^\.sessions-[0-9a-f]{32}\.json\.[0-9a-z.]+\.tmp$/u;

interface CacheFile {
  /** Sessions by kvm_id. */
  sessions: Record<string, SessionRecord>;
  /** The account's only VPS, learnt from a full auth answer; valid as long as its session. */
  soleVps?: { kvmId: string; validUntil: number };
}

export interface SessionFileCacheOptions {
  /** The cache directory (see cacheDir()). */
  dir: string;
  /** The account: the client-area email. */
  email: string;
  /** The session host the sessions come from, so that a mock's sessions never mix with EDIS's. */
  sessionHost: string;
  /** Told about a cache that cannot be read or written (the command goes on without it). */
  onError?: (message: string) => void;
  now?: () => number;
}

/** The file name of an account's cache: a hash, so the email does not appear in it. */
export function cacheFileName(email: string, sessionHost: string): string {
  const hash = createHash("sha256").update(`${email}\n${sessionHost}`).digest("hex").slice(0, 32);
  return `sessions-${hash}.json`;
}

function isRecord(value: unknown): value is SessionRecord {
  if (typeof value !== "object" || value === null) return false;
  const r = value as Partial<SessionRecord>;
  return typeof r.kvm_id === "string" && typeof r.signature === "string" && typeof r.api_host === "string" && Number.isSafeInteger(r.valid_until);
}

/** A {@link SessionCache} on disk, for one account. */
export class SessionFileCache implements SessionCache {
  /** The cache file of the account. */
  readonly file: string;
  readonly #dir: string;
  readonly #name: string;
  readonly #onError: (message: string) => void;
  readonly #now: () => number;

  constructor(options: SessionFileCacheOptions) {
    this.#dir = options.dir;
    this.#name = cacheFileName(options.email, options.sessionHost);
    this.file = join(options.dir, this.#name);
    this.#onError = options.onError ?? (() => {});
    this.#now = options.now ?? Date.now;
  }

  #live(validUntil: number): boolean {
    return validUntil * 1000 > this.#now();
  }

  /** The file's live content; anything unreadable or malformed counts as empty. */
  #read(): CacheFile {
    let text: string;
    try {
      text = readFileSync(this.file, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") this.#onError(`cannot read the session cache: ${(error as Error).message}`);
      return { sessions: {} };
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      this.#onError("the session cache is not valid JSON; starting afresh");
      return { sessions: {} };
    }
    const raw = (typeof parsed === "object" && parsed !== null ? parsed : {}) as Partial<Record<keyof CacheFile, unknown>>;
    const content: CacheFile = { sessions: {} };
    if (typeof raw.sessions === "object" && raw.sessions !== null) {
      for (const [kvmId, record] of Object.entries(raw.sessions)) {
        if (isRecord(record) && record.kvm_id === kvmId && this.#live(record.valid_until)) content.sessions[kvmId] = record;
      }
    }
    const sole = raw.soleVps as CacheFile["soleVps"] | undefined;
    if (sole && typeof sole.kvmId === "string" && Number.isSafeInteger(sole.validUntil) && this.#live(sole.validUntil)) {
      content.soleVps = { kvmId: sole.kvmId, validUntil: sole.validUntil };
    }
    return content;
  }

  /** Replaces the file atomically with `content` (already free of expired entries), or removes it when empty. */
  #write(content: CacheFile): void {
    try {
      if (Object.keys(content.sessions).length === 0 && !content.soleVps) {
        rmSync(this.file, { force: true });
        return;
      }
      mkdirSync(this.#dir, { recursive: true, mode: 0o700 });
      const temp = join(this.#dir, `.${this.#name}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`);
      // "wx": a fresh file, created with mode 0600 (the umask can only narrow it), never an existing one.
      writeFileSync(temp, `${JSON.stringify(content)}\n`, { mode: 0o600, flag: "wx" });
      try {
        renameSync(temp, this.file);
      } catch (error) {
        rmSync(temp, { force: true });
        throw error;
      }
    } catch (error) {
      this.#onError(`cannot write the session cache: ${(error as Error).message}`);
    }
  }

  load(kvmId: string): SessionRecord | undefined {
    const record = this.#read().sessions[kvmId];
    return record ? { ...record } : undefined;
  }

  save(record: SessionRecord): void {
    const content = this.#read();
    if (this.#live(record.valid_until)) content.sessions[record.kvm_id] = { ...record };
    this.#write(content);
  }

  remove(kvmId: string): void {
    const content = this.#read();
    delete content.sessions[kvmId];
    if (content.soleVps?.kvmId === kvmId) delete content.soleVps;
    this.#write(content);
  }

  /** The account's only VPS, when a recent auth answer showed it has exactly one. */
  soleVps(): string | undefined {
    return this.#read().soleVps?.kvmId;
  }

  /** Remembers that the account has exactly one VPS, until `validUntil` (Unix seconds). */
  rememberSoleVps(kvmId: string, validUntil: number): void {
    const content = this.#read();
    if (this.#live(validUntil)) content.soleVps = { kvmId, validUntil };
    this.#write(content);
  }
}

/** Removes every account's session cache in `dir`; returns how many cache files it removed. */
export function removeSessionCaches(dir: string): number {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return 0;
    throw error;
  }
  let removed = 0;
  for (const name of names) {
    if (FILE_PATTERN.test(name)) {
      rmSync(join(dir, name), { force: true });
      removed++;
    } else if (TEMP_PATTERN.test(name)) {
      // Left behind by a command that was killed between writing and renaming.
      rmSync(join(dir, name), { force: true });
    }
  }
  return removed;
}
