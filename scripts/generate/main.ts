/**
 * `npm run generate`: spec/ → generated/, from every document spec/edis-<api>-api.yaml,
 * merged into one model (read-specs.ts) and one runtime table.
 *
 * - generated/openapi.ts: the management document's types, by openapi-typescript
 *   (render-types.ts); generated/openapi-<api>.ts: each other document's (openapi-order.ts).
 * - generated/table.ts: the runtime's per-operation table, callbacks and namespaces (render-table.ts).
 * - generated/params.ts: the params and the result of every operation (render-params.ts).
 * - generated/namespaces.ts: the namespace methods, with the spec's words (render-namespaces.ts).
 * - generated/display.ts: how the CLI shows result values on a terminal (render-display.ts).
 * - generated/operations.ts: all of the above that the runtime imports, in one module.
 * - generated/request-validators.ts, response-validators.ts, answers.ts: the simulator's
 *   checks of requests and answers, compiled here for every runtime (render-validators.ts).
 * - spec/edis-<api>-api.prism.yaml: the document users start Prism from (render-prism-view.ts),
 *   shipped beside the spec and held to it like generated/.
 *
 * `npm run generate:check` (`--check`) writes nothing: it produces the same files in memory
 * and fails when any differs, byte for byte, from what is committed, showing the first
 * differing lines. `--spec FILE` reads another management document (the tests give it a broken copy).
 * The generator's own errors print as one line without a stack.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { loadSpec } from "../lib/spec.js";
import { firstDifferences } from "../lib/text-diff.js";
import { banner } from "./banner.js";
import { renderDisplay } from "./render-display.js";
import { type SpecDocument, readSpecs, specDocuments } from "./read-specs.js";
import { renderNamespaces } from "./render-namespaces.js";
import { renderParams } from "./render-params.js";
import { prismViewFileOf, renderPrismView } from "./render-prism-view.js";
import { renderTable } from "./render-table.js";
import { renderTypes, typesFileOf } from "./render-types.js";
import { renderValidators } from "./render-validators.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** generated/operations.ts: kept so that the modules importing it need not know the split. */
function renderIndex(): string {
  return [
    banner("generated/operations.ts"),
    "/** The generated tables, params and namespaces, and the types of the tables (src/operation-spec.ts). */",
    'export type { BinaryInput, CallbackSpec, DataUri, FieldRule, OperationField, OperationSpec } from "../src/operation-spec.js";',
    'export * from "./namespaces.js";',
    'export * from "./params.js";',
    'export * from "./table.js";',
    "",
  ].join("\n");
}

async function render(documents: readonly SpecDocument[]): Promise<Map<string, string>> {
  const model = readSpecs(documents);
  const out = (name: string) => join(ROOT, "generated", name);
  const types = await Promise.all(documents.map(async (doc) => [out(`${typesFileOf(doc.api)}.ts`), await renderTypes(doc.path, doc.api)] as const));
  return new Map([
    ...types,
    [out("table.ts"), renderTable(model)],
    [out("params.ts"), renderParams(model)],
    [out("namespaces.ts"), renderNamespaces(model)],
    [out("display.ts"), renderDisplay(documents.map((doc) => loadSpec(doc.path)))],
    [out("operations.ts"), renderIndex()],
    ...Object.entries(renderValidators(documents)).map(([name, content]) => [out(name), content] as const),
    // The Prism view of each document ships beside it in spec/ (render-prism-view.ts).
    ...documents.map((doc) => [join(ROOT, prismViewFileOf(doc.api)), renderPrismView(doc.path, doc.api)] as const),
  ]);
}

function readOrUndefined(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}

async function main(): Promise<void> {
  const check = process.argv.includes("--check");
  const specArg = process.argv.indexOf("--spec");
  const specPath = specArg >= 0 ? process.argv[specArg + 1] : undefined;
  const documents = specDocuments().map((doc) => (doc.api === "management" && specPath ? { ...doc, path: specPath } : doc));
  const files = await render(documents);
  const stale: string[] = [];
  for (const [path, content] of files) {
    const name = relative(ROOT, path);
    if (check) {
      const current = readOrUndefined(path);
      if (current !== content) {
        stale.push(name);
        // What is stale, not only which file: the first differing lines.
        console.error(
          current === undefined ? `${name} is missing` : firstDifferences(current, content, `${name} (committed)`, `${name} (what spec/ produces)`).join("\n"),
        );
      }
    } else {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, content);
      console.log(`wrote ${name}`);
    }
  }
  if (stale.length > 0) {
    console.error(`generated/ is stale: ${stale.join(", ")} differ from what spec/ produces. Run \`npm run generate\` and commit.`);
    process.exit(1);
  }
  if (check) console.log("generated/ is up to date with spec/");
}

try {
  await main();
} catch (error) {
  // The generator's own findings (a taken x-edis-method, a missing type…) are messages for
  // the maintainer who edited the spec, not crashes: one line, no stack.
  console.error(`generate: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
