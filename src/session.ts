/**
 * A session of one VPS, as the auth call returns it. The signature is readable
 * (`session.signature`) but kept out of `JSON.stringify`, `util.inspect` and spreads.
 */
import type { components } from "../generated/openapi.js";

/** A session as the auth call returns it, signature included: what a {@link SessionCache} stores. */
export type SessionRecord = components["schemas"]["AuthSession"];

/**
 * Keeps sessions beyond one client, for example on disk between runs of a command-line tool.
 * The client asks it before authenticating and tells it about new and refused sessions.
 * Errors it throws are ignored: a cache that fails costs an auth call, never a request.
 */
export interface SessionCache {
  /** The stored session of `kvmId`, if any (expired ones are ignored by the client). */
  load(kvmId: string): SessionRecord | undefined | Promise<SessionRecord | undefined>;
  /** Stores a session the client has just created. */
  save(record: SessionRecord): void | Promise<void>;
  /** Forgets the session of `kvmId`: the API refused it. */
  remove(kvmId: string): void | Promise<void>;
}

type AuthSessionBody = SessionRecord;

/** One VPS's session: who it is for, where to send calls, until when it holds. */
export class Session {
  /** The VPS, `kvm_<digits>_<digits>`. */
  readonly kvmId: string;
  /** The VPS's management host (it changes when the VPS moves). */
  readonly apiHost: string;
  /** The reverse-DNS host the session names, if any. */
  readonly apiRdns: string | undefined;
  /** Expiry in Unix seconds, exactly as auth returned it. */
  readonly validUntil: number;
  /** The VPS's description in the client area. */
  readonly description: string | undefined;
  /** `n` for an active VPS. */
  readonly suspended: string | undefined;
  /** Location code. */
  readonly lps: string | undefined;
  /** Auth's `lps_ispremium` flag for that location, as sent. */
  readonly lpsIsPremium: boolean | undefined;
  /** The VPS's primary IP address. */
  readonly primaryIp: string | undefined;
  readonly #signature: string;
  readonly #record: AuthSessionBody;

  constructor(body: AuthSessionBody) {
    this.#record = { ...body };
    this.kvmId = body.kvm_id;
    this.apiHost = body.api_host;
    this.apiRdns = body.api_rdns;
    this.validUntil = body.valid_until;
    this.description = body.description;
    this.suspended = body.suspended;
    this.lps = body.lps;
    this.lpsIsPremium = body.lps_ispremium;
    this.primaryIp = body.primary_ip;
    this.#signature = body.signature;
  }

  /** The session signature: a credential for this VPS until {@link validUntil}. */
  get signature(): string {
    return this.#signature;
  }

  /**
   * The session as auth returned it, signature included, for a {@link SessionCache} to store.
   * Keep what it returns as secret as a password.
   */
  toRecord(): SessionRecord {
    return { ...this.#record };
  }

  /** `valid_until` as it goes back on the wire: the decimal text of the integer auth returned. */
  get validUntilText(): string {
    return String(this.validUntil);
  }

  /** True when the session ends within `marginMs` of `now`. */
  expiresWithin(marginMs: number, now: number = Date.now()): boolean {
    return this.validUntil * 1000 - marginMs <= now;
  }
}
