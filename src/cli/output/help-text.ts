/**
 * Words of the help screens: a title per namespace, examples, the environment variables and
 * the exit codes. Each operation's summary and each namespace's title come from the spec,
 * through the generated table.
 */
import { type OperationId, namespaceTitles } from "../../../generated/operations.js";

/** What each namespace is about, shown in `edis --help`: the spec's tags (`x-displayName`). */
export const NAMESPACE_TITLES: Readonly<Record<string, string>> = namespaceTitles;

/**
 * Examples with realistic values, where the generated one (the command with its required
 * flags) would say too little.
 */
export const EXAMPLES: Readonly<Partial<Record<OperationId, readonly string[]>>> = {
  mountISO: ["edis install mount-iso --iso 0_SystemRescue-10.02-amd64.iso --force-reset yes"],
  downloadCustomISO: ["edis install download-iso --url https://example.com/custom.iso"],
  reinstallVPS: [
    "edis install reinstall --image cloudinit_debian-bookworm            # asks for the new root password",
    "edis install reinstall --image cloudinit_debian-bookworm --cloudinit-file user-data.yaml --yes   # password from EDIS_NEW_PASSWORD",
  ],
  uploadQCOW2: ["edis install upload-qcow2 --file disk.qcow2 --yes-purge-all-my-data --yes"],
  setKvmConfiguration: [`edis settings set --config '{"uefi":"enabled","boot_timeout":"10000"}'`, "edis settings set --config @settings.json --yes"],
  getVpsScreenshot: ["edis info screenshot --out console.jpg", "edis info screenshot --json     # { mimeType, bytes: base64 }"],
  enableVnc: [
    "edis vnc enable                                   # asks for the VNC password",
    "edis vnc enable --yes                             # password from EDIS_VNC_PASSWORD",
  ],
  setVncKeyboardLanguage: ["edis vnc set-keyboard --keyboard de"],
  getHydrationLog: ["edis traffic-pool refill-log --scope client"],
  assignTrafficFromPool: ["edis traffic-pool assign --traffic 10"],
  setKvmHooks: ["edis hooks set --callback-method post --trigger-value 80 --callback-url https://example.com/hook"],
  deleteHook: ["edis hooks delete --hook-id 1"],
};

/** The environment variables, for `edis --help`. */
export function environmentHelp(secretVariables: readonly string[]): string {
  return [
    "Environment:",
    "  EDIS_EMAIL, EDIS_PASSWORD  client-area login; asked for on a terminal when unset",
    "                             (there is no password flag: arguments are visible to all users)",
    "  EDIS_KVM_ID                the VPS when --kvm is not given (default: the context's, else the",
    "                             account's only VPS)",
    "  EDIS_CONTEXT               the named context when --context is not given (default: the one",
    "                             in use, edis context use); EDIS_EMAIL and EDIS_KVM_ID replace its values",
    `  ${secretVariables.join(", ")}`,
    "                             secrets of install, vnc and hooks commands (else asked for)",
    "  EDIS_SESSION_URL, EDIS_RDNS_URL, EDIS_API_URL, EDIS_ORDER_URL",
    "                             replace the EDIS hosts (mocks, tests); EDIS_API_URL replaces",
    "                             https://{api_host} of management calls, EDIS_ORDER_URL the",
    "                             ORDER API's https://order.edisglobal.com",
    "  EDIS_CACHE_DIR             where sessions are cached (default: the user's cache directory)",
    "  EDIS_CONFIG_DIR            where the contexts are kept (default: the user's config directory)",
    "  EDIS_DEBUG                 1: as --debug, each request and answer on stderr (secrets redacted)",
    "  EDIS_JOURNAL               off: no line in the journal of changes (edis journal); XDG_STATE_HOME",
    "                             moves it (default ~/.local/state/edis-global/journal.jsonl)",
    "  NO_COLOR                   no bold text or colour in tables and charts",
    "  TZ                         the time zone of dates shown on a terminal (default: the system's)",
  ].join("\n");
}

export const EXIT_CODES_HELP = [
  "Exit codes:",
  "  0    success",
  "  1    API or network error (also: a bulk PTR run with failed requests, a contract violation)",
  "  2    usage or validation error, or a destructive command not confirmed (nothing was sent)",
  "  3    an order, upgrade or cancellation was sent and its outcome is unknown: it may exist (edis order services)",
  "  130  interrupted (Ctrl-C)",
].join("\n");

export const ROOT_EXAMPLES = [
  "Examples:",
  "  $ edis vps list",
  "  $ edis ptr get 192.0.2.1 2001:db8::1",
  "  $ edis ptr set 192.0.2.1=mail.example.com",
  "  $ edis ptr set --file records.csv --yes          # ip,hostname per line",
  "  $ edis --kvm kvm_123456_789012 power state --json",
  "  $ edis ptr get 192.0.2.1 -o csv --no-header",
  "  $ edis install reinstall --image cloudinit_debian-bookworm",
  "  $ edis hooks list",
  "  $ edis context create work --email ops@example.com",
  "  $ edis --context work vps list",
  "  $ edis contract check --junit report.xml         # the live API against the spec (reads only)",
  "  $ edis logout",
].join("\n");
