/**
 * `edis-global/testing`: the EDIS simulator, for tests of code that uses the client. A
 * stateful EDIS on a virtual clock that answers only what spec/ allows, served by a fetch
 * function (every runtime) or over HTTP on 127.0.0.1 (`listen`).
 *
 * @example
 * import { createEdisClient } from "edis-global";
 * import { createEdisSimulator } from "edis-global/testing";
 *
 * const sim = createEdisSimulator();
 * const edis = createEdisClient(sim.clientOptions);
 * const kvmId = sim.account.vps[0].kvmId;
 * await edis.power.off({ kvmId });
 * sim.clock.advance("30s");
 * await edis.power.waitFor({ kvmId, state: "off" });
 *
 * @packageDocumentation
 */
export { createEdisSimulator, EdisSimulatorViolationError, SIMULATOR_HOSTS } from "./simulator.js";
export type {
  EdisSimulator,
  EdisSimulatorAccountVps,
  EdisSimulatorFault,
  EdisSimulatorHost,
  EdisSimulatorHosts,
  EdisSimulatorOptions,
  EdisSimulatorRequest,
  EdisSimulatorServer,
  EdisSimulatorViolation,
} from "./simulator.js";
export type { ClockOptions, Duration, EdisSimulatorClock } from "./clock.js";
export type { EdisSimulatorSeed, EdisSimulatorState, SimHook, SimLocation, SimPowerState, SimProduct, SimVps, SimVpsSeed } from "./state.js";
export { initialState } from "./state.js";
export { EdisSimulatorSeedError, checkSeed, parseSeed } from "./seed.js";
export type { SpecFinding } from "./spec-checks.js";
export type { WebhookDelivery } from "./webhooks.js";
