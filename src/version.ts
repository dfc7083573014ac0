/**
 * The package's version, as the User-Agent header names it. A constant (as openai-node keeps
 * its own) so that every runtime and every way of loading the source has it without reading a
 * file; tests/user-agent.test.ts holds it equal to package.json's `version`.
 */
export const VERSION = "0.1.0";
