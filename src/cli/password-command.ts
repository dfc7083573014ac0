/**
 * A context's password command (`edis context create NAME --email … --password-command '…'`),
 * run the way git runs a credential helper given as a shell snippet: by the shell (`/bin/sh -c`,
 * cmd.exe on Windows), with the user's environment plus EDIS_CONTEXT and EDIS_EMAIL, stdin
 * closed, its stderr passed on (a pinentry or the helper's own complaint reaches the user),
 * for at most EDIS_PASSWORD_COMMAND_TIMEOUT (default 60s). The first line of its stdout is the
 * password. Neither the output nor the password ever reaches an error: a failure names the
 * context and how the command ended (exit 2).
 */
import { spawn } from "node:child_process";
import { durationMs } from "./duration.js";
import { UsageError } from "./errors.js";
import { clean } from "./output/render.js";

/** Longest a password command may run, unless EDIS_PASSWORD_COMMAND_TIMEOUT says otherwise (a pinentry waits for a person). */
export const PASSWORD_COMMAND_TIMEOUT_MS = 60_000;

/** More stdout than a password needs is not read on. */
const MAX_OUTPUT = 64 * 1024;

/** What the command runs for. */
export interface PasswordCommand {
  /** The context whose command this is, named in every error. */
  readonly context: string;
  readonly email: string;
  readonly command: string;
}

/** The timeout of EDIS_PASSWORD_COMMAND_TIMEOUT, checked. */
function timeoutOf(env: NodeJS.ProcessEnv): number {
  const text = env.EDIS_PASSWORD_COMMAND_TIMEOUT;
  if (!text) return PASSWORD_COMMAND_TIMEOUT_MS;
  const ms = durationMs(text);
  if (ms === undefined) throw new UsageError("EDIS_PASSWORD_COMMAND_TIMEOUT must be a duration such as 30s or 2m (a bare number is seconds)");
  return ms;
}

/**
 * Runs `helper` and resolves with the first line of its stdout. Fails with a UsageError naming
 * the context (never the output) when the command cannot start, exits other than 0, is killed,
 * runs out of time or prints no password.
 */
export function runPasswordCommand(helper: PasswordCommand, env: NodeJS.ProcessEnv, stderr: NodeJS.WritableStream): Promise<string> {
  const timeoutMs = timeoutOf(env);
  const failed = (how: string) => new UsageError(`the password command of context "${helper.context}" ${how}; nothing was sent`);
  return new Promise((resolve, reject) => {
    // Its own process group on POSIX, so that a timeout ends what the shell started too.
    const group = process.platform !== "win32";
    const child = spawn(helper.command, {
      shell: true,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...env, EDIS_CONTEXT: helper.context, EDIS_EMAIL: helper.email },
      windowsHide: true,
      detached: group,
    });
    let settled = false;
    const settle = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      outcome();
    };
    const chunks: Buffer[] = [];
    let size = 0;
    const timer = setTimeout(() => {
      try {
        if (group && child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
        else child.kill("SIGKILL");
      } catch {
        // Gone already.
      }
      settle(() => reject(failed(`did not finish within ${timeoutMs} ms (EDIS_PASSWORD_COMMAND_TIMEOUT)`)));
    }, timeoutMs);
    child.stdout.on("data", (chunk: Buffer) => {
      if (size >= MAX_OUTPUT) return;
      chunks.push(chunk);
      size += chunk.length;
    });
    // The helper's own words, for the person at the terminal, each line through the terminal rule.
    let pending = "";
    child.stderr.setEncoding("utf8").on("data", (text: string) => {
      const lines = (pending + text).split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) stderr.write(`${clean(line)}\n`);
    });
    child.on("error", (error: NodeJS.ErrnoException) => settle(() => reject(failed(`could not be started (${error.code ?? "error"})`))));
    child.on("close", (code, signal) => {
      if (pending) stderr.write(`${clean(pending)}\n`);
      settle(() => {
        if (signal) return reject(failed(`was ended by ${signal}`));
        if (code !== 0) return reject(failed(`failed with exit status ${code}`));
        const [first = ""] = Buffer.concat(chunks).toString("utf8").split("\n");
        const password = first.endsWith("\r") ? first.slice(0, -1) : first;
        if (password === "") return reject(failed("printed no password (its first line is empty)"));
        resolve(password);
      });
    });
  });
}
