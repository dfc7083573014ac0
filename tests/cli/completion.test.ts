/**
 * `edis completion bash|zsh|fish`: the bash script is valid bash (`bash -n`) and, sourced in
 * bash with COMP_WORDS set as bash sets them, offers the commands, flags and enum values of
 * the generated operation table.
 */
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { namespaceTable, operationTable } from "../../generated/operations.js";
import { cliEnv, tempDir } from "../../test-support/cli-fixture.js";
import { runEdisHere } from "../../test-support/cli-in-process.js";
import { kebab } from "../../src/cli/names.js";

const temp = tempDir();
const env = cliEnv(undefined, temp.dir);
let script = "";

beforeAll(async () => {
  const result = await runEdisHere(["completion", "bash"], env);
  expect(result).toMatchObject({ code: 0, stderr: "" });
  script = join(temp.dir, "edis.bash");
  writeFileSync(script, result.stdout);
  return () => temp.cleanup();
});

/** What the completion function offers for each line (the last word is the one being completed), from one bash. */
function offers(lines: readonly (readonly string[])[]): string[][] {
  const quote = (w: string) => `'${w.replace(/'/gu, "'\\''")}'`;
  const calls = lines.map((words) => `COMP_WORDS=(${words.map(quote).join(" ")}); COMP_CWORD=${words.length - 1}; _edis; printf '%s\\n' "\${COMPREPLY[*]}"`);
  const out = execFileSync("bash", ["--norc", "--noprofile", "-c", `source ${quote(script)}\n${calls.join("\n")}`], {
    encoding: "utf8",
    env: { PATH: process.env.PATH },
  });
  return out
    .trimEnd()
    .split("\n")
    .map((line) => (line === "" ? [] : line.split(" ")));
}

describe("edis completion bash", () => {
  it("is valid bash", () => {
    expect(() => execFileSync("bash", ["-n", script], { encoding: "utf8" })).not.toThrow();
  });

  it("offers every namespace, every method of each, and every operationId under call", () => {
    const namespaces = Object.keys(namespaceTable).map(kebab);
    const [top, ...methods] = offers([["edis", ""], ...namespaces.map((ns) => ["edis", ns, ""])]);
    expect(top).toEqual(expect.arrayContaining(["vps", ...namespaces, "call", "context", "completion", "logout", "help"]));
    expect(methods).toEqual(Object.values(namespaceTable).map((m) => Object.keys(m).map(kebab)));
    const [call] = offers([["edis", "call", ""]]);
    expect(call).toEqual(Object.keys(operationTable));
  });

  it("completes the word begun, after global flags and their values", () => {
    expect(
      offers([
        ["edis", "po"],
        ["edis", "--kvm", "kvm_123456_789012", "-o", "csv", "power", "o"],
        ["edis", "help", "p"],
      ]),
    ).toEqual([["power"], ["on", "off"], ["ptr", "power"]]);
  });

  it("offers the context commands, their flags and the global --context", () => {
    const [commands, createFlags, globals] = offers([
      ["edis", "context", ""],
      ["edis", "context", "create", "--"],
      ["edis", "--context", "work", "power", "state", "--c"],
    ]);
    expect(commands).toEqual(["create", "use", "unset", "list", "current", "delete"]);
    expect(createFlags).toEqual(expect.arrayContaining(["--email", "--use", "--kvm", "--context"]));
    expect(globals).toEqual(["--context"]);
  });

  it("offers the flags of a command with the global ones, and the values of enum flags", () => {
    const [flags, forceReset, keyboard, output, shells] = offers([
      ["edis", "install", "mount-iso", "--"],
      ["edis", "install", "mount-iso", "--force-reset", ""],
      ["edis", "vnc", "set-keyboard", "--keyboard", ""],
      ["edis", "ptr", "get", "--output", ""],
      ["edis", "completion", ""],
    ]);
    expect(flags).toEqual(expect.arrayContaining(["--iso", "--force-reset", "--kvm", "--output", "--fields", "--timeout", "--yes", "--help"]));
    expect(flags).not.toContain("--file");
    expect(forceReset).toEqual(["yes", "no"]);
    expect(keyboard).toEqual(operationTable.setVncKeyboardLanguage.fields.find((f) => f.param === "keyboard")!.rule.enum!.map(String));
    expect(output).toEqual(["table", "json", "yaml", "csv"]);
    expect(shells).toEqual(["bash", "zsh", "fish"]);
  });
});

describe("edis completion", () => {
  it("writes zsh and fish scripts from the same table, and refuses another shell (exit 2)", async () => {
    const zsh = await runEdisHere(["completion", "zsh"], env);
    expect(zsh.stdout).toMatch(/^#compdef edis\n/u);
    expect(zsh.stdout).toContain("    'install mount-iso|--force-reset') printf '%s\\n' 'yes no' ;;\n");
    const fish = await runEdisHere(["completion", "fish"], env);
    expect(fish.stdout).toContain("        case 'install mount-iso|--force-reset'\n            string split ' ' -- 'yes no'\n");
    expect(fish.stdout).toContain("complete -c edis -f -a '(__edis_candidates)'\n");
    const other = await runEdisHere(["completion", "powershell"], env);
    expect(other.code).toBe(2);
    expect(other.stderr.split("\n")[0]).toBe("edis: command-argument value 'powershell' is invalid for argument 'shell'. Allowed choices are bash, zsh, fish.");
  });
});
