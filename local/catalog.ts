import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { compileWorkflow, settingsFromEnv } from "../shared/compiler";
import { formatSpecError, parseWorkflow, subpipeWorkflowName, type Step, type Workflow } from "../shared/spec";
import { prepareDefinition, type LocalDefinition } from "./definition";

/** A workflow ready to run locally: where it came from, what it says, and its prepared definition. */
export interface LoadedWorkflow {
  name: string;
  file: string;
  spec: Workflow;
  local: LocalDefinition;
}

/** Why a set of workflows cannot run: every problem, each already worded for the user. */
export class WorkflowProblems extends Error {
  readonly code = "WorkflowProblems";
  constructor(readonly problems: string[]) {
    super(problems.join("\n"));
    this.name = "WorkflowProblems";
  }
}

export interface CatalogRequest {
  /** The workflow the job file names, and its file. */
  main: { name: string; file: string; params: Record<string, string> };
  /** `--workflow NAME=FILE`: where a subpipe's workflow is when it is not beside its parent. */
  files: Record<string, string>;
  installation: string;
}


/**
 * Loads the main workflow and every workflow its subpipes start, transitively: each found from
 * `files`, else as `<name>.yaml` or `<name>.yml` beside the workflow that names it. All of them are
 * checked before anything runs, so a broken sub-workflow stops the run at once, not halfway.
 */
export async function loadWorkflows(request: CatalogRequest): Promise<Map<string, LoadedWorkflow>> {
  const settings = settingsFromEnv({ STEPBATCH_INSTALLATION: request.installation });
  const loaded = new Map<string, LoadedWorkflow>();
  const problems: string[] = [];
  const pending: { name: string; file?: string; params: Record<string, string>; from?: string }[] = [
    { name: request.main.name, file: request.main.file, params: request.main.params },
  ];
  const queued = new Set([request.main.name]);
  while (pending.length > 0) {
    const next = pending.shift()!;
    const file = next.file ?? (await findBeside(next.name, next.from!, request.files));
    if (file === undefined) {
      problems.push(`${next.from}: subpipe workflow '${next.name}' not found: expected ${next.name}.yaml or ${next.name}.yml beside it, or --workflow ${next.name}=FILE`);
      continue;
    }
    const text = await readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => {
      problems.push(`${file}: ${error.code === "ENOENT" ? "no such file" : `cannot read it (${error.code ?? error.message})`}`);
      return undefined;
    });
    if (text === undefined) continue;
    const parsed = parseWorkflow(text, file, { params: next.params });
    if (!parsed.ok) {
      problems.push(...parsed.errors.map((error) => formatSpecError(error)));
      continue;
    }
    try {
      const local = prepareDefinition(compileWorkflow(parsed.workflow, { name: next.name, settings }), request.installation);
      loaded.set(next.name, { name: next.name, file, spec: parsed.workflow, local });
    } catch (error) {
      problems.push(`${file}: ${(error as Error).message}`);
      continue;
    }
    for (const child of subpipeNames(parsed.workflow.steps)) {
      if (queued.has(child)) continue;
      queued.add(child);
      pending.push({ name: child, file: request.files[child], params: {}, from: file });
    }
  }
  if (problems.length > 0) throw new WorkflowProblems(problems);
  return loaded;
}

async function findBeside(name: string, parentFile: string, files: Record<string, string>): Promise<string | undefined> {
  if (files[name] !== undefined) return files[name];
  for (const extension of [".yaml", ".yml"]) {
    const candidate = join(dirname(parentFile), `${name}${extension}`);
    if (await readFile(candidate).then(() => true, () => false)) return candidate;
  }
  return undefined;
}

/** The workflows a block's subpipes start, at any depth. */
export function subpipeNames(steps: Step[]): string[] {
  const names: string[] = [];
  for (const step of steps) {
    if (step.kind === "subpipe") names.push(subpipeWorkflowName(step.subpipe));
    if (step.kind === "scatter") names.push(...subpipeNames(step.steps));
    if (step.kind === "parallel") for (const branch of step.branches) names.push(...subpipeNames(branch.steps));
    if (step.kind === "native") for (const branch of step.branches ?? []) names.push(...subpipeNames(branch));
  }
  return names;
}
