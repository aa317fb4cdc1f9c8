import type { PullPolicy } from "../../runner-image/src/executors";
import type { ExecutorKind } from "../../runner-image/src/env";

/** The compute environment every local job runs in (AWS_BATCH_CE_NAME). */
export const LOCAL_COMPUTE_ENVIRONMENT = "stepbatch-local";
/**
 * Locally an image is pulled only when it is missing: images are often built here and never pushed,
 * and a pull per job of a wide scatter costs minutes. A job definition or override that sets
 * BC_PULL_POLICY keeps its own.
 */
const LOCAL_PULL_POLICY: PullPolicy = "if-not-present";
const QUEUE_ARN = /^arn:[^:]+:batch:[^:]*:[^:]*:job-queue\/(.+)$/;

export interface AttemptPlacement {
  jobId: string;
  attempt: number;
  jobQueue: string;
  executor: ExecutorKind;
  /** Where workspaces and the reference cache go. */
  scratchRoot: string;
}

/**
 * The runner's environment for one attempt: the job's own (job definition, then the submitted
 * overrides), what Batch sets in every job container, and what places the runner on this machine:
 * the chosen executor and the scratch folder (the job definition's is a path on a Batch host).
 */
export function attemptEnvironment(jobEnvironment: Record<string, string>, placement: AttemptPlacement): Record<string, string> {
  return {
    BC_PULL_POLICY: LOCAL_PULL_POLICY,
    ...jobEnvironment,
    AWS_BATCH_JOB_ID: placement.jobId,
    AWS_BATCH_JOB_ATTEMPT: String(placement.attempt),
    AWS_BATCH_JQ_NAME: queueName(placement.jobQueue),
    AWS_BATCH_CE_NAME: LOCAL_COMPUTE_ENVIRONMENT,
    BC_EXECUTOR: placement.executor,
    BC_SCRATCH_PATH: placement.scratchRoot,
  };
}

/** A queue's name: the end of its ARN, or the name itself where the job was submitted by name. */
export function queueName(jobQueue: string): string {
  return QUEUE_ARN.exec(jobQueue)?.[1] ?? jobQueue;
}
