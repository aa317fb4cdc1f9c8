import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { StatesError } from "../../../local/asl/errors";
import type { Json } from "../../../local/asl/types";
import { loadWorkflows, type LoadedWorkflow } from "../../../local/catalog";
import { LocalEngine, type BatchService, type EngineEvent } from "../../../local/engine";
import { readJobData, repositoryFromUri, writeMarker, type JobData, type Repository } from "../../../shared/repository";
import { DirectoryStore } from "../../../shared/store";

export const EXAMPLES = fileURLToPath(new URL("../../../examples/", import.meta.url));
export const INSTALLATION = "stepbatch";

/** A job as the compiled batch Task submits it, and what the stand-in found in it. */
export interface SubmittedJob {
  step: string;
  jobName: string;
  jobDefinition: string;
  repo: Repository;
  environment: Record<string, string>;
}

/**
 * What a step's job does in the stand-in: the text of each output it declares (by its name in the
 * step's `outputs`), from the job data of the repository it runs in; or its own behaviour.
 */
export type FakeStep =
  | { outputs: (jobData: JobData) => Record<string, string> }
  | { run: (job: SubmittedJob, signal?: AbortSignal) => Promise<Json> };

/**
 * Batch for the engine's tests, which are about everything around Batch (local/batch has its own
 * tests against the real runner): each submitted job writes its step's outputs into the repository
 * and its completion marker, as the runner does, and answers a job description.
 */
export class FakeBatch implements BatchService {
  readonly jobs: SubmittedJob[] = [];
  readonly terminations: string[] = [];

  constructor(
    private readonly store: DirectoryStore,
    private readonly steps: Record<string, FakeStep>,
  ) {}

  async submitJob(parameters: Json, signal?: AbortSignal): Promise<Json> {
    const submitted = parameters as {
      JobName: string;
      JobDefinition: string;
      Parameters: { repo: string; outputs: string };
      ContainerOverrides: { Environment: { Name: string; Value: string }[] };
    };
    const step = submitted.JobName.split("__")[1];
    const job: SubmittedJob = {
      step,
      jobName: submitted.JobName,
      jobDefinition: submitted.JobDefinition,
      repo: repositoryFromUri(submitted.Parameters.repo),
      environment: Object.fromEntries(submitted.ContainerOverrides.Environment.map(({ Name, Value }) => [Name, Value])),
    };
    this.jobs.push(job);
    const fake = this.steps[step];
    if (fake === undefined) throw new StatesError("States.TaskFailed", JSON.stringify({ JobName: job.jobName, Status: "FAILED", StatusReason: `no stand-in for step ${step}` }));
    if ("run" in fake) return fake.run(job, signal);
    const declared = JSON.parse(submitted.Parameters.outputs) as Record<string, { path: string }>;
    const texts = fake.outputs(await readJobData(this.store, job.repo));
    for (const [name, { path }] of Object.entries(declared)) {
      await this.store.put(job.repo.bucket, `${job.repo.prefix}/${path}`, texts[name]);
    }
    await writeMarker(this.store, job.repo, step, job.environment.BC_EXECUTION_ID);
    return { JobName: job.jobName, JobId: `job-${this.jobs.length}`, Status: "SUCCEEDED" };
  }

  async terminateAll(reason: string): Promise<void> {
    this.terminations.push(reason);
  }
}

/** Settles when `signal` aborts, rejecting as a terminated job's Task does. */
export function untilAborted(signal: AbortSignal | undefined): Promise<never> {
  return new Promise((_, reject) => {
    const terminated = () => reject(new StatesError("States.TaskFailed", JSON.stringify({ Status: "FAILED", StatusReason: "terminated" })));
    // As LocalBatch does: a job whose execution was stopped before it looked is terminated at once.
    if (signal?.aborted) terminated();
    else signal?.addEventListener("abort", terminated);
  });
}

export interface EngineSandbox {
  store: DirectoryStore;
  engine: LocalEngine;
  workflows: Map<string, LoadedWorkflow>;
  batch: FakeBatch;
  events: EngineEvent[];
  lambdaLines: string[];
  remove(): Promise<void>;
}

/** A LocalEngine over a fresh DirectoryStore, running the workflow in `file` and the subpipes it finds. */
export async function engineFor(main: { name: string; file: string }, steps: Record<string, FakeStep>): Promise<EngineSandbox> {
  const root = await mkdtemp(join(tmpdir(), "stepbatch-local-engine-"));
  const store = new DirectoryStore(root, { createBuckets: true });
  const workflows = await loadWorkflows({ main: { ...main, params: {} }, files: {}, installation: INSTALLATION });
  const batch = new FakeBatch(store, steps);
  const events: EngineEvent[] = [];
  const lambdaLines: string[] = [];
  const engine = new LocalEngine({
    store,
    workflows: new Map([...workflows].map(([name, workflow]) => [name, workflow.local])),
    installation: INSTALLATION,
    batch,
    maxConcurrency: 4,
    lambdaLog: (line) => lambdaLines.push(line),
    onEvent: (event) => events.push(event),
  });
  return { store, engine, workflows, batch, events, lambdaLines, remove: () => rm(root, { recursive: true, force: true }) };
}

/** The names of the states an execution of `workflow` left, in order. */
export function statesExited(events: EngineEvent[], workflow: string): string[] {
  return events.flatMap((e) => (e.kind === "state" && e.workflow === workflow && e.event.type === "StateExited" ? [e.event.state.name] : []));
}
