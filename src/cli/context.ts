/**
 * What every command shares: the streams, the global flags, the named context in use (if any,
 * contexts-store.ts), the client (created once, by run-client.ts), the VPS to act
 * on, confirmations of destructive commands and printing.
 */
import { type OperationId, type OperationSpec, operationTable } from "../../generated/operations.js";
import { EdisError } from "../index.js";
import { validateParams } from "../request/validate.js";
import { takesKvm } from "./operation-info.js";
import { cacheDir } from "./stores/cache-dir.js";
import { checkCacheDir } from "./stores/cache-dir-safety.js";
import { ContextsStore, type SelectedContext } from "./stores/contexts-store.js";
import { hostOverrides } from "./environment.js";
import type { JournalSink } from "./stores/journal.js";
import { type PromptIo, canPrompt, confirm } from "./prompt.js";
import { type OutputFlags, type OutputSettings, type TableView, outputSettings, printResult } from "./output/output.js";
import { type RenderTarget, clean } from "./output/render.js";
import { type RunClient, createRunClient } from "./run-client.js";
import { UsageError } from "./errors.js";

/** The process as the CLI sees it (tests of the pieces may pass stand-ins). */
export interface CliIo extends PromptIo {
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  readonly env: NodeJS.ProcessEnv;
  /** Fires on Ctrl-C: calls in flight are cancelled. */
  readonly signal: AbortSignal;
  /**
   * For a command that runs until it is stopped (`edis simulate`): a signal that fires on Ctrl-C
   * or SIGTERM. Only such a command asks for it, so SIGTERM still ends any other command at once.
   * Without it, such a command stops on {@link signal}.
   */
  readonly untilStopped?: () => AbortSignal;
  /** The current time in milliseconds (default Date.now; tests fix it). */
  readonly now?: () => number;
}

/** Flags of every command. */
export interface GlobalOptions extends OutputFlags {
  /** --kvm, each given (`--kvm a,b` or `--kvm a --kvm b`), in order. */
  kvm?: string[];
  /** --context, checked and in lower case. */
  context?: string;
  /** --timeout, in milliseconds. */
  timeout?: number;
  retries?: number;
  yes?: boolean;
  verbose?: boolean;
  /** --debug: every exchange on stderr (also EDIS_DEBUG). */
  debug?: boolean;
}

export class CliContext {
  readonly io: CliIo;
  readonly #globals: () => GlobalOptions;
  #client: Promise<RunClient> | undefined;
  #store: ContextsStore | undefined;
  #selected: { readonly value: SelectedContext | undefined } | undefined;
  #journal: JournalSink | undefined;
  #email: string | undefined;

  constructor(io: CliIo, globals: () => GlobalOptions) {
    this.io = io;
    this.#globals = globals;
  }

  /** What the output flags ask for (checked before a command runs: see {@link checkGlobals}). */
  get output(): OutputSettings {
    return outputSettings(this.#globals());
  }

  /** True for -o json and yaml: the whole result as data, for programs. */
  get structured(): boolean {
    const { format } = this.output;
    return format === "json" || format === "yaml";
  }

  /** Checks the global flags together (a contradiction is a usage error), before anything is asked or sent. */
  checkGlobals(): void {
    void this.output;
  }

  /** The global flags as parsed (after commander has read them all). */
  get globals(): Readonly<GlobalOptions> {
    return this.#globals();
  }

  get verbose(): boolean {
    return this.#globals().verbose === true;
  }

  /** Where results go: stdout, as a table on a terminal. */
  get out(): RenderTarget {
    const tty = this.io.stdout.isTTY === true;
    const { columns } = this.io.stdout;
    return {
      write: (text) => void this.io.stdout.write(text),
      tty,
      color: tty && !this.io.env.NO_COLOR,
      ...(tty && typeof columns === "number" && columns > 0 ? { columns } : {}),
      now: this.io.now ?? Date.now,
      ...(this.io.env.TZ ? { timeZone: this.io.env.TZ } : {}),
    };
  }

  /** A line on stderr, prefixed like every message of the CLI; control characters (a server's words in it) escaped. */
  note(message: string): void {
    this.io.stderr.write(`edis: ${clean(message)}\n`);
  }

  /** The session cache directory. */
  get cacheDir(): string {
    return cacheDir(this.io.env);
  }

  /** Fails with a usage error when the session cache directory is not one edis may use (see cache-dir-safety.ts). */
  checkCacheDir(): void {
    checkCacheDir(this.cacheDir);
  }

  /** The configuration file of the named contexts. */
  get contexts(): ContextsStore {
    this.#store ??= new ContextsStore(this.io.env, (message) => this.note(`warning: ${message}`));
    return this.#store;
  }

  /** The context of this run: --context, else EDIS_CONTEXT, else the one in use; read once, when first needed. */
  selectedContext(): SelectedContext | undefined {
    this.#selected ??= { value: this.contexts.select(this.#globals().context, this.io.env) };
    return this.#selected.value;
  }

  /** The account's email when one is named: EDIS_EMAIL, else the context's. */
  namedEmail(): string | undefined {
    return this.io.env.EDIS_EMAIL || this.selectedContext()?.email;
  }

  /** The client, created on first use (run-client.ts): each context has sessions of its own. */
  client(): Promise<RunClient> {
    this.#client ??= (async () => {
      const hosts = hostOverrides(this.io.env);
      this.checkCacheDir();
      const selected = this.selectedContext();
      const run = await createRunClient({
        io: this.io,
        env: this.io.env,
        hosts,
        cacheDir: this.cacheDir,
        selected,
        flags: this.#globals(),
        verbose: () => this.verbose,
        note: (message) => this.note(message),
      });
      this.#email = run.email;
      return run;
    })();
    return this.#client;
  }

  /** Where this run journals its changes (journal.ts), and who it says made them. */
  get journal(): JournalSink {
    this.#journal ??= {
      env: this.io.env,
      now: this.io.now ?? Date.now,
      context: () => this.selectedContext()?.name,
      email: () => this.#email ?? this.namedEmail(),
      warn: (message) => this.note(message),
    };
    return this.#journal;
  }

  /**
   * Checks the params of a command with the library's own validation, before anything is asked
   * or sent: the VPS of --kvm or EDIS_KVM_ID with them when one is named (else it is found
   * later), and `pending` params, secrets still to be asked for, may be missing. Throws the
   * library's EdisValidationError (exit 2).
   */
  checkInput(operationId: OperationId, params: Readonly<Record<string, unknown>>, pending: readonly string[] = []): Record<string, unknown> {
    // Only operations with a kvmId param take --kvm; only session operations find the VPS later.
    const op = operationTable[operationId];
    const kvmId = this.namedKvmIdOf(op);
    const later = kvmId === undefined && op.auth === "session" ? ["kvmId"] : [];
    return validateParams(op, kvmId === undefined ? params : { ...params, kvmId }, [...pending, ...later]);
  }

  /**
   * The VPS an operation's kvmId is given, if named: `--kvm`, EDIS_KVM_ID or the context's for
   * session operations; only `--kvm` for the ORDER API's (an upgrade or a cancellation costs
   * money, so a VPS exported or kept for management commands is not taken for it); none without
   * a kvmId param.
   */
  namedKvmIdOf(op: OperationSpec): string | undefined {
    if (!takesKvm(op)) return undefined;
    return op.auth === "session" ? this.explicitKvmId() : this.kvmFlag;
  }

  /** The VPS named by `--kvm`, EDIS_KVM_ID or the context, if any. */
  explicitKvmId(): string | undefined {
    return this.kvmFlag || this.io.env.EDIS_KVM_ID || this.selectedContext()?.kvm || undefined;
  }

  /** The VPSs `--kvm` names, in order (none when it is not given). */
  get kvmFlags(): readonly string[] {
    return this.#globals().kvm ?? [];
  }

  /** The VPS of `--kvm` alone (`edis context create` keeps it); several are a usage error here, where one VPS is acted on. */
  get kvmFlag(): string | undefined {
    const flags = this.kvmFlags;
    if (flags.length > 1) throw new UsageError(`--kvm names ${flags.length} VPSs; this command acts on one (several: the per-VPS commands, such as power on)`);
    return flags[0];
  }

  /**
   * The VPS to act on: `--kvm`, else EDIS_KVM_ID, else the context's, else the account's only
   * VPS (remembered in the session cache while its session lasts, so that it costs one auth
   * call, not one per command).
   */
  async kvmId(): Promise<string> {
    const explicit = this.explicitKvmId();
    if (explicit) return explicit;
    const { client, cache } = await this.client();
    const remembered = cache.soleVps();
    if (remembered) return remembered;
    const sessions = await client.auth.createSession({}, { signal: this.io.signal });
    const [only] = sessions;
    if (sessions.length === 1 && only) {
      cache.rememberSoleVps(only.kvmId, only.validUntil);
      return only.kvmId;
    }
    if (sessions.length === 0) throw new EdisError("the account has no VPS");
    const ids = sessions.map((s) => s.kvmId);
    const shown = ids.length > 5 ? `${ids.slice(0, 5).join(", ")}, …` : ids.join(", ");
    throw new UsageError(`the account has ${ids.length} VPSs (${shown}): choose one with --kvm <id> or EDIS_KVM_ID`);
  }

  /**
   * Fails before anything is sent when `command` is destructive, --yes is not given and there
   * is no terminal to ask on.
   */
  checkConfirmable(command: string, what = "changes the VPS"): void {
    if (this.#globals().yes || canPrompt(this.io)) return;
    throw new UsageError(`${command} ${what}: add --yes to confirm (there is no terminal to ask on)`);
  }

  /** True when --yes was given: destructive commands go ahead without asking. */
  get confirmedAhead(): boolean {
    return this.#globals().yes === true;
  }

  /** Asks on the terminal unless --yes was given; a "no" ends the command (a usage error saying `declined`) without sending anything. */
  async confirm(question: string, declined = "not confirmed; nothing was sent"): Promise<void> {
    if (this.#globals().yes) return;
    if (!canPrompt(this.io)) throw new UsageError(`${question}: add --yes to confirm (there is no terminal to ask on)`);
    // The question may name what a server chose (a VPS, a plan): shown by the terminal rule, like every other line.
    if (!(await confirm(this.io, `${clean(question)}?`))) throw new UsageError(declined);
  }

  /** Prints a result in the format the flags ask for; `view` says how a table or CSV shows it. */
  print(value: unknown, view?: TableView): Promise<void> {
    return printResult(this.out, this.output, value, view);
  }
}
