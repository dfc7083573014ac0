/**
 * `npm run docs:cli`: writes docs/cli.md, the `edis` manual, from the command table
 * (scripts/lib/cli-manual.ts). `--check` writes nothing and exits 1 when the file is stale, as
 * `generate:check` does for generated/.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { MANUAL_PATH, renderCliManual } from "./lib/cli-manual.js";

const file = fileURLToPath(new URL(`../${MANUAL_PATH}`, import.meta.url));
const manual = await renderCliManual();
if (process.argv.includes("--check")) {
  let current = "";
  try {
    current = readFileSync(file, "utf8");
  } catch {}
  if (current !== manual) {
    console.error(`${MANUAL_PATH} is stale: run npm run docs:cli and commit it`);
    process.exit(1);
  }
  console.log(`${MANUAL_PATH} is up to date`);
} else {
  writeFileSync(file, manual);
  console.log(`wrote ${MANUAL_PATH}`);
}
