/**
 * Where secret fields (`x-edis-secret`: passwords, cloud-init user data) come from. Never from
 * a flag's value: the command line of a process is visible to every user of the machine. A
 * password comes from an environment variable, or from a hidden prompt on a terminal when
 * the operation requires it; a long secret text from a file named by a flag.
 */
import type { OperationField } from "../../generated/operations.js";
import { kebab, screamingSnake } from "./names.js";

/** How the CLI obtains one secret field. */
export interface SecretSource {
  /** Environment variable holding the value. */
  readonly env?: string;
  /** Flag (without `--`) naming a file that holds the value. */
  readonly fileFlag?: string;
  /** What the hidden prompt asks for, when the field is required and there is a terminal. */
  readonly prompt: string;
}

/**
 * The chosen names, by `namespace.param`. Spelled out because the obvious name can clash:
 * `EDIS_PASSWORD` is the account's password, so the reinstall password is `EDIS_NEW_PASSWORD`.
 */
const NAMED: Readonly<Record<string, SecretSource>> = {
  "install.password": { env: "EDIS_NEW_PASSWORD", prompt: "New root password" },
  "install.cloudinitUserData": { fileFlag: "cloudinit-file", prompt: "Cloud-init user data" },
  "vnc.password": { env: "EDIS_VNC_PASSWORD", prompt: "VNC password (8 letters or digits)" },
  "hooks.callbackPassword": { env: "EDIS_CALLBACK_PASSWORD", prompt: "Password of the callback URL" },
};

/** Secret fields that have a chosen source (a test checks that every secret field of the spec has one). */
export function namedSecretSource(namespace: string, field: OperationField): SecretSource | undefined {
  return NAMED[`${namespace}.${field.param}`];
}

/**
 * The source of a secret field: the chosen one, else a file flag for multi-line text and an
 * environment variable `EDIS_<NAMESPACE>_<FIELD>` for the rest.
 */
export function secretSource(namespace: string, field: OperationField): SecretSource {
  const named = namedSecretSource(namespace, field);
  if (named) return named;
  if (field.rule.multiline) return { fileFlag: `${kebab(field.param)}-file`, prompt: field.param };
  return { env: `EDIS_${screamingSnake(namespace)}_${screamingSnake(field.param)}`, prompt: field.param };
}
