/**
 * One look at an SSH port: a TCP connection over node:net, read until src/helpers/ssh-greeting.ts
 * finds a greeting or a reason to stop, or until `budgetMs`; nothing is ever written to the
 * server. node:net is imported when the first look is taken, not with the client (src/safety/ip.ts
 * says what its import costs at start-up). In the fetch-only build,
 * src/helpers/fetch-only-ssh-socket.ts stands in for this module (scripts/lib/bundle.ts).
 */
import { onAbort } from "../request/abort-listeners.js";
import { EdisAbortError } from "../errors.js";
import { GreetingReader } from "./ssh-greeting.js";

/** What one look saw: the identification line, or in words what came instead. */
export interface SshLook {
  readonly line?: string;
  readonly seen: string;
  /** True when the look ran out of time rather than ending with a verdict, a close or an error. */
  readonly cut?: boolean;
}

/** Connects to `host`:`port` and reads its greeting for at most `budgetMs`; rejects only when `signal` aborts. */
export async function lookForSsh(host: string, port: number, budgetMs: number, signal: AbortSignal | undefined, operationId: string): Promise<SshLook> {
  const net = await import("node:net");
  return new Promise((resolve, reject) => {
    const reader = new GreetingReader();
    let connected = false;
    let done = false;
    const socket = net.connect({ host, port });
    const finish = (look: SshLook | EdisAbortError): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      stopListening();
      socket.destroy();
      if (look instanceof EdisAbortError) reject(look);
      else resolve(look);
    };
    const timer = setTimeout(() => {
      const within = `within ${budgetMs} ms`;
      finish({ seen: connected ? `${reader.sofar ?? "accepted the connection and sent nothing"} ${within}` : `no connection ${within}`, cut: true });
    }, budgetMs);
    const stopListening = onAbort(signal, () => finish(new EdisAbortError({ operationId, cause: signal?.reason })));
    if (signal?.aborted) finish(new EdisAbortError({ operationId, cause: signal.reason }));
    socket.on("connect", () => {
      connected = true;
    });
    socket.on("data", (chunk: Buffer) => {
      const verdict = reader.push(chunk);
      if (verdict) finish("line" in verdict ? { line: verdict.line, seen: verdict.line } : { seen: verdict.stop });
    });
    socket.on("error", (error: NodeJS.ErrnoException) => {
      finish({ seen: error.code === "ECONNREFUSED" ? "connection refused" : `connection failed (${error.code ?? "no code"})` });
    });
    socket.on("close", () => {
      const sofar = reader.sofar;
      finish({ seen: connected ? (sofar === undefined ? "closed the connection without a greeting" : `${sofar}, then closed`) : "connection closed" });
    });
  });
}
