/**
 * The start-up shortcut of src/cli/program.ts: a run builds the subcommands of only the groups
 * its words name. What a user sees must not change: the root help, a group's help and a
 * completion script are the same as from the whole tree, and every group still runs.
 */
import { PassThrough } from "node:stream";
import type { Command } from "commander";
import { describe, expect, it } from "vitest";
import { type OperationSpec, namespaceTable, operationTable } from "../../generated/operations.js";
import { fieldInputs } from "../../src/cli/field-options.js";
import { CliContext } from "../../src/cli/context.js";
import { kebab } from "../../src/cli/names.js";
import { buildProgram, groupsToFill } from "../../src/cli/program.js";

/** The help a program prints for `path` (a command's words), or the root help. */
function helpOf(program: Command, path: readonly string[]): string {
  let command = program;
  for (const name of path) command = command.commands.find((c) => c.name() === name)!;
  return command.helpInformation();
}

function program(argv?: readonly string[]): Command {
  const io = { stdin: new PassThrough(), stdout: new PassThrough(), stderr: new PassThrough(), env: {}, signal: new AbortController().signal };
  return buildProgram(new CliContext(io, () => ({})), "0.0.0-test", argv);
}

/** The groups built only when a run names them: one per namespace, `call` (a subcommand per operation), and the CLI's own context and contract. */
const groups = [...Object.keys(namespaceTable).map(kebab), "call", "context", "contract"];
/** Those whose description lists their commands: all but `call`. */
const namedGroups = groups.filter((group) => group !== "call");

describe("groupsToFill", () => {
  it("fills every group without argv and for completion, and otherwise only the groups named", () => {
    expect(groups.every(groupsToFill(undefined))).toBe(true);
    expect(groups.every(groupsToFill(["completion", "bash"]))).toBe(true);
    const fill = groupsToFill(["--kvm", "kvm_1_2", "power", "on"]);
    expect(groups.filter(fill)).toEqual(["power"]);
    expect(groups.filter(groupsToFill(["--help"]))).toEqual([]);
  });
});

describe("a program built for one run", () => {
  const full = program();

  it("prints the same root help as the whole tree", () => {
    expect(helpOf(program(["--help"]), [])).toBe(helpOf(full, []));
  });

  it.each(groups)("builds %s in full when the run names it, with the same help", (group) => {
    const lazy = program([group, "--help"]);
    expect(helpOf(lazy, [group])).toBe(helpOf(full, [group]));
    const subcommands = (p: Command) => p.commands.find((c) => c.name() === group)!.commands.map((c) => c.name());
    expect(subcommands(lazy)).toEqual(subcommands(full));
    expect(subcommands(full).length).toBeGreaterThan(0);
  });

  it("leaves the groups the run does not name empty", () => {
    const lazy = program(["power", "on"]);
    const empty = lazy.commands.filter((c) => groups.includes(c.name()) && c.commands.length === 0).map((c) => c.name());
    expect(empty).toEqual(groups.filter((g) => g !== "power"));
  });
});

describe("the root help's environment variables", () => {
  it("are those the commands read secret fields from, in the tree's order", () => {
    const names = new Set<string>();
    for (const [namespace, methods] of Object.entries(namespaceTable)) {
      for (const operationId of Object.values(methods)) {
        for (const input of fieldInputs(namespace, (operationTable as Record<string, OperationSpec>)[operationId]!)) {
          if (input.kind === "secret" && input.source.env) names.add(input.source.env);
        }
      }
    }
    expect(names.size).toBeGreaterThan(1);
    // The environment is help text after the options: what outputHelp writes, not helpInformation.
    const stdout = new PassThrough();
    const io = { stdin: new PassThrough(), stdout, stderr: new PassThrough(), env: {}, signal: new AbortController().signal };
    buildProgram(new CliContext(io, () => ({})), "0.0.0-test", ["--help"]).outputHelp();
    expect(String(stdout.read())).toContain(`  ${[...names].join(", ")}\n`);
  });
});

describe("a group's description", () => {
  it("names exactly the commands the group has, hand-written ones included", () => {
    for (const group of program().commands.filter((c) => namedGroups.includes(c.name()))) {
      expect(group.description().split(": ").slice(1).join(": ")).toBe(group.commands.map((c) => c.name()).join(", "));
    }
  });
});
