/**
 * Which operations of spec/ lack a contract case, and which cases name no operation: one line
 * each, naming the operation, so that a maintainer who added an operation reads what to do.
 */
export interface NamedOperation {
  operationId: string;
  method: string;
  path: string;
}

export function caseProblems(operations: NamedOperation[], caseIds: string[]): string[] {
  const ids = new Set(operations.map((o) => o.operationId));
  const cases = new Set(caseIds);
  return [
    ...operations
      .filter((o) => !cases.has(o.operationId))
      .map((o) => `${o.operationId} (${o.method.toUpperCase()} ${o.path}) has no contract case: add one to test-support/contract-cases.ts`),
    ...caseIds.filter((id) => !ids.has(id)).map((id) => `contract case ${id} names no operation of spec/: remove it from test-support/contract-cases.ts`),
  ];
}
