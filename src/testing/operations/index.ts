/** Every operation's handler, by operationId. */
import type { Handler } from "../context.js";
import { machineHandlers } from "./machine.js";
import { orderHandlers } from "./order.js";
import { poolHookHandlers } from "./pool-hooks.js";
import { sessionPtrPowerHandlers } from "./sessions-ptr-power.js";

export const handlers: Readonly<Record<string, Handler>> = {
  ...sessionPtrPowerHandlers,
  ...machineHandlers,
  ...poolHookHandlers,
  ...orderHandlers,
};
