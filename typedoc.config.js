/**
 * `npm run docs`: the API reference of what `import … from "edis-global"` offers, from
 * src/index.ts into docs/ (not committed). Every warning fails the build, and an export without
 * documentation is a warning.
 */
import { OptionDefaults } from "typedoc";

/** @type {Partial<import("typedoc").TypeDocOptions>} */
export default {
  entryPoints: ["src/index.ts"],
  tsconfig: "tsconfig.build.json",
  out: "docs",
  treatWarningsAsErrors: true,
  // The repository has no public remote to link to; a clone's "origin" is a local path.
  disableSources: true,
  // openapi-typescript copies the spec's descriptions into generated/openapi.ts as @description.
  blockTags: [...OptionDefaults.blockTags, "@description"],
  validation: { notExported: true, invalidLink: true, rewrittenLink: true, notDocumented: true },
  // Every kind TypeDoc requires by default except Property. The members that would be flagged
  // come from the spec: the literal type of operationTable (about 1,500 members: hosts, fields,
  // rules) and the response schemas' fields. The spec documents them; src/ documents its own.
  requiredToBeDocumented: OptionDefaults.requiredToBeDocumented.filter((kind) => kind !== "Property"),
  // Helper types that appear in exported signatures but are not part of the API themselves.
  intentionallyNotExported: [
    "src/client.ts:NamespaceTable",
    "src/errors.ts:EdisErrorOptions",
    "generated/operations.ts:Decoded",
    "generated/operations.ts:OkBody",
    "generated/operations.ts:OperationField",
  ],
};
