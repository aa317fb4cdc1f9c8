import { gpuRequestFromEnv, type GpuRequest, type PullPolicy } from "./executors";
import { RunnerError } from "./errors";

export type ExecutorKind = "docker" | "local";

/**
 * What the runner reads from its environment (reference-system.md d.1). The job definition sets
 * BC_WORKFLOW_NAME, BC_STEP_NAME, BC_SCRATCH_PATH, AWS_DEFAULT_REGION, AWS_ACCOUNT_ID and BC_GPUS;
 * the Batch task sets BC_BRANCH_IDX, BC_EXECUTION_ID and BC_LAUNCH_*; Batch itself sets
 * AWS_BATCH_JOB_ID, AWS_BATCH_JOB_ATTEMPT and, on GPU hosts, NVIDIA_VISIBLE_DEVICES.
 */
export interface RunnerEnvironment {
  workflowName: string;
  stepName: string;
  executionId: string;
  /** `main` outside a scatter, else the branch's index. */
  branch: string;
  /** Where workspaces and the reference cache live (BC_SCRATCH_PATH); unset: the system's temp folder. */
  scratchPath?: string;
  /** The scratch folder as the host's Docker engine sees it (BC_HOST_SCRATCH_PATH), where that differs. */
  hostScratchPath?: string;
  /** The launcher object that started the run. */
  jobFile?: { bucket: string; key: string; version?: string };
  batchJobId?: string;
  /** Batch's attempt number, 1 for the first. */
  attempt: number;
  /** For the QC abort's execution ARN. */
  region?: string;
  accountId?: string;
  /** The child's GPUs: BC_GPUS, NVIDIA_VISIBLE_DEVICES and BC_GPU_VENDOR, read by the executors' gpuRequestFromEnv. */
  gpu?: GpuRequest;
  pullPolicy?: PullPolicy;
  /** ECS_CONTAINER_METADATA_URI_V4: where ECS describes the runner's container (its mounts and limits). */
  containerMetadataUri?: string;
  /** BC_EXECUTOR: `docker` (the default) or `local`, for machines without an engine. */
  executor: ExecutorKind;
  /** Every AWS_* and BC_* variable of the runner: what user commands see, with BC_WORKSPACE and BC_JOB_DATA_FILE. */
  passThrough: Record<string, string>;
}

const PASSED_TO_COMMANDS = /^(AWS|BC)_/;
const PULL_POLICIES: readonly PullPolicy[] = ["always", "if-not-present", "never"];
const EXECUTORS: readonly ExecutorKind[] = ["docker", "local"];

/** The runner's environment; a RunnerError (BadEnvironment) naming the variable when one it needs is unset or unusable. */
export function readRunnerEnvironment(env: NodeJS.ProcessEnv): RunnerEnvironment {
  const read = (name: string): string | undefined => env[name] || undefined;
  const launchBucket = read("BC_LAUNCH_BUCKET");
  const launchKey = read("BC_LAUNCH_KEY");
  const launchVersion = read("BC_LAUNCH_VERSION");
  return {
    workflowName: required(env, "BC_WORKFLOW_NAME"),
    stepName: required(env, "BC_STEP_NAME"),
    executionId: required(env, "BC_EXECUTION_ID"),
    branch: read("BC_BRANCH_IDX") ?? "main",
    scratchPath: read("BC_SCRATCH_PATH"),
    hostScratchPath: read("BC_HOST_SCRATCH_PATH"),
    jobFile: launchBucket && launchKey ? { bucket: launchBucket, key: launchKey, ...(launchVersion && { version: launchVersion }) } : undefined,
    batchJobId: read("AWS_BATCH_JOB_ID"),
    attempt: attempt(env),
    region: read("AWS_DEFAULT_REGION") ?? read("AWS_REGION"),
    accountId: read("AWS_ACCOUNT_ID"),
    gpu: gpuRequestFromEnv(env),
    pullPolicy: oneOf(env, "BC_PULL_POLICY", PULL_POLICIES),
    containerMetadataUri: read("ECS_CONTAINER_METADATA_URI_V4"),
    executor: oneOf(env, "BC_EXECUTOR", EXECUTORS) ?? "docker",
    passThrough: Object.fromEntries(
      Object.entries(env).filter((entry): entry is [string, string] => PASSED_TO_COMMANDS.test(entry[0]) && entry[1] !== undefined),
    ),
  };
}

/**
 * What user commands see: all AWS_* and BC_* variables of the runner (its AWS credentials
 * included, as in the reference, so commands act with the job's role), the branch, and where the
 * workspace and the job data file are as the commands see them.
 */
export function commandEnvironment(env: RunnerEnvironment, paths: { workspace: string; jobDataFile: string }): Record<string, string> {
  return { ...env.passThrough, BC_BRANCH_IDX: env.branch, BC_WORKSPACE: paths.workspace, BC_JOB_DATA_FILE: paths.jobDataFile };
}

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (value) return value;
  throw new RunnerError("BadEnvironment", `${name} is not set: the job definition and the submitted job set it`);
}

function attempt(env: NodeJS.ProcessEnv): number {
  const value = env.AWS_BATCH_JOB_ATTEMPT;
  if (!value) return 1;
  if (/^[1-9]\d*$/.test(value)) return Number(value);
  throw new RunnerError("BadEnvironment", `AWS_BATCH_JOB_ATTEMPT must be a positive whole number, got ${JSON.stringify(value)}`);
}

function oneOf<T extends string>(env: NodeJS.ProcessEnv, name: string, allowed: readonly T[]): T | undefined {
  const value = env[name];
  if (!value) return undefined;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new RunnerError("BadEnvironment", `${name} must be one of ${allowed.join(", ")}, got ${JSON.stringify(value)}`);
}
