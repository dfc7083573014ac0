/**
 * The User-Agent header every request carries: `edis-global/<version>`, the runtime and its
 * version where it can be told cheaply (`node/20.20.2`, `bun/1.2.3`, `deno/2.1.0`), then the
 * caller's own products from the `userAgent` option (`fleetbot/1.2`), checked before anything
 * is sent.
 */
import { EdisValidationError } from "./errors.js";
import { VERSION } from "./version.js";

interface RuntimeGlobals {
  process?: { versions?: Record<string, string | undefined> };
  Deno?: { version?: { deno?: string } };
  navigator?: { userAgent?: string };
}

/** `name/version` of the runtime, or undefined where it cannot be told (a browser; Cloudflare Workers is named without a version). */
export function runtimeProduct(globals: RuntimeGlobals = globalThis as RuntimeGlobals): string | undefined {
  // Workers with nodejs_compat and Bun and Deno all carry a `process.versions.node`: the others are asked first.
  if (globals.navigator?.userAgent === "Cloudflare-Workers") return "workerd";
  const versions = globals.process?.versions;
  if (typeof versions?.bun === "string") return `bun/${versions.bun}`;
  const deno = globals.Deno?.version?.deno ?? versions?.deno;
  if (typeof deno === "string") return `deno/${deno}`;
  if (typeof versions?.node === "string") return `node/${versions.node}`;
  return undefined;
}

/** RFC 9110 token characters: printable ASCII without spaces, quotes, parentheses and other separators. */
const TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
/** Products (`name` or `name/version`) separated by single spaces. */
const PRODUCTS = new RegExp(`^${TOKEN}(?:/${TOKEN})?(?: ${TOKEN}(?:/${TOKEN})?)*$`, "u");
/** The longest `userAgent` option taken. */
export const MAX_USER_AGENT = 200;

/**
 * The header's value: this package, `runtime` (see {@link runtimeProduct}), then `app` (the caller's `userAgent` option),
 * which must be products of token characters (`fleetbot/1.2`, `fleetbot/1.2 ops-team`), at
 * most 200 characters. Throws EdisValidationError for anything else.
 */
export function userAgentHeader(app: unknown, runtime: string | undefined): string {
  if (app !== undefined) {
    if (typeof app !== "string" || app.length > MAX_USER_AGENT || !PRODUCTS.test(app)) {
      throw new EdisValidationError({
        field: "userAgent",
        reason: `option must be products such as "myapp/1.2" (printable ASCII token characters, "/" and single spaces, at most ${MAX_USER_AGENT} characters)`,
      });
    }
  }
  return [`edis-global/${VERSION}`, runtime, app].filter((part) => part !== undefined).join(" ");
}
