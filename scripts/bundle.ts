/**
 * The second half of `npm run build` (tsc writes the declarations): the library, as an ES
 * module, as CommonJS with its rolled-up types, and as a fetch-only ES module, and the `edis`
 * command, each bundled into one file (scripts/lib/bundle.ts says why); and the simulator of
 * `edis-global/testing`, one ES module for every runtime, kept out of the library's bundle.
 */
import { ENTRIES, bundle, writeNotices } from "./lib/bundle.js";
import { rollUpCjsTypes } from "./lib/dts-cjs.js";

await Promise.all([
  bundle(ENTRIES.library, "dist/edis-global.js"),
  bundle(ENTRIES.library, "dist/edis-global.cjs", "cjs"),
  bundle(ENTRIES.library, "dist/edis-global.fetch.js", "fetch-only"),
  bundle(ENTRIES.cli, "dist/edis-cli.js"),
  bundle(ENTRIES.testing, "dist/edis-global-testing.js", "neutral"),
]);
rollUpCjsTypes();
writeNotices("dist/THIRD-PARTY-NOTICES.txt");
