/**
 * The operations that show every wire shape once: what the contract suite and the secrets
 * audit run again over an injected fetch (the `contract-fetch` and `reliability-fetch`
 * projects). The client encodes a request, maps its answer and decides on retries before and after the transport, the same for either transport; what
 * the transport itself handles is the request it is given (the body's content type, form or
 * multipart, and the host its URL names), the answer's status and text, and how many times it
 * is called (a session renewed after a 401, a 5xx retried when the operation is safe to repeat).
 * An operation is picked when it brings a new combination of those, or a documented error
 * status no operation picked before has: every operation of spec/ still runs over the default
 * transport (the `contract` and `reliability` projects).
 */
import type { OperationSpec } from "../generated/operations.js";

/** What the transport sees of an operation's requests. */
export function wireShapeOf(op: Pick<OperationSpec, "contentType" | "host" | "auth" | "retrySafe">): string {
  return `${op.contentType} to the ${op.host} host, ${op.auth} auth, ${op.retrySafe ? "retried" : "sent once"} after a 5xx`;
}

/** `operations` in their order, keeping the first of each wire shape and the first with each error status. */
export function onePerWireShape<T extends { shape: string; errorStatuses: readonly number[] }>(operations: readonly T[]): T[] {
  const shapes = new Set<string>();
  const statuses = new Set<number>();
  return operations.filter((op) => {
    const fresh = !shapes.has(op.shape) || op.errorStatuses.some((s) => !statuses.has(s));
    shapes.add(op.shape);
    for (const status of op.errorStatuses) statuses.add(status);
    return fresh;
  });
}
