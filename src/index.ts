// The package's public entry point: what users import from "edis-global" (the client, its
// options, errors and type guards, sessions, webhooks and the generated operation types).
export { createEdisClient } from "./client.js";
export type { EdisAuth, EdisClient, EdisVps, OperationMethod, VpsSummary } from "./client.js";
export type { VpsForEachOptions, VpsOutcome } from "./helpers/fleet.js";
export type { SshGreeting, SshWaitParams } from "./helpers/ssh-wait.js";
export type { CallOptions } from "./options.js";
export type { EdisClientOptions, EdisHosts } from "./options.js";
export type { EdisLogLevel, EdisLogger } from "./logging.js";
export {
  EdisAbortError,
  EdisApiError,
  EdisBulkError,
  EdisError,
  EdisHostError,
  EdisNetworkError,
  EdisOutcomeUnknownError,
  EdisRedirectError,
  EdisTimeoutError,
  EdisValidationError,
  EdisWaitTimeoutError,
} from "./errors.js";
export {
  isEdisAbortError,
  isEdisApiError,
  isEdisBulkError,
  isEdisError,
  isEdisHostError,
  isEdisNetworkError,
  isEdisOutcomeUnknownError,
  isEdisRedirectError,
  isEdisTimeoutError,
  isEdisValidationError,
  isEdisWaitTimeoutError,
} from "./type-guards.js";
export type { BulkFailure, RedactedRequest } from "./errors.js";
export type { BulkOptions } from "./options.js";
export type { EdisPtrSync, PtrSyncOptions, PtrSyncOutcome, PtrSyncResult } from "./helpers/ptr-sync.js";
export type { PtrPlanEntry, PtrSyncAction, PtrSyncPlan, PtrSyncRecord } from "./helpers/ptr-plan.js";
export { powerStateOf } from "./helpers/wait.js";
export type { EdisPowerWait, PowerState, WaitOptions } from "./helpers/wait.js";
export { Session } from "./session.js";
export type { SessionCache, SessionRecord } from "./session.js";
export { isEdisWebhookSource, parseTrafficHook } from "./helpers/webhooks.js";
export type { ParseTrafficHookOptions, TrafficHookCall, WebhookInput } from "./helpers/webhooks.js";
export { operationTable } from "../generated/table.js";
export type { OperationId } from "../generated/table.js";
export type { BinaryInput, DataUri, OperationSpec } from "./operation-spec.js";
export type * from "../generated/namespaces.js";
export type * from "../generated/params.js";
export type { components, operations, paths } from "../generated/openapi.js";
