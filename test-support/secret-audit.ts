/**
 * The secrets audit's tools: known secret values, the places a secret could show up (an
 * error's message, `String()`, `util.inspect()`, JSON form, its causes, and whatever was
 * written to stdout or stderr), and a search over them.
 *
 * Every secret carries an alphanumeric token that no encoding changes (percent-, form-, JSON-
 * or inspect-escaping), so a secret is found in any form and even in part. The secrets also
 * hold the characters that break naive encoders (`+ & = %`, quotes, non-ASCII).
 *
 * The library's audit is reliability-tests/secrets.test.ts. The CLI's audit plugs in here:
 * run the command with these secrets through {@link auditRun} and expect no findings.
 */
import { inspect } from "node:util";

/** Known secret values, one per kind of secret the spec marks (`x-edis-secret`). */
export const SECRETS = {
  accountPassword: `Acct7Tok"+&=%ü €'`,
  reinstallPassword: `Rein7Tok"+&=%ü`,
  uploadPassword: `Upld7Tok"+&=%ü`,
  /** The VNC rule allows exactly 8 letters or digits: a short token and two more. */
  vncPassword: "Vnc7Tq9x",
  callbackPassword: `Cbak7Tok"+&=%ü`,
  cloudInit: `#cloud-config\nchpasswd:\n  list: |\n    root:Cld7Tok"+&=%ü\n`,
} as const;

/**
 * What is searched for: the token of each secret above, and the stem of every session
 * signature the fault server hands out.
 */
export const SECRET_TOKENS: readonly string[] = ["Acct7Tok", "Rein7Tok", "Upld7Tok", "Vnc7Tq", "Cbak7Tok", "Cld7Tok", "sig-f4ult"];

/** One text in which a secret must not appear, named for the report. */
export interface View {
  readonly name: string;
  readonly text: string;
}

/** A secret found in a view. */
export interface Finding {
  readonly view: string;
  readonly token: string;
  /** The text around the find. */
  readonly context: string;
}

function describe(value: unknown, name: string): View[] {
  const views: View[] = [
    { name: `${name} String()`, text: safe(() => String(value)) },
    { name: `${name} inspect()`, text: safe(() => inspect(value, { depth: Number.POSITIVE_INFINITY, showHidden: true })) },
    { name: `${name} JSON`, text: safe(() => JSON.stringify(value) ?? "") },
  ];
  if (value instanceof Error) {
    views.push({ name: `${name}.message`, text: value.message }, { name: `${name}.stack`, text: value.stack ?? "" });
    // Own properties, enumerable or not (request, serverMessage, socket details of a cause...).
    for (const key of Object.getOwnPropertyNames(value)) {
      if (key === "message" || key === "stack" || key === "cause") continue;
      views.push({ name: `${name}.${key}`, text: safe(() => JSON.stringify((value as unknown as Record<string, unknown>)[key]) ?? "") });
    }
  }
  return views;
}

function safe(render: () => string): string {
  try {
    return render();
  } catch (error) {
    return `<cannot render: ${String(error)}>`;
  }
}

/** Every view of `value` and of each error in its cause chain. */
export function viewsOf(value: unknown, name = "error"): View[] {
  const views: View[] = [];
  let current: unknown = value;
  for (let depth = 0; depth < 8 && current !== undefined; depth++) {
    views.push(...describe(current, depth === 0 ? name : `${name}${".cause".repeat(depth)}`));
    current = current instanceof Error ? current.cause : undefined;
  }
  return views;
}

/** Where a secret token appears in `views`. */
export function findSecrets(views: readonly View[], tokens: readonly string[] = SECRET_TOKENS): Finding[] {
  const findings: Finding[] = [];
  for (const view of views) {
    for (const token of tokens) {
      const at = view.text.indexOf(token);
      if (at >= 0) findings.push({ view: view.name, token, context: view.text.slice(Math.max(0, at - 30), at + token.length + 30) });
    }
  }
  return findings;
}

/** What one audited run produced. */
export interface AuditedRun {
  readonly result: unknown;
  readonly error: unknown;
  /** Everything written to stdout, stderr or the console while it ran. */
  readonly output: string;
  readonly views: View[];
  readonly findings: Finding[];
}

type Writer = typeof process.stdout.write;

/**
 * Runs `run` with stdout, stderr and the console captured (not shown), then searches its
 * error, its output and — when `resultToo` is set — its result for secrets.
 */
export async function auditRun(run: () => Promise<unknown>, options: { resultToo?: boolean } = {}): Promise<AuditedRun> {
  const chunks: string[] = [];
  const record = (...args: unknown[]): void => {
    chunks.push(args.map((a) => (typeof a === "string" ? a : inspect(a, { depth: Number.POSITIVE_INFINITY }))).join(" "));
  };
  const stdoutWrite = process.stdout.write;
  const stderrWrite = process.stderr.write;
  const consoleMethods = ["log", "info", "warn", "error", "debug", "trace"] as const;
  const saved = consoleMethods.map((m) => console[m]);
  const capture = ((chunk: unknown, ...rest: unknown[]): boolean => {
    chunks.push(typeof chunk === "string" ? chunk : Buffer.from(chunk as Uint8Array).toString("utf8"));
    const done = rest.find((r) => typeof r === "function") as (() => void) | undefined;
    done?.();
    return true;
  }) as Writer;
  process.stdout.write = capture;
  process.stderr.write = capture;
  for (const m of consoleMethods) console[m] = record;
  let result: unknown;
  let error: unknown;
  try {
    result = await run();
  } catch (caught) {
    error = caught;
  } finally {
    process.stdout.write = stdoutWrite;
    process.stderr.write = stderrWrite;
    consoleMethods.forEach((m, i) => {
      console[m] = saved[i]!;
    });
  }
  const output = chunks.join("");
  const views: View[] = [{ name: "stdout/stderr/console", text: output }];
  if (error !== undefined) views.push(...viewsOf(error));
  if (options.resultToo) views.push(...viewsOf(result, "result"));
  return { result, error, output, views, findings: findSecrets(views) };
}
