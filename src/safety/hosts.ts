/** Where each operation goes: the spec's server, a caller's override, or the session's api_host. */
import { trustedHostSuffixes } from "../../generated/table.js";
import type { OperationSpec } from "../operation-spec.js";
import { EdisError, EdisHostError } from "../errors.js";
import type { EdisHosts } from "../options.js";
import type { Session } from "../session.js";

/** One DNS label: letters, digits and inner hyphens, 1 to 63 characters. */
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/u;

/**
 * True when `host` is a plain host name under one of the EDIS domains the spec lists: labels
 * of letters, digits and inner hyphens only (so no userinfo, port, path, query, fragment,
 * whitespace, IP literal, percent-escape, backslash, full-width dot or trailing dot), at most
 * 253 characters, with at least one label before the suffix. Case does not matter.
 */
export function isEdisHost(host: string): boolean {
  if (typeof host !== "string" || host.length > 253) return false;
  const name = host.toLowerCase();
  const labels = name.split(".");
  if (!labels.every((label) => LABEL.test(label))) return false;
  return trustedHostSuffixes.some((suffix) => name.endsWith(suffix) && name.length > suffix.length);
}

/**
 * Whether sessions' api_host must be checked: it names the management host and travels as a
 * body field to the reverse-DNS host (which acts on it), so unless the caller has pointed both
 * of those at hosts of its own (a mock), a session naming anything but an EDIS host is refused.
 */
export function apiHostMatters(hosts: Readonly<EdisHosts>): boolean {
  return hosts.api === undefined || hosts.rdns === undefined;
}

/** Throws EdisHostError when `session` names an api_host that is not an EDIS host. */
export function checkSessionHost(session: Session, operationId: string): void {
  if (!isEdisHost(session.apiHost)) throw new EdisHostError({ operationId, host: session.apiHost, kvmId: session.kvmId });
}

/** The base URL for `op`: the caller's override, the spec's server, or the (checked) session's api_host. */
export function baseUrlFor(op: OperationSpec, hosts: Readonly<EdisHosts>, session?: Session): string {
  const override = hosts[op.host];
  if (override !== undefined) return override;
  if (op.host !== "api") return op.server;
  if (!session) throw new EdisError(`${op.operationId}: no session to take api_host from`, { operationId: op.operationId });
  return op.server.replace("{api_host}", session.apiHost.toLowerCase());
}
