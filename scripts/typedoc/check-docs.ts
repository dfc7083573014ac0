/**
 * After `typedoc` in `npm run docs`: the reference stays under its budget (1.3 MB, every file of
 * api-reference/ counted), and each generated namespace's page lists every method with the summary of
 * its operation, so that a change to the plugin or the theme cannot quietly drop them.
 */
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { namespaceTable, operationTable } from "../../generated/table.js";

const DOCS = fileURLToPath(new URL("../../api-reference", import.meta.url));
const BUDGET = 1_300_000;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

const problems: string[] = [];
const all = files(DOCS);
const bytes = all.reduce((sum, file) => sum + statSync(file).size, 0);
if (bytes > BUDGET) problems.push(`api-reference/ is ${bytes} bytes, over the budget of ${BUDGET}`);

for (const [namespace, methods] of Object.entries(namespaceTable)) {
  if (namespace === "auth") continue; // written by hand (EdisAuth), not generated
  const page = join(DOCS, "interfaces", `Edis${namespace[0]!.toUpperCase()}${namespace.slice(1)}.html`);
  let html = "";
  try {
    html = readFileSync(page, "utf8");
  } catch {
    problems.push(`no page for the namespace ${namespace}`);
    continue;
  }
  for (const [method, operationId] of Object.entries(methods)) {
    const summary = operationTable[operationId as keyof typeof operationTable].summary;
    if (!html.includes(`id="${method.toLowerCase()}"`) || !html.includes(summary)) {
      problems.push(`the page of ${namespace} lacks ${method} with its summary "${summary}"`);
    }
  }
}

if (problems.length > 0) {
  for (const problem of problems) console.error(`docs: ${problem}`);
  process.exit(1);
}
console.log(`docs: ${all.length} files, ${bytes} bytes; every namespace method is on its page`);
