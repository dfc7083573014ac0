/**
 * One request of an operation whose values are complete (the session's or the account's fields
 * filled in): encode the body, make the attempts that retry.ts allows, read the answer. Whatever
 * it throws leaves scrubbed of the request's secrets (message, stack, server code, causes),
 * whichever path built the error.
 */
import type { Attempt } from "./attempt.js";
import type { ExchangeLog } from "./exchange-log.js";
import { encodeBody } from "./form-encoding.js";
import type { OperationSpec } from "./operation-spec.js";
import type { ResolvedCallOptions } from "./options.js";
import { redactError, redactForm, secretsOf } from "./redact.js";
import { readAnswer } from "./responses.js";
import { type RetryPolicy, sendWithRetries } from "./retry.js";

/** Sends one request of `op` with these complete `values` to `baseUrl`; resolves to the answer's result. */
export type SendRequest = (op: OperationSpec, values: Record<string, unknown>, baseUrl: string, options: ResolvedCallOptions) => Promise<unknown>;

/**
 * Requests made of `attempt`, retried by `policy` when the operation is retry-safe.
 * `knownSecrets` names secrets beyond the request's own fields (the account password, once
 * known); it is asked each time an error is scrubbed. With `log`, each attempt is logged
 * (src/exchange-log.ts).
 */
export function createSendRequest(attempt: Attempt, policy: RetryPolicy, knownSecrets: () => readonly string[], log?: ExchangeLog): SendRequest {
  return async (op, values, baseUrl, options) => {
    const secrets = (): string[] => [...secretsOf(op, values), ...knownSecrets()];
    try {
      const body = encodeBody(op, values);
      const retries = op.retrySafe ? options.retries : 0;
      const once = () => attempt(op, baseUrl, body, options);
      const send = log ? log.around(op, values, baseUrl + op.path, retries + 1, secrets, once) : once;
      const response = await sendWithRetries(op.operationId, retries, policy, options.signal, send);
      return readAnswer(op, response, {
        secrets,
        request: () => ({ method: op.method, url: baseUrl + op.path, body: redactForm(op, values) }),
      });
    } catch (error) {
      throw redactError(error, secrets());
    }
  };
}
