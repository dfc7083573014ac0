/**
 * `edis completion bash|zsh|fish`: shell completion scripts written from the command tree that
 * the generated operation table builds (program.ts), so they offer exactly its commands, flags
 * and enum values. Each script holds the tree as data functions (the words after a command
 * path) and one small function that walks the words typed so far; the walk is the same in the
 * three shells.
 */
import type { Command, Option } from "commander";

/** The shells a script is written for. */
export const SHELLS = ["bash", "zsh", "fish"] as const;
export type Shell = (typeof SHELLS)[number];

/** What completion knows of one command: the words after its path. */
interface Node {
  /** The command path after `edis`: "", "ptr", "ptr get". */
  readonly path: string;
  readonly commands: readonly string[];
  /** Its own flags (the global ones are in {@link Tree.globals}). */
  readonly flags: readonly string[];
  /** Flags that take a value, with their choices ("__file" for a file path, "" for free text). */
  readonly values: readonly (readonly [string, string])[];
}

/** Every command, and the global flags, which commander takes at every level. */
interface Tree {
  readonly nodes: readonly Node[];
  readonly globals: Omit<Node, "path" | "commands">;
}

/** The flags of options (long and short) and what their values are. */
function flagsOf(options: readonly Option[]): Omit<Node, "path" | "commands"> {
  const shown = options.filter((o) => !o.hidden);
  const value = (o: Option): string => (o.argChoices ? o.argChoices.join(" ") : /<(?:path|file)>/u.test(o.flags) ? "__file" : "");
  const names = (o: Option): string[] => [o.long, o.short].filter((f): f is string => f !== undefined);
  return {
    flags: shown.flatMap(names),
    values: shown.filter((o) => o.required || o.optional).flatMap((o) => names(o).map((f) => [f, value(o)] as const)),
  };
}

/** The command tree of `program`, as completion sees it. */
export function completionTree(program: Command): Tree {
  const nodes: Node[] = [];
  const walk = (command: Command, path: string): void => {
    const own = path === "" ? { flags: [], values: [] } : flagsOf(command.options);
    // A command's choice argument (`completion <shell>`) completes like a subcommand.
    const choices = command.registeredArguments.flatMap((a) => a.argChoices ?? []);
    const commands = [...command.commands.map((c) => c.name()), ...choices];
    nodes.push({ path, commands: path === "" ? [...commands, "help"] : commands, ...own });
    for (const sub of command.commands) walk(sub, path === "" ? sub.name() : `${path} ${sub.name()}`);
  };
  walk(program, "");
  nodes.push({ path: "help", commands: program.commands.map((c) => c.name()), flags: [], values: [] });
  const globals = flagsOf(program.options);
  return { nodes, globals: { flags: [...globals.flags, "--help", "-h"], values: globals.values } };
}

/** A shell word in single quotes. */
function quote(word: string): string {
  return `'${word.replace(/'/gu, `'\\''`)}'`;
}

/** Rows of a data function: a key and its words (rows without words are left out). */
type Rows = readonly (readonly [string, string])[];

function rowsOf(tree: Tree) {
  const choices = (path: string, values: Node["values"]): Rows => values.filter(([, c]) => c !== "").map(([f, c]) => [`${path}|${f}`, c] as const);
  return {
    commands: tree.nodes.map((n) => [n.path, n.commands.join(" ")] as const),
    flags: tree.nodes.map((n) => [n.path, n.flags.join(" ")] as const),
    valueFlags: tree.nodes.map((n) => [n.path, n.values.map(([f]) => f).join(" ")] as const),
    choices: [...tree.nodes.flatMap((n) => choices(n.path, n.values)), ...choices("*", tree.globals.values)],
    globalFlags: tree.globals.flags.join(" "),
    globalValueFlags: tree.globals.values.map(([f]) => f).join(" "),
  };
}

/** The data functions in POSIX `case` form (bash and zsh): commands, flags, value flags, choices. */
function shCases(tree: Tree): string {
  const rows = rowsOf(tree);
  const fn = (name: string, key: string, table: Rows, always?: string): string =>
    [
      `${name}() {`,
      `  case ${key} in`,
      ...table
        .filter(([, words]) => words !== "")
        .map(([k, words]) => `    ${k.startsWith("*|") ? `*${quote(k.slice(1))}` : quote(k)}) printf '%s\\n' ${quote(words)} ;;`),
      "  esac",
      ...(always ? [`  printf '%s\\n' ${quote(always)}`] : []),
      "}",
    ].join("\n");
  return [
    fn("_edis_commands", `"$1"`, rows.commands),
    fn("_edis_flags", `"$1"`, rows.flags, rows.globalFlags),
    fn("_edis_value_flags", `"$1"`, rows.valueFlags, rows.globalValueFlags),
    fn("_edis_choices", `"$1|$2"`, rows.choices),
  ].join("\n\n");
}

/**
 * The walk over the words before the cursor, in bash and zsh syntax alike: it sets `cmdpath`
 * (the commands typed) and `pending` (a flag whose value is being typed). `$1` is the index of
 * the first word after `edis`, `$2` the index of the word being completed; `_edis_word` reads
 * the shell's array of words.
 */
const SH_WALK = `_edis_walk() {
  cmdpath="" pending=""
  local i word
  for ((i = $1; i < $2; i++)); do
    word="$(_edis_word "$i")"
    if [[ -n $pending ]]; then pending=""; continue; fi
    case "$word" in
      --*=*) ;;
      -*) [[ " $(_edis_value_flags "$cmdpath") " == *[[:space:]]"$word"[[:space:]]* ]] && pending="$word" ;;
      *) [[ " $(_edis_commands "$cmdpath") " == *[[:space:]]"$word"[[:space:]]* ]] && cmdpath="\${cmdpath:+$cmdpath }$word" ;;
    esac
  done
}`;

function bash(tree: Tree): string {
  return `# edis completion for bash, written by \`edis completion bash\` from its command table.
# Load it with: source <(edis completion bash)   (or save it in ~/.local/share/bash-completion/completions/edis)
${shCases(tree)}

_edis_word() { printf '%s' "\${COMP_WORDS[$1]}"; }

${SH_WALK}

_edis() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" cmdpath pending choices
  _edis_walk 1 "$COMP_CWORD"
  COMPREPLY=()
  if [[ -n $pending ]]; then
    choices="$(_edis_choices "$cmdpath" "$pending")"
    if [[ $choices == __file ]]; then COMPREPLY=($(compgen -f -- "$cur")); else COMPREPLY=($(compgen -W "$choices" -- "$cur")); fi
  elif [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "$(_edis_flags "$cmdpath")" -- "$cur"))
  else
    COMPREPLY=($(compgen -W "$(_edis_commands "$cmdpath")" -- "$cur"))
  fi
  return 0
}
complete -F _edis edis
`;
}

function zsh(tree: Tree): string {
  return `#compdef edis
# edis completion for zsh, written by \`edis completion zsh\` from its command table.
# Load it with: source <(edis completion zsh)   (or save it as _edis in a directory of $fpath)
${shCases(tree)}

_edis_word() { printf '%s' "\${words[$1]}"; }

${SH_WALK}

_edis() {
  local cur="\${words[CURRENT]}" cmdpath pending choices
  _edis_walk 2 "$CURRENT"
  if [[ -n $pending ]]; then
    choices="$(_edis_choices "$cmdpath" "$pending")"
    if [[ $choices == __file ]]; then _files; else compadd -- \${=choices}; fi
  elif [[ $cur == -* ]]; then
    compadd -- \${=$(_edis_flags "$cmdpath")}
  else
    compadd -- \${=$(_edis_commands "$cmdpath")}
  fi
}
if (( $+functions[compdef] )); then compdef _edis edis; fi
`;
}

function fish(tree: Tree): string {
  const rows = rowsOf(tree);
  const fn = (name: string, key: string, table: Rows, always?: string): string =>
    [
      `function ${name}`,
      `    switch ${key}`,
      ...table
        .filter(([, words]) => words !== "")
        .map(([k, words]) => `        case ${k.startsWith("*|") ? `'*'${quote(k.slice(1))}` : quote(k)}\n            string split ' ' -- ${quote(words)}`),
      "    end",
      ...(always ? [`    string split ' ' -- ${quote(always)}`] : []),
      "end",
    ].join("\n");
  return `# edis completion for fish, written by \`edis completion fish\` from its command table.
# Load it with: edis completion fish | source   (or save it as ~/.config/fish/completions/edis.fish)
${fn("__edis_commands", `"$argv[1]"`, rows.commands)}
${fn("__edis_flags", `"$argv[1]"`, rows.flags, rows.globalFlags)}
${fn("__edis_value_flags", `"$argv[1]"`, rows.valueFlags, rows.globalValueFlags)}
${fn("__edis_choices", `"$argv[1]|$argv[2]"`, rows.choices)}

function __edis_candidates
    set -l tokens (commandline -opc)
    set -e tokens[1]
    set -l cmdpath ''
    set -l pending ''
    for word in $tokens
        if test -n "$pending"
            set pending ''
            continue
        end
        switch $word
            case '--*=*'
            case '-*'
                if contains -- $word (__edis_value_flags "$cmdpath")
                    set pending $word
                end
            case '*'
                if contains -- $word (__edis_commands "$cmdpath")
                    set cmdpath (string trim -- "$cmdpath $word")
                end
        end
    end
    set -l cur (commandline -ct)
    if test -n "$pending"
        set -l choices (__edis_choices "$cmdpath" "$pending")
        if test "$choices" = __file
            __fish_complete_path $cur
        else
            printf '%s\\n' $choices
        end
    else if string match -q -- '-*' $cur
        __edis_flags "$cmdpath"
    else
        __edis_commands "$cmdpath"
    end
end
complete -c edis -f -a '(__edis_candidates)'
`;
}

/** The completion script of `shell` for `program`. */
export function completionScript(program: Command, shell: Shell): string {
  return { bash, zsh, fish }[shell](completionTree(program));
}
