/**
 * The debug view of the wire: a line when each attempt at a request goes out (method, URL, the
 * form with every secret field `[REDACTED]`) and a line when it ends (status, time taken, the
 * answer's start, or the failure), numbered so that the lines of one request pair up and its
 * retries show as attempts. At level info, each retry is announced. Every line passes the
 * scrubber with the request's secrets (src/safety/redact.ts), as errors do, and then has each control
 * and format character (C0, DEL, C1, bidi) escaped by src/safety/printable.ts (CR and LF as `\r`, `\n`): a line is one line,
 * and an answer cannot drive the terminal it is printed on (JSON.stringify leaves DEL and C1 as they are).
 */
import type { LogLine } from "../logging.js";
import type { OperationSpec } from "../operation-spec.js";
import { printable } from "../safety/printable.js";
import { redactForm, redactSecretMembers, scrub } from "../safety/redact.js";
import type { WireResponse } from "./wire.js";

/** How much of an answer a line shows, and how much of it is scrubbed first (an encoded secret is longer than the secret). */
const ANSWER_SHOWN = 200;
const ANSWER_SCRUBBED = 4096;
/** How much of a form a line shows (a bulk request's list of addresses can be long). */
const FORM_SHOWN = 1000;

/** The first characters of an answer, with its secret members and every known secret redacted before it is cut. */
function answerStart(text: string, secrets: readonly string[]): string {
  const head = redactSecretMembers(text.slice(0, ANSWER_SCRUBBED));
  return scrub(head, secrets).slice(0, ANSWER_SHOWN);
}

/** The form of a request as JSON, every secret field `[REDACTED]`. */
function formOf(op: OperationSpec, values: Readonly<Record<string, unknown>>): string {
  return JSON.stringify(Object.fromEntries(new URLSearchParams(redactForm(op, values))));
}

/** One request's attempts, as the retry loop makes them. */
export type Send = () => Promise<WireResponse>;

export interface ExchangeLog {
  /**
   * `send` with its lines: `values` are the request's complete fields, `attempts` the most it may
   * take (1 plus its retries), `secrets` the values scrubbed from every line.
   */
  around(op: OperationSpec, values: Readonly<Record<string, unknown>>, url: string, attempts: number, secrets: () => string[], send: Send): Send;
}

/** `text` cut to `max` characters, saying how long it was. */
function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length} characters)`;
}

/** `text` with every control and format character escaped (src/safety/printable.ts), after the scrubber has seen it as it was. */
const safeLine = (text: string): string => printable(text, { tab: "escape" });

const elapsed = (since: number): string => `${Math.round(performance.now() - since)} ms`;

/** The exchange log of one client, or undefined when neither debug nor info is logged (then nothing is added to a request). */
export function createExchangeLog(debug: LogLine, info: LogLine): ExchangeLog | undefined {
  if (debug === undefined && info === undefined) return undefined;
  let requests = 0;
  return {
    around(op, values, url, attempts, secrets, send) {
      const id = ++requests;
      let attempt = 0;
      return async () => {
        attempt += 1;
        const wanted = secrets();
        const emit = (line: LogLine, text: string): void => line?.(safeLine(scrub(text, wanted)));
        const label = `edis-global: #${id} ${op.operationId} attempt ${attempt} of ${attempts}`;
        if (attempt > 1) emit(info, `edis-global: retrying #${id} ${op.operationId}: attempt ${attempt} of ${attempts}`);
        if (debug === undefined) return send();
        emit(debug, `${label}: ${op.method} ${url} form ${clip(formOf(op, values), FORM_SHOWN)}`);
        const started = performance.now();
        let response: WireResponse;
        try {
          response = await send();
        } catch (error) {
          const what = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
          emit(debug, `${label}: ${op.method} ${url} failed after ${elapsed(started)}: ${clip(scrub(what, wanted), ANSWER_SHOWN)}`);
          throw error;
        }
        // Scrubbed before it is cut: a secret cut in half would no longer be found.
        const { text } = response;
        const start = answerStart(text, wanted);
        const rest = text.length > ANSWER_SHOWN ? `… (${text.length} characters)` : "";
        emit(debug, `${label}: ${response.status} ${op.method} ${url} in ${elapsed(started)}, answer ${JSON.stringify(start)}${rest}`);
        return response;
      };
    },
  };
}
