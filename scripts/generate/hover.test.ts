/**
 * What an editor shows on hover over the client's methods and params: the spec's words, as
 * generated/namespaces.ts and generated/params.ts carry them. The TypeScript language service
 * (what editors use) reads a scratch file beside src/index.ts that is never written to disk.
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { beforeAll, describe, expect, it } from "vitest";
import { namespaceTable, operationTable } from "../../generated/table.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const SCRATCH = join(ROOT, "src", "hover-scratch.ts");

/** Every generated namespace method, as `edis.<namespace>.<method>`, and its operationId. */
const METHODS = Object.entries(namespaceTable)
  .filter(([namespace]) => namespace !== "auth")
  .flatMap(([namespace, methods]) => Object.entries(methods).map(([method, id]) => ({ path: `edis.${namespace}.${method}`, id })));

const SCRATCH_TEXT = [
  'import { createEdisClient, type EdisNamespaces, type OperationId, type OperationMethod } from "./index.js";',
  'import type { namespaceTable } from "../generated/table.js";',
  'const edis = createEdisClient({ email: "user@example.com", password: "secret" });',
  'await edis.ptr.get({ kvmId: "kvm_1_2", ips: ["192.0.2.1"] });',
  'await edis.hooks.set({ kvmId: "kvm_1_2", callbackMethod: "post", type: "traffic", triggerValue: "80", callbackUrl: "https://example.com/" });',
  // The namespace types before they were generated with words: a mapped type over the table.
  "type NamespaceTable = typeof namespaceTable;",
  'type Mapped = { readonly [N in Exclude<keyof NamespaceTable, "auth" | "vps">]: { readonly [M in keyof NamespaceTable[N]]: OperationMethod<NamespaceTable[N][M] & OperationId> } };',
  "export const asMapped = (n: EdisNamespaces): Mapped => n;",
  "export const asGenerated = (n: Mapped): EdisNamespaces => n;",
  ...METHODS.map(({ path }) => `${path};`),
  "",
].join("\n");

let service: ts.LanguageService;

beforeAll(() => {
  const config = ts.getParsedCommandLineOfConfigFile(join(ROOT, "tsconfig.json"), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
  if (!config) throw new Error("tsconfig.json does not parse");
  const read = (file: string) => (file === SCRATCH ? SCRATCH_TEXT : ts.sys.readFile(file));
  service = ts.createLanguageService({
    getScriptFileNames: () => [SCRATCH],
    getScriptVersion: () => "1",
    getScriptSnapshot: (file) => {
      const text = read(file);
      return text === undefined ? undefined : ts.ScriptSnapshot.fromString(text);
    },
    getCurrentDirectory: () => ROOT,
    getCompilationSettings: () => config.options,
    getDefaultLibFileName: ts.getDefaultLibFilePath,
    fileExists: (file) => file === SCRATCH || ts.sys.fileExists(file),
    readFile: read,
  });
});

/** The hover over `word`, where it first occurs in `context` (the first line of the scratch file holding it). */
function hover(context: string, word = context): { signature: string; documentation: string; tags: Record<string, string> } {
  const line = SCRATCH_TEXT.indexOf(context);
  if (line < 0) throw new Error(`${context} is not in the scratch file`);
  const info = service.getQuickInfoAtPosition(SCRATCH, line + context.indexOf(word) + word.length - 1);
  if (!info) throw new Error(`no hover at ${word} in ${context}`);
  return {
    signature: ts.displayPartsToString(info.displayParts),
    documentation: ts.displayPartsToString(info.documentation),
    tags: Object.fromEntries((info.tags ?? []).map((t) => [t.name, ts.displayPartsToString(t.text)])),
  };
}

describe("hover over the client", () => {
  it("compiles, and the namespace types take and give what OperationMethod does, both ways", () => {
    const messages = service.getSemanticDiagnostics(SCRATCH).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    expect(messages).toEqual([]);
  }, 60_000);

  it("edis.ptr.get shows its summary, description and an example call", () => {
    const { signature, documentation, tags } = hover("edis.ptr.get");
    expect(signature).toBe('(method) EdisPtr.get(params: PtrGetParams, options?: CallOptions): Promise<OperationResults["getPTR"]>');
    expect(documentation.split("\n")[0]).toBe("Read PTR records.");
    expect(documentation).toContain("Returns the reverse DNS name of each given address of the VPS.");
    expect(documentation).not.toContain("never retried");
    expect(tags.example).toBe('const records = await edis.ptr.get({ kvmId: "kvm_123456_789012", ips: ["192.0.2.1", "2001:db8::1"] });');
  }, 60_000);

  it("a destructive method says that it changes the VPS and is never retried", () => {
    expect(hover("edis.ptr.set").documentation).toContain("Changes the VPS; never retried automatically.");
    expect(hover("edis.power.off").documentation).toContain("Changes the VPS; never retried automatically.");
  }, 60_000);

  it("every namespace method shows the summary of its operation and an example", () => {
    for (const { path, id } of METHODS) {
      const { documentation, tags } = hover(path);
      expect(documentation.startsWith(operationTable[id as keyof typeof operationTable].summary), path).toBe(true);
      expect(tags.example, path).toContain(`await ${path}(`);
    }
  }, 60_000);

  it("a param shows its field's description, and its default", () => {
    expect(hover('ips: ["192.0.2.1"]', "ips").documentation).toBe(
      'The addresses, sent as one form field holding a JSON array, for example\n`ip=["192.0.2.1","2001:db8::1"]`.',
    );
    const type = hover('type: "traffic"', "type");
    expect(type.signature).toBe('(property) type?: "traffic"');
    expect(type.documentation).toBe("The event to watch; only traffic usage exists, and it is the default.");
    expect(type.tags.default).toBe('"traffic"');
  }, 60_000);
});
