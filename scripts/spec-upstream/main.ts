/** Entry point of `npm run spec:upstream` (cli.ts has the command). */
import { processIo } from "../lib/cli-io.js";
import { runUpstream } from "./cli.js";

process.exitCode = runUpstream(process.argv.slice(2), processIo);
