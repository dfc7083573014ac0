/**
 * Which operations a contract check against the live API may send, and the guard that sends
 * nothing else: the operations the spec marks retry-safe (`x-edis-retry-safe`) and not
 * destructive, the reads and the auth call, of both APIs (the ORDER API's reads take the same
 * client-area credentials and change nothing). Shared by `edis contract check` and
 * `npm run contract:live`; the guard sits in the client's fetch, below every other check. It
 * keeps each answer's text, read no further than the client's cap on an answer's size.
 */
import { type OperationSpec, operationTable } from "../../generated/operations.js";
import { ResponseTooLarge } from "../request/wire.js";

const operations: Readonly<Record<string, OperationSpec>> = operationTable;

/** True for an operation that only reads: retry-safe and not destructive. */
export const isReadOnly = (op: OperationSpec | undefined): op is OperationSpec => op?.retrySafe === true && !op.destructive;

/** Every read-only operation of the spec, in the table's order (the Management API's, then the ORDER API's). */
export const readOnlyOperations: readonly OperationSpec[] = Object.values(operations).filter(isReadOnly);

/** A request the guard did not let out: not a read-only operation of the spec. */
export class ReadOnlyRefusal extends Error {
  override name = "ReadOnlyRefusal";
}

/** Returns the operation, or throws a {@link ReadOnlyRefusal} naming `who` when it may change anything. */
export function assertReadOnly(operationId: string, who: string): OperationSpec {
  const op = operations[operationId];
  if (!isReadOnly(op)) throw new ReadOnlyRefusal(`${who} refuses to send ${operationId}: it is not a read-only operation of spec/`);
  return op;
}

/** One request as it left the client, and the answer that came back. */
export interface GuardedExchange {
  readonly operationId: string;
  /** The origin the request was sent to. */
  readonly origin: string;
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  /** The request body as UTF-8 text. */
  readonly body: string;
  readonly bodyBytes: Uint8Array;
  readonly status: number;
  readonly responseHeaders: Headers;
  readonly responseBody: string;
}

/** A fetch that sends the allowed operations only, and the exchanges it let through. */
export interface GuardedFetch {
  readonly fetch: typeof fetch;
  readonly exchanges: GuardedExchange[];
}

export interface GuardOptions {
  /** Who refuses, for the message (`edis contract check`, `contract:live`). */
  readonly who: string;
  /** The operations let through (default: every read-only one); each must be read-only. */
  readonly operations?: readonly OperationSpec[];
  /** What sends the requests let through (default: globalThis.fetch at the time of the call). */
  readonly fetch?: typeof fetch;
  /** The most bytes of an answer read (default {@link MAX_ANSWER_BYTES}); give the client the same cap. */
  readonly maxResponseBytes?: number;
}

/** The guard's cap on an answer, the client's default `maxResponseBytes`. */
export const MAX_ANSWER_BYTES = 32 * 1024 * 1024;

/**
 * The text of `response`, read from a clone so that the client still reads the answer itself;
 * past `limit` bytes both are cancelled and ResponseTooLarge is thrown, which the client reports
 * as it reports its own transport's (an EdisApiError): a huge answer is never held whole.
 */
async function answerText(response: Response, limit: number): Promise<string> {
  const tooLarge = (): never => {
    void response.body?.cancel().catch(() => undefined);
    throw new ResponseTooLarge(response.status, limit);
  };
  const declared = response.headers.has("content-encoding") ? null : response.headers.get("content-length");
  if (declared !== null && Number(declared) > limit) tooLarge();
  const body = response.clone().body;
  if (!body) return "";
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let text = "";
  for (let seen = 0; ; ) {
    const { done, value } = await reader.read();
    if (done) return text + decoder.decode();
    seen += value.byteLength;
    if (seen > limit) {
      void reader.cancel().catch(() => undefined);
      tooLarge();
    }
    text += decoder.decode(value, { stream: true });
  }
}

/** Creates a {@link GuardedFetch}: a POST to any other path, or any other method, throws before anything is sent. */
export function createGuardedFetch(options: GuardOptions): GuardedFetch {
  const allowed = options.operations ?? readOnlyOperations;
  const byPath = new Map(allowed.map((op) => [op.path, assertReadOnly(op.operationId, options.who).operationId]));
  const exchanges: GuardedExchange[] = [];
  const guarded = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const operationId = byPath.get(url.pathname);
    if (operationId === undefined || request.method !== "POST") {
      throw new ReadOnlyRefusal(`${options.who} refuses to send ${request.method} ${url.pathname}: not a read-only operation of spec/`);
    }
    assertReadOnly(operationId, options.who);
    const bodyBytes = new Uint8Array(await request.clone().arrayBuffer());
    const response = await (options.fetch ?? globalThis.fetch)(request);
    const responseBody = await answerText(response, options.maxResponseBytes ?? MAX_ANSWER_BYTES);
    exchanges.push({
      operationId,
      origin: url.origin,
      method: request.method,
      path: url.pathname,
      headers: Object.fromEntries(request.headers),
      body: new TextDecoder().decode(bodyBytes),
      bodyBytes,
      status: response.status,
      responseHeaders: response.headers,
      responseBody,
    });
    return response;
  };
  return { fetch: guarded, exchanges };
}
