/**
 * The generator's run (scripts/generate/main.ts is this and the exit): spec/ → generated/, see
 * main.ts for the files. A test runs it in-process.
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

/** What a run of the generator printed, and its exit code. */
export interface GenerateRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * `npm run generate` (`check`: `generate:check`), `specPath` in place of the management
 * document: renders every file, then writes them or compares them with what is committed.
 */
export async function generate(options: { check: boolean; specPath?: string | undefined }): Promise<GenerateRun> {
  const out: string[] = [];
  const err: string[] = [];
  const run = (code: number): GenerateRun => ({ code, stdout: out.map((l) => `${l}\n`).join(""), stderr: err.map((l) => `${l}\n`).join("") });
  try {
    const { check, specPath } = options;
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
          err.push(
            current === undefined
              ? `${name} is missing`
              : firstDifferences(current, content, `${name} (committed)`, `${name} (what spec/ produces)`).join("\n"),
          );
        }
      } else {
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(path, content);
        out.push(`wrote ${name}`);
      }
    }
    if (stale.length > 0) {
      err.push(`generated/ is stale: ${stale.join(", ")} differ from what spec/ produces. Run \`npm run generate\` and commit.`);
      return run(1);
    }
    if (check) out.push("generated/ is up to date with spec/");
    return run(0);
  } catch (error) {
    // The generator's own findings (a taken x-edis-method, a missing type…) are messages for
    // the maintainer who edited the spec, not crashes: one line, no stack.
    err.push(`generate: ${error instanceof Error ? error.message : String(error)}`);
    return run(1);
  }
}
