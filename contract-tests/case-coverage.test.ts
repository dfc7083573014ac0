/** The message a maintainer gets when an operation has no contract case: one line per operation. */
import { expect, test } from "vitest";
import { caseProblems } from "./support/case-coverage.js";

test("a new operation without a case, and a case without an operation, one line each", () => {
  const operations = [
    { operationId: "getMountDetails", method: "post", path: "/kvm/v2/get/mount" },
    { operationId: "getMountHistory", method: "post", path: "/kvm/v2/get/mount_history" },
  ];
  expect(caseProblems(operations, ["getMountDetails", "getTurnkeyImages"])).toEqual([
    "getMountHistory (POST /kvm/v2/get/mount_history) has no contract case: add one to test-support/contract-cases.ts",
    "contract case getTurnkeyImages names no operation of spec/: remove it from test-support/contract-cases.ts",
  ]);
});

test("nothing to say when every operation has its case", () => {
  expect(caseProblems([{ operationId: "a", method: "post", path: "/a" }], ["a"])).toEqual([]);
});
