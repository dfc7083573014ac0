/**
 * docs/testing.md's worked examples are these files, byte for byte: the vitest ones run in
 * this suite as they are (testing-vitest.test.ts, testing-scenarios.test.ts), the node:test one
 * runs here under `node --test`, and `npm run typecheck` compiles all three.
 */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";
import { TESTING_EXAMPLES, markdownBlocks } from "../../test-support/readme-examples.js";

const file = (name: string) => fileURLToPath(new URL(name, import.meta.url));
const EXAMPLES = ["testing-vitest.test.ts", "testing-node-test.ts", "testing-scenarios.test.ts"];

test("the TypeScript blocks of docs/testing.md's examples are the example files, in order", () => {
  const blocks = markdownBlocks(TESTING_EXAMPLES.file, TESTING_EXAMPLES.heading).filter((b) => b.lang === "ts");
  expect(blocks.map((b) => b.code)).toEqual(EXAMPLES.map((name) => readFileSync(file(name), "utf8")));
});

test("the node:test example passes under node --test", async () => {
  const root = fileURLToPath(new URL("../..", import.meta.url));
  const result = await new Promise<{ code: number; out: string }>((resolve) => {
    execFile(process.execPath, ["--import", "tsx", "--test", file("testing-node-test.ts")], { cwd: root }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code) : 0, out: stdout + stderr }),
    );
  });
  expect(result.out).toMatch(/^# pass 2$/mu);
  expect(result.out).toMatch(/^# fail 0$/mu);
  expect(result.code).toBe(0);
}, 120_000);
