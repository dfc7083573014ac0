/**
 * How the shipped JavaScript is built: esbuild bundles each entry into one file, because
 * Node's loader pays per file (importing the client as 20 modules took about 2.5 times as long
 * as importing it as one; BENCHMARKS.md). Runtime dependencies stay outside the bundles and
 * are loaded from node_modules as usual (except in the CommonJS build). The library is built three times: as an ES module for
 * Node, Bun and Deno; as CommonJS for `require` (its types are rolled up by scripts/lib/dts-cjs.ts);
 * and as a fetch-only ES module for Cloudflare Workers and browsers, where
 * src/fetch-only-transport.ts stands in for the node:http transport.
 */
import { type Plugin, build } from "esbuild";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));
const pkg = JSON.parse(readFileSync(`${root}/package.json`, "utf8")) as { dependencies: Record<string, string> };

/** The entries: the library and the `edis` command. */
export const ENTRIES = { library: "src/index.ts", cli: "src/cli/main.ts" } as const;

/** What a bundle is built for: Node's ES modules (the default), Node's CommonJS, or fetch-only runtimes. */
export type Flavour = "esm" | "cjs" | "fetch-only";

/** Resolves `./node-transport.js` to src/fetch-only-transport.ts, so that no node: import is bundled. */
const fetchOnly: Plugin = {
  name: "fetch-only-transport",
  setup(b) {
    b.onResolve({ filter: /^\.\/node-transport\.js$/ }, () => ({ path: `${root}/src/fetch-only-transport.ts` }));
    // Anything else that still reached for a Node module would fail here, at build time.
    b.onResolve({ filter: /^node:/ }, (args) => ({ errors: [{ text: `${args.path} imported by ${args.importer} in the fetch-only build` }] }));
  },
};

/** Bundles `entry` (one of {@link ENTRIES}) into `outfile`. */
export async function bundle(entry: string, outfile: string, flavour: Flavour = "esm"): Promise<void> {
  await build({
    absWorkingDir: root,
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: flavour === "fetch-only" ? "neutral" : "node",
    format: flavour === "cjs" ? "cjs" : "esm",
    target: flavour === "fetch-only" ? "es2022" : "node20",
    // The CommonJS build carries openapi-fetch's ES module inside it: esbuild would load its CommonJS
    // build the way Node does, as a namespace whose `default` is not the function the client calls.
    external: flavour === "cjs" ? [] : Object.keys(pkg.dependencies),
    plugins: flavour === "fetch-only" ? [fetchOnly] : [],
    logLevel: "warning",
    legalComments: "none",
  });
}
