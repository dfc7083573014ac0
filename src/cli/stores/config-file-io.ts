/**
 * Reading and writing the CLI's configuration file without trusting what is on disk, as the
 * session cache does (session-file-io.ts), but failing loudly: the file says which account a
 * command acts for, so one that cannot be trusted or read is a usage error (exit 2), never
 * quietly taken as empty and then overwritten. It is opened without following a symbolic link
 * or blocking on a FIFO, read only when it is a regular file of this user, and narrowed to
 * mode 0600 when found wider, and refused unread when larger than 1 MiB. It is replaced atomically: a fresh temporary file created with
 * mode 0600 ("wx": never an existing file or link) is renamed over it, which replaces a
 * symbolic link rather than following it. The directory is checked (and made, mode 0700) by
 * cache-dir-safety.ts.
 */
import { closeSync, constants, fchmodSync, fstatSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { checkCacheDir, makeCacheDir } from "./cache-dir-safety.js";
import { CONFIG_DIR_ROLE } from "./config-dir.js";
import { UsageError } from "../errors.js";
import { nodeCrypto } from "./node-crypto.js";

/** Open for reading without following a symbolic link (Windows has no such flag) or blocking on a FIFO. */
const READ_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

/** The largest file read: a context is a few dozen bytes, so a larger file is not one edis wrote (and is not read whole on every run). */
const MAX_CONFIG_BYTES = 1024 * 1024;

function refuse(path: string, why: string): never {
  throw new UsageError(`the configuration file ${path} ${why}`);
}

/**
 * The parsed content of `path`, or undefined when neither it nor its directory exists. Throws a
 * {@link UsageError} for an unsafe directory, a link, a file that is not a plain file of this
 * user, or one that is not JSON. `onWarning` is told when the file had to be narrowed to 0600.
 */
export function readConfigJson(path: string, onWarning: (message: string) => void): unknown {
  if (!checkCacheDir(dirname(path), { role: CONFIG_DIR_ROLE })) return undefined;
  let fd: number;
  try {
    fd = openSync(path, READ_FLAGS);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return undefined;
    if (code === "ELOOP") refuse(path, "is a symbolic link; edis does not follow it (replace it with the file, or remove it)");
    refuse(path, `cannot be read (${code ?? (error as Error).message})`);
  }
  let text: string;
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) refuse(path, "is not a regular file");
    if (stats.size > MAX_CONFIG_BYTES) refuse(path, "is larger than 1 MiB, far more than edis writes; correct it, or remove it to start afresh");
    if (process.platform !== "win32") {
      const uid = process.getuid?.();
      if (uid !== undefined && stats.uid !== uid) refuse(path, "belongs to another user");
      if ((stats.mode & 0o077) !== 0) {
        fchmodSync(fd, 0o600);
        onWarning(`the configuration file was open to other users (mode 0${(stats.mode & 0o777).toString(8)}); it is now of mode 0600`);
      }
    }
    text = readFileSync(fd, "utf8");
  } finally {
    closeSync(fd);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    refuse(path, "is not valid JSON; correct it, or remove it to start afresh");
  }
}

/** Replaces `path` atomically with `value` as JSON, making its directory (mode 0700) when missing. */
export function writeConfigJson(path: string, value: unknown): void {
  const dir = dirname(path);
  makeCacheDir(dir, { role: CONFIG_DIR_ROLE });
  const temp = join(dir, `.${basename(path)}.${process.pid}.${nodeCrypto().randomBytes(6).toString("hex")}.tmp`);
  try {
    // "wx": a fresh file, created with mode 0600 (the umask can only narrow it), never an existing one or a link.
    writeFileSync(temp, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600, flag: "wx" });
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    refuse(path, `cannot be written (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}
