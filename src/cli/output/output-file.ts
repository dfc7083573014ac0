/**
 * Files a command writes where the user says (`--out`, `--junit`): never through a symbolic
 * link, which someone else may have planted or may repoint (a report written over
 * ~/.bashrc), and never into anything but a regular file (a FIFO would block, a device would
 * take the bytes). The path is checked before anything is sent, so a refused one costs no
 * request; the file is then opened with O_NOFOLLOW (a link put there in between is refused
 * too) and O_NONBLOCK, and truncated only once it is known to be a regular file.
 */
import { closeSync, constants, fstatSync, ftruncateSync, lstatSync, openSync, writeSync } from "node:fs";
import { UsageError } from "../errors.js";

/** Open for writing, created if missing, without following a symbolic link (Windows has no such flag) or blocking on a FIFO. */
const WRITE_FLAGS = constants.O_WRONLY | constants.O_CREAT | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

function refuse(flag: string, path: string, why: string): never {
  throw new UsageError(`${flag} ${path} ${why}; edis writes only a regular file, never through a link (remove it, or choose another file)`);
}

/** Fails (a usage error, before anything is sent) when `path` is a symbolic link or something other than a regular file. */
export function checkOutputFile(flag: string, path: string): void {
  let stats: ReturnType<typeof lstatSync>;
  try {
    stats = lstatSync(path);
  } catch {
    return; // Not there yet: it is created.
  }
  if (stats.isSymbolicLink()) refuse(flag, path, "is a symbolic link");
  if (!stats.isFile()) refuse(flag, path, "is not a regular file");
}

/** Writes `data` to `path` as {@link checkOutputFile} allows, replacing what the file held. */
export function writeOutputFile(flag: string, path: string, data: string | Uint8Array): void {
  checkOutputFile(flag, path);
  let fd: number;
  try {
    fd = openSync(path, WRITE_FLAGS, 0o644);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ELOOP") refuse(flag, path, "is a symbolic link");
    throw error;
  }
  try {
    if (!fstatSync(fd).isFile()) refuse(flag, path, "is not a regular file");
    ftruncateSync(fd, 0);
    const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : data;
    for (let at = 0; at < bytes.byteLength; ) at += writeSync(fd, bytes, at, bytes.byteLength - at);
  } finally {
    closeSync(fd);
  }
}
