/**
 * Where the contexts are kept: EDIS_CONFIG_DIR, else the user's configuration directory as each
 * platform names it, under the home directory of the environment the CLI was given.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { configDir } from "../../src/cli/stores/config-dir.js";

describe("the configuration directory", () => {
  it("is EDIS_CONFIG_DIR when set", () => {
    expect(configDir({ EDIS_CONFIG_DIR: "/srv/edis-config", XDG_CONFIG_HOME: "/etc/xdg", HOME: "/home/someone" }, "linux")).toBe("/srv/edis-config");
  });

  it("is $XDG_CONFIG_HOME/edis-global on Linux, else ~/.config/edis-global, and ignores a relative XDG_CONFIG_HOME", () => {
    expect(configDir({ XDG_CONFIG_HOME: "/home/someone/.cfg", HOME: "/home/someone" }, "linux")).toBe(join("/home/someone/.cfg", "edis-global"));
    expect(configDir({ XDG_CONFIG_HOME: "cfg", HOME: "/home/someone" }, "linux")).toBe(join("/home/someone", ".config", "edis-global"));
    expect(configDir({ HOME: "/home/someone" }, "linux")).toBe(join("/home/someone", ".config", "edis-global"));
  });

  it("is ~/Library/Application Support/edis-global on macOS", () => {
    expect(configDir({ HOME: "/Users/someone" }, "darwin")).toBe(join("/Users/someone", "Library", "Application Support", "edis-global"));
  });

  it("is %APPDATA%\\edis-global on Windows, else under %USERPROFILE%", () => {
    expect(configDir({ APPDATA: "C:/Users/someone/AppData/Roaming" }, "win32")).toBe(join("C:/Users/someone/AppData/Roaming", "edis-global"));
    expect(configDir({ USERPROFILE: "C:/Users/someone" }, "win32")).toBe(join("C:/Users/someone", "AppData", "Roaming", "edis-global"));
  });
});
