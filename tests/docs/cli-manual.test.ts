/**
 * docs/cli.md is the manual the command table prints: a command, flag or help text changed
 * without `npm run docs:cli` fails here, as a spec change without `npm run generate` fails
 * generate:check.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";
import { MANUAL_PATH, commandPaths, renderCliManual } from "../../scripts/lib/cli-manual.js";

const manualFile = fileURLToPath(new URL(`../../${MANUAL_PATH}`, import.meta.url));

test("docs/cli.md is what npm run docs:cli writes from the command table (run it and commit the file)", async () => {
  const manual = await renderCliManual();
  expect(readFileSync(manualFile, "utf8") === manual, `${MANUAL_PATH} is stale: run npm run docs:cli`).toBe(true);
}, 60_000);

test("the manual has a section for every command, ORDER and the hand-written PTR commands included", async () => {
  const manual = readFileSync(manualFile, "utf8");
  const paths = commandPaths().map((p) => p.join(" "));
  expect(paths).toEqual(expect.arrayContaining(["ptr sync", "order add", "context create", "contract check", "simulate", "call"]));
  for (const path of paths) expect(manual).toContain(`\n## edis ${path}\n`);
});
