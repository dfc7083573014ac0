/**
 * The named contexts of the CLI (`edis context …`, `--context`, EDIS_CONTEXT): each names an
 * account (its email) and, optionally, a VPS, kept in the configuration file (config-dir.ts,
 * config-file-io.ts) with the one in use. A password is never kept: it comes from EDIS_PASSWORD
 * or the prompt, as without contexts. This module checks names and the file's content, and
 * says which context a run uses: `--context`, else EDIS_CONTEXT, else the one in use.
 */
import { InvalidArgumentError } from "commander";
import { operationTable } from "../../../generated/operations.js";
import { checkValue } from "../../request/validate.js";
import { CONFIG_FILE, configDir } from "./config-dir.js";
import { readConfigJson, writeConfigJson } from "./config-file-io.js";
import { UsageError } from "../errors.js";
import { join } from "node:path";

/** A context name: a letter or digit, then letters, digits, `-` and `_`, 63 in all at most; any case, kept in lower case. */
const NAME = /^[a-z0-9][a-z0-9_-]{0,62}$/iu;
const NAME_RULE = "a context name is a letter or digit, then letters, digits, - or _ (63 characters at most)";

/** What a context holds. */
export interface StoredContext {
  readonly email: string;
  readonly kvm?: string;
  /** A command that prints the password (password-command.ts); never the password itself. */
  readonly passwordCommand?: string;
}

/** The configuration file's content. */
export interface ContextsData {
  /** The context in use (`edis context use`), if any. */
  readonly current?: string;
  readonly contexts: Readonly<Record<string, StoredContext>>;
}

/** How a run chose its context. */
export type ContextSource = "--context" | "EDIS_CONTEXT" | "edis context use";

/** The context of a run. */
export interface SelectedContext extends StoredContext {
  readonly name: string;
  readonly source: ContextSource;
}

/** True for a valid context name (of either case). */
export function isContextName(text: string): boolean {
  return NAME.test(text);
}

/** `text` as a context name, in lower case; `what` names where it came from, for the error (which never shows the text). */
export function contextName(text: string, what: string): string {
  if (!isContextName(text)) throw new UsageError(`${NAME_RULE}; ${what} is not one`);
  return text.toLowerCase();
}

/** A commander parser of `--context <name>`. */
export function parseContextFlag(value: string): string {
  if (!isContextName(value)) throw new InvalidArgumentError(`${NAME_RULE[0]!.toUpperCase()}${NAME_RULE.slice(1)}.`);
  return value.toLowerCase();
}

const authFields = operationTable.createAuthSession.fields;
const ruleOf = (wire: "email" | "kvm_id") => authFields.find((f) => f.wire === wire)!.rule;

/** Checks `value` by the spec's rule of the auth field `wire` (email, kvm_id); a usage error names `flag`. */
export function checkAccountValue(wire: "email" | "kvm_id", value: string, flag: string): string {
  const problem = checkValue(ruleOf(wire), value, flag);
  if (problem) throw new UsageError(`${problem[0]} ${problem[1]}`);
  return value;
}

function isStored(value: unknown): value is StoredContext {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const c = value as Record<string, unknown>;
  return (
    typeof c.email === "string" &&
    (c.kvm === undefined || typeof c.kvm === "string") &&
    (c.passwordCommand === undefined || (typeof c.passwordCommand === "string" && c.passwordCommand.trim() !== ""))
  );
}

function bad(path: string, why: string): never {
  throw new UsageError(`the configuration file ${path} ${why}; correct it, or remove it to start afresh`);
}

/** The file's content, checked: what does not have the shape edis writes is refused, not guessed at. */
function parseData(content: unknown, path: string): ContextsData {
  if (content === undefined) return { contexts: {} };
  if (typeof content !== "object" || content === null || Array.isArray(content)) bad(path, "is not a JSON object");
  const { current, contexts = {} } = content as { current?: unknown; contexts?: unknown };
  if (typeof contexts !== "object" || contexts === null || Array.isArray(contexts)) bad(path, 'has a "contexts" that is not an object');
  const checked: Record<string, StoredContext> = {};
  for (const [name, value] of Object.entries(contexts as Record<string, unknown>)) {
    if (!isContextName(name) || name !== name.toLowerCase()) bad(path, "has a context whose name is not a valid lower-case name");
    if (!isStored(value)) bad(path, `has a context "${name}" without a string "email"`);
    // Read as edis writes them: checked as `context create` checks them (a value is printed and sent).
    for (const [key, wire] of [
      ["email", "email"],
      ["kvm", "kvm_id"],
    ] as const) {
      const text = value[key];
      if (text !== undefined && checkValue(ruleOf(wire), text, key)) bad(path, `has a context "${name}" whose "${key}" is not one edis accepts`);
    }
    checked[name] = {
      email: value.email,
      ...(value.kvm === undefined ? {} : { kvm: value.kvm }),
      ...(value.passwordCommand === undefined ? {} : { passwordCommand: value.passwordCommand }),
    };
  }
  if (current !== undefined && (typeof current !== "string" || !isContextName(current))) bad(path, 'has a "current" that is not a context name');
  return { ...(current === undefined ? {} : { current }), contexts: checked };
}

/** The configuration file of one environment: read on demand, written whole. */
export class ContextsStore {
  readonly path: string;
  readonly #onWarning: (message: string) => void;
  #data: ContextsData | undefined;

  constructor(env: NodeJS.ProcessEnv, onWarning: (message: string) => void) {
    this.path = join(configDir(env), CONFIG_FILE);
    this.#onWarning = onWarning;
  }

  /** The contexts and the one in use (read once per run). */
  read(): ContextsData {
    this.#data ??= parseData(readConfigJson(this.path, this.#onWarning), this.path);
    return this.#data;
  }

  write(data: ContextsData): void {
    writeConfigJson(this.path, data);
    this.#data = data;
  }

  /** The context `name`, or a usage error that says where the name came from. */
  get(name: string, source: ContextSource): SelectedContext {
    const { contexts } = this.read();
    // Own names only: `constructor` is a valid name, and a member of every object.
    const stored = Object.hasOwn(contexts, name) ? contexts[name] : undefined;
    if (stored) return { name, source, ...stored };
    if (source === "edis context use") {
      throw new UsageError(`the context in use, "${name}", is not in ${this.path}; choose one with edis context use <name>`);
    }
    throw new UsageError(`unknown context "${name}" (${source}); edis context list shows the contexts`);
  }

  /**
   * The context of this run: `flag` (--context, already checked), else EDIS_CONTEXT, else the
   * one in use; undefined when none is (edis then reads EDIS_EMAIL and EDIS_KVM_ID alone).
   */
  select(flag: string | undefined, env: NodeJS.ProcessEnv): SelectedContext | undefined {
    if (flag) return this.get(flag, "--context");
    if (env.EDIS_CONTEXT) return this.get(contextName(env.EDIS_CONTEXT, "EDIS_CONTEXT"), "EDIS_CONTEXT");
    const { current } = this.read();
    return current === undefined ? undefined : this.get(current, "edis context use");
  }
}
