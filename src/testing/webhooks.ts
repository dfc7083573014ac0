/**
 * Calling a webhook the way EDIS does: the fields of the spec's callback (`kvm`, `details`,
 * `trigger_value`) as a form body (`post`) or in the query string (`get`), with the hook's
 * `callback_user` and `callback_pw` as HTTP Basic credentials (how EDIS presents them is not
 * documented), and the source address the spec names in `X-Forwarded-For` (a fetch cannot
 * choose its source address). Each call is recorded, answered or not; the call's own fields
 * are checked against the callback's schema, so a simulator that sent a wrong one would show.
 */
import { checkCallback, type SpecFinding } from "./spec-checks.js";
import type { SimHook } from "./state.js";

/** One webhook call the simulator made. */
export interface WebhookDelivery {
  readonly hookId: number;
  readonly kvmId: string;
  readonly url: string;
  readonly method: "POST" | "GET";
  /** The callback's fields. */
  readonly fields: Readonly<{ kvm: string; details: string; trigger_value: string }>;
  /** Simulated time of the call, ms. */
  readonly at: number;
  /** The status the receiver answered; undefined when the call failed. */
  readonly status: number | undefined;
  /** Why the call failed (network error, timeout). */
  readonly error: string | undefined;
  /** What in the call broke the callback's schema (empty: nothing). */
  readonly findings: readonly SpecFinding[];
}

/** What a call needs. */
export interface DeliveryRequest {
  readonly fetch: typeof fetch;
  readonly sourceAddress: string;
  readonly timeoutMs: number;
  readonly hook: SimHook;
  readonly kvmId: string;
  readonly triggerValue: number;
  readonly details: string;
  readonly at: number;
}

function basic(user: string, password: string): string {
  const bytes = new TextEncoder().encode(`${user}:${password}`);
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return `Basic ${btoa(binary)}`;
}

/** Calls the hook; never rejects: a failure is recorded in the delivery. */
export async function deliverWebhook(call: DeliveryRequest): Promise<WebhookDelivery> {
  const fields = { kvm: call.kvmId, details: call.details, trigger_value: String(call.triggerValue) };
  const findings = checkCallback("trafficHookCallback", { ...fields });
  const form = new URLSearchParams(fields);
  const method = call.hook.callbackMethod === "get" ? "GET" : "POST";
  const headers: Record<string, string> = { "x-forwarded-for": call.sourceAddress, "user-agent": "edis-global-simulator" };
  if (call.hook.callbackUser !== undefined) headers.authorization = basic(call.hook.callbackUser, call.hook.callbackPassword ?? "");
  let url = call.hook.callbackUrl;
  let body: string | undefined;
  if (method === "GET") {
    const target = new URL(url);
    for (const [k, v] of form) target.searchParams.append(k, v);
    url = target.toString();
  } else {
    headers["content-type"] = "application/x-www-form-urlencoded";
    body = form.toString();
  }
  const base = { hookId: call.hook.id, kvmId: call.kvmId, url: call.hook.callbackUrl, method, fields, at: call.at, findings } as const;
  try {
    const response = await call.fetch(url, {
      method,
      headers,
      ...(body !== undefined ? { body } : {}),
      signal: AbortSignal.timeout(call.timeoutMs),
      redirect: "manual",
    });
    await response.body?.cancel();
    return { ...base, status: response.status, error: undefined };
  } catch (error) {
    return { ...base, status: undefined, error: error instanceof Error ? error.message : String(error) };
  }
}
