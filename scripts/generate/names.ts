/** Names of the generated types, shared by the renderers that declare and use them. */
import type { OperationSpec } from "../../src/operation-spec.js";

/** A wire name in camelCase: `kvm_id` → `kvmId` (a param's name, a shared field's). */
export function camelCase(wire: string): string {
  return wire.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

function pascal(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/** `ptr.get` → `PtrGetParams`; an operation without a client method: `GetPTRParams`. */
export function paramsTypeName(entry: OperationSpec): string {
  const words = entry.clientMethod ? entry.clientMethod.split(".") : [entry.operationId];
  return `${words.map(pascal).join("")}Params`;
}

/** `trafficPool` → `EdisTrafficPool`, beside the hand-written `EdisAuth` and `EdisVps`. */
export function namespaceTypeName(namespace: string): string {
  return `Edis${pascal(namespace)}`;
}
