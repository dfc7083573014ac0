/**
 * Sessions and credentials as a wrapper around sending one request (as Octokit wraps its
 * request with its auth hook): the wrapped function fills in the session's fields (or the
 * account's email and password), picks the host the session names, and when the API refuses a
 * session (401) renews it once and sends once more. The password is asked for at most once.
 */
import { EdisApiError } from "./errors.js";
import { baseUrlFor } from "./hosts.js";
import type { OperationSpec } from "./operation-spec.js";
import type { EdisHosts, ResolvedCallOptions } from "./options.js";
import type { SendRequest } from "./request.js";
import type { Session } from "./session.js";
import type { SessionStore } from "./session-store.js";

/** Sends one request of `op` with the caller's validated `values`; the session or credentials are the wrapper's. */
export type SendOperation = (op: OperationSpec, values: Record<string, unknown>, options: ResolvedCallOptions) => Promise<unknown>;

/** The account's email and password; the password is asked of the caller's function at most once. */
export class Credentials {
  readonly email: string;
  readonly #ask: () => Promise<string>;
  #password: string | undefined;
  #pending: Promise<string> | undefined;

  constructor(email: string, askPassword: () => Promise<string>) {
    this.email = email;
    this.#ask = askPassword;
  }

  /** The password once asked for (undefined before). */
  get password(): string | undefined {
    return this.#password;
  }

  /** Asks for the password unless it is known or being asked for; a failed ask is tried again next time. */
  resolvePassword(): Promise<string> {
    this.#pending ??= this.#ask().then(
      (value) => (this.#password = value),
      (error: unknown) => {
        this.#pending = undefined;
        throw error;
      },
    );
    return this.#pending;
  }

  /** The secrets known so far, to scrub from errors: the password, once asked for. */
  secrets(): string[] {
    return this.#password === undefined ? [] : [this.#password];
  }
}

/** `values` with the fields the spec fills from the session (`x-edis-from: session.*`) or the credentials. */
function fill(op: OperationSpec, values: Record<string, unknown>, credentials: Credentials, session?: Session): Record<string, unknown> {
  for (const field of op.fields) {
    switch (field.from) {
      case undefined:
        break;
      case "session.signature":
        values[field.wire] = session?.signature;
        break;
      case "session.valid_until":
        values[field.wire] = session?.validUntilText;
        break;
      case "session.api_host":
        values[field.wire] = session?.apiHost;
        break;
      case "credentials.email":
        values[field.wire] = credentials.email;
        break;
      case "credentials.password":
        values[field.wire] = credentials.password;
        break;
    }
  }
  return values;
}

/** What the wrapper needs: the account, the sessions and the host overrides. */
export interface SessionAuth {
  readonly credentials: Credentials;
  readonly store: Pick<SessionStore, "get" | "invalidate">;
  readonly hosts: Readonly<EdisHosts>;
}

/** Wraps `sendRequest` with the session or the credentials each operation needs (`auth` in the table). */
export function withSessionAuth(sendRequest: SendRequest, { credentials, store, hosts }: SessionAuth): SendOperation {
  return async (op, values, options) => {
    if (op.auth === "credentials") {
      await credentials.resolvePassword();
      return sendRequest(op, fill(op, values, credentials), baseUrlFor(op, hosts), options);
    }
    const kvmId = values.kvm_id as string;
    let session = await store.get(kvmId);
    try {
      return await sendRequest(op, fill(op, { ...values }, credentials, session), baseUrlFor(op, hosts, session), options);
    } catch (error) {
      if (!(error instanceof EdisApiError) || error.status !== 401) throw error;
      // The session was refused (expired early, or revoked): renew it once and try once more.
      await store.invalidate(session);
      session = await store.get(kvmId);
      return sendRequest(op, fill(op, { ...values }, credentials, session), baseUrlFor(op, hosts, session), options);
    }
  };
}
