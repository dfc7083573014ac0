/**
 * The account's traffic pool and the VPS's webhooks.
 * - The pool is the account's: assigning moves gigabytes from it to the VPS's included
 *   traffic and logs the refill; auto hydration is the VPS's `auto_hydration` setting (see
 *   traffic.ts for when it fires).
 * - hooks/set with `trigger_value=demo` calls the callback once, before it answers, and keeps
 *   no hook (hooks/get lists integer triggers only); any other trigger is kept and fires when
 *   simulated traffic crosses it (`sim.addTraffic`).
 */
import { type Handler, ok, refuse } from "../context.js";
import { timestampOf } from "../traffic.js";

const GB = 1024 ** 3;

const getGlobalTrafficPoolSize: Handler = ({ state }) =>
  ok({ status: "success", msg: "traffic_pool exists", available_pool_traffic: String(state.pool.availableGb) });

const getHydrationLog: Handler = ({ form, state, vps }) => {
  const entries = form.query === "kvm" ? state.pool.log.filter((e) => e.kvm === vps.kvmId) : state.pool.log;
  return ok({ status: "success", log: entries.map((e) => ({ ts: e.ts, gbytes: String(e.gbytes), kvm: e.kvm })) });
};

const assignTrafficFromPool: Handler = ({ op, form, state, vps, now }) => {
  const traffic = form.traffic as number;
  if (traffic > state.pool.availableGb) return refuse(op, [400], `The traffic pool holds ${state.pool.availableGb} GB, less than ${traffic} GB.`);
  state.pool.availableGb -= traffic;
  vps.traffic.includedBytes += traffic * GB;
  state.pool.log.push({ ts: timestampOf(now), gbytes: traffic, kvm: vps.kvmId });
  return ok({ status: "success", assigned_traffic: traffic });
};

const getAutoHydrationStatus: Handler = ({ vps }) => ok({ status: "success", auto_hydration: vps.settings.auto_hydration ?? "off" });

const enableAutoHydration: Handler = ({ form, vps }) => {
  vps.settings.auto_hydration = String((form.config as { auto_hydration: number }).auto_hydration);
  return ok({ status: "success" });
};

const disableAutoHydration: Handler = ({ vps }) => {
  vps.settings.auto_hydration = "off";
  return ok({ status: "success" });
};

const getAllHooks: Handler = ({ vps }) =>
  ok({
    status: "success",
    hooks: vps.hooks.map((h) => ({
      id: h.id,
      trigger_value: h.triggerValue,
      ...(h.lastLaunched !== undefined ? { last_launched: h.lastLaunched } : {}),
      callback_url: h.callbackUrl,
      callback_method: h.callbackMethod,
      callback_user: h.callbackUser ?? "",
      type: "traffic",
    })),
  });

const setKvmHooks: Handler = async ({ form, state, vps, deliver }) => {
  const id = state.next.hookId++;
  const hook = {
    id,
    triggerValue: form.trigger_value === "demo" ? 0 : Number(form.trigger_value),
    callbackUrl: form.callback_url as string,
    callbackMethod: form.callback_method as "post" | "get",
    ...(form.callback_user !== undefined ? { callbackUser: form.callback_user as string } : {}),
    ...(form.callback_pw !== undefined ? { callbackPassword: form.callback_pw as string } : {}),
  };
  if (form.trigger_value === "demo") await deliver(vps, hook, 0, "Demo call of a traffic webhook");
  else vps.hooks.push(hook);
  return ok({ status: "success", hook_id: String(id) });
};

const deleteHook: Handler = ({ op, form, vps }) => {
  const id = form.id as number;
  const index = vps.hooks.findIndex((h) => h.id === id);
  if (index < 0) return refuse(op, [400], `No webhook with ID ${id}.`);
  vps.hooks.splice(index, 1);
  return ok({ status: "success", message: `Webhook with ID ${id} has been deleted.` });
};

export const poolHookHandlers: Readonly<Record<string, Handler>> = {
  getGlobalTrafficPoolSize,
  getHydrationLog,
  assignTrafficFromPool,
  getAutoHydrationStatus,
  enableAutoHydration,
  disableAutoHydration,
  getAllHooks,
  setKvmHooks,
  deleteHook,
};
