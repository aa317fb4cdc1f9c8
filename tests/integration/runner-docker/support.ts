import type Docker from "dockerode";
import { EventEmitter } from "node:events";
import { randomUUID } from "node:crypto";
import { SCRATCH_PATH } from "../../../shared/compiler/runner";
import type { Repository } from "../../../shared/repository";
import type { StopExecutionRequest } from "../../../shared/services/types";
import type { ObjectStore } from "../../../shared/store";
import { parseCommandLine } from "../../../runner-image/src/args";
import { readRunnerEnvironment } from "../../../runner-image/src/env";
import { DockerExecutor } from "../../../runner-image/src/executors";
import { runJob } from "../../../runner-image/src/job";
import type { LogRecord } from "../../../runner-image/src/log";
import { scratchLayout } from "../../../runner-image/src/workspace";
import { probeDockerEngine, type EngineProbe } from "../executors/engine";

/** Built offline by .ci/provision-docker.sh: busybox with sh, the user steps' image. */
export const BUSYBOX = "stepbatch/busybox:local";
/** Built by .ci/build-runner-image.sh from runner-image/Dockerfile. */
export const RUNNER_IMAGE = "stepbatch/runner:local";
/** Nothing can be pulled here: the images are on the host already. */
export const PULL_POLICY = "if-not-present";

/**
 * The engine, and whether the runner image is on it. Without either, the suites are skipped with
 * one line saying why; in CI (CI=true) they must run, so a missing one fails instead.
 */
export async function probeRunnerImage(suite: string): Promise<EngineProbe> {
  const engine = await probeDockerEngine(suite);
  if (engine.docker === undefined) return engine;
  try {
    await engine.docker.getImage(RUNNER_IMAGE).inspect();
    return engine;
  } catch {
    const why = `the image ${RUNNER_IMAGE} is not built`;
    if (process.env.CI === "true") throw new Error(`${suite} must run in CI, but ${why}: run .ci/build-runner-image.sh`);
    console.warn(`skipping ${suite}: ${why} (run .ci/build-runner-image.sh)`);
    return { skipReason: why };
  }
}

/** The environment Batch gives the runner of step Align in workflow demo, for a new execution. */
export function batchEnvironment(executionId: string = `exec-${randomUUID()}`): Record<string, string> {
  return {
    BC_WORKFLOW_NAME: "demo",
    BC_STEP_NAME: "Align",
    BC_EXECUTION_ID: executionId,
    BC_BRANCH_IDX: "main",
    AWS_DEFAULT_REGION: "eu-west-1",
    AWS_ACCOUNT_ID: "123456789012",
    AWS_BATCH_JOB_ID: "job-1",
    BC_PULL_POLICY: PULL_POLICY,
  };
}

/** The compiled command line's flags, JSON ones given as values. */
export type Flags = Record<string, unknown>;

export function commandLine(repo: Repository, flags: Flags): string[] {
  const all: Flags = { image: { name: BUSYBOX }, repo: repo.uri, ...flags };
  return Object.entries(all).flatMap(([flag, value]) => [`--${flag}`, typeof value === "string" ? value : JSON.stringify(value)]);
}

export interface StepRun {
  code: number;
  env: Record<string, string>;
  records: LogRecord[];
  errors: string[];
  userLines: string[];
  stops: StopExecutionRequest[];
}

export interface StepOptions {
  store: ObjectStore;
  docker: Docker;
  scratch: string;
  /** Sees every log record as it is written, with the signal source the runner listens to. */
  onRecord?: (record: LogRecord, signals: EventEmitter) => void;
}

/**
 * Runs one step as the runner's command does with the docker executor: the child is a sibling
 * container of `stepbatch/busybox:local` that sees the workspace at /_bclaw_scratch. Executions
 * is a fake that records StopExecution (Step Functions has no local stand-in).
 */
export async function runDockerStep(repo: Repository, flags: Flags, options: StepOptions): Promise<StepRun> {
  const parsed = parseCommandLine(commandLine(repo, flags));
  if (parsed.kind !== "run") throw new Error("expected a run");
  const envVars = { ...batchEnvironment(), BC_SCRATCH_PATH: options.scratch };
  const records: LogRecord[] = [];
  const stops: StopExecutionRequest[] = [];
  const signals = new EventEmitter();
  const code = await runJob({
    args: parsed.args,
    env: readRunnerEnvironment(envVars),
    store: options.store,
    executions: { stop: async (request) => void stops.push(request) },
    executor: new DockerExecutor(options.docker),
    scratch: scratchLayout({ scratchPath: options.scratch }),
    childWorkdir: SCRATCH_PATH,
    logSink: (record) => {
      records.push(record);
      options.onRecord?.(record, signals);
    },
    signals,
  });
  return {
    code,
    env: envVars,
    records,
    errors: records.filter((r) => r.level === "error").map((r) => r.message),
    userLines: records.filter((r) => r.level === "user_cmd").map((r) => r.message),
    stops,
  };
}

/** Containers (running or not) of this execution's steps, as the runner labels them. */
export async function containersOfExecution(docker: Docker, executionId: string): Promise<Docker.ContainerInfo[]> {
  return docker.listContainers({ all: true, filters: { label: [`stepbatch.execution=${executionId}`] } });
}
