/**
 * Vitest globalSetup of the unit project: bundles the CLI once, exactly as `npm run build`
 * does, so that the CLI tests that need a process (cli-process.ts) run `node edis-cli.js` as a
 * user's shell runs the installed bin (plain Node, no TypeScript loader; a process starts in
 * ~0.1 s instead of ~0.4 s with tsx).
 * The output goes to a fresh directory inside node_modules/.cache, not dist/, so that
 * concurrent runs and packing never see a half-written build, and bare imports (yaml, ajv)
 * resolve from the project's node_modules.
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { TestProject } from "vitest/node";
import { ENTRIES, bundle } from "../scripts/lib/bundle.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** The bundled CLI entry point (edis-cli.js), built as npm run build builds it. */
    cliMain: string;
  }
}

const root = fileURLToPath(new URL("..", import.meta.url));

export default async function setup(project: TestProject): Promise<() => void> {
  const cache = join(root, "node_modules", ".cache");
  mkdirSync(cache, { recursive: true });
  const outDir = mkdtempSync(join(cache, "edis-cli-test-"));
  const main = join(outDir, "edis-cli.js");
  // `edis simulate` loads the simulator from its own bundle beside the CLI's, as in dist/.
  await Promise.all([bundle(ENTRIES.cli, main), bundle(ENTRIES.testing, join(outDir, "edis-global-testing.js"), "neutral")]);
  project.provide("cliMain", main);
  return () => rmSync(outDir, { recursive: true, force: true });
}
