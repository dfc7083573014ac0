/**
 * The values every fake, suite and script of the project shares: the VPS, the account, the
 * one tricky password, and the auth path (read from the generated table, so a spec change
 * moves it everywhere at once).
 */
import { namespaceTable, operationTable } from "../generated/operations.js";

/** The VPS of every fake account. */
export const KVM_ID = "kvm_123456_789012";
/** The client-area login of every fake account. */
export const EMAIL = "owner@example.com";
/**
 * The account password of every fake: an alphanumeric token that no encoding changes (so a
 * search finds it in any output), then the characters that break naive encoders (`+ & =`, a
 * `%20` that looks like an escape, non-ASCII, a space, both quotes).
 */
export const TRICKY_PASSWORD = `pw7Tok3e9b+&=%20ü € "'`;
/** The path of the operation that creates sessions (`x-edis-method: auth.createSession`). */
export const AUTH_PATH: string = operationTable[namespaceTable.auth.createSession].path;

/** The error `promise` rejects with; a promise that resolves fails the test. */
export async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error("expected the call to fail");
    },
    (error: unknown) => error,
  );
}
