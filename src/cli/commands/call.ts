/**
 * `edis call <operationId> --field value …`: every operation of the spec by its operationId,
 * with the same flags, validation and confirmation as its namespace command (the same builder,
 * operations.ts), and `edis call --list` listing the operationIds.
 */
import type { Command } from "commander";
import { operationTable } from "../../../generated/operations.js";
import type { CliContext } from "../context.js";
import { UsageError } from "../errors.js";
import { kebab } from "../names.js";
import { describeOperation, operationOf } from "../operation-info.js";
import { addCreateSession } from "./account.js";
import { addOperationCommand } from "./operations.js";

/** `namespace.method` of an operation, split (every operation of the spec has one). */
function clientMethodOf(operationId: string): [string, string] {
  const [namespace = "", method = ""] = (operationOf(operationId).clientMethod ?? "").split(".");
  return [namespace, method];
}

/** Every operation: its id, its namespace command and its summary. */
function operationList() {
  return Object.keys(operationTable).map((operationId) => {
    const [namespace, method] = clientMethodOf(operationId);
    return {
      operationId,
      command: `${kebab(namespace)} ${kebab(method)}`,
      destructive: operationOf(operationId).destructive,
      summary: operationTable[operationId as keyof typeof operationTable].summary,
    };
  });
}

/** Adds `call` and one command per operationId under it. */
export function addCallCommands(program: Command, ctx: CliContext, withSubcommands = true): void {
  const call = program
    .command("call")
    .description("Call any operation by its operationId, with flags named after its fields: edis call <operationId> --help")
    .option("--list", "list the operationIds, with the command each one also is")
    .addHelpText(
      "after",
      [
        "",
        "Examples:",
        "  $ edis call --list",
        "  $ edis call getPTR --ips '[\"192.0.2.1\"]'",
        "  $ edis call mountISO --iso 0_SystemRescue-10.02-amd64.iso --yes",
      ].join("\n"),
    )
    // The operations are subcommands; a word that is none of them ends up here.
    .argument("[operationId]", "the operation (see --list)")
    .action(async (unknown: string | undefined, opts: { list?: boolean }) => {
      if (unknown !== undefined) {
        const like = Object.keys(operationTable).find((id) => id.toLowerCase() === unknown.toLowerCase());
        throw new UsageError(`unknown operationId ${JSON.stringify(unknown)}${like ? ` (did you mean ${like}?)` : ""}; edis call --list names them`);
      }
      if (!opts.list) return call.help({ error: true });
      await ctx.print(operationList(), { columns: ["operationId", "command", "summary"] });
    });
  // The root help needs only the description (src/cli/program.ts, groupsToFill).
  if (!withSubcommands) return;
  for (const operationId of Object.keys(operationTable)) {
    const [namespace, method] = clientMethodOf(operationId);
    if (operationOf(operationId).auth === "credentials") addCreateSession(call, ctx, operationId, describeOperation(operationId));
    else addOperationCommand(call, ctx, namespace, method, operationId, operationId);
  }
}
