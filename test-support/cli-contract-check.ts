/**
 * What the tests of `edis contract check` share: the CLI fixture, its loopback fake of every EDIS
 * host (the host override variables point the CLI at it) answering each operation with the spec's
 * own example, or with the body a test puts in `overrides`; and the checks that only the
 * read-only operations arrived, each as often as the check's plan says, and that no secret was printed.
 */
import { beforeEach, expect } from "vitest";
import { type OperationSpec, operationTable } from "../generated/operations.js";
import { createSpecValidator } from "../scripts/lib/spec-validator.js";
import { readOnlyOperations } from "../src/contract/read-only.js";
import { ACCOUNT_PASSWORD, type CliFixture, useCliFixture } from "./cli-fixture.js";
import { json } from "./fake-edis.js";

export interface ContractCheckFixture {
  readonly cli: CliFixture;
  /** The operation at each path. */
  readonly opAt: ReadonlyMap<string, OperationSpec>;
  /** Bodies that replace the documented example of an operation, by operationId (none at the start of each test). */
  overrides: Record<string, unknown>;
  /**
   * Only reads arrived: the top-up log once per scope, every other read once (the auth call too:
   * the listing's sessions serve the VPS's calls), so one request more than there are read-only operations.
   */
  readonly expectReadsOnly: () => void;
  /** None of the texts holds the account's password or a session's signature. */
  readonly expectNoSecrets: (...texts: string[]) => void;
}

export function useContractCheckFixture(): ContractCheckFixture {
  const cli = useCliFixture();
  const validator = createSpecValidator();
  const ops: OperationSpec[] = Object.values(operationTable);
  const opAt = new Map(ops.map((op) => [op.path, op]));
  const authExample = validator.example("createAuthSession", 200) as { data: Record<string, { signature: string }> };
  const SIGNATURES = Object.values(authExample.data).map((s) => s.signature);

  /** Requests that reached the fake, by operationId. */
  function countByOperation(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const r of cli.fake.received) {
      const id = opAt.get(r.path)?.operationId ?? r.path;
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    return counts;
  }

  const fixture: ContractCheckFixture = {
    cli,
    opAt,
    overrides: {},
    expectReadsOnly: () => {
      const counts = countByOperation();
      for (const op of ops.filter((o) => o.destructive || !o.retrySafe)) expect(counts.get(op.operationId) ?? 0, op.operationId).toBe(0);
      for (const op of readOnlyOperations) expect(counts.get(op.operationId), op.operationId).toBe(op.operationId === "getHydrationLog" ? 2 : 1);
      expect(cli.fake.received).toHaveLength(readOnlyOperations.length + 1);
    },
    expectNoSecrets: (...texts) => {
      for (const text of texts) for (const secret of [ACCOUNT_PASSWORD, ...SIGNATURES]) expect(text).not.toContain(secret);
    },
  };

  beforeEach(() => {
    fixture.overrides = {};
    const answer = (operationId: string) => (operationId in fixture.overrides ? fixture.overrides[operationId] : validator.example(operationId, 200));
    cli.fake.authReply = (req, res) => json(200, answer("createAuthSession"))(req, res);
    cli.fake.replies = [(req, res) => json(200, answer(opAt.get(req.path)?.operationId ?? "none"))(req, res)];
  });
  return fixture;
}
