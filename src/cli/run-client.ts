/**
 * The client of one CLI run (CliContext.client creates it once): the credentials from the
 * environment, the context or a prompt; the on-disk session cache, keyed by the account and
 * the context; and the library client with the CLI's warnings and debug log.
 */
import { type EdisClient, type EdisHosts, createEdisClient } from "../index.js";
import type { SelectedContext } from "./stores/contexts-store.js";
import { debugFromEnv, logOptions } from "./debug-log.js";
import { readCredentials } from "./environment.js";
import { countRequest, journalOn } from "./stores/journal.js";
import type { PromptIo } from "./prompt.js";
import { SessionFileCache } from "./stores/session-file-cache.js";

/** The default session host, for keying the cache when no override is set. */
const DEFAULT_SESSION_HOST = "https://session.edisglobal.com";

/** The client of a run and the session cache it keeps. */
export interface RunClient {
  readonly client: EdisClient;
  readonly cache: SessionFileCache;
  /** The account's email, for the journal. */
  readonly email: string;
}

/** What the client of a run is made from (the global flags it reads, the context chosen, the hosts already checked). */
export interface RunClientSetup {
  readonly io: PromptIo;
  readonly env: NodeJS.ProcessEnv;
  readonly hosts: EdisHosts;
  readonly cacheDir: string;
  readonly selected: SelectedContext | undefined;
  readonly flags: { readonly kvm?: readonly string[]; readonly timeout?: number; readonly retries?: number; readonly debug?: boolean };
  /** --verbose, read when the cache reports an error. */
  readonly verbose: () => boolean;
  /** A line on stderr, prefixed like every message of the CLI. */
  readonly note: (message: string) => void;
}

/** Says on stderr which of the context's values the environment replaces (never the values themselves). */
function noteOverrides({ env, flags, note }: RunClientSetup, selected: SelectedContext): void {
  if (env.EDIS_EMAIL && env.EDIS_EMAIL !== selected.email) note(`warning: EDIS_EMAIL replaces the email of context "${selected.name}"`);
  if (!flags.kvm?.length && env.EDIS_KVM_ID && selected.kvm && env.EDIS_KVM_ID !== selected.kvm) {
    note(`warning: EDIS_KVM_ID replaces the VPS of context "${selected.name}"`);
  }
}

/**
 * The client: the email from EDIS_EMAIL, else the context's, else a prompt; the password from
 * EDIS_PASSWORD or a prompt. Each context has sessions of its own.
 */
export async function createRunClient(setup: RunClientSetup): Promise<RunClient> {
  const { io, env, hosts, selected, note } = setup;
  if (selected) noteOverrides(setup, selected);
  const { email, password } = await readCredentials(
    env,
    io,
    selected?.email,
    selected?.passwordCommand === undefined ? undefined : { context: selected.name, command: selected.passwordCommand },
  );
  const cache = new SessionFileCache({
    dir: setup.cacheDir,
    email,
    ...(selected ? { context: selected.name } : {}),
    sessionHost: hosts.session ?? DEFAULT_SESSION_HOST,
    onError: (message) => {
      if (setup.verbose()) note(message);
    },
    onWarning: (message) => note(`warning: ${message}`),
  });
  const { timeout, retries, debug } = setup.flags;
  const client = createEdisClient({
    email,
    password,
    hosts,
    ...(timeout !== undefined ? { timeoutMs: timeout } : {}),
    ...(retries !== undefined ? { retries } : {}),
    sessionCache: cache,
    onWarning: (message) => note(`warning: ${message}`),
    ...logOptions(debug === true || debugFromEnv(env.EDIS_DEBUG), io.stderr, journalOn(env) ? countRequest : undefined),
  });
  return { client, cache, email };
}
