/** The CLI's words stay in step with the spec: a title per namespace, and a chosen source for every secret. */
import { describe, expect, it } from "vitest";
import { namespaceTable, operationTable } from "../../generated/operations.js";
import { fieldInputs } from "../../src/cli/field-options.js";
import { NAMESPACE_TITLES } from "../../src/cli/output/help-text.js";
import { namedSecretSource } from "../../src/cli/secret-inputs.js";

describe("help text", () => {
  it("has a title for every namespace", () => {
    for (const namespace of Object.keys(namespaceTable)) expect(NAMESPACE_TITLES[namespace], namespace).toBeTruthy();
  });
});

describe("secret fields", () => {
  const secrets = Object.entries(namespaceTable).flatMap(([ns, methods]) =>
    Object.values(methods).flatMap((id) => fieldInputs(ns, operationTable[id]).flatMap((input) => (input.kind === "secret" ? [{ ns, id, input }] : []))),
  );

  it("each have a chosen source, so a new one in the spec gets a deliberate name", () => {
    expect(secrets.length).toBeGreaterThan(0);
    for (const { ns, id, input } of secrets) expect(namedSecretSource(ns, input.field), `${id}.${input.field.param}`).toBeDefined();
  });

  it("never take their value from a flag, and never the account's EDIS_PASSWORD", () => {
    for (const { id, input } of secrets) {
      // The only flag a secret may have names a file holding it.
      if (input.option) expect(input.option.flags, id).toMatch(/^--[a-z-]+-file <path>$/u);
      expect(input.source.env, id).not.toBe("EDIS_PASSWORD");
    }
  });
});
