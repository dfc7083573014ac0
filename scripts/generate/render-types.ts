/**
 * generated/openapi.ts (and openapi-<api>.ts for each other document of spec/): a document's
 * types, by openapi-typescript, with a comment on each root
 * interface (openapi-typescript writes them without one, and the API reference needs one).
 * A post-processing step that finds nothing to change throws: openapi-typescript's output
 * changed shape, and the step has to follow it rather than quietly do nothing.
 */
import { pathToFileURL } from "node:url";
import openapiTS, { astToString } from "openapi-typescript";
import { banner } from "./banner.js";

/** Root interface → its comment. */
const ROOT_COMMENTS: Readonly<Record<string, string>> = {
  paths: "Every path of the spec with its operations, as openapi-typescript types them.",
  components: "The spec's components (schemas), as openapi-typescript types them.",
  operations: "Every operation of the spec by operationId: its request body and responses.",
};

/** `text` with `find` replaced once; throws when `find` is not in it. */
export function replaceOnce(text: string, find: string, replacement: string): string {
  const at = text.indexOf(find);
  if (at < 0) throw new Error(`post-processing of openapi-typescript's output: ${JSON.stringify(find)} is not in it`);
  return text.slice(0, at) + replacement + text.slice(at + find.length);
}

export function commentRoots(types: string): string {
  let out = types;
  for (const [name, comment] of Object.entries(ROOT_COMMENTS)) {
    const declaration = `export interface ${name} {`;
    out = replaceOnce(out, declaration, `/** ${comment} */\n${declaration}`);
  }
  return out;
}

/** generated/openapi.ts for the management document, generated/openapi-<api>.ts for another. */
export function typesFileOf(api: string): string {
  return api === "management" ? "openapi" : `openapi-${api}`;
}

export async function renderTypes(specPath: string, api = "management"): Promise<string> {
  const ast = await openapiTS(pathToFileURL(specPath), { exportType: false, alphabetize: false });
  return commentRoots(`${banner(`generated/${typesFileOf(api)}.ts`, `spec/edis-${api}-api.yaml`)}\n${astToString(ast)}`);
}
