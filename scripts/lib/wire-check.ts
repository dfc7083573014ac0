/**
 * The contract check of one request as it arrived on the wire. Prism accepts a JSON field
 * however it is encoded (repeated keys, a comma list, JSON text), so this check decodes the
 * body itself: every field exactly once, JSON fields parsed as JSON, and the decoded body
 * validated against the spec's request schema. It also fails on any `sl-violations` from Prism.
 */
import type { SpecValidator } from "./spec-validator.js";
import type { Exchange } from "./wire-recorder.js";

export const FORM = "application/x-www-form-urlencoded";

/** The first few problems, and how many more there are. */
function summary(problems: string[]): string {
  const shown = problems.slice(0, 5).join("; ");
  return problems.length > 5 ? `${shown}; and ${problems.length - 5} more` : shown;
}

export class ContractViolation extends Error {
  override name = "ContractViolation";
}

export const MULTIPART = "multipart/form-data";

/** A request body decoded by the suite: fields by name, binary parts as bytes. */
export interface DecodedRequest {
  /** Every field; a binary part is given as `<binary N bytes>` so the schema can check it. */
  fields: Record<string, unknown>;
  /** The bytes of each binary part. */
  files: Record<string, Uint8Array>;
}

/** Reads a form or multipart body into [name, value] pairs, in wire order. */
async function readForm(exchange: Exchange, contentType: string): Promise<[string, string | File][]> {
  if (contentType === FORM) return [...new URLSearchParams(exchange.body)];
  const form = await new Response(new Uint8Array(exchange.bodyBytes), { headers: { "content-type": String(exchange.headers["content-type"]) } }).formData();
  return [...form];
}

/** Decodes and checks the request of `exchange` as `operationId`; returns the decoded body. */
export async function checkRequest(validator: SpecValidator, operationId: string, exchange: Exchange): Promise<Record<string, unknown>> {
  return (await decodeRequest(validator, operationId, exchange)).fields;
}

/** Like {@link checkRequest}, also returning the bytes of binary parts. */
export async function decodeRequest(validator: SpecValidator, operationId: string, exchange: Exchange): Promise<DecodedRequest> {
  const fail = (why: string): never => {
    throw new ContractViolation(`${operationId}: ${why}`);
  };
  if (exchange.method !== "POST") fail(`method is ${exchange.method}, not POST`);
  if (exchange.path !== validator.path(operationId)) fail(`path is ${exchange.path}, not ${validator.path(operationId)}`);
  const expectedType = validator.contentType(operationId);
  const sentType = String(exchange.headers["content-type"]);
  const typeOk = expectedType === MULTIPART ? /^multipart\/form-data; boundary=\S+$/.test(sentType) : sentType === expectedType;
  if (!typeOk) fail(`content type is ${sentType}, not ${expectedType}`);
  const pairs = await readForm(exchange, expectedType);
  const decoded: Record<string, unknown> = {};
  const files: Record<string, Uint8Array> = {};
  const json = new Set(validator.jsonFields(operationId));
  const binary = new Set(validator.binaryFields(operationId));
  for (const key of new Set(pairs.map(([k]) => k))) {
    const values = pairs.filter(([k]) => k === key).map(([, v]) => v);
    if (values.length !== 1) fail(`field ${key} is sent ${values.length} times`);
    const value = values[0]!;
    if (binary.has(key)) {
      if (typeof value === "string") fail(`field ${key} is text, not a file part`);
      files[key] = new Uint8Array(await (value as File).arrayBuffer());
      decoded[key] = `<binary ${files[key].byteLength} bytes>`;
      continue;
    }
    if (typeof value !== "string") fail(`field ${key} is a file part, not text`);
    const text = value as string;
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
  if (problems.length > 0) fail(`request breaks the spec: ${summary(problems)}`);
  return { fields: decoded, files };
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
  if (problems.length > 0) {
    throw new ContractViolation(`${operationId}: ${exchange.status} response breaks the spec: ${summary(problems)}`);
  }
  return body;
}
