/**
 * How the shipped JavaScript is built: esbuild bundles each entry into one file, because
 * Node's loader pays per file (importing the client as 20 modules took about 2.5 times as long
 * as importing it as one; BENCHMARKS.md). The library is built three times: as an ES module for
 * Node, Bun and Deno; as CommonJS for `require` (its types are rolled up by scripts/lib/dts-cjs.ts);
 * and as a fetch-only ES module for Cloudflare Workers and browsers, where
 * src/request/fetch-only-transport.ts stands in for the node:http transport. The ES modules load the
 * library's runtime dependencies from node_modules. The `edis` command carries commander inside
 * its bundle: resolving and loading it as a package, commander through Node's CommonJS loader, was most of what
 * `edis --help` cost beyond a commander hello-world (BENCHMARKS.md, start-up). `yaml` stays
 * outside: only `-o yaml` loads it, with a dynamic import; so do `ajv` and `ajv-formats`, which
 * only `edis contract check` loads (with `yaml`, for the shipped spec). The simulator stays
 * outside too: `edis simulate` alone loads it, from dist/edis-global-testing.js beside the bin
 * (the file `edis-global/testing` ships), so no other command parses it. The licences of what is
 * bundled go to dist/THIRD-PARTY-NOTICES.txt.
 */
import { type Plugin, build } from "esbuild";
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));
const pkg = JSON.parse(readFileSync(`${root}/package.json`, "utf8")) as { dependencies: Record<string, string> };

/** The entries: the library, the `edis` command, and the simulator (`edis-global/testing`). */
export const ENTRIES = { library: "src/index.ts", cli: "src/cli/main.ts", testing: "src/testing/index.ts" } as const;

/** Every file `npm run build` writes that the package ships and the build's staleness check looks for. */
export const BUILD_OUTPUTS = [
  "dist/edis-global.js",
  "dist/edis-global.cjs",
  "dist/edis-global.d.cts",
  "dist/edis-global.fetch.js",
  "dist/edis-cli.js",
  "dist/THIRD-PARTY-NOTICES.txt",
  "dist/src/index.d.ts",
  "dist/edis-global-testing.js",
  "dist/src/testing/index.d.ts",
] as const;

/** The packages the `edis` command's bundle carries inside it rather than loading from node_modules. */
export const BUNDLED_IN_CLI = ["commander"] as const;

/** Where each bundled package's code is copied to. */
const BUNDLED_INTO: Record<(typeof BUNDLED_IN_CLI)[number], string> = {
  commander: "dist/edis-cli.js",
};

/** Writes the licence of every package bundled into a file of dist/ to `outfile`. */
export function writeNotices(outfile: string): void {
  const notices = BUNDLED_IN_CLI.map((name) => {
    const { version } = JSON.parse(readFileSync(`${root}/node_modules/${name}/package.json`, "utf8")) as { version: string };
    return `${name} ${version} (bundled into ${BUNDLED_INTO[name]})\n\n${readFileSync(`${root}/node_modules/${name}/LICENSE`, "utf8").trim()}\n`;
  });
  writeFileSync(`${root}/${outfile}`, notices.join(`\n${"-".repeat(72)}\n\n`));
}

/**
 * What a bundle is built for: Node's ES modules (the default), Node's CommonJS, fetch-only
 * runtimes, or every runtime at once (`neutral`: the simulator, whose one Node import, node:http
 * for `listen`, is dynamic and stays outside the bundle).
 */
export type Flavour = "esm" | "cjs" | "fetch-only" | "neutral";

/** Resolves `./node-transport.js` to src/request/fetch-only-transport.ts, so that no node: import is bundled. */
const fetchOnly: Plugin = {
  name: "fetch-only-transport",
  setup(b) {
    b.onResolve({ filter: /^\.\/node-transport\.js$/ }, () => ({ path: `${root}/src/request/fetch-only-transport.ts` }));
    // No TCP socket there for vps.waitForSsh: it fails at once, saying so.
    b.onResolve({ filter: /^\.\/ssh-socket\.js$/ }, () => ({ path: `${root}/src/helpers/fetch-only-ssh-socket.ts` }));
    // Anything else that still reached for a Node module would fail here, at build time.
    b.onResolve({ filter: /^node:/ }, (args) => ({ errors: [{ text: `${args.path} imported by ${args.importer} in the fetch-only build` }] }));
  },
};

/** The simulator's bundle, beside the CLI's in dist/ (and in the test build's directory). */
export const SIMULATOR_BESIDE_CLI = "./edis-global-testing.js";

/** In the CLI's bundle, the dynamic import of the simulator (src/cli/commands/simulate.ts) loads its own bundle. */
const simulatorOutside: Plugin = {
  name: "simulator-outside",
  setup(b) {
    b.onResolve({ filter: /\/testing\/index\.js$/ }, (args) =>
      args.kind === "dynamic-import"
        ? { path: SIMULATOR_BESIDE_CLI, external: true }
        : { errors: [{ text: `${args.importer} imports the simulator statically` }] },
    );
  },
};

/** Bundles `entry` (one of {@link ENTRIES}) into `outfile`. */
export async function bundle(entry: string, outfile: string, flavour: Flavour = "esm"): Promise<void> {
  const bundled: readonly string[] = entry === ENTRIES.cli ? BUNDLED_IN_CLI : [];
  await build({
    absWorkingDir: root,
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: flavour === "fetch-only" || flavour === "neutral" ? "neutral" : "node",
    format: flavour === "cjs" ? "cjs" : "esm",
    target: flavour === "fetch-only" || flavour === "neutral" ? "es2022" : "node20",
    external:
      flavour === "cjs" ? [] : [...Object.keys(pkg.dependencies).filter((name) => !bundled.includes(name)), ...(flavour === "neutral" ? ["node:*"] : [])],
    plugins: flavour === "fetch-only" ? [fetchOnly] : entry === ENTRIES.cli ? [simulatorOutside] : [],
    logLevel: "warning",
    legalComments: "none",
    // commander is CommonJS: its require() of Node's modules needs a require in an ES module.
    ...(bundled.includes("commander")
      ? { banner: { js: 'import { createRequire as __edisCreateRequire } from "node:module";\nconst require = __edisCreateRequire(import.meta.url);' } }
      : {}),
  });
}
