/**
 * The receiving side of hooks: EDIS calls the user's `callback_url` when a traffic webhook
 * fires (`callback_method=post`: a form body; `get`: the query string). These helpers parse
 * and check that call with the rules of the spec's callback, in any HTTP framework.
 */
import { isIPv4, isIPv6 } from "../safety/ip.js";
import type { components } from "../../generated/openapi.js";
import { callbackTable } from "../../generated/table.js";
import type { CallbackSpec } from "../operation-spec.js";
import { EdisValidationError } from "../errors.js";
import { checkValue } from "../request/validate.js";

/** The fields of a traffic webhook call, typed from the spec. */
export type TrafficHookCall = components["schemas"]["TrafficHookCallbackRequest"];

/** What {@link parseTrafficHook} reads: a fetch `Request`, parsed form or query fields, or an object of them. */
export type WebhookInput = Request | URLSearchParams | Readonly<Record<string, unknown>>;

const hook: CallbackSpec = callbackTable.trafficHookCallback;

/** Options of {@link parseTrafficHook}. */
export interface ParseTrafficHookOptions {
  /**
   * The peer address of the call (`req.socket.remoteAddress`); when given, it must be an EDIS
   * source address. Given as `undefined` (Node's value once the socket is gone), the call is
   * refused: the check is skipped only when the option is left out.
   */
  remoteAddress?: string | undefined;
}

function invalid(field: string, reason: string): never {
  throw new EdisValidationError({ operationId: hook.operationId, field, reason });
}

async function fieldsOf(input: WebhookInput): Promise<Map<string, unknown>> {
  const out = new Map<string, unknown>();
  const addAll = (params: URLSearchParams): void => {
    for (const key of new Set(params.keys())) {
      const values = params.getAll(key);
      out.set(key, values.length === 1 ? values[0] : values);
    }
  };
  if (input instanceof URLSearchParams) {
    addAll(input);
  } else if (input instanceof Request) {
    if (input.method === "GET" || input.method === "HEAD") {
      addAll(new URL(input.url).searchParams);
    } else {
      const type = input.headers.get("content-type") ?? "";
      if (type.startsWith("multipart/form-data")) {
        const form = await input.formData();
        addAll(new URLSearchParams([...form].map(([k, v]) => [k, typeof v === "string" ? v : ""])));
      } else {
        addAll(new URLSearchParams(await input.text()));
      }
    }
  } else if (typeof input === "object" && input !== null) {
    for (const [key, value] of Object.entries(input)) if (value !== undefined) out.set(key, value);
  } else {
    invalid("input", "must be a Request, URLSearchParams or an object of fields");
  }
  return out;
}

/** True when `address` (IPv4, IPv6 or IPv4-mapped IPv6) is one the spec says EDIS sends webhooks from. */
export function isEdisWebhookSource(address: string): boolean {
  const plain = address.toLowerCase().replace(/^::ffff:/u, "");
  if (!isIPv4(plain) && !isIPv6(plain)) return false;
  return hook.sourceAddresses.includes(plain);
}

/**
 * Parses and checks a traffic webhook call. Throws EdisValidationError naming the field when
 * a field is missing, repeated or malformed, or when `remoteAddress` is given and is not an
 * EDIS source address (or is `undefined`).
 * @example
 * // Node's http, Express, Fastify, …: pass the parsed fields (or a fetch Request) and the peer address.
 * const call = await parseTrafficHook(req.body, { remoteAddress: req.socket.remoteAddress });
 * console.log(call.kvm, call.trigger_value, call.details);
 */
export async function parseTrafficHook(input: WebhookInput, options: ParseTrafficHookOptions = {}): Promise<TrafficHookCall> {
  if ("remoteAddress" in options && options.remoteAddress === undefined) {
    invalid("remoteAddress", "is not known (the connection is gone?); the call cannot be checked");
  }
  if (options.remoteAddress !== undefined && !isEdisWebhookSource(options.remoteAddress)) {
    invalid("remoteAddress", `${JSON.stringify(options.remoteAddress)} is not an address EDIS sends webhooks from`);
  }
  const fields = await fieldsOf(input);
  const out: Record<string, unknown> = {};
  for (const field of hook.fields) {
    let value = fields.get(field.wire);
    if (value === undefined) {
      if (field.required) invalid(field.wire, "is required");
      continue;
    }
    if (Array.isArray(value)) invalid(field.wire, `is sent ${value.length} times`);
    // Form and query values are text; integers of the spec arrive as digits.
    if ((field.rule.type === "integer" || field.rule.type === "number") && typeof value === "string") {
      if (!/^-?[0-9]+(\.[0-9]+)?$/u.test(value)) invalid(field.wire, `must be a number: ${JSON.stringify(value.slice(0, 40))}`);
      value = Number(value);
    }
    const problem = checkValue(field.rule, value, field.wire, field.secret);
    if (problem) invalid(problem[0], problem[1]);
    out[field.wire] = value;
  }
  return out as TrafficHookCall;
}
