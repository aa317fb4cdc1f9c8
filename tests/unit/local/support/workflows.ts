import { mkdtemp, rm } from "node:fs/promises";
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { compileWorkflow, settingsFromEnv, type CompiledWorkflow } from "../../../../shared/compiler";
import { parseWorkflow, type Workflow } from "../../../../shared/spec";

/** The repository root, so examples are found wherever vitest runs from. */
export const ROOT = fileURLToPath(new URL("../../../../", import.meta.url));

/** A workflow's YAML parsed as `stepbatch run` parses it; a test workflow that does not parse fails the test. */
export function parse(yaml: string, file = "workflow.yaml"): Workflow {
  const parsed = parseWorkflow(yaml, file);
  if (!parsed.ok) throw new Error(`the test workflow ${file} does not parse: ${JSON.stringify(parsed.errors)}`);
  return parsed.workflow;
}

/** Compiles YAML with the default installation's settings, as `stepbatch run` does. */
export function compile(yaml: string, name: string, file = "workflow.yaml"): CompiledWorkflow {
  return compileWorkflow(parse(yaml, file), { name, settings: settingsFromEnv({}) });
}

/** Compiles one of examples/ (e.g. `branching/workflow.yaml`) under `name`. */
export function compileExample(path: string, name: string): CompiledWorkflow {
  const file = join(ROOT, "examples", path);
  return compile(readFileSync(file, "utf8"), name, file);
}

/** A fresh temporary folder, and how to remove it. */
export async function tempFolder(prefix: string): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), `stepbatch-${prefix}-`));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** Resolves after `ms` milliseconds. */
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
