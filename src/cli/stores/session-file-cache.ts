/**
 * The session cache of the CLI: one file per account (and named context) and VPS in the user's cache directory, so
 * that a command reuses the session the previous one created instead of authenticating again,
 * and so that commands running at the same time for different VPSs never overwrite each other's
 * sessions (each replaces only its own file, atomically).
 *
 * A cached session carries its signature, a credential for the VPS until `valid_until`, so a
 * file is readable by its owner only (mode 0600, in a directory of mode 0700, see
 * cache-dir-safety.ts), and is read and written as session-file-io.ts does: no link followed,
 * replaced atomically. Expired entries are never returned, and dropped when a command first writes.
 */
import { readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { isKvmId } from "../../request/auth-answer.js";
import type { SessionCache, SessionRecord } from "../../index.js";
import { checkCacheDir } from "./cache-dir-safety.js";
import { readCacheJson, removeCacheFile, writeCacheJson } from "./session-file-io.js";
import { nodeCrypto } from "./node-crypto.js";

/**
 * Files of an account: `sessions-<account>-<vps>.json` (one session), `sessions-<account>-sole.json`
 * (the account's only VPS) and `sessions-<account>.json` (the one file of earlier versions).
 */
const FILE_PATTERN = /^sessions-([0-9a-f]{32})(?:-[0-9a-f]{16}|-sole)?\.json$/u;
const TEMP_PATTERN = /^\.sessions-[0-9a-f]{32}(?:-[0-9a-f]{16}|-sole)?\.json\.[0-9a-z.]+\.tmp$/u;

/** The account's only VPS, learnt from a full auth answer; valid as long as its session. */
interface SoleVps {
  kvmId: string;
  validUntil: number;
}

export interface SessionFileCacheOptions {
  /** The cache directory (see cacheDir()). */
  dir: string;
  /** The account: the client-area email. */
  email: string;
  /** The named context the account was chosen by, if any: each context has sessions of its own. */
  context?: string;
  /** The session host the sessions come from, so that a mock's sessions never mix with EDIS's. */
  sessionHost: string;
  /** Told about a cache that cannot be read or written (the command goes on without it). */
  onError?: (message: string) => void;
  /** Told about a cache file it had to narrow to mode 0600. */
  onWarning?: (message: string) => void;
  now?: () => number;
}

function hash(text: string, length: number): string {
  return nodeCrypto().createHash("sha256").update(text).digest("hex").slice(0, length);
}

/**
 * The part of the file names that names the account: a hash, so the email does not appear in
 * them. A context's name is part of it (a line of its own, which no email or URL holds), so two
 * contexts never share sessions, even of one email; without a context the key is as before.
 */
function accountKey(email: string, sessionHost: string, context?: string): string {
  return hash(`${email}\n${sessionHost}${context === undefined ? "" : `\ncontext:${context}`}`, 32);
}

/** The file name of one VPS's session in an account's cache (of a context, if named). */
export function sessionFileName(email: string, sessionHost: string, kvmId: string, context?: string): string {
  return `sessions-${accountKey(email, sessionHost, context)}-${hash(kvmId, 16)}.json`;
}

/** The file name of an account's "only VPS" memory (of a context, if named). */
export function soleVpsFileName(email: string, sessionHost: string, context?: string): string {
  return `sessions-${accountKey(email, sessionHost, context)}-sole.json`;
}

function isRecord(value: unknown): value is SessionRecord {
  if (typeof value !== "object" || value === null) return false;
  const r = value as Partial<SessionRecord>;
  return typeof r.kvm_id === "string" && typeof r.signature === "string" && typeof r.api_host === "string" && Number.isSafeInteger(r.valid_until);
}

function isSoleVps(value: unknown): value is SoleVps {
  if (typeof value !== "object" || value === null) return false;
  const s = value as Partial<SoleVps>;
  // A VPS id of the spec's form only: the file is on disk, where another program may have written it.
  return isKvmId(s.kvmId) && Number.isSafeInteger(s.validUntil);
}

/** A {@link SessionCache} on disk, for one account. */
export class SessionFileCache implements SessionCache {
  readonly #dir: string;
  readonly #account: string;
  readonly #email: string;
  readonly #sessionHost: string;
  readonly #context: string | undefined;
  readonly #onError: (message: string) => void;
  readonly #onWarning: (message: string) => void;
  readonly #now: () => number;
  /** The account's files have been swept by this instance (once is enough: what it writes later is live). */
  #swept = false;

  constructor(options: SessionFileCacheOptions) {
    this.#dir = options.dir;
    this.#email = options.email;
    this.#sessionHost = options.sessionHost;
    this.#context = options.context;
    this.#account = accountKey(options.email, options.sessionHost, options.context);
    this.#onError = options.onError ?? (() => {});
    this.#onWarning = options.onWarning ?? (() => {});
    this.#now = options.now ?? Date.now;
  }

  /** The file holding the session of `kvmId`. */
  fileOf(kvmId: string): string {
    return join(this.#dir, sessionFileName(this.#email, this.#sessionHost, kvmId, this.#context));
  }

  get #soleFile(): string {
    return join(this.#dir, soleVpsFileName(this.#email, this.#sessionHost, this.#context));
  }

  #live(validUntil: number): boolean {
    return validUntil * 1000 > this.#now();
  }

  /** True when the directory exists and is safe to read from. */
  #readable(): boolean {
    try {
      return checkCacheDir(this.#dir);
    } catch (error) {
      this.#onError(`cannot read the session cache: ${(error as Error).message}`);
      return false;
    }
  }

  /** The content of `path`, when the directory is safe to read (see session-file-io.ts). */
  #readJson(path: string): unknown {
    if (!this.#readable()) return undefined;
    return readCacheJson(path, { onError: this.#onError, onWarning: this.#onWarning });
  }

  #writeJson(path: string, value: unknown): void {
    writeCacheJson(this.#dir, path, value, this.#onError);
  }

  #remove(path: string): void {
    removeCacheFile(path, this.#onError);
  }

  /** The live session of `kvmId` in `content`, if that is one. */
  #session(content: unknown, kvmId: string): SessionRecord | undefined {
    return isRecord(content) && content.kvm_id === kvmId && this.#live(content.valid_until) ? content : undefined;
  }

  /**
   * Removes the account's files that hold nothing live: expired sessions and memories, damaged
   * files, links, and the single file of earlier versions. Files of other accounts are left alone.
   * Runs on the first write of this instance.
   */
  #sweep(): void {
    if (this.#swept) return;
    this.#swept = true;
    try {
      // A directory that cannot be used has been reported by the write before.
      if (!checkCacheDir(this.#dir)) return;
    } catch {
      return;
    }
    let names: string[];
    try {
      names = readdirSync(this.#dir);
    } catch (error) {
      this.#onError(`cannot read the session cache: ${(error as Error).message}`);
      return;
    }
    const sole = soleVpsFileName(this.#email, this.#sessionHost, this.#context);
    for (const name of names) {
      if (FILE_PATTERN.exec(name)?.[1] !== this.#account) continue;
      const path = join(this.#dir, name);
      const content = name === `sessions-${this.#account}.json` ? undefined : this.#readJson(path);
      const live =
        name === sole
          ? isSoleVps(content) && this.#live(content.validUntil)
          : isRecord(content) && this.#live(content.valid_until) && this.fileOf(content.kvm_id) === path;
      if (!live) this.#remove(path);
    }
  }

  load(kvmId: string): SessionRecord | undefined {
    const record = this.#session(this.#readJson(this.fileOf(kvmId)), kvmId);
    return record ? { ...record } : undefined;
  }

  save(record: SessionRecord): void {
    if (this.#live(record.valid_until)) this.#writeJson(this.fileOf(record.kvm_id), { ...record });
    this.#sweep();
  }

  remove(kvmId: string): void {
    if (!this.#readable()) return;
    this.#remove(this.fileOf(kvmId));
    const sole = this.#readJson(this.#soleFile);
    if (isSoleVps(sole) && sole.kvmId === kvmId) this.#remove(this.#soleFile);
    this.#sweep();
  }

  /** The account's only VPS, when a recent auth answer showed it has exactly one. */
  soleVps(): string | undefined {
    const sole = this.#readJson(this.#soleFile);
    return isSoleVps(sole) && this.#live(sole.validUntil) ? sole.kvmId : undefined;
  }

  /** Remembers that the account has exactly one VPS, until `validUntil` (Unix seconds). */
  rememberSoleVps(kvmId: string, validUntil: number): void {
    if (this.#live(validUntil)) this.#writeJson(this.#soleFile, { kvmId, validUntil } satisfies SoleVps);
    this.#sweep();
  }
}

/**
 * Removes every account's session cache in `dir` (after checking the directory, see
 * cache-dir-safety.ts); returns how many accounts had cached sessions.
 */
export function removeSessionCaches(dir: string): number {
  if (!checkCacheDir(dir)) return 0;
  const accounts = new Set<string>();
  for (const name of readdirSync(dir)) {
    const account = FILE_PATTERN.exec(name)?.[1];
    if (account !== undefined) {
      rmSync(join(dir, name), { force: true });
      accounts.add(account);
    } else if (TEMP_PATTERN.test(name)) {
      // Left behind by a command that was killed between writing and renaming.
      rmSync(join(dir, name), { force: true });
    }
  }
  return accounts.size;
}
