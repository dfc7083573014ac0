/**
 * A TypeDoc plugin (typedoc.config.js loads it) that keeps the API reference to what a user
 * reads, and under 1 MB:
 *
 * - The spec-shaped types are left out of the pages: `paths`, `operations`, `components`
 *   (generated/openapi.ts, about 4 MB of pages), `operationTable` and its `OperationSpec`
 *   (1 MB), `OperationParams` and `OperationResults`. They stay exported for code that builds
 *   on the spec or the table; the spec documents them, and the params and results of every
 *   operation are on its namespace method's page.
 * - Each operation's params type (generated/params.ts: `PtrGetParams`, …) is shown where it is
 *   used, its fields with their descriptions and defaults under the method, instead of on a
 *   page of its own (36 pages of one or two fields).
 * - The theme `edis-reader` is the default one without the code preview on top of an
 *   interface's page, which repeated every member's signature before the members themselves.
 *
 * A name this plugin expects and does not find fails the build, so that it cannot quietly stop
 * doing its job when an export is renamed.
 */
import { readFileSync } from "node:fs";
import { Converter, DefaultTheme, DefaultThemeRenderContext } from "typedoc";

const LEFT_OUT = ["paths", "operations", "components", "operationTable", "OperationSpec", "OperationParams", "OperationResults"];
const PARAMS_FILE = new URL("../../generated/params.ts", import.meta.url);

class ReaderContext extends DefaultThemeRenderContext {
  constructor(...args) {
    super(...args);
    this.reflectionPreview = () => undefined;
  }
}

class ReaderTheme extends DefaultTheme {
  ContextClass = ReaderContext;
}

/** @param {import("typedoc").Application} app */
export function load(app) {
  app.renderer.defineTheme("edis-reader", ReaderTheme);

  const paramsTypes = [...readFileSync(PARAMS_FILE, "utf8").matchAll(/^export type (\w+Params) = /gm)].map((m) => m[1]);
  if (paramsTypes.length === 0) throw new Error("scripts/typedoc/reader-surface.js: generated/params.ts declares no params type");
  // Every reference to a params type is converted as the type itself (what @inline does).
  app.converter.on(Converter.EVENT_BEGIN, (context) => {
    for (const name of paramsTypes) context.inlineType.add(name);
  });

  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    for (const name of [...LEFT_OUT, ...paramsTypes]) {
      const reflection = context.project.getChildByName(name);
      if (!reflection) throw new Error(`scripts/typedoc/reader-surface.js: the reference has no ${name}`);
      context.project.removeReflection(reflection);
    }
  });
}
