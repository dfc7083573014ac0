/** Where each operation goes: the spec's server, a caller's override, or the session's api_host. */
import { type OperationSpec, trustedHostSuffixes } from "../generated/operations.js";
import { EdisError } from "./errors.js";
import type { EdisHosts } from "./options.js";
import type { Session } from "./session.js";

const HOST_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/u;

/** True when `host` is a plain host name under one of the EDIS domains the spec lists. */
export function isEdisHost(host: string): boolean {
  const name = host.toLowerCase();
  return HOST_NAME.test(name) && trustedHostSuffixes.some((suffix) => name.endsWith(suffix));
}

/** The base URL for `op`. Refuses to send a session anywhere but an EDIS host, unless overridden. */
export function baseUrlFor(op: OperationSpec, hosts: Readonly<EdisHosts>, session?: Session): string {
  const override = hosts[op.host];
  if (override !== undefined) return override;
  if (op.host !== "api") return op.server;
  if (!session) throw new EdisError(`${op.operationId}: no session to take api_host from`, { operationId: op.operationId });
  if (!isEdisHost(session.apiHost)) {
    throw new EdisError(
      `${op.operationId}: the session names api_host ${JSON.stringify(session.apiHost)}, which is not an EDIS host; nothing was sent`,
      { operationId: op.operationId },
    );
  }
  return op.server.replace("{api_host}", session.apiHost.toLowerCase());
}
