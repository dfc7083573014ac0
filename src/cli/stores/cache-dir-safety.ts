/**
 * Whether the session cache directory is safe to keep session signatures in: a real directory
 * (not a symbolic link, which someone else may have planted or may repoint), of this user, that
 * nobody else may write to. The CLI creates a missing one with mode 0700; one it finds is
 * checked, never "repaired", since the user may have made it so on purpose. The configuration
 * directory (the contexts, config-dir.ts) is held to the same rules, under its own name.
 */
import { type Stats, lstatSync, mkdirSync } from "node:fs";
import { UsageError } from "../errors.js";

/** The cache directory is unusable; the message says why and how to fix it. */
export class UnsafeCacheDir extends UsageError {}
UnsafeCacheDir.prototype.name = "UnsafeCacheDir";

/** Which directory is checked, for the messages: what it is called, what it keeps, the variable that moves it. */
export interface DirRole {
  readonly name: string;
  readonly keeps: string;
  readonly variable: string;
}

export const SESSION_CACHE_ROLE: DirRole = { name: "session cache directory", keeps: "sessions", variable: "EDIS_CACHE_DIR" };

export interface CacheDirCheck {
  /** The user who must own it (default: this process's; none on Windows). */
  readonly uid?: number | undefined;
  readonly platform?: NodeJS.Platform;
  /** Default: the session cache directory. */
  readonly role?: DirRole;
}

function refuse(role: DirRole, dir: string, why: string): never {
  throw new UnsafeCacheDir(`the ${role.name} ${dir} ${why}`);
}

/**
 * True when `dir` exists and is safe, false when it does not exist; throws
 * {@link UnsafeCacheDir} for anything else (lstat: a symbolic link is judged as itself).
 */
export function checkCacheDir(dir: string, check: CacheDirCheck = {}): boolean {
  const platform = check.platform ?? process.platform;
  const uid = "uid" in check ? check.uid : process.getuid?.();
  const role = check.role ?? SESSION_CACHE_ROLE;
  let stats: Stats;
  try {
    stats = lstatSync(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return false;
    if (code === "ENOTDIR") refuse(role, dir, "is not a directory (a part of its path is a file)");
    refuse(role, dir, `cannot be read (${code ?? (error as Error).message})`);
  }
  if (stats.isSymbolicLink())
    refuse(role, dir, `is a symbolic link; edis keeps ${role.keeps} only in a real directory (replace the link, or set ${role.variable})`);
  if (!stats.isDirectory()) refuse(role, dir, "is not a directory");
  if (platform !== "win32") {
    if ((stats.mode & 0o022) !== 0) refuse(role, dir, "is writable by other users; run chmod 700 on it");
    if (uid !== undefined && stats.uid !== uid) refuse(role, dir, "belongs to another user");
  }
  return true;
}

/** Makes sure `dir` exists (created with mode 0700 when missing) and is safe. */
export function makeCacheDir(dir: string, check: CacheDirCheck = {}): void {
  if (checkCacheDir(dir, check)) return;
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  // Checked again: something else may have put its own entry there in between.
  checkCacheDir(dir, check);
}
