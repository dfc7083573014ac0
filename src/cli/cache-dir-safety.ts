/**
 * Whether the session cache directory is safe to keep session signatures in: a real directory
 * (not a symbolic link, which someone else may have planted or may repoint), of this user, that
 * nobody else may write to. The CLI creates a missing one with mode 0700; one it finds is
 * checked, never "repaired", since the user may have made it so on purpose.
 */
import { type Stats, lstatSync, mkdirSync } from "node:fs";
import { UsageError } from "./errors.js";

/** The cache directory is unusable; the message says why and how to fix it. */
export class UnsafeCacheDir extends UsageError {}
UnsafeCacheDir.prototype.name = "UnsafeCacheDir";

export interface CacheDirCheck {
  /** The user who must own it (default: this process's; none on Windows). */
  readonly uid?: number | undefined;
  readonly platform?: NodeJS.Platform;
}

function refuse(dir: string, why: string): never {
  throw new UnsafeCacheDir(`the session cache directory ${dir} ${why}`);
}

/**
 * True when `dir` exists and is safe, false when it does not exist; throws
 * {@link UnsafeCacheDir} for anything else (lstat: a symbolic link is judged as itself).
 */
export function checkCacheDir(dir: string, check: CacheDirCheck = {}): boolean {
  const platform = check.platform ?? process.platform;
  const uid = "uid" in check ? check.uid : process.getuid?.();
  let stats: Stats;
  try {
    stats = lstatSync(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return false;
    if (code === "ENOTDIR") refuse(dir, "is not a directory (a part of its path is a file)");
    refuse(dir, `cannot be read (${code ?? (error as Error).message})`);
  }
  if (stats.isSymbolicLink()) refuse(dir, "is a symbolic link; edis keeps sessions only in a real directory (replace the link, or set EDIS_CACHE_DIR)");
  if (!stats.isDirectory()) refuse(dir, "is not a directory");
  if (platform !== "win32") {
    if ((stats.mode & 0o022) !== 0) refuse(dir, "is writable by other users; run chmod 700 on it");
    if (uid !== undefined && stats.uid !== uid) refuse(dir, "belongs to another user");
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
