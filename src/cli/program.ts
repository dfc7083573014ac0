/**
 * The `edis` command tree, built with commander: the global flags, one command per namespace
 * of the client, one subcommand per method (generated from the spec's tables, except the PTR
 * commands, which take addresses as arguments), `call`, `context`, `contract check`, `simulate`, `logout` and `completion`.
 */
import { Argument, Command, Help, Option } from "commander";
import { type OperationSpec, namespaceTable, operationTable } from "../../generated/operations.js";
import { addCreateSession, addLogout, addVpsList } from "./commands/account.js";
import { addCallCommands } from "./commands/call.js";
import { addContextCommands } from "./commands/context.js";
import { addContractCommands } from "./commands/contract.js";
import { SHELLS, type Shell, completionScript } from "./completion.js";
import { addJournalCommand } from "./commands/journal.js";
import { addOperationCommand } from "./commands/operations.js";
import { addPtrCommands } from "./commands/ptr.js";
import { addSimulateCommand } from "./commands/simulate.js";
import type { CliContext } from "./context.js";
import { secretSource } from "./secret-inputs.js";
import { commanderOutput } from "./output/help-output.js";
import { EXIT_CODES_HELP, NAMESPACE_TITLES, ROOT_EXAMPLES, environmentHelp } from "./output/help-text.js";
import { kebab } from "./names.js";
import { parseCount, parseDuration } from "./duration.js";
import { describeOperation } from "./operation-info.js";
import { OUTPUT_FORMATS, parseFieldList } from "./output/output.js";
import { parseContextFlag } from "./stores/contexts-store.js";
import { parseKvmList } from "./fleet-flags.js";

/**
 * Commands written by hand, by namespace: their shape is not the generated one. `beyond` names
 * the commands they add to the methods (`ptr sync`, `ptr export`), for the group's description,
 * which the root help shows whether or not the group is built for the run.
 */
const HAND_WRITTEN: Readonly<Record<string, { add: (parent: Command, ctx: CliContext) => void; beyond: readonly string[] }>> = {
  ptr: { add: addPtrCommands, beyond: ["sync", "export"] },
};

/**
 * Every environment variable a secret field is read from, for the help: the secret fields the
 * caller fills, as field-options.ts `fieldInputs` picks them, without building every field's option.
 */
function secretVariables(): string[] {
  const names = new Set<string>();
  for (const [namespace, methods] of Object.entries(namespaceTable)) {
    for (const operationId of Object.values(methods)) {
      for (const field of (operationTable as Record<string, OperationSpec>)[operationId]!.fields) {
        if (!field.secret || field.from !== undefined || field.param === "kvmId") continue;
        const { env } = secretSource(namespace, field);
        if (env) names.add(env);
      }
    }
  }
  return [...names];
}

/**
 * Which command groups (the namespaces, `context`, `contract` and `call`) get their subcommands for this run: every group whose name is one of
 * the words of `argv`, or all of them for `completion` (its script lists the whole tree) or when
 * `argv` is not given. A group left empty still shows in the root help with its description;
 * skipping the others' subcommands and options is most of what `edis --help` costs at start-up.
 * Taking every word, not only the first operand, never leaves out a group that is run.
 */
export function groupsToFill(argv: readonly string[] | undefined): (group: string) => boolean {
  if (argv === undefined || argv.includes("completion")) return () => true;
  const words = new Set(argv.filter((arg) => !arg.startsWith("-")));
  return (group) => words.has(group);
}

/**
 * A command's help, ending with one line that names the global flags and points to `edis --help`,
 * where they are described: a subcommand's help shows its own flags, not the ~30 lines of the
 * global ones again (they are the root's options, and commander inherits this setting).
 */
function withGlobalOptionsPointer(this: Help, cmd: Command, helper: Help): string {
  const text = Help.prototype.formatHelp.call(this, cmd, helper);
  let root = cmd;
  while (root.parent) root = root.parent;
  if (root === cmd) return text;
  const flags = root.options.filter((option) => !option.hidden && option.long !== "--version").map((option) => option.long ?? option.short);
  return `${text}\n${helper.boxWrap(`Global options (${flags.join(", ")}): see edis --help`, helper.helpWidth ?? 80)}\n`;
}

/**
 * The `edis` program: its output goes to the context's stdout and stderr, and it throws instead
 * of exiting. With `argv`, only the groups it names are built in full (see {@link groupsToFill}).
 */
export function buildProgram(ctx: CliContext, version: string, argv?: readonly string[]): Command {
  const fill = groupsToFill(argv);
  const program = new Command("edis");
  program
    .description("Manage EDIS Global KVM VPSs from the command line: power, reinstall, PTR records, VNC, traffic, webhooks.")
    .version(version, "-V, --version", "print the version")
    .addOption(
      new Option(
        "--kvm <id>",
        "the VPS (kvm_<digits>_<digits>); default: $EDIS_KVM_ID, else the context's, else the account's only VPS (edis order: only --kvm). Per-VPS commands take several: a,b or --kvm repeated",
      ).argParser(parseKvmList),
    )
    .addOption(
      new Option("--context <name>", "the named context (account) for this run; default: $EDIS_CONTEXT, else the one in use (edis context use)").argParser(
        parseContextFlag,
      ),
    )
    .addOption(new Option("-o, --output <fmt>", "how results are printed: a table, or data for programs").choices(OUTPUT_FORMATS))
    .option("--json", "print exactly the result as JSON on stdout (for scripts); the same as -o json")
    .option("--no-header", "tables and CSV without their header line")
    .option("--no-chart", "on a terminal, the numbers of the API's charts instead of the charts")
    .addOption(new Option("--fields <names>", "the columns (or keys) tables and CSV show, in this order: a,b").argParser(parseFieldList))
    .addOption(
      new Option("--timeout <duration>", "time one request may take: 500ms, 90s, 5m (a bare number is seconds); default 30s").argParser(
        parseDuration("--timeout"),
      ),
    )
    .addOption(
      new Option("--retries <n>", "resends of a read after a network error, a timeout, a 429 or a 5xx (0: none); default 2").argParser(parseCount("--retries")),
    )
    .option("-y, --yes", "confirm destructive commands without asking (required when there is no terminal)")
    .option("--verbose", "on errors, also print the error class, status, operation and causes")
    .option("--debug", "print each request and answer on stderr, secrets redacted (also EDIS_DEBUG=1)")
    .helpOption("-h, --help", "show help")
    .helpCommand("help [command]", "show help of a command")
    .configureHelp({ formatHelp: withGlobalOptionsPointer })
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput(commanderOutput(ctx.io))
    .addHelpText("after", ["", ROOT_EXAMPLES, "", environmentHelp(secretVariables()), "", EXIT_CODES_HELP].join("\n"));

  addVpsList(program.command("vps").description(`${NAMESPACE_TITLES.vps}: list`), ctx);

  for (const [namespace, methods] of Object.entries(namespaceTable)) {
    const handWritten = HAND_WRITTEN[namespace];
    const commandNames = [...Object.keys(methods).map(kebab), ...(handWritten?.beyond ?? [])];
    const title = NAMESPACE_TITLES[namespace] ?? namespace;
    const group = program.command(kebab(namespace)).description(`${title}: ${commandNames.join(", ")}`);
    if (!fill(kebab(namespace))) continue;
    if (handWritten) {
      handWritten.add(group, ctx);
      continue;
    }
    for (const [method, operationId] of Object.entries(methods)) {
      const op = (operationTable as Record<string, OperationSpec>)[operationId];
      // The one credentials operation on the session host creates sessions; the ORDER API's are plain calls.
      if (op?.auth === "credentials" && op.host === "session") {
        addCreateSession(group, ctx, kebab(method), describeOperation(operationId));
      } else {
        addOperationCommand(group, ctx, namespace, method, operationId);
      }
    }
  }
  addCallCommands(program, ctx, fill("call"));
  addContextCommands(program, ctx, fill("context"));
  addContractCommands(program, ctx, fill("contract"));
  addSimulateCommand(program, ctx);
  addLogout(program, ctx);
  addJournalCommand(program, ctx);
  program
    .command("completion")
    .description("Print a shell completion script: commands, flags and their values")
    .addArgument(new Argument("<shell>", "the shell").choices(SHELLS))
    .addHelpText(
      "after",
      [
        "",
        "Examples:",
        "  $ source <(edis completion bash)       # in ~/.bashrc",
        "  $ source <(edis completion zsh)        # in ~/.zshrc, after compinit",
        "  $ edis completion fish > ~/.config/fish/completions/edis.fish",
      ].join("\n"),
    )
    .action((shell: Shell) => void ctx.io.stdout.write(completionScript(program, shell)));
  return program;
}
