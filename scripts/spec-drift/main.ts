/** Entry point of `npm run spec:drift` (cli.ts has the command). */
import { processIo } from "../lib/cli-io.js";
import { runDrift } from "./cli.js";

process.exitCode = runDrift(process.argv.slice(2), processIo);
