/**
 * Sessions per kvmId: created lazily, cached until shortly before `valid_until`, one auth in
 * flight per VPS however many calls wait for it. A session that arrives already expired (or
 * inside the renewal margin: a clock ahead of the server's, say) serves the calls that waited
 * for that auth, once, and is never kept or stored; the next call authenticates anew.
 */
import { Session, type SessionCache } from "../session.js";

/** A session is renewed this long before its `valid_until`, so that a call does not race the expiry. */
export const EXPIRY_MARGIN_MS = 30_000;

export class SessionStore {
  readonly #sessions = new Map<string, Session>();
  readonly #pending = new Map<string, Promise<Session>>();
  readonly #authenticate: (kvmId: string) => Promise<Session>;
  readonly #now: () => number;
  readonly #cache: SessionCache | undefined;
  readonly #check: (session: Session) => void;
  /** Sessions already handed to the cache. */
  readonly #stored = new WeakSet<Session>();

  /**
   * `check` throws for a session that must not be used (one naming a foreign api_host); a
   * cached session it refuses counts as not cached.
   */
  constructor(
    authenticate: (kvmId: string) => Promise<Session>,
    now: () => number = Date.now,
    cache?: SessionCache,
    check: (session: Session) => void = () => undefined,
  ) {
    this.#authenticate = authenticate;
    this.#now = now;
    this.#cache = cache;
    this.#check = check;
  }

  #fresh(session: Session | undefined): session is Session {
    return session !== undefined && !session.expiresWithin(EXPIRY_MARGIN_MS, this.#now());
  }

  /** A usable session from the cache, else a new one (saved to the cache). */
  async #create(kvmId: string): Promise<Session> {
    const cached = await this.#fromCache(kvmId);
    if (cached) return cached;
    const session = await this.#authenticate(kvmId);
    await this.#store(session);
    return session;
  }

  async #fromCache(kvmId: string): Promise<Session | undefined> {
    if (!this.#cache) return undefined;
    let record: Awaited<ReturnType<SessionCache["load"]>>;
    try {
      record = await this.#cache.load(kvmId);
    } catch {
      return undefined;
    }
    if (!record || record.kvm_id !== kvmId || typeof record.signature !== "string" || typeof record.valid_until !== "number") {
      return undefined;
    }
    const session = new Session(record);
    try {
      this.#check(session);
    } catch {
      return undefined;
    }
    return this.#fresh(session) ? session : undefined;
  }

  /**
   * Hands a fresh session to the session cache, once (an auth made through {@link putAll}
   * comes back through #create); one that is not fresh is of no use there.
   */
  async #store(session: Session): Promise<void> {
    if (!this.#fresh(session) || this.#stored.has(session)) return;
    this.#stored.add(session);
    await this.#ignoreErrors(() => this.#cache?.save(session.toRecord()));
  }

  async #ignoreErrors(action: () => unknown): Promise<void> {
    try {
      await action();
    } catch {
      // A cache that fails costs an auth call later, never this request.
    }
  }

  /** The cached session of `kvmId`, or the one being created, or a new one. */
  get(kvmId: string): Promise<Session> {
    const cached = this.#sessions.get(kvmId);
    if (this.#fresh(cached)) return Promise.resolve(cached);
    const pending = this.#pending.get(kvmId);
    if (pending) return pending;
    const created = this.#create(kvmId).then(
      (session) => {
        this.#pending.delete(kvmId);
        this.put(session);
        return session;
      },
      (error: unknown) => {
        this.#pending.delete(kvmId);
        throw error;
      },
    );
    this.#pending.set(kvmId, created);
    return created;
  }

  /** Caches a session (from an auth call made elsewhere, such as `auth.createSession()`), if it is fresh. */
  put(session: Session): void {
    if (this.#fresh(session)) this.#sessions.set(session.kvmId, session);
  }

  /** Caches the fresh sessions of an auth answer here and in the session cache. */
  async putAll(sessions: readonly Session[]): Promise<void> {
    for (const session of sessions) {
      this.put(session);
      await this.#store(session);
    }
  }

  /** Forgets `session` after the API refused it, unless a newer one has replaced it already. */
  async invalidate(session: Session): Promise<void> {
    if (this.#sessions.get(session.kvmId) === session) this.#sessions.delete(session.kvmId);
    await this.#ignoreErrors(() => this.#cache?.remove(session.kvmId));
  }

  /** Forgets every session. */
  clear(): void {
    this.#sessions.clear();
  }
}
