/**
 * The generated commands: every method of every namespace of the client becomes
 * `edis <namespace> <method>` (kebab-case), with flags derived from its operation's fields.
 * Whether a command asks for confirmation is the spec's `x-edis-destructive`, not a list here.
 */
import { openAsBlob, readFileSync, statSync } from "node:fs";
import type { Command } from "commander";
import { type OperationId, type OperationSpec, operationTable } from "../../../generated/operations.js";
import type { DataUri } from "../../index.js";
import type { CliContext } from "../context.js";
import { type FieldInput, fieldInputs } from "../field-options.js";
import { EXAMPLES } from "../output/help-text.js";
import { kebab } from "../names.js";
import { describeOperation, operationOf, takesKvm, whatItChanges } from "../operation-info.js";
import { fleetOptions } from "../fleet-flags.js";
import { isFleetRun, runFleet } from "./fleet-run.js";
import { describeFields, dryRunText } from "../output/request-preview.js";
import { askHidden, canPrompt } from "../prompt.js";
import { UsageError } from "../errors.js";
import { checkOutputFile, writeOutputFile } from "../output/output-file.js";
import { checkWaitFlags, runWait, waitOptions } from "../waits.js";
import { journaled } from "../stores/journal.js";

/** True when the operation's result is a decoded `data:` URI (the screenshot). */
function returnsDataUri(op: OperationSpec): boolean {
  return op.decode?.some((d) => d.as === "data-uri" && d.field === op.result) === true;
}

/** An example of the command with its required flags, for operations without a written one. */
function generatedExample(command: string, op: OperationSpec, inputs: readonly FieldInput[]): string[] {
  const parts = [`edis ${command}`];
  for (const input of inputs) {
    if (!input.option?.mandatory) continue;
    if (input.kind === "switch") parts.push(input.option.long!);
    else {
      const rule = input.field.rule;
      const sample = rule.enum?.[0] ?? (rule.type === "integer" ? (rule.minimum ?? 1) : `<${kebab(input.field.param)}>`);
      parts.push(`${input.option.long!} ${String(sample)}`);
    }
  }
  if (op.destructive) return [parts.join(" "), `${parts.join(" ")} --yes      # without asking`];
  return [parts.join(" "), `${parts.join(" ")} --json`];
}

/** Help lines on where the secrets of a command come from. */
function secretHelp(inputs: readonly FieldInput[]): string[] {
  const lines: string[] = [];
  for (const input of inputs) {
    if (input.kind !== "secret") continue;
    const name = kebab(input.field.param).replace(/-/gu, " ");
    const from = input.source.fileFlag ? `the file given with --${input.source.fileFlag}` : `$${input.source.env}`;
    const ask = input.field.required && !input.source.fileFlag ? ", or a hidden prompt on a terminal" : "";
    lines.push(`  ${name}${input.field.required ? "" : " (optional)"}: from ${from}${ask}`);
  }
  return lines.length ? ["Secrets (never taken from a flag's value):", ...lines, ""] : [];
}

/** The file of a binary field as a Blob; a missing or empty file is a usage error. */
async function openFile(flag: string, path: string): Promise<Blob> {
  let size: number;
  try {
    size = statSync(path).size;
  } catch (error) {
    throw new UsageError(`${flag}: cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? "unreadable"}`);
  }
  if (size === 0) throw new UsageError(`${flag}: ${path} is empty`);
  return openAsBlob(path);
}

/** Secret values given without a prompt, and the required ones still to be asked for. */
function gatherSecrets(ctx: CliContext, command: string, inputs: readonly FieldInput[], opts: Record<string, unknown>) {
  const values: Record<string, string> = {};
  const toAsk: Extract<FieldInput, { kind: "secret" }>[] = [];
  for (const input of inputs) {
    if (input.kind !== "secret") continue;
    const { field, source, option } = input;
    const path = option ? opts[option.attributeName()] : undefined;
    if (typeof path === "string") {
      try {
        values[field.param] = readFileSync(path, "utf8");
      } catch (error) {
        throw new UsageError(`--${source.fileFlag}: cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? "unreadable"}`);
      }
    } else if (source.env && ctx.io.env[source.env]) {
      values[field.param] = ctx.io.env[source.env]!;
    } else if (field.required) {
      if (source.fileFlag) throw new UsageError(`${command} needs --${source.fileFlag} <path>`);
      if (!canPrompt(ctx.io))
        throw new UsageError(`${command} needs the ${source.prompt.toLowerCase()}: set ${source.env} (never a flag: arguments are visible to all users)`);
      toAsk.push(input);
    }
  }
  return { values, toAsk };
}

/** Asks for a secret twice on the terminal, since it sets a new password that a typo would lose. */
async function askSecret(ctx: CliContext, prompt: string): Promise<string> {
  for (;;) {
    const first = await askHidden(ctx.io, `${prompt}: `);
    const again = await askHidden(ctx.io, `${prompt} (again): `);
    if (first === again) return first;
    ctx.note("the two entries differ; try again");
  }
}

/** Prints a decoded `data:` URI: to --out, as base64 in --json, raw into a pipe, or described on a terminal. */
async function printDataUri(ctx: CliContext, image: DataUri, out: string | undefined): Promise<void> {
  if (out !== undefined) {
    writeOutputFile("--out", out, image.bytes);
    await ctx.print(
      { mimeType: image.mimeType, file: out, size: image.bytes.byteLength },
      { message: `Saved ${image.mimeType} (${image.bytes.byteLength} bytes) to ${out}` },
    );
  } else if (ctx.output.format !== "table") {
    await ctx.print(image);
  } else if (ctx.out.tty) {
    ctx.out.write(`${image.mimeType}, ${image.bytes.byteLength} bytes: save it with --out <file>, or get base64 with --json\n`);
  } else {
    ctx.io.stdout.write(image.bytes);
  }
}

/**
 * Adds the command `commandName` (default: `<method>` in kebab-case) for `operationId` to
 * `parent`: a namespace command, or `call`, whose commands are named by operationId and show
 * the generated examples.
 */
export function addOperationCommand(parent: Command, ctx: CliContext, namespace: string, method: string, operationId: string, commandName?: string): Command {
  const op = operationOf(operationId);
  const name = `${parent.name()} ${commandName ?? kebab(method)}`;
  const inputs = fieldInputs(namespace, op);
  const command = parent.command(commandName ?? kebab(method)).description(describeOperation(operationId));
  for (const input of inputs) if (input.option) command.addOption(input.option);
  const dataUri = returnsDataUri(op);
  if (dataUri) command.option("--out <file>", "write the image to this file");
  for (const option of waitOptions(operationId)) command.addOption(option);
  // Per-VPS commands run on several VPSs too (fleet-run.ts); the screenshot's image goes to one place, so it stays one VPS.
  const perVps = op.auth === "session" && takesKvm(op) && !dataUri;
  if (perVps) for (const option of fleetOptions()) command.addOption(option);
  if (op.destructive) command.option("--dry-run", "check the flags and print the request (secrets redacted) without sending it");
  const examples = (commandName === undefined ? EXAMPLES[operationId as OperationId] : undefined) ?? generatedExample(name, op, inputs);
  command.addHelpText("after", ["", ...secretHelp(inputs), "Examples:", ...examples.map((e) => `  $ ${e}`)].join("\n"));

  command.action(async (opts: Record<string, unknown>) => {
    checkWaitFlags(opts);
    if (op.destructive && opts.dryRun !== true) ctx.checkConfirmable(name, whatItChanges(op));
    const params: Record<string, unknown> = {};
    for (const input of inputs) {
      if (input.kind === "secret") continue;
      const value = opts[input.option.attributeName()];
      if (value === undefined) continue;
      if (input.kind === "switch") params[input.field.param] = input.value;
      else if (input.kind === "file") params[input.field.param] = await openFile(input.option.long!, value as string);
      else params[input.field.param] = value;
    }
    const secrets = gatherSecrets(ctx, name, inputs, opts);
    Object.assign(params, secrets.values);
    if (perVps && isFleetRun(ctx, opts.all === true)) {
      return runFleet(ctx, {
        command: name,
        operationId: operationId as OperationId,
        op,
        params,
        pending: secrets.toAsk.map((input) => input.field.param),
        askSecrets: async () => {
          for (const input of secrets.toAsk) params[input.field.param] = await askSecret(ctx, input.source.prompt);
        },
        opts,
      });
    }
    // Before any prompt and any request: a typo is reported at once, not after the password.
    const wire = ctx.checkInput(
      operationId as OperationId,
      params,
      secrets.toAsk.map((input) => input.field.param),
    );
    if (typeof opts.out === "string") checkOutputFile("--out", opts.out);
    if (opts.dryRun === true) {
      // Nothing is sent, no password asked for: the VPS is the one named, if any.
      ctx.out.write(dryRunText(op, wire, ctx.io.env, ctx.namedKvmIdOf(op), ctx.namedEmail()));
      return;
    }

    const { client } = await ctx.client();
    // Session operations act on a VPS (found when not named); the ORDER API's take --kvm as a field, if at all.
    const kvmId = op.auth === "session" ? await ctx.kvmId() : ctx.namedKvmIdOf(op);
    if (op.destructive) {
      const target = kvmId === undefined ? "" : ` — ${kvmId}`;
      const fields = op.auth === "session" ? [] : describeFields(op, wire);
      await ctx.confirm(`${operationTable[operationId as OperationId].summary}${target}${fields.length ? `:\n${fields.join("\n")}\n` : ". "}Continue`);
    }
    for (const input of secrets.toAsk) params[input.field.param] = await askSecret(ctx, input.source.prompt);

    const call = kvmId === undefined ? params : { ...params, kvmId };
    const send = () => client.call(operationId as OperationId, call as never, { signal: ctx.io.signal });
    const result = op.destructive ? await journaled(ctx.journal, { command: name, op, kvmId, params }, send) : await send();
    if (dataUri) await printDataUri(ctx, result as DataUri, opts.out as string | undefined);
    else await ctx.print(result, { operationId });
    if (kvmId !== undefined) await runWait(ctx, name, operationId, kvmId, params, opts);
  });
  return command;
}
