/**
 * What src/request/node-transport.ts becomes in the fetch-only build (dist/edis-global.fetch.js, the
 * package's `workerd` and `browser` export): no runtime is Node there, so no node:http import
 * is left for a Workers bundler or a browser to trip over, and every request goes over fetch.
 * scripts/lib/bundle.ts puts this module in node-transport's place; nothing imports it by name.
 */
import type { Send } from "./wire.js";

/** Never Node in this build: the transport always takes fetch. */
export function isNode(): boolean {
  return false;
}

/** Unreachable while {@link isNode} is false; says so if a change ever makes it reachable. */
export function createNodeSend(_maxResponseBytes: number, _maxSockets: number): Send {
  throw new Error("edis-global: the fetch-only build has no Node transport");
}
