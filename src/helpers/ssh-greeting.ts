/**
 * Reading an SSH server's greeting (RFC 4253 4.2): the identification line `SSH-2.0-…` (or
 * `SSH-1.99-…`, a server that also speaks the old protocol), at most 255 bytes with its CR LF,
 * printable US-ASCII (a minus sign in the software version is taken: Cisco's `SSH-1.99-Cisco-1.25`
 * has one, against the RFC). A server may send other lines before it, so those are read on, but only
 * up to {@link GREETING_CAP} bytes in all: an endless line, or endless lines, end the read.
 * Pure: the socket is src/helpers/ssh-socket.ts's; this only judges the bytes.
 */

/** The most bytes read from one connection before giving up on a greeting. */
export const GREETING_CAP = 8192;

/** The longest identification line, CR LF included (RFC 4253 4.2). */
const LINE_MAX = 255;

/** What the bytes so far show: a greeting, a reason to stop, or nothing yet (read on). */
export type GreetingVerdict = { readonly line: string } | { readonly stop: string } | undefined;

/** Printable US-ASCII only, for quoting what a server sent in a message: anything else is `?`. */
function quoted(bytes: Uint8Array): string {
  let text = "";
  for (const byte of bytes.subarray(0, 60)) text += byte >= 0x20 && byte <= 0x7e ? String.fromCharCode(byte) : "?";
  return JSON.stringify(bytes.length > 60 ? `${text}…` : text);
}

/** True when every byte is printable US-ASCII (space included). */
function printable(bytes: Uint8Array): boolean {
  return bytes.every((byte) => byte >= 0x20 && byte <= 0x7e);
}

const SSH = [0x53, 0x53, 0x48, 0x2d]; // "SSH-"

function startsWithSsh(bytes: Uint8Array): boolean {
  return SSH.every((byte, i) => bytes[i] === byte);
}

/** Reads a greeting from the chunks of one connection, in order. */
export class GreetingReader {
  #buffer = new Uint8Array(0);
  #total = 0;
  /** The first line that was not an identification line, for "another protocol". */
  #other: string | undefined;

  /** Adds a chunk; says whether a greeting, or a reason to stop, is now known. */
  push(chunk: Uint8Array): GreetingVerdict {
    this.#total += chunk.length;
    const joined = new Uint8Array(this.#buffer.length + chunk.length);
    joined.set(this.#buffer);
    joined.set(chunk, this.#buffer.length);
    let start = 0;
    for (let end = joined.indexOf(0x0a); end !== -1; end = joined.indexOf(0x0a, start)) {
      const line = joined.subarray(start, end > start && joined[end - 1] === 0x0d ? end - 1 : end);
      start = end + 1;
      const verdict = this.#judge(line);
      if (verdict) return verdict;
    }
    this.#buffer = joined.slice(start);
    // A line that starts as an identification but runs past its limit (its CR may have come) is not one.
    if (startsWithSsh(this.#buffer) && this.#buffer.length > LINE_MAX - 1) return { stop: `an identification line longer than ${LINE_MAX} bytes` };
    if (this.#total >= GREETING_CAP) return { stop: this.#other ?? `${GREETING_CAP} bytes without an SSH identification line` };
    return undefined;
  }

  /** What to say when the connection ends (closed, or out of time) before any verdict. */
  get sofar(): string | undefined {
    if (this.#other !== undefined) return this.#other;
    return this.#total > 0 ? `${this.#total} bytes and no complete line` : undefined;
  }

  #judge(line: Uint8Array): GreetingVerdict {
    if (!startsWithSsh(line)) {
      this.#other ??= `another protocol (${quoted(line)})`;
      return undefined;
    }
    if (line.length > LINE_MAX - 2) return { stop: `an identification line longer than ${LINE_MAX} bytes` };
    if (!printable(line)) return { stop: `a malformed identification line (${quoted(line)})` };
    const text = String.fromCharCode(...line);
    if (/^SSH-(?:2\.0|1\.99)-[\x21-\x7e]+(?: .*)?$/u.test(text)) return { line: text };
    return { stop: `an SSH server that does not speak SSH 2 (${quoted(line)})` };
  }
}
