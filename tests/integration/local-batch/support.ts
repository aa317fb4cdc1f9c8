import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import { compileWorkflow, jobDefinitionLogicalId, settingsFromEnv, type CompiledWorkflow } from "../../../shared/compiler";
import { markerKey, repositoryFromUri, writeJobData, type Repository } from "../../../shared/repository";
import type { StopExecutionRequest } from "../../../shared/services/types";
import { parseWorkflow } from "../../../shared/spec";
import { DirectoryStore } from "../../../shared/store";
import { StatesError } from "../../../local/asl/errors";
import type { Json } from "../../../local/asl/types";
import { LocalBatch, localJobDefinitions, type JobEvent, type LocalBatchOptions, type LocalJobDefinition } from "../../../local/batch";

export const BUCKET = "local-batch";
export const WORKFLOW = "localbatch";
export const QUEUE = "arn:aws:batch:local:000000000000:job-queue/stepbatch-spot";

/** Compiles a workflow's YAML as `stepbatch run` does, with the default installation settings. */
export function compile(yaml: string): CompiledWorkflow {
  const parsed = parseWorkflow(yaml, "workflow.yaml");
  if (!parsed.ok) throw new Error(`the test workflow does not parse: ${JSON.stringify(parsed.errors)}`);
  return compileWorkflow(parsed.workflow, { name: WORKFLOW, settings: settingsFromEnv({}) });
}

/** A directory store with the test bucket, a scratch root and a log folder, all in one temporary folder. */
export interface Sandbox {
  root: string;
  store: DirectoryStore;
  scratch: string;
  logs: string;
  remove(): Promise<void>;
}

export async function sandbox(): Promise<Sandbox> {
  const root = await mkdtemp(join(tmpdir(), "stepbatch-local-batch-"));
  const [storeRoot, scratch, logs] = ["store", "scratch", "logs"].map((name) => join(root, name));
  await mkdir(join(storeRoot, BUCKET), { recursive: true });
  return { root, store: new DirectoryStore(storeRoot), scratch, logs, remove: () => rm(root, { recursive: true, force: true }) };
}

/** A LocalBatch over the compiled job definitions that records every event and every StopExecution. */
export function localBatch(
  box: Sandbox,
  jobDefinitions: Record<string, LocalJobDefinition>,
  options: Partial<LocalBatchOptions> = {},
): { batch: LocalBatch; events: JobEvent[]; stops: StopExecutionRequest[] } {
  const events: JobEvent[] = [];
  const stops: StopExecutionRequest[] = [];
  const batch = new LocalBatch({
    jobDefinitions,
    store: box.store,
    executions: { stop: async (request) => void stops.push(request) },
    executor: "local",
    scratchRoot: box.scratch,
    logDir: box.logs,
    ...options,
    onJob: (event) => {
      events.push(event);
      options.onJob?.(event);
    },
  });
  return { batch, events, stops };
}

/** A fresh repository holding this job data, and the execution that runs in it. */
export async function newRun(box: Sandbox, job: Record<string, string> = {}): Promise<{ repo: Repository; execution: string }> {
  const execution = `exec-${randomUUID().slice(0, 8)}`;
  const repo = repositoryFromUri(`s3://${BUCKET}/runs/${execution}`);
  await writeJobData(box.store, repo, { job, scatter: {}, parent: {} });
  return { repo, execution };
}

/**
 * What the compiled Task of `step` submits at the top level of an execution: its constant
 * Parameters as compiled, and what its JSONPaths would select from the execution's input.
 */
export function submission(compiled: CompiledWorkflow, step: string, run: { repo: Repository; execution: string }): Json {
  const { Parameters } = compiled.stateMachine.States[step] as { Parameters?: { Parameters: Record<string, string> } };
  if (Parameters === undefined) throw new Error(`state ${step} is not a batch step's Task`);
  const { "repo.$": _repoPath, ...constants } = Parameters.Parameters;
  return {
    JobName: `${run.execution}__${step}`,
    JobDefinition: localJobDefinitions(compiled.template).substitutions[jobDefinitionLogicalId(step)],
    JobQueue: QUEUE,
    ShareIdentifier: WORKFLOW,
    Parameters: { ...constants, repo: run.repo.uri },
    ContainerOverrides: {
      Environment: [
        { Name: "BC_BRANCH_IDX", Value: "main" },
        { Name: "BC_EXECUTION_ID", Value: run.execution },
      ],
    },
    Tags: { "stepbatch:execution": run.execution },
  };
}

/** The job description a failed submitJob gave as its Cause; fails the test if it did not fail that way. */
export async function failureOf(promise: Promise<Json>): Promise<Record<string, any>> {
  const error = await promise.then(
    () => {
      throw new Error("expected the job to fail");
    },
    (failure: unknown) => failure,
  );
  if (!(error instanceof StatesError)) throw error;
  if (error.name !== "States.TaskFailed") throw new Error(`expected States.TaskFailed, got ${error.name}: ${error.message}`);
  return JSON.parse(error.message);
}

export async function readObject(box: Sandbox, repo: Repository, name: string): Promise<string> {
  return (await box.store.getBytes(BUCKET, `${repo.prefix}/${name}`)).toString();
}

export async function markerOf(box: Sandbox, repo: Repository, step: string) {
  return box.store.head(BUCKET, markerKey(repo, step));
}

/** Resolves once the file holds `text` (a running command's output reaching its log). */
export async function fileContains(path: string, text: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await readFile(path, "utf8").catch(() => "")).includes(text)) {
    if (Date.now() > deadline) throw new Error(`${path} did not show ${JSON.stringify(text)} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
