/**
 * Turning an answer into a result or an {@link EdisApiError}. The Management API has six error
 * body shapes (`{error}`, `{error, code}`, `{status, error}`, `{status, message}`,
 * `{status, error_code, message}`, `{error, code, message}`), the ORDER API adds
 * `{status, errormsg}`; one reader serves them all.
 */
import type { OperationSpec } from "../operation-spec.js";
import { decodeDataUri } from "./data-uri.js";
import { EdisApiError, EdisRedirectError, type RedactedRequest } from "../errors.js";
import { scrub } from "../safety/redact.js";
import type { WireResponse } from "./transport.js";

const MAX_MESSAGE = 500;

/** Statuses fetch treats as redirects; 0 is the opaque redirect of a browser-style fetch. */
const REDIRECTS = new Set([0, 301, 302, 303, 307, 308]);

/** The server's own message and code from an error body of any of the documented shapes. */
export function serverError(body: unknown): { message: string | undefined; code: string | number | undefined } {
  if (typeof body !== "object" || body === null) return { message: undefined, code: undefined };
  const b = body as Record<string, unknown>;
  const error = typeof b.error === "string" && b.error !== "" ? b.error : undefined;
  // `errormsg`: the ORDER API's `{status, errormsg}` (getAccountBalance, getUserServices).
  const said = typeof b.message === "string" && b.message !== "" ? b.message : b.errormsg;
  const message = typeof said === "string" && said !== "" ? said : undefined;
  const text = error && message && error !== message ? `${error}: ${message}` : (message ?? error);
  const code = typeof b.error_code === "string" ? b.error_code : typeof b.code === "number" || typeof b.code === "string" ? b.code : undefined;
  return { message: text, code };
}

function clip(text: string): string {
  return text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE - 3)}...` : text;
}

/**
 * JSON.parse's error quotes the text it failed on, which may be an echo of the request and
 * its secrets; the cause users see keeps only where the text went wrong.
 */
function withoutText(error: unknown): SyntaxError {
  const position = error instanceof Error ? /position (\d+)/u.exec(error.message)?.[1] : undefined;
  return new SyntaxError(position === undefined ? "invalid JSON" : `invalid JSON at position ${position}`);
}

export interface AnswerContext {
  /** The secret values of the request; only called when there is an error to scrub. */
  readonly secrets: () => readonly string[];
  /** Builds the redacted request for the error; only called when there is one. */
  readonly request: () => RedactedRequest;
}

/**
 * The parsed 200 body (or its `x-edis-result` part) of `response`, or throws EdisRedirectError
 * for a redirect (the transport never follows one) and EdisApiError for any other non-2xx
 * status, a body with `status: "error"`, or a body that is not JSON.
 */
/** The errors of answers that could not be read (see {@link isUnreadAnswer}). */
const UNREAD = new WeakSet<object>();

/**
 * True for the EdisApiError of an answer that states no outcome: not JSON (an HTML page from a
 * proxy), not an object, without its result, or a 5xx with neither message nor code. Unlike
 * a stated refusal (a JSON error, `status: "error"`), it leaves open whether the request was
 * carried out.
 */
export function isUnreadAnswer(error: unknown): boolean {
  return typeof error === "object" && error !== null && UNREAD.has(error);
}

export function readAnswer(op: OperationSpec, response: WireResponse, context: AnswerContext): unknown {
  const { status } = response;
  if (REDIRECTS.has(status)) {
    const location = response.headers.get("location");
    throw new EdisRedirectError({
      operationId: op.operationId,
      status,
      location: location === null ? undefined : clip(scrub(location, context.secrets())),
      request: context.request(),
    });
  }
  const fail = (serverMessage: string, serverCode?: string | number, cause?: unknown, unread = false): never => {
    const secrets = context.secrets();
    const error = new EdisApiError(
      {
        operationId: op.operationId,
        status,
        serverMessage: clip(scrub(serverMessage, secrets)),
        serverCode: typeof serverCode === "string" ? clip(scrub(serverCode, secrets)) : serverCode,
        request: context.request(),
      },
      // An undefined cause is no cause: EdisError sets one only when it is given.
      { cause },
    );
    if (unread) UNREAD.add(error);
    throw error;
  };
  /** An answer that says nothing the spec defines: whether the request was carried out is not known from it. */
  const unreadable = (serverMessage: string, cause?: unknown): never => fail(serverMessage, undefined, cause, true);
  let body: unknown;
  try {
    body = response.text === "" ? undefined : JSON.parse(response.text);
  } catch (error) {
    const type = response.headers.get("content-type") ?? "no content type";
    unreadable(`answer is not JSON (${type}, ${response.text.length} bytes)`, withoutText(error));
  }
  const ok = status >= 200 && status < 300;
  const { message, code } = serverError(body);
  if (!ok && message === undefined && code === undefined && status >= 500) unreadable(body === undefined ? "empty answer" : "error without a message");
  if (!ok) fail(message ?? (body === undefined ? "empty answer" : "error without a message"), code);
  if (typeof body !== "object" || body === null || Array.isArray(body)) unreadable("answer is not a JSON object");
  const record = body as Record<string, unknown>;
  if (record.status === "error") fail(message ?? "status is error", code);
  for (const decoder of op.decode ?? []) {
    const value = record[decoder.field];
    if (value === undefined) continue;
    if (typeof value !== "string") fail(`answer field ${decoder.field} is not a string`);
    if (decoder.as === "json") {
      try {
        record[decoder.field] = JSON.parse(value as string);
      } catch (error) {
        fail(`answer field ${decoder.field} is not JSON text`, undefined, withoutText(error));
      }
    } else {
      record[decoder.field] = decodeDataUri(value as string) ?? fail(`answer field ${decoder.field} is not a data URI`);
    }
  }
  if (op.result === undefined) return record;
  if (!(op.result in record)) unreadable(`answer has no "${op.result}"`);
  return record[op.result];
}
