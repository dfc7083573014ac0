/** Every operation's handler, by operationId. */
import type { Handler } from "../context.js";
import { sessionPtrPowerHandlers } from "./sessions-ptr-power.js";

export const handlers: Readonly<Record<string, Handler>> = {
  ...sessionPtrPowerHandlers,
};
