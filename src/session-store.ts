/**
 * Sessions per kvmId: created lazily, cached until shortly before `valid_until`, one auth in
 * flight per VPS however many calls wait for it.
 */
import type { Session } from "./session.js";

/** A session is renewed this long before its `valid_until`, so that a call does not race the expiry. */
export const EXPIRY_MARGIN_MS = 30_000;

export class SessionStore {
  readonly #sessions = new Map<string, Session>();
  readonly #pending = new Map<string, Promise<Session>>();
  readonly #authenticate: (kvmId: string) => Promise<Session>;
  readonly #now: () => number;

  constructor(authenticate: (kvmId: string) => Promise<Session>, now: () => number = Date.now) {
    this.#authenticate = authenticate;
    this.#now = now;
  }

  /** The cached session of `kvmId`, or the one being created, or a new one. */
  get(kvmId: string): Promise<Session> {
    const cached = this.#sessions.get(kvmId);
    if (cached && !cached.expiresWithin(EXPIRY_MARGIN_MS, this.#now())) return Promise.resolve(cached);
    const pending = this.#pending.get(kvmId);
    if (pending) return pending;
    const created = this.#authenticate(kvmId).then(
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

  /** Caches a session (from an auth call made elsewhere, such as `auth.createSession()`). */
  put(session: Session): void {
    this.#sessions.set(session.kvmId, session);
  }

  /** Forgets `session` after the API refused it, unless a newer one has replaced it already. */
  invalidate(session: Session): void {
    if (this.#sessions.get(session.kvmId) === session) this.#sessions.delete(session.kvmId);
  }

  /** Forgets every session. */
  clear(): void {
    this.#sessions.clear();
  }
}
