/**
 * The plan of a PTR sync (src/helpers/ptr-sync.ts): the desired records checked by the spec's rules for
 * an address and a host name before anything is sent, and compared with the records the
 * reverse-DNS host has, address by address, into creates, changes, deletes and unchanged ones.
 * Pure: no request is made here.
 */
import { operationTable } from "../../generated/table.js";
import { EdisApiError, EdisValidationError } from "../errors.js";
import type { FieldRule } from "../operation-spec.js";
import { checkValue } from "../request/validate.js";

/** One desired record: the address and its PTR name; an empty, null or missing hostname means no record. */
export interface PtrSyncRecord {
  /** An IPv4 or IPv6 address of the VPS. */
  readonly ip: string;
  /** The PTR name the address should have; `""`, `null` or none: the address should have no record. */
  readonly hostname?: string | null | undefined;
}

/** What a sync does to one address. */
export type PtrSyncAction = "create" | "change" | "delete" | "unchanged";

/** One address of the plan: what it has, what it should have, and what the sync does about it. */
export interface PtrPlanEntry {
  /** The address, as the caller gave it. */
  readonly ip: string;
  /** What the sync does: set a name it has not (`create`) or another one (`change`), remove it (`delete`), or nothing. */
  readonly action: PtrSyncAction;
  /** Its PTR name on the reverse-DNS host, as read; null when it has none. */
  readonly current: string | null;
  /** The PTR name asked for, as given; null for no record. */
  readonly desired: string | null;
}

/** The plan of a sync: one entry per address, in the caller's order, and how many of each action. */
export interface PtrSyncPlan {
  /** One per record given, in the same order. */
  readonly entries: readonly PtrPlanEntry[];
  /** How many entries have each action: `{ create, change, delete, unchanged }`. */
  readonly counts: Readonly<Record<PtrSyncAction, number>>;
}

/** A desired record after the checks: the address and the name (null for none). */
export interface DesiredRecord {
  readonly ip: string;
  readonly desired: string | null;
}

const ADDRESS_RULE: FieldRule = operationTable.getPTR.fields.find((f) => f.wire === operationTable.getPTR.bulk.field)!.rule.items!;
const HOSTNAME_RULE = operationTable.setPTR.fields.find((f) => f.wire === operationTable.setPTR.bulk.field)!.rule.additionalProperties as FieldRule;
/** The longest list a sync takes: as many addresses as the longest bulk read. */
export const PTR_SYNC_MAX = operationTable.getPTR.bulk.max * 1000;

function refuse(field: string, reason: string): never {
  throw new EdisValidationError({ field, reason });
}

/**
 * One spelling per address, for comparing: IPv6 in lower case with `::` and an IPv4 tail
 * written out and no leading zeros in a group; IPv4 as it is (the check refuses leading zeros).
 */
export function addressKey(ip: string): string {
  if (!ip.includes(":")) return ip;
  let text = ip.toLowerCase();
  const tail = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/u.exec(text);
  if (tail) {
    const [a, b, c, d] = tail.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, tail.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = "", rest] = text.split("::");
  const left = head === "" ? [] : head.split(":");
  const right = rest === undefined || rest === "" ? [] : rest.split(":");
  const zeros = rest === undefined ? [] : Array.from({ length: Math.max(0, 8 - left.length - right.length) }, () => "0");
  return [...left, ...zeros, ...right].map((group) => Number.parseInt(group, 16).toString(16)).join(":");
}

/** Host names compare without case and without a final dot, as DNS compares them. */
function nameKey(name: string | null): string | null {
  return name === null ? null : name.toLowerCase().replace(/\.$/u, "");
}

/**
 * Checks the records of a sync, every one before anything is sent: a list of 1 to
 * {@link PTR_SYNC_MAX} objects with an `ip` (the rules of an address of `ptr.get`) and a
 * `hostname` (those of a name of `ptr.set`, or empty / null / missing), no other key, and no
 * address twice (in any spelling). Throws EdisValidationError naming the record at fault.
 */
export function checkSyncRecords(records: unknown): DesiredRecord[] {
  if (!Array.isArray(records)) refuse("records", `must be an array of { ip, hostname }, got ${records === null ? "null" : typeof records}`);
  if (records.length === 0) refuse("records", "must not be empty");
  if (records.length > PTR_SYNC_MAX) refuse("records", `must have at most ${PTR_SYNC_MAX} entries, got ${records.length}`);
  const seen = new Map<string, number>();
  return records.map((record: unknown, index) => {
    const at = `records[${index}]`;
    if (typeof record !== "object" || record === null || Array.isArray(record)) refuse(at, "must be an object { ip, hostname }");
    const unknown = Object.keys(record).find((key) => key !== "ip" && key !== "hostname");
    // A misspelt `hostname` would otherwise read as "no record" and delete one.
    if (unknown !== undefined) refuse(`${at}.${unknown}`, "is not a field of a record (expected ip, hostname)");
    const { ip, hostname } = record as { ip?: unknown; hostname?: unknown };
    const ipProblem = checkValue(ADDRESS_RULE, ip, `${at}.ip`);
    if (ipProblem) refuse(...ipProblem);
    const key = addressKey(ip as string);
    const earlier = seen.get(key);
    if (earlier !== undefined) refuse(`${at}.ip`, `names the address of records[${earlier}].ip again: ${JSON.stringify(ip)}`);
    seen.set(key, index);
    if (hostname === undefined || hostname === null || hostname === "") return { ip: ip as string, desired: null };
    const nameProblem = checkValue(HOSTNAME_RULE, hostname, `${at}.hostname`);
    if (nameProblem) refuse(...nameProblem);
    return { ip: ip as string, desired: hostname as string };
  });
}

/** A record as `ptr.get` reads it. */
export interface ReadRecord {
  readonly ip: string;
  readonly ptr_record: string;
}

/**
 * `ptr.get`'s answer, checked before it is compared or printed: a list of `{ ip, ptr_record }`
 * with text values (a null `ptr_record` is no record). Anything else is an EdisApiError of
 * getPTR, so that an answer of another shape is a failed read, never a TypeError mid-plan.
 */
export function readRecords(answer: unknown): ReadRecord[] {
  const fine = (r: unknown): r is { ip: string; ptr_record: string | null } => {
    const { ip, ptr_record } = (typeof r === "object" && r !== null ? r : {}) as { ip?: unknown; ptr_record?: unknown };
    return typeof ip === "string" && (typeof ptr_record === "string" || ptr_record === null);
  };
  if (!Array.isArray(answer) || !answer.every(fine)) {
    const serverMessage = `answer's "records" is not a list of { ip, ptr_record } with text values`;
    throw new EdisApiError({ operationId: operationTable.getPTR.operationId, status: 200, serverMessage });
  }
  return answer.map((r: { ip: string; ptr_record: string | null }) => ({ ip: r.ip, ptr_record: r.ptr_record ?? "" }));
}

/**
 * The plan from the desired records and the records read (`ptr.get`'s answer). An address the
 * answer does not list, or lists with an empty `ptr_record`, has no record.
 */
export function planSync(desired: readonly DesiredRecord[], read: readonly ReadRecord[]): PtrSyncPlan {
  const current = new Map<string, string>();
  for (const record of read) if (record.ptr_record !== "") current.set(addressKey(record.ip), record.ptr_record);
  const counts: Record<PtrSyncAction, number> = { create: 0, change: 0, delete: 0, unchanged: 0 };
  const entries = desired.map(({ ip, desired: name }): PtrPlanEntry => {
    const has = current.get(addressKey(ip)) ?? null;
    let action: PtrSyncAction;
    if (nameKey(has) === nameKey(name)) action = "unchanged";
    else if (name === null) action = "delete";
    else action = has === null ? "create" : "change";
    counts[action]++;
    return { ip, action, current: has, desired: name };
  });
  return { entries, counts };
}
