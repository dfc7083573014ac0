/**
 * How the shipped JavaScript is built: esbuild bundles each entry into one ES module, because
 * Node's loader pays per file (importing the client as 20 modules took about 2.5 times as long
 * as importing it as one; BENCHMARKS.md). Runtime dependencies stay outside the bundles and
 * are loaded from node_modules as usual.
 */
import { build } from "esbuild";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));
const pkg = JSON.parse(readFileSync(`${root}/package.json`, "utf8")) as { dependencies: Record<string, string> };

/** The entries: the library and the `edis` command. */
export const ENTRIES = { library: "src/index.ts", cli: "src/cli/main.ts" } as const;

/** Bundles `entry` (one of {@link ENTRIES}) into `outfile`. */
export async function bundle(entry: string, outfile: string): Promise<void> {
  await build({
    absWorkingDir: root,
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    external: Object.keys(pkg.dependencies),
    logLevel: "warning",
    legalComments: "none",
  });
}
