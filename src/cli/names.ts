/** Spelling conversions between the client's camelCase names and the command line's. */

/** `mountIso` → `mount-iso`, `uploadQcow2` → `upload-qcow2`. */
export function kebab(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/gu, "$1-$2").toLowerCase();
}

/** `callbackPassword` → `CALLBACK_PASSWORD`. */
export function screamingSnake(name: string): string {
  return kebab(name).replace(/-/gu, "_").toUpperCase();
}
