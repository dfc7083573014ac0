/**
 * What every contract test shares: the recorder in front of Prism, a client pointed at it
 * (over the suite's transport, test-support/transport.ts),
 * the validators compiled from spec/, and the session values that Prism's auth example hands
 * out (and that must come back on the wire).
 */
import { afterAll, beforeAll, beforeEach, inject } from "vitest";
import { type EdisClient, type EdisClientOptions, createEdisClient } from "../../src/index.js";
import { type SpecValidator, createSpecValidator } from "../../scripts/lib/spec-validator.js";
import { type WireRecorder, startRecorder } from "../../scripts/lib/wire-recorder.js";
import { EMAIL, KVM_ID, TRICKY_PASSWORD } from "../../test-support/fixtures.js";
import { sessionFieldsOf } from "../../test-support/contract-expectations.js";
import { transportOptions } from "../../test-support/transport.js";

export { EMAIL, KVM_ID };
/** The account password the client sends: every character that breaks naive form encoding. */
export const PASSWORD = TRICKY_PASSWORD;

export interface Harness {
  recorder: WireRecorder;
  validator: SpecValidator;
  client(options?: Partial<EdisClientOptions>): EdisClient;
  /** The session fields an operation must carry, as Prism's auth example defines them. */
  sessionFields(operationId: string): Record<string, string>;
}

/** Sets up the recorder for the calling test file and resets it before each test. */
export function useHarness(): Harness {
  const validator = createSpecValidator();
  const harness = { validator } as Harness;
  beforeAll(async () => {
    harness.recorder = await startRecorder(inject("prisms").management);
  });
  afterAll(async () => {
    await harness.recorder.close();
  });
  beforeEach(() => harness.recorder.reset());

  harness.client = (options = {}) =>
    createEdisClient({
      email: EMAIL,
      password: PASSWORD,
      hosts: { session: harness.recorder.url, rdns: harness.recorder.url, api: harness.recorder.url },
      retries: 1,
      retryDelayMs: 1,
      ...transportOptions(),
      ...options,
    });

  const auth = validator.example("createAuthSession", 200) as { data: Record<string, Record<string, unknown>> };
  const session = auth.data[KVM_ID]!;
  harness.sessionFields = (operationId) => sessionFieldsOf(validator.spec, operationId, session);
  return harness;
}

/** The message a user must see for a documented error body (test-support/contract-expectations.ts). */
export { expectedServerMessage } from "../../test-support/contract-expectations.js";
