/**
 * The installed package's types in the projects users have, and the documentation's examples
 * compiled as a user copies them; both part of `npm run test:package` (scripts/check-package.ts),
 * on the app it installed the tarball into:
 * - a Node project (@types/node, NodeNext, skipLibCheck off): the app's own files importing the
 *   package from an ES module and a .cts file, and every `ts` block of README.md and docs/*.md,
 *   each a file of its own, under strict, exactOptionalPropertyTypes and noUncheckedIndexedAccess
 *   (what `tsc --init` turns on);
 * - a Cloudflare Workers project (@cloudflare/workers-types, no DOM lib, the `workerd` condition);
 * - a browser project (the DOM lib, no @types/node, the `browser` condition);
 * - the Node project again with the newest TypeScript a user installs (`npm i -D typescript`:
 *   7.x, the native compiler, devDependency `typescript-7`) besides the pinned 5.9.
 * The Node project also compiles the type-level tests of the public API (tests/types/), their
 * import of src/index.ts turned into one of `edis-global`: so the pinned compiler holds them to
 * the declarations users get (`npm run typecheck` checks them against src/ with TypeScript 7).
 * One compiler run per setup. The pinned compiler's three run in this process, through its API:
 * each program has skipLibCheck off, and its diagnostics are asked for the app's files and the
 * package's declarations, which is every error tsc would report there. Not asked: the checks of
 * the other libraries' declarations (@types/node, workers-types, the DOM lib, vitest), which do
 * not depend on the package and were half of each run's CPU.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { typescriptExamples } from "../test-support/readme-examples.js";

const STRICT = {
  strict: true,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  verbatimModuleSyntax: true,
  isolatedModules: true,
  moduleDetection: "force",
  noEmit: true,
  target: "es2022",
};

/**
 * The pinned TypeScript's errors in `project` of `app` (tsc -p, noEmit), in the app's files and
 * the installed package's declarations; throws with them, formatted as tsc prints them.
 */
export function checkProject(app: string, project: string): void {
  const host: ts.FormatDiagnosticsHost = { getCanonicalFileName: (f) => f, getCurrentDirectory: () => app, getNewLine: () => "\n" };
  const configErrors: ts.Diagnostic[] = [];
  const parsed = ts.getParsedCommandLineOfConfigFile(join(app, project), undefined, {
    ...ts.sys,
    getCurrentDirectory: () => app,
    onUnRecoverableConfigFileDiagnostic: (d) => configErrors.push(d),
  });
  if (!parsed || configErrors.length > 0) throw new Error(`typescript -p ${project}: ${ts.formatDiagnostics(configErrors, host)}`);
  const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options });
  // The installed package, and the app's own files; not the libraries (linked ones resolve to this project's node_modules).
  const pkg = `${join(app, "node_modules", "edis-global").replaceAll("\\", "/")}/`;
  const ours = (name: string): boolean => (name.startsWith(pkg) ? !name.slice(pkg.length).includes("node_modules/") : !name.includes("/node_modules/"));
  const judged = program.getSourceFiles().filter((f) => ours(f.fileName));
  if (!judged.some((f) => f.fileName.startsWith(`${pkg}dist/`))) throw new Error(`typescript -p ${project} read none of the package's declarations`);
  const diagnostics = [
    ...parsed.errors,
    ...program.getOptionsDiagnostics(),
    ...program.getGlobalDiagnostics(),
    ...judged.flatMap((f) => [...program.getSyntacticDiagnostics(f), ...program.getSemanticDiagnostics(f)]),
  ];
  if (diagnostics.length > 0) throw new Error(`typescript -p ${project} failed:\n${ts.formatDiagnostics(diagnostics, host)}`);
}

/** TypeScript 7 as a user's `npx tsc -p project` runs it: its own process, every file checked. */
function tsc7(root: string, app: string, project: string): void {
  const compiler = "typescript-7";
  const bin = join(root, "node_modules", compiler, "bin", "tsc");
  try {
    execFileSync(process.execPath, [bin, "-p", project], { cwd: app, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`${compiler} -p ${project} failed:\n${stdout ?? ""}${stderr ?? ""}`);
  }
}

function project(app: string, name: string, compilerOptions: object, include: string[]): string {
  const file = `tsconfig.${name}.json`;
  writeFileSync(join(app, file), `${JSON.stringify({ compilerOptions: { ...STRICT, ...compilerOptions }, include }, null, 2)}\n`);
  return file;
}

/** Writes every `ts` block of the documentation into `app/examples/`, one file each; returns how many. */
export function writeExamples(app: string): number {
  const examples = typescriptExamples();
  mkdirSync(join(app, "examples"), { recursive: true });
  for (const block of examples) {
    const name = `${block.file.replace(/\.md$/u, "").replace(/[^A-Za-z0-9]+/gu, "-")}-line-${block.line}.ts`;
    // The first line says where the block is, so a compiler error names the documentation's line.
    writeFileSync(join(app, "examples", name), `// ${block.file}:${block.line}\n${block.code}`);
  }
  return examples.length;
}

/** The public API's own import in the type-level tests, and the same as a user writes it. */
const SOURCE_IMPORT = 'from "../../src/index.js";';
const PACKAGE_IMPORT = 'from "edis-global";';

/** Writes tests/types/*.test-d.ts into `app/type-tests/`, importing `edis-global` instead of src/; returns how many. */
export function writeTypeTests(root: string, app: string): number {
  const dir = join(root, "tests", "types");
  const files = readdirSync(dir).filter((f) => f.endsWith(".test-d.ts"));
  mkdirSync(join(app, "type-tests"), { recursive: true });
  for (const file of files) {
    const text = readFileSync(join(dir, file), "utf8");
    const rewritten = text.replaceAll(SOURCE_IMPORT, PACKAGE_IMPORT);
    if (rewritten === text) throw new Error(`tests/types/${file} does not import the public API ${SOURCE_IMPORT}`);
    if (/from "\.\.?\//u.test(rewritten)) throw new Error(`tests/types/${file} imports a relative path besides src/index.ts`);
    writeFileSync(join(app, "type-tests", file), rewritten);
  }
  return files.length;
}

/**
 * Runs the setups on `app`, where the tarball is installed and vitest is linked (the testing
 * examples import it). `nodeFiles` are the app's own type checks of the package (ES module, .cts).
 */
export function checkUserProjects(root: string, app: string, nodeFiles: readonly string[]): void {
  const count = writeExamples(app);
  const typeTests = writeTypeTests(root, app);
  const types = join(root, "node_modules", "@types");
  // skipLibCheck off: an error in the package's own declarations shows here, not only in the examples.
  const node = project(app, "node", { module: "nodenext", moduleResolution: "nodenext", types: ["node"], typeRoots: [types], skipLibCheck: false }, [
    ...nodeFiles,
    "examples/*.ts",
    "type-tests/*.ts",
  ]);
  checkProject(app, node);
  console.log(`the documentation's ${count} TypeScript examples compile against the installed package (strict, exactOptionalPropertyTypes)`);
  console.log(`the ${typeTests} type-level test files of tests/types/ hold against the installed package's declarations`);

  mkdirSync(join(app, "node_modules", "@cloudflare"), { recursive: true });
  symlinkSync(join(root, "node_modules", "@cloudflare", "workers-types"), join(app, "node_modules", "@cloudflare", "workers-types"), "dir");
  writeFileSync(
    join(app, "worker.ts"),
    `import { createEdisClient, EdisApiError } from "edis-global";

interface Env {
  EDIS_EMAIL: string;
  EDIS_PASSWORD: string;
}

export default {
  async fetch(_request, env): Promise<Response> {
    const edis = createEdisClient({ email: env.EDIS_EMAIL, password: env.EDIS_PASSWORD });
    try {
      const records = await edis.ptr.get({ kvmId: "kvm_123456_789012", ips: ["192.0.2.1"] });
      return Response.json(records);
    } catch (error) {
      if (error instanceof EdisApiError) return new Response(error.message, { status: 502 });
      throw error;
    }
  },
} satisfies ExportedHandler<Env>;
`,
  );
  const workers = project(
    app,
    "workers",
    {
      lib: ["es2022"],
      types: ["@cloudflare/workers-types"],
      module: "esnext",
      moduleResolution: "bundler",
      customConditions: ["workerd"],
      skipLibCheck: false,
    },
    ["worker.ts"],
  );
  checkProject(app, workers);
  console.log("the package's types compile in a Cloudflare Workers project (@cloudflare/workers-types, no DOM lib)");

  writeFileSync(
    join(app, "browser.ts"),
    `import { createEdisClient, isEdisError, parseTrafficHook } from "edis-global";

const edis = createEdisClient({ email: "a@example.com", password: () => prompt("EDIS password") ?? "", fetch: (url, init) => fetch(url, init) });
export async function state(signal: AbortSignal): Promise<string> {
  try {
    return (await edis.power.state({ kvmId: "kvm_123456_789012" }, { signal })).data;
  } catch (error) {
    return isEdisError(error) ? error.message : String(error);
  }
}
export const hook = (request: Request) => parseTrafficHook(request);
`,
  );
  const browser = project(
    app,
    "browser",
    { lib: ["es2022", "dom", "dom.iterable"], types: [], module: "esnext", moduleResolution: "bundler", customConditions: ["browser"], skipLibCheck: false },
    ["browser.ts"],
  );
  checkProject(app, browser);
  console.log("the package's types compile in a browser project (the DOM lib, no @types/node)");

  tsc7(root, app, node);
  console.log("the package's types and the examples compile with TypeScript 7 (the newest) as with the pinned 5.9");
}
