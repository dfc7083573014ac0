/**
 * The second half of `npm run build` (tsc writes the declarations): the library and the `edis`
 * command, each bundled into one ES module (scripts/lib/bundle.ts says why).
 */
import { ENTRIES, bundle, writeNotices } from "./lib/bundle.js";

await Promise.all([bundle(ENTRIES.library, "dist/edis-global.js"), bundle(ENTRIES.cli, "dist/edis-cli.js")]);
writeNotices("dist/THIRD-PARTY-NOTICES.txt");
