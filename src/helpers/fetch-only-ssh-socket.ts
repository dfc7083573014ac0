/**
 * What src/helpers/ssh-socket.ts becomes in the fetch-only build (Cloudflare Workers, browsers): no
 * TCP socket to look at an SSH port with, so `vps.waitForSsh` fails at once, saying so.
 * scripts/lib/bundle.ts puts this module in ssh-socket's place; nothing imports it by name.
 */
import { EdisError } from "../errors.js";
import type { SshLook } from "./ssh-socket.js";

export type { SshLook };

/** Always fails: this runtime has no TCP sockets. */
export async function lookForSsh(_host: string, _port: number, _budgetMs: number, _signal: AbortSignal | undefined, operationId: string): Promise<SshLook> {
  throw new EdisError(`${operationId}: this runtime has no TCP sockets (node:net), so no SSH port can be looked at; run it on Node, Bun or Deno`, {
    operationId,
  });
}
