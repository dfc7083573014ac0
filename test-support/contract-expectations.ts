/**
 * What the contract suite (against Prism) and the parity suite (against the simulator) both
 * expect of an exchange: the session fields an operation must carry for a given session, and
 * the message a user must see for a documented error body.
 */
import { type Node, flattenSchema, listOperations, requestMedia } from "../scripts/lib/spec.js";

/**
 * The session fields `operationId` must carry (`x-edis-from: session.<field>`), with the values
 * of `session`, an entry of the auth answer.
 */
export function sessionFieldsOf(spec: Node, operationId: string, session: Readonly<Record<string, unknown>>): Record<string, string> {
  const op = listOperations(spec).find((o) => o.operationId === operationId);
  if (!op) return {};
  const schema = flattenSchema(spec, requestMedia(spec, op).media.schema);
  const out: Record<string, string> = {};
  for (const [name, raw] of Object.entries(schema.properties as Node)) {
    const from = flattenSchema(spec, raw)["x-edis-from"];
    if (typeof from === "string" && from.startsWith("session.")) out[name] = String(session[from.slice("session.".length)]);
  }
  return out;
}

/** The message a user must see for a documented error body: the server's own words. */
export function expectedServerMessage(body: unknown): string {
  const b = body as { error?: string; message?: string; errormsg?: string };
  if (b.error && b.message) return `${b.error}: ${b.message}`;
  return (b.message ?? b.errormsg ?? b.error)!;
}
