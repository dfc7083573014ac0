/** Entry point of `npm run spec:diff` (cli.ts has the command). */
import { processIo } from "../lib/cli-io.js";
import { runDiff } from "./cli.js";

process.exitCode = runDiff(process.argv.slice(2), processIo);
