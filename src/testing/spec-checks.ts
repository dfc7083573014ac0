/**
 * The simulator's judgement of requests and answers against spec/, with the validators the
 * generator compiled at build time (generated/request-validators.ts, response-validators.ts):
 * nothing is compiled where the simulator runs, so it works on workerd too. Findings name the
 * place and the rule broken, never a value (a request's values may be secrets).
 */
import { documentedAnswers } from "../../generated/answers.js";
import { callbackValidators, requestValidators } from "../../generated/request-validators.js";
import { chart, responseValidators } from "../../generated/response-validators.js";

/** One way a request or an answer breaks the spec. */
export interface SpecFinding {
  /** Where, as a JSON pointer into the form (`/ip/0`) or the answer ("" is the whole of it). */
  readonly path: string;
  /** The JSON Schema keyword broken (`required`, `pattern`, `type`…), or `json`, `status`, `content-type`, `duplicate`. */
  readonly rule: string;
  readonly message: string;
}

interface AjvError {
  readonly instancePath: string;
  readonly keyword: string;
  readonly message?: string;
  readonly params?: Readonly<Record<string, unknown>>;
}

type Validate = ((data: unknown) => boolean) & { errors?: readonly AjvError[] | null };

const requests = requestValidators as unknown as Readonly<Record<string, Validate>>;
const callbacks = callbackValidators as unknown as Readonly<Record<string, Validate>>;
const responses = responseValidators as unknown as Readonly<Record<string, Readonly<Record<string, Validate>>>>;
const chartValidator = chart as unknown as Validate;

function findings(validate: Validate, data: unknown): SpecFinding[] {
  if (validate(data)) return [];
  return (validate.errors ?? []).map((e) => {
    const missing = e.keyword === "required" ? `/${String(e.params?.missingProperty)}` : "";
    return { path: `${e.instancePath}${missing}`, rule: e.keyword, message: e.message ?? e.keyword };
  });
}

/** What breaks the request schema of `operationId` in `form` (coerced in place: `"3"` becomes 3 where an integer is due). */
export function checkRequest(operationId: string, form: Record<string, unknown>): SpecFinding[] {
  const validate = requests[operationId];
  return validate ? findings(validate, form) : [{ path: "", rule: "operation", message: `no operation ${operationId}` }];
}

/** What breaks the request schema of the callback `operationId` in `form`. */
export function checkCallback(operationId: string, form: Record<string, unknown>): SpecFinding[] {
  const validate = callbacks[operationId];
  return validate ? findings(validate, form) : [{ path: "", rule: "operation", message: `no callback ${operationId}` }];
}

/** The statuses `operationId` documents. */
export function documentedStatuses(operationId: string): number[] {
  return Object.keys(responses[operationId] ?? {}).map(Number);
}

/** What breaks the schema of the `status` answer of `operationId` in `body`; an undocumented status is a finding. */
export function checkAnswer(operationId: string, status: number, body: unknown): SpecFinding[] {
  const validate = responses[operationId]?.[String(status)];
  if (!validate) return [{ path: "", rule: "status", message: `${operationId} documents no ${status} answer` }];
  return findings(validate, body);
}

/** What breaks the Chart schema in a decoded `chart_*` value. */
export function checkChart(value: unknown): SpecFinding[] {
  return findings(chartValidator, value);
}

/** Where the text of an error goes in a documented error body, in order of preference. */
const TEXT_KEYS = ["message", "errormsg", "error"] as const;

/**
 * The documented body of the `status` answer of `operationId` (the spec's example, whose
 * shape differs from operation to operation), with `text` in its message field; undefined when
 * the operation documents no such answer.
 */
export function documentedError(operationId: string, status: number, text: string): Record<string, unknown> | undefined {
  const example = documentedAnswers[operationId]?.[String(status)];
  if (typeof example !== "object" || example === null) return undefined;
  const body: Record<string, unknown> = structuredClone(example) as Record<string, unknown>;
  const key = TEXT_KEYS.find((k) => typeof body[k] === "string");
  if (key) body[key] = text;
  if (Array.isArray(body.errors)) body.errors = [text];
  return body;
}
