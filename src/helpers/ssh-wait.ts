/**
 * `edis.vps.waitForSsh`: ready means an SSH server answers. Looks at port 22 (or `port`) of
 * the VPS's primary address, from a new session of it (one auth call), or of
 * `host`, every `intervalMs`, until a server greets with an SSH identification line, and
 * resolves with it; a timeout is an EdisWaitTimeoutError saying what the last look saw.
 *
 * The address the API names must be an IP address, so no DNS answer decides where edis
 * connects; and, unless the client talks to hosts of the caller's own (a mock, a simulator),
 * a public one: an auth answer naming 127.0.0.1 or 10.0.0.5 would otherwise point the
 * caller's machine at its own network. `host` is the caller's choice and taken as given.
 */
import { EdisAbortError, EdisError, EdisWaitTimeoutError } from "../errors.js";
import { isIP, isIPv4 } from "../safety/ip.js";
import { bad, ms } from "../option-checks.js";
import { sleep } from "../request/retry.js";
import { lookForSsh } from "./ssh-socket.js";

/** What `vps.waitForSsh` looks at, and for how long. */
export interface SshWaitParams {
  /** The VPS; its primary address is looked at unless `host` is given. */
  readonly kvmId: string;
  /** An IP address or host name to look at instead (a bastion, a forwarded port, a test server). */
  readonly host?: string;
  /** @default 22 */
  readonly port?: number;
  /**
   * Longest wait, in milliseconds, a look in flight included.
   * @default 300000 (5 minutes)
   */
  readonly timeoutMs?: number;
  /**
   * Time between two looks, in milliseconds.
   * @default 5000
   */
  readonly intervalMs?: number;
  /** Cancels the wait (EdisAbortError). */
  readonly signal?: AbortSignal;
  /** Called after each look with what it saw, for progress displays. */
  readonly onPoll?: (seen: string) => void;
}

/** The greeting `vps.waitForSsh` resolves with, and where it came from. */
export interface SshGreeting {
  /** The server's identification line, CR LF removed: `SSH-2.0-OpenSSH_9.6p1 Ubuntu-3ubuntu13`. */
  readonly line: string;
  /** The address looked at: the VPS's primary address, or `host`. */
  readonly host: string;
  /** The port looked at. */
  readonly port: number;
}

const OPERATION = "vps.waitForSsh";

/** The longest one look lasts: a server that accepts and says nothing is asked again after it. */
const LOOK_MS = 10_000;

/** A host name of DNS labels, or an IP address (no port, no brackets, no path). */
const HOST_NAME = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/iu;

/**
 * True for an address of the public internet. IPv4: not unspecified (0/8), private (RFC 1918),
 * shared (100.64/10), loopback, link-local, multicast or reserved (224/3). IPv6: global unicast
 * (2000::/3) only, which leaves out loopback, link-local, unique local and multicast; an
 * IPv4-mapped address (::ffff:a.b.c.d) is judged as its IPv4 address.
 */
export function isPublicAddress(ip: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/iu.exec(ip);
  if (mapped) return isPublicAddress(mapped[1]!);
  if (isIPv4(ip)) {
    const [a = 0, b = 0] = ip.split(".").map(Number);
    const closed = a === 0 || a === 10 || a === 127 || a >= 224 || (a === 100 && b >= 64 && b < 128);
    return !(closed || (a === 169 && b === 254) || (a === 172 && b >= 16 && b < 32) || (a === 192 && b === 168));
  }
  const head = ip.split(":")[0];
  return isIP(ip) && head !== "" && head !== undefined && (Number.parseInt(head, 16) & 0xe000) === 0x2000;
}

/** True for a host `vps.waitForSsh` takes: an IP address, or a host name of DNS labels (no port, no brackets). */
export function isSshHost(host: unknown): host is string {
  return typeof host === "string" && (isIP(host) || HOST_NAME.test(host));
}

/** The params, checked before anything is sent or connected to. */
function checked(params: SshWaitParams) {
  if (typeof params !== "object" || params === null) bad("params", "must be an object with kvmId");
  if (typeof params.kvmId !== "string" || !params.kvmId) bad("kvmId", "must be a VPS id");
  const { host } = params;
  if (host !== undefined && !isSshHost(host)) bad("host", "must be an IP address or a host name");
  const port = params.port ?? 22;
  if (!Number.isInteger(port) || port < 1 || port > 65_535) bad("port", "must be an integer from 1 to 65535");
  return { host, port, timeoutMs: ms(params.timeoutMs, "timeoutMs", 300_000, 1), intervalMs: ms(params.intervalMs, "intervalMs", 5000, 1) };
}

/**
 * Waits until an SSH server greets at the VPS's primary address (`primaryIpOf`) or at `host`.
 * `publicOnly`: the address from the API must be a public one.
 */
export async function waitForSsh(
  params: SshWaitParams,
  primaryIpOf: (kvmId: string, signal: AbortSignal | undefined) => Promise<string | undefined>,
  publicOnly: boolean,
): Promise<SshGreeting> {
  const { host: given, port, timeoutMs, intervalMs } = checked(params);
  const { signal } = params;
  const deadline = Date.now() + timeoutMs;
  const host = given ?? (await primaryIpOf(params.kvmId, signal));
  if (given === undefined) {
    const named = host === undefined ? "no primary address" : `the primary address ${JSON.stringify(host)}`;
    if (host === undefined || !isIP(host))
      throw new EdisError(`${OPERATION}: the session of ${params.kvmId} names ${named}, not an IP address; pass host`, { operationId: OPERATION });
    if (publicOnly && !isPublicAddress(host))
      throw new EdisError(`${OPERATION}: the session of ${params.kvmId} names ${named}, which is not a public address; pass host to look there anyway`, {
        operationId: OPERATION,
      });
  }
  const target = host as string;
  const awaited = `an SSH server's greeting at ${target.includes(":") ? `[${target}]` : target}:${port}`;
  let seen: string | undefined;
  const timedOut = () => new EdisWaitTimeoutError({ operationId: OPERATION, awaited, timeoutMs, last: seen });
  for (;;) {
    const left = deadline - Date.now();
    if (left <= 0) throw timedOut();
    const look = await lookForSsh(target, port, Math.min(LOOK_MS, left), signal, OPERATION);
    // A look the deadline cut short (perhaps to a millisecond) says less than a whole one before it.
    if (!look.cut || seen === undefined) seen = look.seen;
    params.onPoll?.(look.seen);
    if (look.line !== undefined) return { line: look.line, host: target, port };
    const rest = deadline - Date.now();
    if (rest <= 0) throw timedOut();
    try {
      await sleep(Math.min(intervalMs, rest), signal);
    } catch (reason) {
      throw new EdisAbortError({ operationId: OPERATION, cause: reason });
    }
  }
}
