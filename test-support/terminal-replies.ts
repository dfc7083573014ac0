/**
 * The answers of the commands whose terminal view is tested (tests/cli/terminal-view.test.ts):
 * the spec's own examples, so that the pictures show what EDIS documents.
 */
import { type Node, loadSpec } from "../scripts/lib/spec.js";

const spec = loadSpec() as Node;

/** The example of the 200 answer of the operation at `path`. */
function exampleOf(path: string): unknown {
  const post = ((spec.paths as Node)[path] as Node).post as Node;
  const ok = (post.responses as Node)["200"] as Node;
  return ((ok.content as Node)["application/json"] as Node).example;
}

/** By command: the body the fake EDIS answers. */
export const TERMINAL_REPLIES: Readonly<Record<string, unknown>> = {
  "info traffic": exampleOf("/kvm/v2/get/traffic"),
  "info cpu-usage": exampleOf("/kvm/v2/get/cpu_usage"),
  "info all-details": exampleOf("/kvm/v2/get/all_details"),
  "hooks list": exampleOf("/kvm/v2/hooks/get"),
};
