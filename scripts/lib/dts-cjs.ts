/**
 * The types of the CommonJS build (dist/edis-global.cjs): API Extractor rolls the declarations
 * tsc wrote (dist/src/index.d.ts and what it imports) into one file, dist/edis-global.d.cts.
 * TypeScript reads a `.d.cts` as CommonJS, so `require("edis-global")` gets types that say
 * what it really loads, and the ES module keeps its own `.d.ts` tree.
 */
import { Extractor, ExtractorConfig, type IConfigFile } from "@microsoft/api-extractor";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));

/** The file the CommonJS types are written to. */
export const CJS_TYPES = "dist/edis-global.d.cts";

/** Writes {@link CJS_TYPES} from dist/src/index.d.ts; throws on an error API Extractor reports. */
export function rollUpCjsTypes(): void {
  const configFile = join(root, "api-extractor.json");
  const configObject: IConfigFile = ExtractorConfig.loadFile(configFile);
  configObject.apiReport = { enabled: false };
  configObject.dtsRollup = { enabled: true, untrimmedFilePath: `<projectFolder>/${CJS_TYPES}` };
  const config = ExtractorConfig.prepare({ configObject, configObjectFullPath: configFile, packageJsonFullPath: join(root, "package.json") });
  // Its notes on the API (release tags, links) are the API report's business; only errors stop the build.
  const result = Extractor.invoke(config, {
    localBuild: true,
    messageCallback: (message) => {
      message.handled = message.logLevel !== "error";
    },
  });
  if (!result.succeeded) throw new Error(`API Extractor could not roll up ${CJS_TYPES} (${result.errorCount} errors)`);
}
