/**
 * The flags of a generated command, derived from its operation's fields in the spec: one
 * `--kebab-name` per field the caller fills (fields the client fills from the session or the
 * credentials get none, and `kvmId` comes from `--kvm`). Integers are parsed as numbers, JSON
 * fields as JSON (or `@file`), enums offer their choices, binary fields take a file path, and
 * secret fields get no value flag at all (see secret-inputs.ts).
 */
import { readFileSync } from "node:fs";
import { InvalidArgumentError, Option } from "commander";
import type { FieldRule, OperationField, OperationSpec } from "../../generated/operations.js";
import { kebab } from "./names.js";
import { type SecretSource, secretSource } from "./secret-inputs.js";

/** How one field of an operation is given on the command line. */
export type FieldInput =
  /** `--name <value>`, parsed to the field's type. */
  | { readonly kind: "value"; readonly field: OperationField; readonly option: Option }
  /** `--name` alone: a required field that has exactly one allowed value (a confirmation). */
  | { readonly kind: "switch"; readonly field: OperationField; readonly option: Option; readonly value: string | number }
  /** `--name <path>`: a file uploaded as the field's binary part. */
  | { readonly kind: "file"; readonly field: OperationField; readonly option: Option }
  /** A secret: from an environment variable, a prompt, or a file flag. */
  | { readonly kind: "secret"; readonly field: OperationField; readonly source: SecretSource; readonly option: Option | undefined };

/** Flags the CLI itself uses on every command; no field may take them. */
export const GLOBAL_FLAGS = [
  "--kvm",
  "--output",
  "--json",
  "--header",
  "--no-header",
  "--fields",
  "--timeout",
  "--retries",
  "--yes",
  "--verbose",
  "--help",
  "--version",
] as const;

function parseInteger(flag: string) {
  return (value: string): number => {
    if (!/^-?\d+$/u.test(value.trim())) throw new InvalidArgumentError(`${flag} must be an integer.`);
    return Number(value);
  };
}

function parseNumber(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === "" || !Number.isFinite(n)) throw new InvalidArgumentError(`${flag} must be a number.`);
    return n;
  };
}

function parseBoolean(flag: string) {
  return (value: string): boolean => {
    if (value === "true") return true;
    if (value === "false") return false;
    throw new InvalidArgumentError(`${flag} must be true or false.`);
  };
}

/** One of the allowed numbers. */
function parseChoice(flag: string, allowed: readonly (string | number)[]) {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === "" || !allowed.includes(n)) throw new InvalidArgumentError(`${flag} must be one of ${allowed.join(", ")}.`);
    return n;
  };
}

/** JSON text, or `@path` for the JSON text of a file. */
function parseJson(flag: string) {
  return (value: string): unknown => {
    let text = value;
    if (value.startsWith("@")) {
      try {
        text = readFileSync(value.slice(1), "utf8");
      } catch (error) {
        throw new InvalidArgumentError(`cannot read ${value.slice(1)}: ${(error as NodeJS.ErrnoException).code ?? "unreadable"}.`);
      }
    }
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new InvalidArgumentError(`${flag} must be JSON (or @file with JSON in it).`);
    }
  };
}

/** A short description of what a value must be, from its rule. */
export function describeRule(rule: FieldRule, json: boolean): string {
  const parts: string[] = [];
  if (json) parts.push(`JSON ${rule.type} (or @file)`);
  else if (rule.format === "uri") parts.push("http(s) URL");
  else if (rule.format === "password") parts.push("password");
  else if (rule.type === "string") parts.push("text");
  else parts.push(rule.type);
  if (rule.minimum !== undefined && rule.maximum !== undefined) parts.push(`${rule.minimum} to ${rule.maximum}`);
  else if (rule.minimum !== undefined) parts.push(`at least ${rule.minimum}`);
  else if (rule.maximum !== undefined) parts.push(`at most ${rule.maximum}`);
  if (rule.type === "string" && !rule.enum) {
    if (rule.minLength !== undefined && rule.maxLength !== undefined && rule.minLength === rule.maxLength) parts.push(`exactly ${rule.minLength} characters`);
    else if (rule.maxLength !== undefined) parts.push(`up to ${rule.maxLength} characters`);
  }
  return parts.join(", ");
}

/** The fields of `op` that the caller fills, and how each is given. */
export function fieldInputs(namespace: string, op: OperationSpec): FieldInput[] {
  const inputs: FieldInput[] = [];
  for (const field of op.fields) {
    if (field.from !== undefined || field.param === "kvmId") continue;
    const flag = `--${kebab(field.param)}`;
    const required = field.required && field.default === undefined;
    const rule = field.rule;
    if (field.secret) {
      const source = secretSource(namespace, field);
      const option = source.fileFlag
        ? new Option(`--${source.fileFlag} <path>`, `file holding the ${kebab(field.param).replace(/-/gu, " ")} (secret: never a flag's value)`)
        : undefined;
      inputs.push({ kind: "secret", field, source, option });
      continue;
    }
    if (rule.format === "binary") {
      const option = new Option(`${flag} <path>`, `file to upload${required ? " (required)" : ""}`);
      if (required) option.makeOptionMandatory();
      inputs.push({ kind: "file", field, option });
      continue;
    }
    if (required && rule.enum?.length === 1) {
      const value = rule.enum[0]!;
      inputs.push({ kind: "switch", field, value, option: new Option(flag, `required: sends ${field.wire}=${value} to confirm`).makeOptionMandatory() });
      continue;
    }
    const option = new Option(`${flag} <${rule.type === "integer" ? "n" : kebab(field.param)}>`, describeRule(rule, field.json));
    if (rule.enum && rule.type === "string") option.choices(rule.enum.map(String));
    else if (rule.enum) option.argParser(parseChoice(flag, rule.enum));
    else if (field.json) option.argParser(parseJson(flag));
    else if (rule.type === "integer") option.argParser(parseInteger(flag));
    else if (rule.type === "number") option.argParser(parseNumber(flag));
    else if (rule.type === "boolean") option.argParser(parseBoolean(flag));
    if (field.default !== undefined) option.description += `; default ${JSON.stringify(field.default)}`;
    if (required) {
      option.makeOptionMandatory();
      option.description += " (required)";
    }
    inputs.push({ kind: "value", field, option });
  }
  for (const input of inputs) {
    // A field named like a global flag would shadow it; better to fail loudly at startup.
    if (input.option && (GLOBAL_FLAGS as readonly string[]).includes(input.option.long ?? "")) {
      throw new Error(`${op.operationId}: field ${input.field.param} would take the CLI's own flag ${input.option.long}`);
    }
  }
  return inputs;
}
