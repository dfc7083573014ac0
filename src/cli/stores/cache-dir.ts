/**
 * Where the CLI keeps its session cache: the user's cache directory, as each platform names
 * it, or `EDIS_CACHE_DIR` (tests point it at a temporary directory).
 */
import { homedir } from "node:os";
import { isAbsolute, join } from "node:path";

/** The directory name of the CLI's own directories (cache, configuration). */
export const APP = "edis-global";

/**
 * The home directory as os.homedir() finds it, but in `env` (the CLI's, which in a test is not
 * the process's): $HOME ($USERPROFILE on Windows) when set, else the account's.
 */
export function homeIn(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string {
  return (platform === "win32" ? env.USERPROFILE : env.HOME) ?? homedir();
}

/** The cache directory of the CLI for this user, from the environment and the platform. */
export function cacheDir(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform, home: string = homeIn(env, platform)): string {
  const override = env.EDIS_CACHE_DIR;
  if (override) return override;
  if (platform === "win32") return join(env.LOCALAPPDATA || join(home, "AppData", "Local"), APP, "Cache");
  if (platform === "darwin") return join(home, "Library", "Caches", APP);
  // XDG Base Directory: a relative XDG_CACHE_HOME is invalid and must be ignored.
  const xdg = env.XDG_CACHE_HOME;
  return join(xdg && isAbsolute(xdg) ? xdg : join(home, ".cache"), APP);
}
