/**
 * Builds the package (`npm run build`) only if its inputs changed since the last build, so that
 * one `npm test` builds once although test:package, size and bench:smoke each need dist/. The
 * inputs (sources, generated code, the spec, the build's own configuration and scripts) are
 * hashed; the hash is kept in dist/.build-inputs, written after a build that succeeded.
 * `--print`: says whether a build is due, and does nothing. Everything it and the build print
 * goes to stderr: as `prepack` it runs inside `npm pack --json`, whose stdout is JSON.
 *
 * `--docs` (npm test's package lane): the API reference as well (what `npm run docs` does). When a build
 * is due, one TypeScript program serves both: TypeDoc checks it, emits the declarations that
 * `tsc -p tsconfig.build.json` would (typedoc.config.js names that tsconfig; `--emit both`)
 * and converts the same program, so the pinned compiler checks src/ once instead of twice. The
 * declarations and the pages are byte for byte those of the two separate runs. Then the bundles
 * (scripts/bundle.ts) and the reference's own check (scripts/typedoc/check-docs.ts).
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { BUILD_OUTPUTS } from "./lib/bundle.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const STAMP = join(root, "dist", ".build-inputs");
const INPUT_DIRS = ["src", "generated"];
const INPUT_FILES = [
  "package.json",
  "package-lock.json",
  "tsconfig.json",
  "tsconfig.build.json",
  "scripts/bundle.ts",
  "scripts/lib/bundle.ts",
  "scripts/lib/dts-cjs.ts",
  "api-extractor.json",
  "spec/edis-management-api.yaml",
];
const OUTPUTS = BUILD_OUTPUTS;

function filesUnder(dir: string): string[] {
  return readdirSync(join(root, dir), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath ?? (entry as { path?: string }).path ?? dir, entry.name)));
}

function inputsHash(): string {
  const hash = createHash("sha256");
  for (const file of [...INPUT_DIRS.flatMap(filesUnder), ...INPUT_FILES].sort()) {
    hash.update(`${file}\0`);
    hash.update(existsSync(join(root, file)) ? readFileSync(join(root, file)) : "(none)");
    hash.update("\0");
  }
  return hash.digest("hex");
}

const inherit = ["ignore", process.stderr, process.stderr] as const;
function npm(args: string[]): void {
  execFileSync(process.platform === "win32" ? "npm.cmd" : "npm", args, { cwd: root, stdio: [...inherit] });
}

function typedoc(args: string[]): void {
  execFileSync(process.execPath, [join(root, "node_modules", "typedoc", "bin", "typedoc"), ...args], { cwd: root, stdio: [...inherit] });
}

const docs = process.argv.includes("--docs");
const hash = inputsHash();
const fresh = OUTPUTS.every((f) => existsSync(join(root, f))) && existsSync(STAMP) && readFileSync(STAMP, "utf8") === hash;
if (process.argv.includes("--print")) {
  console.error(fresh ? "dist/ is up to date" : "dist/ is stale");
} else if (fresh) {
  console.error("build: dist/ is up to date with its inputs, not rebuilt");
  if (docs) {
    // npm run docs, without two more processes.
    typedoc([]);
    await import("./typedoc/check-docs.js");
  }
} else if (docs) {
  typedoc(["--emit", "both"]);
  await import("./bundle.js");
  await import("./typedoc/check-docs.js");
  writeFileSync(STAMP, hash);
} else {
  npm(["run", "--silent", "build"]);
  writeFileSync(STAMP, hash);
}
