/**
 * `edis context create|use|unset|list|current|delete`: the named contexts (contexts-store.ts), each an
 * account's email and optionally a VPS, so that one machine can drive many accounts without
 * exporting EDIS_EMAIL and EDIS_KVM_ID by turns. No password is kept: it comes from
 * EDIS_PASSWORD, the context's password command (--password-command) or the prompt. These commands read and write only the configuration file.
 */
import type { Command } from "commander";
import type { CliContext } from "../context.js";
import { type ContextsData, type SelectedContext, type StoredContext, checkAccountValue, contextName } from "../stores/contexts-store.js";
import { UsageError } from "../errors.js";

/** A context as the commands print it. */
function view(name: string, stored: StoredContext, current: boolean) {
  // Where the password comes from, never the command's text (it may name a vault path, or hold more).
  return { name, email: stored.email, kvm: stored.kvm ?? null, password: stored.passwordCommand === undefined ? null : "command", current };
}

/** `work (you@example.com, kvm_…)`, for the commands' sentences. */
function described(name: string, stored: StoredContext): string {
  return `"${name}" (${stored.email}${stored.kvm ? `, ${stored.kvm}` : ""})`;
}

/** The context named by a command's argument, which must exist. */
function existing(ctx: CliContext, text: string): [string, StoredContext] {
  const name = contextName(text, "the name given");
  const { contexts } = ctx.contexts.read();
  const stored = Object.hasOwn(contexts, name) ? contexts[name] : undefined;
  if (!stored) throw new UsageError(`unknown context "${name}"; edis context list shows the contexts`);
  return [name, stored];
}

/** The context this run would use, for `list`: none when its selection fails (the failure is noted, the list still shown). */
function selectedOrNone(ctx: CliContext): SelectedContext | undefined {
  try {
    return ctx.selectedContext();
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    ctx.note(`warning: ${error.message}`);
    return undefined;
  }
}

function examples(...lines: string[]): string {
  return ["", "Examples:", ...lines.map((line) => `  $ ${line}`)].join("\n");
}

function addCreate(group: Command, ctx: CliContext): void {
  group
    .command("create")
    .description("Create a context: an account's email and, with --kvm, its VPS (no password is kept)")
    .argument("<name>", "letters, digits, - and _ (any case, kept in lower case)")
    .requiredOption("--email <address>", "the client-area email of the account")
    .option("--use", "use the new context from now on (the first context is used without it)")
    .option(
      "--password-command <command>",
      "a shell command that prints the password (first line of its output), run when EDIS_PASSWORD is not set; edis keeps the command, never the password",
    )
    .addHelpText(
      "after",
      examples(
        "edis context create work --email ops@example.com",
        "edis context create lab --email lab@example.com --kvm kvm_123456_789012 --use",
        "edis context create work --email ops@example.com --password-command 'pass show edis/work'",
        "edis --context lab power state",
      ),
    )
    .action(async (text: string, opts: { email: string; use?: boolean; passwordCommand?: string }) => {
      const name = contextName(text, "the name given");
      const email = checkAccountValue("email", opts.email, "--email");
      const kvm = ctx.kvmFlag === undefined ? undefined : checkAccountValue("kvm_id", ctx.kvmFlag, "--kvm");
      const data = ctx.contexts.read();
      if (Object.hasOwn(data.contexts, name)) throw new UsageError(`a context "${name}" exists already; edis context delete ${name} removes it`);
      if (opts.passwordCommand !== undefined && opts.passwordCommand.trim() === "") throw new UsageError("--password-command is empty");
      const stored: StoredContext = {
        email,
        ...(kvm ? { kvm } : {}),
        ...(opts.passwordCommand === undefined ? {} : { passwordCommand: opts.passwordCommand }),
      };
      const use = opts.use === true || data.current === undefined;
      ctx.contexts.write({ ...data, ...(use ? { current: name } : {}), contexts: { ...data.contexts, [name]: stored } });
      await ctx.print(view(name, stored, use), { message: `Created context ${described(name, stored)}${use ? "; it is in use now" : ""}.` });
    });
}

function addUse(group: Command, ctx: CliContext): void {
  group
    .command("use")
    .description("Use a context from now on (--context and EDIS_CONTEXT still choose another for one run)")
    .argument("<name>", "the context")
    .addHelpText("after", examples("edis context use work"))
    .action(async (text: string) => {
      const [name, stored] = existing(ctx, text);
      const data = ctx.contexts.read();
      ctx.contexts.write({ ...data, current: name });
      await ctx.print(view(name, stored, true), { message: `Using context ${described(name, stored)}.` });
    });
}

function addUnset(group: Command, ctx: CliContext): void {
  group
    .command("unset")
    .description("Use no context from now on (the contexts are kept; EDIS_EMAIL and EDIS_KVM_ID name the account)")
    .addHelpText("after", examples("edis context unset"))
    .action(async () => {
      const { current, contexts } = ctx.contexts.read();
      if (current !== undefined) ctx.contexts.write({ contexts });
      await ctx.print(
        { current: null, was: current ?? null },
        { message: current === undefined ? "No context was in use." : `No context is in use now (was "${current}").` },
      );
    });
}

function addList(group: Command, ctx: CliContext): void {
  group
    .command("list")
    .description("List the contexts; the one this run would use is marked")
    .addHelpText("after", examples("edis context list", "edis context list -o json"))
    .action(async () => {
      const { contexts } = ctx.contexts.read();
      const selected = selectedOrNone(ctx)?.name;
      const list = Object.entries(contexts)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([name, stored]) => view(name, stored, name === selected));
      await ctx.print(list, {
        rows: list.map((c) => ({ current: c.current ? "*" : "", name: c.name, email: c.email, kvm: c.kvm ?? "", password: c.password ?? "" })),
        columns: ["current", "name", "email", "kvm", ...(list.some((c) => c.password !== null) ? ["password"] : [])],
        ...(list.length === 0 ? { message: "No contexts; create one with: edis context create <name> --email <address>" } : {}),
      });
    });
}

function addCurrent(group: Command, ctx: CliContext): void {
  group
    .command("current")
    .description("Print the name of the context this run would use (--context, else EDIS_CONTEXT, else the one in use)")
    .addHelpText("after", examples("edis context current", "edis context current -o json"))
    .action(async () => {
      const selected = ctx.selectedContext();
      if (!selected) {
        ctx.note("no context is in use; edis reads EDIS_EMAIL and EDIS_KVM_ID");
        if (ctx.structured) await ctx.print(null);
        return;
      }
      const { name, email, kvm, source } = selected;
      await ctx.print({ name, email, kvm: kvm ?? null, source }, { message: name });
    });
}

function addDelete(group: Command, ctx: CliContext): void {
  group
    .command("delete")
    .description("Delete a context (the one in use too: then none is in use); its cached sessions go with edis logout")
    .argument("<name>", "the context")
    .addHelpText("after", examples("edis context delete lab"))
    .action(async (text: string) => {
      const [name, stored] = existing(ctx, text);
      const data = ctx.contexts.read();
      const contexts = Object.fromEntries(Object.entries(data.contexts).filter(([other]) => other !== name));
      const wasCurrent = data.current === name;
      const next: ContextsData = wasCurrent || data.current === undefined ? { contexts } : { current: data.current, contexts };
      ctx.contexts.write(next);
      await ctx.print(
        { ...view(name, stored, false), deleted: true, wasCurrent },
        { message: `Deleted context ${described(name, stored)}${wasCurrent ? "; no context is in use now" : ""}.` },
      );
    });
}

/** The `context` command group. */
export function addContextCommands(program: Command, ctx: CliContext, withSubcommands = true): void {
  const group = program.command("context").description("Named contexts, one per account: create, use, unset, list, current, delete");
  // The root help needs only the description (src/cli/program.ts, groupsToFill).
  if (!withSubcommands) return;
  addCreate(group, ctx);
  addUse(group, ctx);
  addUnset(group, ctx);
  addList(group, ctx);
  addCurrent(group, ctx);
  addDelete(group, ctx);
}
