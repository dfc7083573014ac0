/**
 * The GitHub workflow runs Stryker as one job per module: its matrix must name exactly the
 * modules stryker.config.mjs mutates, or a module added to the config would never be measured.
 */
import { readFileSync } from "node:fs";
import { expect, test } from "vitest";
import { parse } from "yaml";

/** The config is plain JavaScript without types; its default export is read as data. */
const config = ((await import("../stryker.config.mjs" as string)) as { default: { mutate: string[] } }).default;

test("the workflow's mutation matrix is stryker.config.mjs's mutate list", () => {
  const workflow = parse(readFileSync(new URL("../.github/workflows/ci.yml", import.meta.url), "utf8")) as {
    jobs: { mutation: { strategy: { matrix: { module: string[] } } } };
  };
  const modules = workflow.jobs.mutation.strategy.matrix.module.map((m) => `src/${m}.ts`);
  expect([...modules].sort()).toEqual([...config.mutate].sort());
  expect(modules.length).toBeGreaterThan(0);
});
