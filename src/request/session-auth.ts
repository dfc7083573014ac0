/**
 * The account's credentials, and the fields of a request filled from them or from a session
 * (`x-edis-from` in the spec). The session stage of src/request/request-path.ts uses both.
 */
import type { OperationSpec } from "../operation-spec.js";
import type { Session } from "../session.js";

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
export function fill(op: OperationSpec, values: Record<string, unknown>, credentials: Credentials, session?: Session): Record<string, unknown> {
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
