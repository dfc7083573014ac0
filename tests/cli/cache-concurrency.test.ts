/**
 * Several `edis` processes at once, one per VPS of one account, sharing the session cache:
 * every session they created is in the cache afterwards, none lost to another's write.
 */
import { describe, expect, it } from "vitest";
import { EMAIL, cliEnv, pathOf, useCliFixture } from "../../test-support/cli-fixture.js";
import { runEdis } from "../../test-support/cli-process.js";
import { SessionFileCache } from "../../src/cli/stores/session-file-cache.js";

const PROCESSES = 20;
const cli = useCliFixture({ cacheNotYetMade: true });

describe("the session cache under concurrent commands", () => {
  it(`keeps the sessions of ${PROCESSES} processes run at once for ${PROCESSES} VPSs of one account`, { timeout: 120_000 }, async () => {
    const { fake, cacheDir } = cli;
    const env = cliEnv(fake, cacheDir);
    const kvmIds = Array.from({ length: PROCESSES }, (_, i) => `kvm_1000${i}_2000${i}`);
    const results = await Promise.all(kvmIds.map((kvm) => runEdis(["--kvm", kvm, "power", "state"], env)));
    for (const [i, result] of results.entries()) expect(result, kvmIds[i]).toMatchObject({ code: 0, stderr: "" });
    expect(fake.to(pathOf("createAuthSession"))).toHaveLength(PROCESSES);

    // The signature each VPS's call was sent with is the one its cache entry holds.
    const sentWith = new Map(fake.to(pathOf("getPowerState")).map((r) => [r.form.get("kvm_id"), r.form.get("signature")]));
    const cache = new SessionFileCache({ dir: cacheDir, email: EMAIL, sessionHost: fake.url });
    const kept = kvmIds.filter((kvm) => cache.load(kvm)?.signature === sentWith.get(kvm));
    expect(kept).toEqual(kvmIds);
  });
});
