/**
 * Which transport a suite runs over, so that the contract and reliability suites run once over
 * each (vitest.config.ts defines a project per transport). `EDIS_TEST_TRANSPORT=fetch`: every
 * client of the shared test servers is given a fetch (the global one, behind a function of the
 * test's, so the client treats it as injected). Otherwise the client's default: node:http on Node.
 */
export type TestTransport = "node" | "fetch";

export const TEST_TRANSPORT: TestTransport = process.env.EDIS_TEST_TRANSPORT === "fetch" ? "fetch" : "node";

/** The client options that select {@link TEST_TRANSPORT}. */
export function transportOptions(): { fetch?: typeof fetch } {
  return TEST_TRANSPORT === "fetch" ? { fetch: (input, init) => globalThis.fetch(input, init) } : {};
}
