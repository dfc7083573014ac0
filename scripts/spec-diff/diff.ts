/**
 * spec:diff as a function: two loaded documents in, the sorted report out (used by the CLI,
 * spec:upstream, spec:drift and the tests). A document whose `$ref`s do not resolve is
 * refused like an unreadable one, with the place of the `$ref`.
 */
import { type Change, compareViews } from "./compare.js";
import { type LoadedDocument, SpecLoadError, positionOf } from "./load.js";
import { type ClientView, clientView } from "./normalize.js";
import { type DiffReport, toReport } from "./render.js";

export function viewOf(loaded: LoadedDocument): ClientView {
  try {
    return clientView(loaded.doc);
  } catch (error) {
    const message = (error as Error).message;
    const ref = /#\/[^\s]+/.exec(message)?.[0];
    const at = ref ? loaded.text.indexOf(ref) : -1;
    const { line, column } = at < 0 ? { line: 1, column: 1 } : positionOf(loaded.text, at);
    throw new SpecLoadError(loaded.name, line, column, message);
  }
}

export function diffChanges(from: LoadedDocument, to: LoadedDocument): Change[] {
  return compareViews(viewOf(from), viewOf(to));
}

export function diffDocuments(from: LoadedDocument, to: LoadedDocument): DiffReport {
  return toReport(diffChanges(from, to));
}
