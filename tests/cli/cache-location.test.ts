/**
 * Where the session cache is: EDIS_CACHE_DIR, else the user's cache directory as each platform
 * names it, under the home directory of the environment the CLI was given.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cacheDir } from "../../src/cli/stores/cache-dir.js";

describe("the session cache directory", () => {
  it("is EDIS_CACHE_DIR when set", () => {
    expect(cacheDir({ EDIS_CACHE_DIR: "/srv/edis-cache", HOME: "/home/someone" }, "linux")).toBe("/srv/edis-cache");
  });

  it("is $XDG_CACHE_HOME/edis-global on Linux, and ignores a relative XDG_CACHE_HOME", () => {
    expect(cacheDir({ XDG_CACHE_HOME: "/var/cache/someone", HOME: "/home/someone" }, "linux")).toBe(join("/var/cache/someone", "edis-global"));
    expect(cacheDir({ XDG_CACHE_HOME: "cache", HOME: "/home/someone" }, "linux")).toBe(join("/home/someone", ".cache", "edis-global"));
  });

  it("is under the HOME of the CLI's environment, not of the process running it", () => {
    expect(cacheDir({ HOME: "/home/someone" }, "linux")).toBe(join("/home/someone", ".cache", "edis-global"));
    expect(cacheDir({ HOME: "/Users/someone" }, "darwin")).toBe(join("/Users/someone", "Library", "Caches", "edis-global"));
  });

  it("is %LOCALAPPDATA%\\edis-global\\Cache on Windows, else under %USERPROFILE%", () => {
    expect(cacheDir({ LOCALAPPDATA: "C:/Users/someone/AppData/Local" }, "win32")).toBe(join("C:/Users/someone/AppData/Local", "edis-global", "Cache"));
    expect(cacheDir({ USERPROFILE: "C:/Users/someone" }, "win32")).toBe(join("C:/Users/someone", "AppData", "Local", "edis-global", "Cache"));
  });
});
