/**
 * The auth call's answer read into sessions: its `data` map, each entry checked for what a
 * later call needs (a kvm_id of the spec's form, signature, api_host, an integer valid_until).
 */
import { namespaceTable, operationTable } from "../../generated/table.js";
import { EdisApiError } from "../errors.js";
import type { FieldRule } from "../operation-spec.js";
import { Session } from "../session.js";
import { checkValue } from "./validate.js";

/** The operation that creates sessions (`x-edis-method: auth.createSession` in the spec). */
export const AUTH_OPERATION = namespaceTable.auth.createSession;

/** The spec's rule of a VPS id (schema KvmId, the auth request's kvm_id): what the answer's kvm_id must be too. */
let kvmIdRule: FieldRule | undefined;
const kvmIdRuleOf = (): FieldRule => (kvmIdRule ??= operationTable[AUTH_OPERATION]!.fields.find((f) => f.wire === "kvm_id")!.rule);

/** True when `value` is a VPS id as the spec's KvmId rule has it (`kvm_123456_789012`). */
export function isKvmId(value: unknown): value is string {
  return checkValue(kvmIdRuleOf(), value, "kvm_id") === undefined;
}

/** Sessions from the `data` map of an auth answer; an entry without what a call needs is an error. */
export function sessionsFrom(data: unknown): Session[] {
  const invalid = (why: string): never => {
    throw new EdisApiError({ operationId: AUTH_OPERATION, status: 200, serverMessage: `answer is not a valid session map: ${why}` });
  };
  if (typeof data !== "object" || data === null || Array.isArray(data)) invalid("data is not an object");
  const out: Session[] = [];
  for (const [key, raw] of Object.entries(data as Record<string, unknown>)) {
    if (typeof raw !== "object" || raw === null) invalid(`${key} is not an object`);
    const entry = raw as Record<string, unknown>;
    if (typeof entry.kvm_id !== "string") invalid(`${key} has no kvm_id`);
    // The id names the VPS in every later request, the session cache's file name, prompts and
    // output: one the spec does not allow (ESC sequences, a path) is refused here, where it enters.
    if (!isKvmId(entry.kvm_id)) invalid(`${key} has a kvm_id that is not a valid VPS id`);
    if (typeof entry.signature !== "string" || entry.signature === "") invalid(`${key} has no signature`);
    if (typeof entry.api_host !== "string" || entry.api_host === "") invalid(`${key} has no api_host`);
    if (typeof entry.valid_until !== "number" || !Number.isSafeInteger(entry.valid_until)) invalid(`${key} has no integer valid_until`);
    out.push(new Session(entry as unknown as ConstructorParameters<typeof Session>[0]));
  }
  return out;
}
