/**
 * The client's namespaces from the spec: namespace → method → operationId from each operation's
 * `x-edis-method`, and each namespace's title from the tag that carries its `x-edis-namespace`.
 */
import type { OperationSpec } from "../../src/operation-spec.js";
import type { Node } from "../lib/spec.js";
import { fail } from "./fail.js";

/** What the namespaces are read from: an operation's client method and its tags. */
interface OperationOfNamespace {
  readonly entry: Pick<OperationSpec, "operationId" | "clientMethod">;
  readonly tags: readonly string[];
}

/** A namespace of the client, titled by its tag in the spec's `tags` (`x-edis-namespace`). */
export interface NamespaceModel {
  name: string;
  /** The tag's `x-displayName`: the CLI's help and the types show it. */
  title: string;
  description?: string;
}

/** Namespace → method → operationId, from `x-edis-method`; a method named twice is an error. */
export function readMethods(operations: readonly OperationOfNamespace[]): Record<string, Record<string, string>> {
  const methods: Record<string, Record<string, string>> = {};
  for (const { entry } of operations) {
    if (!entry.clientMethod) continue;
    const [ns, method] = entry.clientMethod.split(".") as [string, string];
    methods[ns] ??= {};
    const table = methods[ns];
    if (method in table) fail(entry.operationId, `x-edis-method ${entry.clientMethod} is taken`);
    table[method] = entry.operationId;
  }
  return methods;
}

/**
 * The namespaces' titles, from the spec's tags that carry `x-edis-namespace`. Every namespace
 * of an `x-edis-method` needs such a tag, and its operations must carry that tag.
 */
export function readNamespaces(spec: Node, operations: readonly OperationOfNamespace[]): NamespaceModel[] {
  const tagOf = new Map<string, string>();
  const namespaces: NamespaceModel[] = [];
  for (const tag of (spec.tags ?? []) as Node[]) {
    const name = tag["x-edis-namespace"];
    if (name === undefined) continue;
    const where = `tag ${String(tag.name)}`;
    if (typeof name !== "string" || !/^[a-z][A-Za-z0-9]*$/.test(name)) fail(where, "x-edis-namespace must be a camelCase name");
    if (tagOf.has(name)) fail(where, `x-edis-namespace ${name} is taken by tag ${tagOf.get(name)}`);
    const title = tag["x-displayName"];
    if (typeof title !== "string" || title === "") fail(where, "needs an x-displayName: the namespace's title");
    tagOf.set(name, String(tag.name));
    const description = tag.description;
    namespaces.push({ name, title, ...(typeof description === "string" ? { description } : {}) });
  }
  for (const { entry, tags } of operations) {
    if (!entry.clientMethod) continue;
    const ns = entry.clientMethod.split(".")[0]!;
    const tag = tagOf.get(ns);
    if (tag === undefined) fail(entry.operationId, `namespace ${ns} has no tag with x-edis-namespace: ${ns} (its title)`);
    if (!tags.includes(tag)) fail(entry.operationId, `is in namespace ${ns}, so its tags need ${tag}`);
  }
  return namespaces;
}
