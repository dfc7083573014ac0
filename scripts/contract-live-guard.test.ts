/**
 * The guarded fetch of `npm run contract:live` (scripts/lib/live-check.ts), against a loopback
 * stand-in of the api host: it refuses every destructive operation of the spec before anything
 * is sent, and lets a read through and records it.
 */
import { describe, expect, test } from "vitest";
import { operationTable } from "../generated/operations.js";
import { useLiveStandIns, ops, validator } from "../test-support/live-stand-ins.js";
import { assertReadOnly, createGuardedFetch } from "./lib/live-check.js";

const { hosts, received } = useLiveStandIns();

describe("the guarded fetch of contract:live", () => {
  test("refuses every destructive operation before anything is sent", async () => {
    const guarded = createGuardedFetch();
    const destructive = ops.filter((op) => op.destructive);
    expect(destructive.length).toBeGreaterThanOrEqual(15);
    for (const op of destructive) {
      await expect(guarded.fetch(`${hosts.api}${op.path}`, { method: "POST", body: "kvm_id=kvm_123456_789012" })).rejects.toThrow(
        `contract:live refuses to send POST ${op.path}: not a read-only operation of spec/`,
      );
      expect(() => assertReadOnly(op.operationId)).toThrow(`contract:live refuses to send ${op.operationId}`);
    }
    expect(received).toEqual([]);
    expect(guarded.exchanges).toEqual([]);
  });

  test("lets a read through and records it", async () => {
    const guarded = createGuardedFetch();
    const answer = await guarded.fetch(`${hosts.api}${operationTable.getPowerState.path}`, { method: "POST", body: "kvm_id=kvm_123456_789012" });
    expect(await answer.json()).toEqual(validator.example("getPowerState", 200));
    expect(guarded.exchanges.map((e) => [e.operationId, e.status, e.body])).toEqual([["getPowerState", 200, "kvm_id=kvm_123456_789012"]]);
    expect(received.map((r) => r.path)).toEqual([operationTable.getPowerState.path]);
  });
});
