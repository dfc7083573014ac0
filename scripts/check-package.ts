/**
 * `npm run test:package`: what a user installs. Builds, packs, installs the tarball into an
 * empty ESM project (no TypeScript loader), imports `edis-global` there with plain Node, and
 * type-checks an import of it with TypeScript's NodeNext resolution.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const work = mkdtempSync(join(tmpdir(), "edis-package-"));

function run(cmd: string, args: string[], cwd: string): string {
  return execFileSync(cmd, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

try {
  const packed = JSON.parse(run(npm, ["pack", "--json", "--pack-destination", work], root)) as { filename: string; files: { path: string }[] }[];
  const tarball = join(work, packed[0]!.filename);
  const files = packed[0]!.files.map((f) => f.path);
  for (const required of ["dist/src/index.js", "dist/src/index.d.ts", "dist/generated/operations.js", "package.json"]) {
    if (!files.includes(required)) throw new Error(`the package lacks ${required}`);
  }
  const leaked = files.filter((f) => /\.test\.|test-support|contract-tests|scripts\//.test(f));
  if (leaked.length > 0) throw new Error(`the package carries test or build files: ${leaked.join(", ")}`);

  const app = join(work, "app");
  run("mkdir", ["-p", app], work);
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "app", private: true, type: "module" }));
  run(npm, ["install", "--no-audit", "--no-fund", "--prefer-offline", tarball], app);

  writeFileSync(
    join(app, "main.js"),
    `import { createEdisClient, EdisError, EdisApiError, EdisValidationError } from "edis-global";
const edis = createEdisClient({ email: "a@example.com", password: "p" });
for (const name of ["ptr", "auth"]) if (typeof edis[name] !== "object") throw new Error("no namespace " + name);
try {
  await edis.ptr.get({ kvmId: "kvm_1_2", ips: [] });
  throw new Error("validation did not run");
} catch (error) {
  if (!(error instanceof EdisValidationError) || !(error instanceof EdisError)) throw error;
  console.log("imported edis-global:", error.message, typeof EdisApiError);
}
`,
  );
  process.stdout.write(run(process.execPath, ["main.js"], app));

  writeFileSync(
    join(app, "types.ts"),
    `import { createEdisClient, type EdisClient } from "edis-global";
const edis: EdisClient = createEdisClient({ email: "a@example.com", password: "p" });
export async function f(): Promise<string> {
  const records = await edis.ptr.get({ kvmId: "kvm_1_2", ips: ["192.0.2.1"] });
  // @ts-expect-error ips must be a list of strings
  await edis.ptr.get({ kvmId: "kvm_1_2", ips: "192.0.2.1" });
  return records[0]?.ptr_record ?? "";
}
`,
  );
  run(process.execPath, [tsc, "--noEmit", "--strict", "--module", "nodenext", "--moduleResolution", "nodenext", "--target", "es2022", "--skipLibCheck", "false", "--types", "node", "--typeRoots", join(root, "node_modules", "@types"), "types.ts"], app);
  console.log("types of edis-global resolve under NodeNext");
  console.log(`package check passed (${files.length} files in ${packed[0]!.filename})`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
