/**
 * Where the CLI keeps its session cache: the user's cache directory, as each platform names
 * it, or `EDIS_CACHE_DIR` (tests point it at a temporary directory).
 */
import { homedir } from "node:os";
import { isAbsolute, join } from "node:path";

const APP = "edis-global";

/** The cache directory of the CLI for this user, from the environment and the platform. */
export function cacheDir(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform, home: string = homedir()): string {
  const override = env.EDIS_CACHE_DIR;
  if (override) return override;
  if (platform === "win32") return join(env.LOCALAPPDATA || join(home, "AppData", "Local"), APP, "Cache");
  if (platform === "darwin") return join(home, "Library", "Caches", APP);
  // XDG Base Directory: a relative XDG_CACHE_HOME is invalid and must be ignored.
  const xdg = env.XDG_CACHE_HOME;
  return join(xdg && isAbsolute(xdg) ? xdg : join(home, ".cache"), APP);
}
