/**
 * `npm run contract:live`: the contract checks against the real EDIS API. One `prism proxy` per
 * host (Prism takes one upstream) sits between the client and EDIS; every read-only operation
 * is called once, and each exchange is judged by Prism's `sl-violations` and by the contract
 * suite's own request and response checks. The report goes to a JSON file.
 * The run itself is scripts/lib/contract-live-run.ts.
 *
 * Exit codes: 0 clean (or skipped: no credentials), 1 violations found, 2 the check could not
 * run or complete (auth failed, no answer from a host, …).
 */
import { runContractLive } from "./lib/contract-live-run.js";

const { code, out } = await runContractLive(process.env, process.argv.slice(2));
process.stdout.write(out, () => process.exit(code));
