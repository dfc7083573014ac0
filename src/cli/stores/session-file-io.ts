/**
 * Reading, writing and removing one file of the session cache without trusting what is on
 * disk. A file is opened without following a symbolic link or blocking on a FIFO, read only
 * when it is a regular file of this user, and narrowed to mode 0600 when found wider. A file is
 * replaced atomically: a fresh temporary file created with mode 0600 ("wx": never an existing
 * file or link) is renamed over it, which replaces a symbolic link rather than following it.
 * Failures are told to the caller's callbacks; the command goes on without the cache.
 */
import { closeSync, constants, fchmodSync, fstatSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { makeCacheDir } from "./cache-dir-safety.js";
import { nodeCrypto } from "./node-crypto.js";

/** Open for reading without following a symbolic link (Windows has no such flag) or blocking on a FIFO. */
const READ_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

/** Where a cache file's problems are told. */
export interface CacheFileReport {
  /** A file that cannot be read or written, or is not one to trust. */
  readonly onError: (message: string) => void;
  /** A file that had to be narrowed to mode 0600. */
  readonly onWarning: (message: string) => void;
}

/** The parsed content of `path`; undefined when absent, unreadable, not a plain file of ours, or malformed. */
export function readCacheJson(path: string, report: CacheFileReport): unknown {
  let fd: number;
  try {
    fd = openSync(path, READ_FLAGS);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ELOOP") report.onError("a session cache file is a symbolic link; not followed");
    else if (code !== "ENOENT") report.onError(`cannot read the session cache: ${(error as Error).message}`);
    return undefined;
  }
  let text: string;
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) {
      report.onError("a session cache file is not a regular file; ignored");
      return undefined;
    }
    if (process.platform !== "win32") {
      const uid = process.getuid?.();
      if (uid !== undefined && stats.uid !== uid) {
        report.onError("a session cache file belongs to another user; ignored");
        return undefined;
      }
      if ((stats.mode & 0o077) !== 0) {
        fchmodSync(fd, 0o600);
        report.onWarning(`a session cache file was readable by other users (mode 0${(stats.mode & 0o777).toString(8)}); it is now of mode 0600`);
      }
    }
    text = readFileSync(fd, "utf8");
  } catch (error) {
    report.onError(`cannot read the session cache: ${(error as Error).message}`);
    return undefined;
  } finally {
    closeSync(fd);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    report.onError("the session cache is not valid JSON; starting afresh");
    return undefined;
  }
}

/** Replaces `path` in the cache directory `dir` (made when missing) atomically with `value` as JSON. */
export function writeCacheJson(dir: string, path: string, value: unknown, onError: (message: string) => void): void {
  try {
    makeCacheDir(dir);
    const temp = join(dir, `.${basename(path)}.${process.pid}.${nodeCrypto().randomBytes(6).toString("hex")}.tmp`);
    // "wx": a fresh file, created with mode 0600 (the umask can only narrow it), never an existing one or a link.
    writeFileSync(temp, `${JSON.stringify(value)}\n`, { mode: 0o600, flag: "wx" });
    try {
      renameSync(temp, path);
    } catch (error) {
      rmSync(temp, { force: true });
      throw error;
    }
  } catch (error) {
    onError(`cannot write the session cache: ${(error as Error).message}`);
  }
}

/** Removes `path` (a missing file is no error). */
export function removeCacheFile(path: string, onError: (message: string) => void): void {
  try {
    rmSync(path, { force: true });
  } catch (error) {
    onError(`cannot write the session cache: ${(error as Error).message}`);
  }
}
