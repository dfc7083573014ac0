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
 * The generator's own errors print as one line without a stack. The run is run.ts.
 */
import { generate } from "./run.js";

const specArg = process.argv.indexOf("--spec");
const { code, stdout, stderr } = await generate({ check: process.argv.includes("--check"), specPath: specArg >= 0 ? process.argv[specArg + 1] : undefined });
process.stdout.write(stdout);
process.stderr.write(stderr);
process.exitCode = code;
