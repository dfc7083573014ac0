/**
 * Where the CLI keeps its configuration (the named contexts, contexts-store.ts): the user's
 * configuration directory, as each platform names it, or `EDIS_CONFIG_DIR` (tests point it at a
 * temporary directory). It is held to the rules of the session cache directory
 * (cache-dir-safety.ts), under its own name.
 */
import { isAbsolute, join } from "node:path";
import { APP, homeIn } from "./cache-dir.js";
import type { DirRole } from "./cache-dir-safety.js";

/** The configuration directory, for the messages of cache-dir-safety.ts. */
export const CONFIG_DIR_ROLE: DirRole = { name: "configuration directory", keeps: "its configuration", variable: "EDIS_CONFIG_DIR" };

/** The file of the contexts in the configuration directory. */
export const CONFIG_FILE = "config.json";

/** The configuration directory of the CLI for this user, from the environment and the platform. */
export function configDir(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform, home: string = homeIn(env, platform)): string {
  const override = env.EDIS_CONFIG_DIR;
  if (override) return override;
  if (platform === "win32") return join(env.APPDATA || join(home, "AppData", "Roaming"), APP);
  if (platform === "darwin") return join(home, "Library", "Application Support", APP);
  // XDG Base Directory: a relative XDG_CONFIG_HOME is invalid and must be ignored.
  const xdg = env.XDG_CONFIG_HOME;
  return join(xdg && isAbsolute(xdg) ? xdg : join(home, ".config"), APP);
}
