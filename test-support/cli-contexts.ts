/**
 * What the tests of named contexts share: the CLI fixture with a configuration directory of
 * its own (`EDIS_CONFIG_DIR`, not yet made) and an environment that names no account or VPS,
 * so that what a command uses comes from the context, and the emails the fake EDIS saw authenticate.
 */
import { join } from "node:path";
import { useCliFixture } from "./cli-fixture.js";
import { runEdisHere } from "./cli-in-process.js";
import { AUTH_PATH } from "./fixtures.js";
import type { CliResult } from "./cli-fixture.js";
import type { FakeEdis } from "./fake-edis.js";

export interface ContextsFixture {
  /** The configuration directory `EDIS_CONFIG_DIR` names (made by edis). */
  readonly configDir: () => string;
  /** The session cache directory. */
  readonly cacheDir: () => string;
  readonly fake: () => FakeEdis;
  /** The environment: the fixture's, without EDIS_EMAIL and EDIS_KVM_ID, with `extra` on top (undefined removes one). */
  readonly env: (extra?: Record<string, string | undefined>) => Record<string, string>;
  /** Runs `edis <args…>` in this process with {@link env}(extra). */
  readonly edis: (args: readonly string[], extra?: Record<string, string | undefined>) => Promise<CliResult>;
  /** The email of each auth request the fake EDIS received, in order. */
  readonly authEmails: () => (string | null)[];
}

export function useContextsFixture(): ContextsFixture {
  const cli = useCliFixture({ cacheNotYetMade: true });
  const configDir = () => join(cli.temp.dir, "config");
  const env = (extra: Record<string, string | undefined> = {}): Record<string, string> => {
    const merged: Record<string, string | undefined> = { ...cli.env, EDIS_EMAIL: undefined, EDIS_KVM_ID: undefined, EDIS_CONFIG_DIR: configDir(), ...extra };
    return Object.fromEntries(Object.entries(merged).filter((e): e is [string, string] => e[1] !== undefined));
  };
  return {
    configDir,
    cacheDir: () => cli.cacheDir,
    fake: () => cli.fake,
    env,
    edis: (args, extra) => runEdisHere(args, env(extra)),
    authEmails: () => cli.fake.to(AUTH_PATH).map((r) => r.form.get("email")),
  };
}
