/**
 * The contract check of one request as it arrived on the wire. Prism accepts a JSON field
 * however it is encoded (repeated keys, a comma list, JSON text), so this check decodes the
 * body itself: every field exactly once, JSON fields parsed as JSON, and the decoded body
 * validated against the spec's request schema. It also fails on any `sl-violations` from Prism.
 */
import type { SpecValidator } from "./spec-validator.js";
import type { Exchange } from "./wire-recorder.js";

export const FORM = "application/x-www-form-urlencoded";

export class ContractViolation extends Error {
  override name = "ContractViolation";
}

/** Decodes and checks the request of `exchange` as `operationId`; returns the decoded body. */
export function checkRequest(validator: SpecValidator, operationId: string, exchange: Exchange): Record<string, unknown> {
  const fail = (why: string): never => {
    throw new ContractViolation(`${operationId}: ${why}`);
  };
  if (exchange.method !== "POST") fail(`method is ${exchange.method}, not POST`);
  if (exchange.path !== validator.path(operationId)) fail(`path is ${exchange.path}, not ${validator.path(operationId)}`);
  if (exchange.headers["content-type"] !== FORM) fail(`content type is ${String(exchange.headers["content-type"])}, not ${FORM}`);
  const form = new URLSearchParams(exchange.body);
  const decoded: Record<string, unknown> = {};
  const json = new Set(validator.jsonFields(operationId));
  for (const key of new Set(form.keys())) {
    const values = form.getAll(key);
    if (values.length !== 1) fail(`field ${key} is sent ${values.length} times`);
    const text = values[0]!;
    if (json.has(key)) {
      try {
        decoded[key] = JSON.parse(text);
      } catch {
        fail(`field ${key} is not JSON text: ${JSON.stringify(text)}`);
      }
    } else {
      decoded[key] = text;
    }
  }
  const problems = validator.request(operationId, decoded);
  if (problems.length > 0) fail(`request breaks the spec: ${problems.join("; ")}`);
  return decoded;
}

/** Fails when Prism reported a violation of the spec on `exchange`. */
export function checkNoViolations(exchange: Exchange): void {
  const violations = exchange.responseHeaders.get("sl-violations");
  if (violations) throw new ContractViolation(`Prism reports violations on ${exchange.path}: ${violations}`);
}

/** Checks the response body of `exchange` against the spec's schema for its status. */
export function checkResponse(validator: SpecValidator, operationId: string, exchange: Exchange): unknown {
  let body: unknown;
  try {
    body = JSON.parse(exchange.responseBody);
  } catch {
    throw new ContractViolation(`${operationId}: response is not JSON`);
  }
  const problems = validator.response(operationId, exchange.status, body);
  if (problems.length > 0) throw new ContractViolation(`${operationId}: ${exchange.status} response breaks the spec: ${problems.join("; ")}`);
  return body;
}
