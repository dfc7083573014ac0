/**
 * `npm start`: the quick start against a Prism mock of spec/, no account needed. It starts
 * Prism on a free loopback port, authenticates, reads PTR records, prints them and stops Prism.
 */
import { createEdisClient } from "../src/index.js";
import { startPrism } from "./lib/prism.js";

const prism = await startPrism();
let failed = false;
try {
  console.log(`Prism mock of spec/edis-management-api.yaml on ${prism.url}\n`);
  const edis = createEdisClient({
    email: "owner@example.com",
    password: "any password: the mock accepts it",
    hosts: { session: prism.url, rdns: prism.url, api: prism.url },
  });

  const sessions = await edis.auth.createSession();
  console.log("Sessions (auth.createSession):");
  console.table(
    sessions.map((s) => ({
      kvmId: s.kvmId,
      apiHost: s.apiHost,
      description: s.description,
      validUntil: new Date(s.validUntil * 1000).toISOString(),
    })),
  );

  const kvmId = sessions[0]!.kvmId;
  const records = await edis.ptr.get({ kvmId, ips: ["192.0.2.1", "2001:db8::1"] });
  console.log(`\nPTR records of ${kvmId} (ptr.get):`);
  console.table(records);
} catch (error) {
  failed = true;
  console.error(error instanceof Error ? error.message : error);
} finally {
  await prism.stop();
}
process.exit(failed ? 1 : 0);
