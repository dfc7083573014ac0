/**
 * node:crypto for the stores, loaded the first time a store needs it (a temporary file's name,
 * a cache file's name), not when the CLI starts: its import is about 4 ms of the process's
 * start-up, which `edis --help` and most commands never use (BENCHMARKS.md, issue 25).
 */
import { createRequire } from "node:module";

const load = createRequire(import.meta.url);

/** The node:crypto module, loaded on first use. */
export function nodeCrypto(): typeof import("node:crypto") {
  return load("node:crypto") as typeof import("node:crypto");
}
