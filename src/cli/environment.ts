/**
 * What the CLI reads from the environment: the credentials (or a prompt for them), the host
 * overrides for mocks and tests, and the VPS. Values of these variables are never printed,
 * not even in an error about them.
 */
import type { EdisHosts } from "../index.js";
import { type PromptIo, askHidden, askLine, canPrompt } from "./prompt.js";
import { UsageError } from "./errors.js";
import { runPasswordCommand } from "./password-command.js";

/** The context's password command, if it has one: run when no EDIS_PASSWORD is set, before any prompt. */
export interface ContextPassword {
  readonly context: string;
  readonly command: string;
}

/** The client-area login; the password is asked for only when an auth call is due. */
export interface Credentials {
  readonly email: string;
  readonly password: () => Promise<string>;
}

/** Environment variables that replace the EDIS hosts, and the host each replaces. */
export const HOST_VARIABLES = {
  EDIS_SESSION_URL: "session",
  EDIS_RDNS_URL: "rdns",
  EDIS_API_URL: "api",
  EDIS_ORDER_URL: "order",
} as const satisfies Record<string, keyof EdisHosts>;

/** The host overrides set in `env` (empty variables count as unset). */
export function hostOverrides(env: NodeJS.ProcessEnv): EdisHosts {
  const hosts: EdisHosts = {};
  for (const [variable, host] of Object.entries(HOST_VARIABLES)) {
    const value = env[variable];
    if (!value) continue;
    let url: URL | undefined;
    try {
      url = new URL(value);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== "http:" && url.protocol !== "https:")) {
      throw new UsageError(`${variable} must be an absolute http(s) URL`);
    }
    hosts[host] = value;
  }
  return hosts;
}

/**
 * EDIS_EMAIL (else `contextEmail`, the email of the context in use) and EDIS_PASSWORD, else the
 * context's password command (password-command.ts), else what the user types on a terminal
 * (the password hidden). The password is asked for only when the
 * library needs it for an auth call: with a valid session in the cache, a command runs without
 * it. There is no password flag on purpose: a process's arguments are visible to every user.
 */
export async function readCredentials(env: NodeJS.ProcessEnv, io: PromptIo, contextEmail?: string, helper?: ContextPassword): Promise<Credentials> {
  let email = env.EDIS_EMAIL || contextEmail || "";
  if (!email && !canPrompt(io)) {
    throw new UsageError("set EDIS_EMAIL and EDIS_PASSWORD, or run edis in a terminal to be asked for them");
  }
  if (!email) email = await askLine(io, "EDIS client-area email: ");
  if (!email) throw new UsageError("an email and a password are needed");
  const password = async (): Promise<string> => {
    if (env.EDIS_PASSWORD) return env.EDIS_PASSWORD;
    if (helper) return runPasswordCommand({ ...helper, email }, env, io.stderr);
    if (!canPrompt(io)) throw new UsageError("set EDIS_PASSWORD, or run edis in a terminal to be asked for it");
    const typed = await askHidden(io, "EDIS client-area password: ");
    if (!typed) throw new UsageError("an email and a password are needed");
    return typed;
  };
  return { email, password };
}
