/**
 * The spec that ships in the package (spec/edis-management-api.yaml, spec/edis-order-api.yaml),
 * read and compiled for `edis contract check`. The package root is found from this file up (the
 * bundled bin lives in dist/, the sources in src/contract/), and the `yaml` and `ajv` packages are
 * loaded here, on demand, so that no other command pays for them at start-up.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type AjvModules, type ResponseSchemas, type SpecDocument, compileResponseSchemas, createSpecAjv } from "./spec-schemas.js";
import { keptByText } from "../kept-by-text.js";

/** The documents `edis contract check` judges answers by, management first. */
export const SHIPPED_SPECS = ["spec/edis-management-api.yaml", "spec/edis-order-api.yaml"] as const;

/** The directory of the installed package: the nearest one above this file with the package.json of edis-global. */
export function packageRoot(from: string = fileURLToPath(import.meta.url)): string {
  for (let dir = dirname(from); ; dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name?: string };
      if (pkg.name === "edis-global") return dir;
    } catch {
      // No (readable) package.json here: look further up.
    }
    if (dirname(dir) === dir) throw new Error("the edis-global package (and its spec/) was not found above the edis command");
  }
}

/** ajv and ajv-formats, loaded now (ajv-formats is CommonJS: its plugin may arrive under `default`). */
async function loadAjv(): Promise<AjvModules> {
  const [{ Ajv }, formats] = await Promise.all([import("ajv"), import("ajv-formats")]);
  const plugin = formats.default as unknown as { default?: AjvModules["addFormats"] } & AjvModules["addFormats"];
  return { Ajv, addFormats: plugin.default ?? plugin };
}

/**
 * The schemas of the documents read last, by their text: a process that runs the check more
 * than once (edis in-process, as its tests run it) parses and compiles a document once (about
 * half a second for both), and a changed file is read anew. The validators keep no state
 * between calls.
 */
const compiledByText = keptByText<ResponseSchemas>(4);

/** The shipped documents' response schemas, each with an ajv of its own. */
export async function loadShippedSchemas(root: string = packageRoot()): Promise<ResponseSchemas[]> {
  const [{ parse }, modules] = await Promise.all([import("yaml"), loadAjv()]);
  return SHIPPED_SPECS.map((file) => {
    return compiledByText(readFileSync(join(root, file), "utf8"), (text) => compileResponseSchemas(createSpecAjv(modules, false), parse(text) as SpecDocument));
  });
}
