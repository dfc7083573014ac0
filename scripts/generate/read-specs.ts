/**
 * Every document of spec/ (spec/edis-<api>-api.yaml) read into one generator model: the
 * operations, callbacks, namespaces and trusted host suffixes of all of them, in the order of
 * the documents. The runtime has one table, so an operationId, a client method, a params type
 * or a namespace that two documents both claim is an error here, naming both.
 */
import { SPEC_APIS, loadSpec, specPathFor } from "../lib/spec.js";
import { fail } from "./fail.js";
import { readMethods } from "./read-namespaces.js";
import { type SpecModel, readSpec } from "./read-spec.js";

/** One document of spec/ and the API it describes. */
export interface SpecDocument {
  /** `management`, `order`: the `<api>` of spec/edis-<api>-api.yaml. */
  readonly api: string;
  readonly path: string;
}

/** The documents of spec/, management first (its types are generated/openapi.ts), then by name. */
export function specDocuments(): SpecDocument[] {
  return SPEC_APIS.map((api) => ({ api, path: specPathFor(api) }));
}

/** The model of every document, merged; each operation keeps the API it came from. */
export function readSpecs(documents: readonly SpecDocument[]): SpecModel {
  const models = documents.map((doc) => {
    const model = readSpec(loadSpec(doc.path));
    return { ...model, operations: model.operations.map((op) => ({ ...op, api: doc.api })) };
  });
  const owner = new Map<string, string>();
  const claim = (what: string, api: string) => {
    const taken = owner.get(what);
    if (taken !== undefined && taken !== api) fail(what, `is in both the ${taken} and the ${api} document`);
    owner.set(what, api);
  };
  models.forEach((model, i) => {
    const api = documents[i]!.api;
    for (const op of model.operations) claim(op.entry.operationId, api);
    for (const ns of model.namespaces) claim(`namespace ${ns.name}`, api);
    for (const cb of model.callbacks) claim(cb.operationId, api);
  });
  const operations = models.flatMap((m) => m.operations);
  return {
    trustedHostSuffixes: [...new Set(models.flatMap((m) => m.trustedHostSuffixes))],
    operations,
    callbacks: models.flatMap((m) => m.callbacks),
    // Read again over all operations: a client method named in two documents is taken.
    methods: readMethods(operations),
    namespaces: models.flatMap((m) => m.namespaces),
  };
}
