/**
 * `npm run docs`: the API reference of what `import … from "edis-global"` offers, from
 * src/index.ts into api-reference/ (not committed). Every warning fails the build, and an export without
 * documentation is a warning.
 *
 * It documents what a user reads: the client and its namespaces with every method, options,
 * errors, sessions and webhooks. scripts/typedoc/reader-surface.js keeps the spec-shaped types
 * out of the pages (they are still exported) and inlines each operation's params where it is
 * used; the whole reference stays under 1 MB.
 */
import { OptionDefaults } from "typedoc";

/** @type {Partial<import("typedoc").TypeDocOptions>} */
export default {
  entryPoints: ["src/index.ts"],
  tsconfig: "tsconfig.build.json",
  out: "api-reference",
  plugin: ["./scripts/typedoc/reader-surface.js"],
  // The default theme without the code preview on top of each interface's page (the plugin).
  theme: "edis-reader",
  treatWarningsAsErrors: true,
  // The repository has no public remote to link to; a clone's "origin" is a local path.
  disableSources: true,
  // Members inherited from TypeScript's lib (Error's stack, message, cause…) are not this
  // package's API; each error class documents what it adds.
  excludeExternals: true,
  // No filter checkboxes (no member is protected or private) and no generator line on every page.
  visibilityFilters: {},
  hideGenerator: true,
  // The landing page is the list of exports: the README is the package's front page already
  // (npm, the repository), and as the reference's index it was a tenth of its size.
  readme: "none",
  // Each error class's page shows its place under EdisError; no separate hierarchy page.
  includeHierarchySummary: false,
  // openapi-typescript copies the spec's descriptions into generated/openapi.ts as @description.
  blockTags: [...OptionDefaults.blockTags, "@description"],
  validation: { notExported: true, invalidLink: true, rewrittenLink: true, notDocumented: true },
  // Every kind TypeDoc requires by default except Property. The members that would be flagged
  // come from the spec: the response schemas' fields. The spec documents them; src/ documents
  // its own.
  requiredToBeDocumented: OptionDefaults.requiredToBeDocumented.filter((kind) => kind !== "Property"),
  // Helper types that appear in exported signatures but are not part of the API themselves.
  intentionallyNotExported: ["src/errors.ts:EdisErrorOptions", "generated/params.ts:Decoded"],
};
