/**
 * How the shipped JavaScript is built: esbuild bundles each entry into one ES module, because
 * Node's loader pays per file (importing the client as 20 modules took about 2.5 times as long
 * as importing it as one; BENCHMARKS.md). The library's runtime dependencies stay outside its
 * bundle and are loaded from node_modules as usual. The `edis` command carries commander and
 * openapi-fetch inside its bundle (their licences go to dist/THIRD-PARTY-NOTICES.txt): resolving
 * and loading them as packages, commander through Node's CommonJS loader, was most of what
 * `edis --help` cost beyond a commander hello-world (BENCHMARKS.md, start-up). `yaml` stays
 * outside: only `-o yaml` loads it, with a dynamic import; so do `ajv` and `ajv-formats`, which
 * only `edis contract check` loads (with `yaml`, for the shipped spec).
 */
import { build } from "esbuild";
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));
const pkg = JSON.parse(readFileSync(`${root}/package.json`, "utf8")) as { dependencies: Record<string, string> };

/** The entries: the library and the `edis` command. */
export const ENTRIES = { library: "src/index.ts", cli: "src/cli/main.ts" } as const;

/** The packages the `edis` command's bundle carries inside it rather than loading from node_modules. */
export const BUNDLED_IN_CLI = ["commander", "openapi-fetch"] as const;

/** Writes the licence of every package bundled into the `edis` command to `outfile`. */
export function writeNotices(outfile: string): void {
  const notices = BUNDLED_IN_CLI.map((name) => {
    const { version } = JSON.parse(readFileSync(`${root}/node_modules/${name}/package.json`, "utf8")) as { version: string };
    return `${name} ${version} (bundled into dist/edis-cli.js)\n\n${readFileSync(`${root}/node_modules/${name}/LICENSE`, "utf8").trim()}\n`;
  });
  writeFileSync(`${root}/${outfile}`, notices.join(`\n${"-".repeat(72)}\n\n`));
}

/** Bundles `entry` (one of {@link ENTRIES}) into `outfile`. */
export async function bundle(entry: string, outfile: string): Promise<void> {
  const bundled: readonly string[] = entry === ENTRIES.cli ? BUNDLED_IN_CLI : [];
  await build({
    absWorkingDir: root,
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    external: Object.keys(pkg.dependencies).filter((name) => !bundled.includes(name)),
    logLevel: "warning",
    legalComments: "none",
    // commander is CommonJS: its require() of Node's modules needs a require in an ES module.
    ...(bundled.includes("commander")
      ? { banner: { js: 'import { createRequire as __edisCreateRequire } from "node:module";\nconst require = __edisCreateRequire(import.meta.url);' } }
      : {}),
  });
}
