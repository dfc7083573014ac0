/** Entry point of `npm run spec:pull-request` (pull-request.ts has the command). */
import { processIo } from "../lib/cli-io.js";
import { runPullRequest } from "./pull-request.js";

process.exitCode = runPullRequest(process.argv.slice(2), processIo);
